#!/usr/bin/env python3
"""How cells come back from crawler text whose table cells ran together (tests/gen/text_glued.py).

    .venv/bin/python scripts/bench_glued.py [--count 20] [--seed 0] [--show 0]

For each setting (template 2019/2021, the report's own sums consistent or not, blank cells
0 / 0.1 / 0.3 of the zeros) it reads --count generated dumps and sorts every cell of the
record into: exact (the printed value, or null where the report leaves it blank), ambiguous
(null, with a note whose key is the cell's key, its row or its table), missing (null or
absent, with no such note) and wrong (any other value; must be 0). Beside the reader it runs
the obvious alternative, one digit a cell (what a glued run is when every count is below
10), and the text reader as it read such files before they were recognised (no glued rows).
"""
import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ingest.read.text as text_reader  # noqa: E402
from ingest.errors import ReportError  # noqa: E402
from ingest.extract import extract_bytes  # noqa: E402
from ingest.tables.mapping import Row  # noqa: E402
from tests.gen.gold import same_value  # noqa: E402
from tests.gen.text_glued import glued_record, write_glued  # noqa: E402

KINDS = ("exact", "ambiguous", "missing", "wrong")


def noted_keys(record):
    return {note["key"] for note in record.get("notes", [])}


def sort_cells(truth, record):
    """Counter of KINDS over the cells of `truth` (the generator's fields) as `record` holds them."""
    fields, noted = (record or {}).get("fields", {}), noted_keys(record or {})
    kinds = Counter()
    for key, want in truth.items():
        got = fields.get(key)
        if key in fields and same_value(want, got):
            kinds["exact"] += 1
        elif got is None:
            row, table = key.rsplit(".", 1)[0], key.split(".")[0]
            kinds["ambiguous" if noted & {key, row, table} else "missing"] += 1
        else:
            kinds["wrong"] += 1
    return kinds


def digit_per_cell(lines):
    """The obvious alternative to splitting by the sums: every digit of a glued run its own cell
    (right whenever each count is below 10), decimals and signed runs kept whole."""
    rows = []
    for row in _reader_rows(lines):
        label, *values = row.cells
        run = values[0] if values else ""
        if run.isdigit():
            rows.append(Row([label, *run], blanks_known=False))
        else:
            rows.append(row)
    return rows


_reader_rows = text_reader.glued_rows
READERS = {
    "reader": lambda: None,
    "digit-per-cell": lambda: setattr(text_reader, "glued_rows", digit_per_cell),
    "before (no glued rows)": lambda: setattr(text_reader, "is_glued", lambda lines: False),
}


BLANK_RATES = (0.0, 0.1, 0.3)


def documents(template, consistent, blanks, count, seed):
    """(record, bytes) of `count` dumps of one setting; every setting and document its own seed."""
    for i in range(count):
        n = seed * 100_000 + i * 12 + (template == "2021") * 6 + (not consistent) * 3 + BLANK_RATES.index(blanks)
        record = glued_record(n, template, consistent=consistent, blanks=blanks)
        yield record, write_glued(record, random.Random(n))


def run(reader, docs):
    """(Counter of cell kinds, documents refused, seconds)."""
    original = (text_reader.glued_rows, text_reader.is_glued)
    READERS[reader]()
    kinds, refused, start = Counter(), 0, time.perf_counter()
    try:
        for i, (truth, data) in enumerate(docs):
            try:
                record = extract_bytes(data, f"glued_{i}.txt")
            except ReportError:
                record, refused = None, refused + 1
            kinds += sort_cells(truth["fields"], record)
    finally:
        text_reader.glued_rows, text_reader.is_glued = original
    return kinds, refused, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=20, help="documents per setting")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(f"{'template':8} {'sums':10} {'blanks':6} {'reader':23} " + " ".join(f"{k:>9}" for k in KINDS)
          + f" {'refused':>7} {'docs/s':>7}")
    totals = {reader: Counter() for reader in READERS}
    for template in ("2019", "2021"):
        for consistent in (True, False):
            for blanks in BLANK_RATES:
                docs = list(documents(template, consistent, blanks, args.count, args.seed))
                for reader in READERS:
                    kinds, refused, took = run(reader, docs)
                    totals[reader] += kinds
                    cells = sum(kinds.values())
                    print(f"{template:8} {'hold' if consistent else 'broken':10} {blanks:<6} {reader:23} "
                          + " ".join(f"{kinds[k] / cells:>9.4f}" for k in KINDS)
                          + f" {refused:>7} {len(docs) / took:>7.1f}")
    print("all settings:")
    for reader, kinds in totals.items():
        cells = sum(kinds.values())
        print(f"  {reader:23} " + "  ".join(f"{k} {kinds[k]}/{cells} ({kinds[k] / cells:.4f})" for k in KINDS))


if __name__ == "__main__":
    main()
