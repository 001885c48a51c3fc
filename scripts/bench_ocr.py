#!/usr/bin/env python3
"""Scanned reports: per degradation, how many table fields come back exact, null with a note, or
wrong (with a note, or silently), and how many pages a second.

    .venv/bin/python scripts/bench_ocr.py [--count 4] [--degradations clean,seal,...] [--arms nianbao,ocrmypdf]
                                          [--layouts ruled,hrules,borderless,clipped]

Each document is a fresh random record (tests/gen/record.py), both templates in turn, typeset in
each PDF layout in turn (ruled, hrules, borderless, clipped) and scanned by tests/gen/scan.py with
the degradation named; the expectation is the generator's own record (a handwritten correction's
cell is null with a note), never a reader's output. The arms read the same image-only PDFs, one
after the other in this process:

- nianbao: `ingest.extract_bytes`, the reader `nianbao extract` and `ingest` run;
- ocrmypdf: the obvious alternative, OCRmyPDF (Debian's, Tesseract chi_sim underneath) adds a
  text layer, which the current born-digital PDF reader then reads.

"silent" wrong is a wrong number with no note on its cell, row or table; "low conf" counts the
silent wrong cells that the reader's own `ocr.cells` gives a confidence under its LOW_CONFIDENCE,
which must be 0.
A file an arm refuses counts all its fields as "unread". Pages a second are wall-clock, one file
at a time, OCR subprocesses included.
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.errors import ReportError  # noqa: E402
from ingest.extract import extract_bytes  # noqa: E402
from ingest.read.ocr.reader import LOW_CONFIDENCE  # noqa: E402
from tests.gen.gold import OUTCOMES, field_outcomes  # noqa: E402
from tests.gen.pdf import PDF_LAYOUTS  # noqa: E402
from tests.gen.record import random_record  # noqa: E402
from tests.gen.scan import DEGRADATIONS, image_pdf, scan_report  # noqa: E402

ARMS = ("nianbao", "ocrmypdf")
KINDS = OUTCOMES + ("unread",)
OCRMYPDF_TIMEOUT_S = 600  # a few pages on a busy shared machine


def documents(degradation, count, seed, layouts=PDF_LAYOUTS):
    """[(name, image-only PDF bytes, pages, expected record)] of one degradation."""
    docs = []
    for i in range(count):
        layout = layouts[i % len(layouts)]
        template = ("2019", "2021")[(i + i // len(layouts)) % 2]  # the next round of layouts swaps templates
        record = random_record(seed * 1000 + i, template, consistent=i % 3 != 2, blanks=(0, 0.1, 0.4)[i % 3])
        scan = scan_report(record, layout, degradation, seed * 1000 + i)
        docs.append((f"{degradation}_{i:02d}_{layout}_{template}.pdf", image_pdf(scan), len(scan.pages), scan.record))
    return docs


def read_nianbao(name, data, work):
    return extract_bytes(data, name)


def read_ocrmypdf(name, data, work):
    """OCRmyPDF's text layer (chi_sim, deskewed) read by the born-digital PDF reader."""
    source, target = Path(work) / "in.pdf", Path(work) / "out.pdf"
    source.write_bytes(data)
    run = subprocess.run(["ocrmypdf", "-l", "chi_sim", "--deskew", "--output-type", "pdf", "--optimize", "0",
                          "--jobs", "1", "--quiet", str(source), str(target)], capture_output=True, text=True,
                         timeout=OCRMYPDF_TIMEOUT_S)
    if run.returncode:
        raise ReportError(name, f"ocrmypdf exit {run.returncode}: {run.stderr.strip()[-200:]}")
    return extract_bytes(target.read_bytes(), name)


READERS = {"nianbao": read_nianbao, "ocrmypdf": read_ocrmypdf}


def score(gold, record):
    """Counter of KINDS over the gold's fields, plus "low conf": silent wrong cells the reader listed
    as low-confidence."""
    if record is None:
        return Counter(unread=len(gold["fields"]))
    outcomes = field_outcomes(record, gold)
    cells = (record.get("ocr") or {}).get("cells", {})
    flagged = {key for key, cell in cells.items() if cell["confidence"] < LOW_CONFIDENCE}
    kinds = Counter(outcomes.values())
    kinds["low conf"] = sum(1 for key, kind in outcomes.items() if kind == "wrong, silent" and key in flagged)
    return kinds


def run_arm(arm, docs, work):
    """(Counter, pages, seconds, first error) of one arm over `docs`."""
    kinds, pages, error = Counter(), 0, None
    start = time.perf_counter()
    for name, data, page_count, gold in docs:
        try:
            record = READERS[arm](name, data, work)
        except ReportError as exc:
            record, error = None, error or str(exc)
        kinds += score(gold, record)
        pages += page_count
    return kinds, pages, time.perf_counter() - start, error


def line(label, arm, kinds, pages, seconds):
    cells = sum(kinds[k] for k in KINDS) or 1
    return (f"{label:16} {arm:9} " + " ".join(f"{kinds[k] / cells:>13.4f}" for k in KINDS)
            + f" {kinds['low conf']:>8} {pages / seconds:>8.3f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=4, help="documents per degradation (layouts and templates take turns)")
    ap.add_argument("--degradations", default=",".join(DEGRADATIONS))
    ap.add_argument("--arms", default=",".join(ARMS))
    ap.add_argument("--layouts", default=",".join(PDF_LAYOUTS), help="the PDF table styles scanned, in turn")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    arms = args.arms.split(",")
    if "ocrmypdf" in arms and not shutil.which("ocrmypdf"):
        ap.error("ocrmypdf is not installed (apt-get install ocrmypdf tesseract-ocr-chi-sim)")
    print(f"{'degradation':16} {'arm':9} " + " ".join(f"{k:>13}" for k in KINDS) + f" {'low conf':>8} {'pages/s':>8}")
    totals = {arm: [Counter(), 0, 0.0] for arm in arms}
    with tempfile.TemporaryDirectory() as work:
        for degradation in args.degradations.split(","):
            docs = documents(degradation, args.count, args.seed, args.layouts.split(","))
            for arm in arms:
                kinds, pages, seconds, error = run_arm(arm, docs, work)
                print(line(degradation, arm, kinds, pages, seconds) + (f"  ({error})" if error else ""), flush=True)
                totals[arm][0] += kinds
                totals[arm][1] += pages
                totals[arm][2] += seconds
    for arm, (kinds, pages, seconds) in totals.items():
        print(line("all", arm, kinds, pages, seconds) + f"  ({sum(kinds[k] for k in KINDS)} fields, {pages} pages)")


if __name__ == "__main__":
    main()
