"""A small development corpus the suite writes itself, so the web, CLI and security tests need
nothing outside the repository (the real reports in ../shared are only for scoring).

Like the real development corpus it stands in for: five town reports as text in the layouts
extraction tools leave (2019 template, four for 2020, one for 2019, two with the quiet 表三 of
a town that received no application), and one born-digital district PDF of the 2021 template
whose 表四 review total is misprinted (its four results add up to 11, it prints 0).
"""
import random
from pathlib import Path

from .oracle import broken_rules
from .pdf import write_pdf
from .record import random_record
from .text import write_text

# (seed, org, year, layout, encoding, quiet 表三)
TEXT_REPORTS = [
    (31, "三屯镇人民政府", 2020, "tsv", "utf-8", False),
    (32, "山市镇人民政府", 2020, "tsv", "gb18030", True),
    (33, "下冶镇人民政府", 2020, "pdfdump", "utf-8", False),
    (34, "红椿镇", 2020, "cells", "utf-8", True),
    (35, "洛碛镇", 2019, "cells", "utf-8", False),
]
PDF_REPORT = (36, "洪泽区人民政府", 2023, "ruled")
PROCUREMENT_AMOUNT = ("三屯镇人民政府", 4453.4018)  # a 万元 amount with four decimals, as real reports print
REVIEW_RESULTS = {"t4.review.upheld": 10, "t4.review.corrected": 1, "t4.review.other": 0, "t4.review.pending": 0}
MISPRINTED_REVIEW_TOTAL = 0


def text_record(seed, org, year, quiet=False):
    """The expected record of one town's text report."""
    record = random_record(seed, "2019", year=year, org=org, bare_unit=False)
    if quiet:
        record["fields"].update({key: 0 for key in record["fields"] if key.startswith("t3.")})
    if org == PROCUREMENT_AMOUNT[0]:
        record["fields"]["t2.procurement.amount"] = PROCUREMENT_AMOUNT[1]
    return record


def pdf_record():
    seed, org, year, _ = PDF_REPORT
    record = random_record(seed, "2021", year=year, org=org, bare_unit=False)
    record["fields"].update({**REVIEW_RESULTS, "t4.review.total": MISPRINTED_REVIEW_TOTAL})
    record["checks"] = broken_rules(record["fields"])
    return record


def write_corpus(folder):
    """Write the corpus under `folder` (texts in `seeds/`, the PDF in `pdf/`): {file path: expected record}."""
    folder = Path(folder)
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    (folder / "pdf").mkdir(exist_ok=True)
    written = {}
    for seed, org, year, layout, encoding, quiet in TEXT_REPORTS:
        record = text_record(seed, org, year, quiet)
        path = folder / "seeds" / f"{seed:03d}_{layout}.txt"
        path.write_bytes(write_text(record, layout, encoding, random.Random(seed)))
        written[path] = record
    record = pdf_record()
    path = folder / "pdf" / "district.pdf"
    path.write_bytes(write_pdf(record, PDF_REPORT[3], random.Random(PDF_REPORT[0])))
    written[path] = record
    return written


def write_reports(folder, count, seed=0):
    """`count` generated text reports in `folder` (distinct records, so distinct bytes), for batch runs:
    their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"r{seed}_{n:03d}.txt"
        path.write_bytes(write_text(random_record(seed * 1000 + n), "tsv", "utf-8"))
        paths.append(path)
    return paths


def text_report(seed, org, year, narrative_prefix="", layout="cells"):
    """(bytes, expected record) of one more town report, e.g. the same town's next year, or one whose
    一、总体情况 starts with `narrative_prefix`."""
    record = text_record(seed, org, year)
    record["sections"]["overview"] = narrative_prefix + record["sections"]["overview"]
    return write_text(record, layout, "utf-8", random.Random(seed), newline="\n"), record
