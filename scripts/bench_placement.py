#!/usr/bin/env python3
"""Where blank cells leave no trace: how many cells come back exact, null with a note, or wrong.

    .venv/bin/python scripts/bench_placement.py [--count 10] [--layouts spaces,borderless,pdftotext-layout,...]

Each document is a fresh random record (tests/gen/record.py) with some zero cells printed blank,
half of them with two misprinted totals (the report's own slips), written in a layout where a
blank cell leaves no trace: the text generator's aligned `spaces` and `pdfdump`, a borderless
PDF, and the text pdftotext (-layout, -raw) and PyMuPDF (plain, sorted) take out of a ruled PDF.
Per layout, blank rate and slips it prints the share of cells exact, null with a note on the
cell, its row or its table, null without one, and wrong; and the documents whose `checks` name a
rule the report does not break (from tests/gen/oracle.py, not the code under test). Beside the
reader runs the obvious alternative on the same files: each short row read left to right, the
rest blank (what a reader without placement does).
"""
import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.tables import mapping as tables  # noqa: E402
from ingest.extract import extract_bytes  # noqa: E402
from ingest.tables.placement import Placed  # noqa: E402
from tests.gen.dumps import pdf_dump  # noqa: E402
from tests.gen.oracle import broken_rules  # noqa: E402
from tests.gen.pdf import write_pdf  # noqa: E402
from tests.gen.record import random_record  # noqa: E402
from tests.gen.text import write_text  # noqa: E402

TEXT_LAYOUTS = ("spaces", "pdfdump")
DUMPS = ("pdftotext-layout", "pdftotext-raw", "pymupdf", "pymupdf-sort")
LAYOUTS = TEXT_LAYOUTS + ("borderless",) + DUMPS
BLANK_RATES = (0.1, 0.25, 0.4)


def document(layout, blanks, slips, index, work):
    """(record, file name, bytes) of one document."""
    seed = 50_000 + index * 97 + int(blanks * 100) + slips
    record = random_record(seed, consistent=not slips, broken=slips, blanks=blanks, bare_unit=False)
    rng = random.Random(seed)
    if layout in TEXT_LAYOUTS:
        return record, "report.txt", write_text(record, layout, "utf-8", rng)
    pdf = write_pdf(record, "borderless" if layout == "borderless" else "ruled", rng)
    if layout == "borderless":
        return record, "report.pdf", pdf
    path = Path(work) / "report.pdf"
    path.write_bytes(pdf)
    return record, "report.txt", pdf_dump(path, layout)


def left_to_right(slots, fixed, rules):
    """The alternative: a short row's values in its first cells, in order, the rest blank."""
    return {s: Placed((list(slot.tokens) + [None] * len(slot.keys))[:len(slot.keys)]) for s, slot in enumerate(slots)}


def score(record, got):
    """Counter of cell kinds, and whether `checks` names a rule the report does not break."""
    kinds = Counter()
    notes = {note["key"] for note in got["notes"]}
    for key, want in record["fields"].items():
        read = got["fields"].get(key, "missing")
        if read == want:
            kinds["exact"] += 1
        elif read in (None, "missing") and {key, key.rsplit(".", 1)[0], key.split(".")[0]} & notes:
            kinds["null, noted"] += 1
        elif read in (None, "missing"):
            kinds["null, silent"] += 1
        else:
            kinds["wrong"] += 1
    invented = {check["rule"] for check in got["checks"]} - set(broken_rules(record["fields"]))
    return kinds, bool(invented)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10, help="documents per layout, blank rate and slips")
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    args = ap.parse_args(argv)
    kinds_order = ("exact", "null, noted", "null, silent", "wrong")
    totals = {name: Counter() for name in ("reader", "left to right")}
    print(f"{'layout':18} {'blanks':>6} {'slips':>5} {'reader':14} " + " ".join(f"{k:>12}" for k in kinds_order)
          + "  invented checks")
    with tempfile.TemporaryDirectory() as work:
        for layout in args.layouts.split(","):
            for blanks in BLANK_RATES:
                for slips in (0, 2):
                    docs = [document(layout, blanks, slips, i, work) for i in range(args.count)]
                    for name, place in (("reader", tables.place), ("left to right", left_to_right)):
                        original, tables.place = tables.place, place
                        try:
                            kinds, invented = Counter(), 0
                            for record, file_name, data in docs:
                                cell_kinds, wrong_check = score(record, extract_bytes(data, file_name))
                                kinds += cell_kinds
                                invented += wrong_check
                        finally:
                            tables.place = original
                        totals[name] += kinds
                        cells = sum(kinds.values())
                        print(f"{layout:18} {blanks:>6} {slips:>5} {name:14} "
                              + " ".join(f"{kinds[k] / cells:>12.4f}" for k in kinds_order)
                              + f"  {invented}/{len(docs)}", flush=True)
    for name, kinds in totals.items():
        cells = sum(kinds.values())
        print(f"all, {name}: " + ", ".join(f"{k} {kinds[k]}/{cells} ({kinds[k] / cells:.4f})" for k in kinds_order))


if __name__ == "__main__":
    main()
