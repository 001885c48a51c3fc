"""Test documents with their expected records: the general case the seeds' zero-filled tables hide.

    python -m tests.generate --out DIR --count N [--seed S] [--formats text,pdf]
    python -m tests.generate --sample DIR          # the small bundled corpus
    python -m tests.generate --out DIR --count N --scans clean,seal [--scan-formats pdf,tiff,png,jpeg]
                                                   # scanned reports (tests/gen/scan.py), both templates

Each document is written with its gold file (NAME.json). The parts are in tests/gen/ (its
__init__ says which module holds what): random_record (record.py), write_text (text.py),
write_pdf (pdf.py), gold_record (gold.py).
"""
import argparse
import json
import random
from pathlib import Path

from tests.gen.gold import gold_record
from tests.gen.pdf import PDF_LAYOUTS, write_pdf
from tests.gen.record import random_record
from tests.gen.scan import DEGRADATIONS, SCAN_FORMATS, scan_file, scan_report
from tests.gen.text import ENCODINGS, TEXT_LAYOUTS, write_text

# The bundled sample: (seed, layout, encoding, year) — one body over six years, then a mix.
SAMPLE = [(101, "tsv", "utf-8", 2019), (102, "cells", "gb18030", 2020), (103, "ruled", None, 2021),
          (104, "pdfdump", "utf-8", 2022), (105, "markdown", "utf-8-sig", 2023), (106, "hrules", None, 2024),
          (201, "spaces", "gbk", None), (202, "tsv", "utf-16", None), (203, "cells", "utf-8", None),
          (204, "borderless", None, None), (205, "pdfdump", "gb18030", None), (206, "clipped", None, None)]
SAMPLE_ORG = "青溪县人民政府"


def render(record, layout, encoding, rng):
    """(file suffix, bytes) of `record` in a text or PDF layout."""
    if layout in PDF_LAYOUTS:
        return ".pdf", write_pdf(record, layout, rng)
    return ".txt", write_text(record, layout, encoding, rng)


def random_document(index, seed=0, formats=("text",)):
    """(file name, bytes, expected record) of the `index`-th document of a run."""
    rng = random.Random(seed * 1_000_003 + index)
    record = random_record(rng.random(), consistent=rng.random() < 0.75,
                           blanks=rng.choice([0, 0, 0.1, 0.4]))
    layout = rng.choice(PDF_LAYOUTS if rng.choice(formats) == "pdf" else TEXT_LAYOUTS)
    encoding = rng.choice(ENCODINGS)
    suffix, data = render(record, layout, encoding, rng)
    name = f"{index:04d}_{layout}" + ("" if suffix == ".pdf" else f"_{encoding}")
    return name + suffix, data, record


def scanned_document(index, seed=0, degradations=tuple(DEGRADATIONS), formats=("pdf",)):
    """(file name, bytes, expected record) of the `index`-th scan of a run: each degradation in turn,
    then the other template, then the next PDF layout; file formats take turns."""
    rng = random.Random(seed * 1_000_003 + index)
    turn, degradation = divmod(index, len(degradations))
    template, layout = ("2019", "2021")[turn % 2], PDF_LAYOUTS[turn // 2 % len(PDF_LAYOUTS)]
    record = random_record(rng.random(), template, consistent=rng.random() < 0.75, blanks=rng.choice([0, 0, 0.1, 0.4]))
    degradation, fmt = degradations[degradation], formats[index % len(formats)]
    scan = scan_report(record, layout, degradation, seed * 1_000_003 + index)
    suffix, data = scan_file(scan, fmt)
    return f"{index:04d}_{layout}_{degradation}{suffix}", data, scan.record


def sample_documents():
    """The small corpus the README's run command ingests on a fresh machine."""
    for seed, layout, encoding, year in SAMPLE:
        rng = random.Random(seed)
        record = random_record(seed, year=year, org=SAMPLE_ORG if year else None, consistent=seed % 3 != 0,
                               blanks=0.1 if seed % 2 else 0)
        suffix, data = render(record, layout, encoding, rng)
        yield f"{record['year']}_{layout}_{seed}{suffix}", data, record


def write_document(out, name, data, record):
    (out / name).write_bytes(data)
    gold = gold_record(record, name)
    (out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", default="text", help="text, pdf or text,pdf")
    ap.add_argument("--sample", type=Path, help="write the bundled sample corpus to this folder")
    ap.add_argument("--scans", help=f"write scanned reports with these degradations instead: {','.join(DEGRADATIONS)}")
    ap.add_argument("--scan-formats", default="pdf", help=f"files the scans are wrapped in: {','.join(SCAN_FORMATS)}")
    args = ap.parse_args(argv)
    if args.sample:
        args.sample.mkdir(parents=True, exist_ok=True)
        for doc in sample_documents():
            write_document(args.sample, *doc)
    if not args.out:
        if not args.sample:
            ap.error("--out or --sample is required")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    if args.scans:
        degradations, scan_formats = tuple(args.scans.split(",")), tuple(args.scan_formats.split(","))
        for bad in [d for d in degradations if d not in DEGRADATIONS] + [f for f in scan_formats if f not in SCAN_FORMATS]:
            ap.error(f"unknown degradation or scan format: {bad}")
        for i in range(args.count):
            write_document(args.out, *scanned_document(i, args.seed, degradations, scan_formats))
        return
    formats = tuple(args.formats.split(","))
    for i in range(args.count):
        write_document(args.out, *random_document(i, args.seed, formats))


if __name__ == "__main__":
    main()
