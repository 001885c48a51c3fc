#!/usr/bin/env python3
"""OCR engines compared on the same scans: our reader (tesserocr in-process, ruling lines found
with OpenCV, each ruled cell read alone and its number again as digits) next to Tesseract's own
TSV of each whole page (the tesseract CLI through pytesseract, `--psm 3`, no ruling lines), both
through the same table recovery (`pdf.reader.record_from_pages`).

    .venv/bin/python scripts/bench_ocr_engines.py [--count 3] [--dpi 200] [--layouts ruled,hrules,borderless]

Generated reports (tests/gen) are rendered to clean page images at --dpi. For each engine it
prints the share of fields exact, null with a note, and wrong (a value that differs, or a null
without a note), and pages per second on one core.
"""
import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pymupdf  # noqa: E402

from ingest.read.ocr.reader import ocr_pages, record_from_ocr  # noqa: E402
from ingest.read.pdf.geometry import Char, Page  # noqa: E402
from ingest.read.pdf.reader import record_from_pages  # noqa: E402
from tests.gen.gold import same_value  # noqa: E402
from tests.gen.pdf import write_pdf  # noqa: E402
from tests.gen.record import random_record  # noqa: E402

POINTS_PER_INCH = 72


def scans(count, dpi, layouts):
    """(record, [BGR page images]) of `count` generated reports per layout."""
    for layout in layouts:
        for seed in range(count):
            record = random_record(seed, template=("2019", "2021")[seed % 2], consistent=True, blanks=0.1)
            with pymupdf.open(stream=write_pdf(record, layout, random.Random(seed)), filetype="pdf") as doc:
                images = []
                for page in doc:
                    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
                    images.append(np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)[:, :, ::-1].copy())
            yield layout, record, images


def ours(images, dpi):
    pages, readings = ocr_pages(images, list(range(len(images))), [dpi] * len(images), "bench", 0)
    return record_from_ocr(pages, readings, "bench", len(pages))


def tesseract_tsv(images, dpi):
    """Each page's words from the tesseract CLI's TSV as Chars, no ruling lines."""
    import pytesseract

    scale = POINTS_PER_INCH / dpi
    pages = []
    for number, image in enumerate(images):
        data = pytesseract.image_to_data(image[:, :, 2], lang="chi_sim", config=f"--psm 3 --dpi {dpi}",
                                         output_type=pytesseract.Output.DICT)
        chars = [Char(text.strip(), left * scale, top * scale, (left + width) * scale, (top + height) * scale, height * scale)
                 for text, left, top, width, height in zip(data["text"], data["left"], data["top"], data["width"], data["height"])
                 if text.strip()]
        h, w = image.shape[:2]
        pages.append(Page(number, w * scale, h * scale, chars, []))
    return record_from_pages(pages, "bench")


def score(record, gold):
    noted = {n["key"] for n in record["notes"]}
    exact = nulled = wrong = 0
    for key, want in gold["fields"].items():
        got = record["fields"].get(key)
        if same_value(want, got):
            exact += 1
        elif got is None and key in noted:
            nulled += 1
        else:
            wrong += 1
    return exact, nulled, wrong


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3, help="reports per layout")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--layouts", default="ruled,hrules,borderless")
    args = parser.parse_args(argv)
    engines = {"ours (tesserocr, rules, per cell)": ours, "tesseract CLI TSV, whole page": tesseract_tsv}
    totals = {name: {} for name in engines}
    for layout, record, images in scans(args.count, args.dpi, args.layouts.split(",")):
        for name, engine in engines.items():
            start = time.process_time(), time.perf_counter()
            try:
                read = engine(images, args.dpi)
                counts = score(read, record)
            except Exception as exc:  # a report the engine cannot read at all counts every field wrong
                print(f"  {name}: {layout}: {exc}", file=sys.stderr)
                counts = (0, 0, len(record["fields"]))
            wall = time.perf_counter() - start[1]
            row = totals[name].setdefault(layout, [0, 0, 0, 0, 0.0])
            for i, value in enumerate(counts):
                row[i] += value
            row[3] += len(images)
            row[4] += wall
    print(f"{'engine':36} {'layout':11} {'exact':>7} {'null+note':>9} {'wrong':>7} {'pages/s':>8}")
    for name, layouts in totals.items():
        for layout, (exact, nulled, wrong, pages, wall) in layouts.items():
            n = exact + nulled + wrong
            print(f"{name:36} {layout:11} {exact / n:7.1%} {nulled / n:9.1%} {wrong / n:7.1%} {pages / wall:8.2f}")


if __name__ == "__main__":
    main()
