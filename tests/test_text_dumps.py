"""Text dumps of PDFs, as people paste them: PyMuPDF's text and poppler's `pdftotext -layout`.

In such a dump a blank cell leaves no trace, a page number lands between table rows, and a
label wraps around its numbers; the reader still has to put every number in its place.
"""
import random
import subprocess

import pymupdf
import pytest

from ingest.extract import extract_bytes
from tests.conftest import require_tools
from tests.gen.gold import differences, gold_record
from tests.gen.oracle import broken_rules
from tests.gen.pdf import write_pdf
from tests.gen.record import blank_rows, random_record

CASES = [(seed, layout) for seed, layout in enumerate(["ruled", "hrules", "borderless", "clipped"])]


def pdf_of(seed, layout):
    record = random_record(1000 + seed, bare_unit=False)
    return record, write_pdf(record, layout, random.Random(seed))


@pytest.mark.parametrize("seed, layout", CASES)
def test_pymupdf_text_dump_reads_back(seed, layout):
    record, pdf = pdf_of(seed, layout)
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        dump = "".join(page.get_text() for page in doc)
    got = extract_bytes(dump.encode("utf-8"), "dump.txt")
    assert differences(got, gold_record(record, "dump.txt")) == []


@pytest.mark.parametrize("seed, layout", CASES)
def test_pdftotext_layout_dump_reads_back(seed, layout, tmp_path):
    require_tools("pdftotext")
    record, pdf = pdf_of(seed, layout)
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), str(tmp_path / "r.txt")], check=True)
    got = extract_bytes((tmp_path / "r.txt").read_bytes(), "layout.txt")
    assert differences(got, gold_record(record, "layout.txt")) == []


def test_dump_of_a_table_that_prints_only_its_totals():
    """Like seed 003: the applicant columns left blank, only 总计 printed; a dump shows one number a row."""
    record = random_record(77, template="2019", bare_unit=False)
    for key in record["fields"]:
        if key.startswith("t3.") and not key.endswith(".total"):
            record["fields"][key] = None
    record["checks"] = broken_rules(record["fields"])
    pdf = write_pdf(record, "ruled", random.Random(5))
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        dump = "".join(page.get_text() for page in doc)
    got = extract_bytes(dump.encode("utf-8"), "totals.txt")
    # One number a row and no positions: which column it stood in is not known (each row breaks
    # its own sum wherever it goes), so 表三's cells are null with a note, never a guessed column.
    assert [d for d in differences(got, gold_record(record, "totals.txt")) if not d.startswith(("t3.", "checks"))] == []
    assert {c["rule"] for c in got["checks"]} <= set(record["checks"])
    noted = {n["key"] for n in got["notes"]}
    for key, want in record["fields"].items():
        if key.startswith("t3."):
            assert got["fields"][key] in (want, None), key
            assert got["fields"][key] == want or key.rsplit(".", 1)[0] in noted, key


@pytest.mark.parametrize("seed", range(4))
def test_rows_printed_with_their_label_and_every_cell_blank(seed, tmp_path):
    """表二 and 表三 rows printed with their label alone, where blank cells leave no trace (a
    borderless PDF, pdftotext -layout and -raw): their keys are null, and their label does not
    run into the next row's."""
    require_tools("pdftotext")
    template = ("2019", "2021")[seed % 2]
    record = random_record(seed, template, bare_unit=False)
    blank_rows(record, ["t2.rules", "t2.license" if template == "2019" else "t2.penalty", "t3.denied.secret",
                        "t3.unable.unclear"])
    assert record["checks"] == [] and record["fields"]["t3.denied.secret.total"] is None
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(write_pdf(record, "borderless", random.Random(seed)))
    dumps = {"r.pdf": pdf.read_bytes()}
    for mode in ("-layout", "-raw"):
        dumps[f"r{mode}.txt"] = subprocess.run(["pdftotext", mode, str(pdf), "-"], check=True, capture_output=True).stdout
    for name, data in dumps.items():
        assert differences(extract_bytes(data, name), gold_record(record, name)) == [], name
