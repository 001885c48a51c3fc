"""The PDF reader on the real report, on PDFs drawn here, and on PDFs it cannot read."""
import json
import random

import pymupdf
import pytest

from ingest.errors import ReportError
from ingest.extract import extract_bytes, extract_file
from ingest.read.ocr.reader import NO_TEXT
from tests.conftest import nianbao, shared_path
from tests.gen.gold import differences, gold_record
from tests.gen.pdf import PDF_LAYOUTS, write_pdf
from tests.gen.record import random_record

FONT = "china-s"


def test_hzq2023_matches_gold():
    path = shared_path("corpus", "pdf", "hzq2023.pdf")
    gold = json.loads(shared_path("corpus", "gold", "hzq2023.pdf.json").read_text(encoding="utf-8"))
    record = extract_file(path)
    assert differences(record, gold) == []
    assert sorted(c["rule"] for c in record["checks"]) == ["t4.review.total", "t4.suit_after_review.total"]


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
@pytest.mark.parametrize("seed", range(4))
def test_generated_pdf_matches_its_record(layout, seed):
    """Every layout the generator draws (ruled, rules across only, borderless, clipped labels;
    表三 over two pages, vertical 办理结果) with blanks, broken sums and both templates."""
    rng = random.Random(seed)
    record = random_record(seed, template=("2019", "2021")[seed % 2], consistent=seed % 3 != 0,
                           blanks=(0, 0.1, 0.4, 0)[seed])
    data = write_pdf(record, layout, rng)
    assert differences(extract_bytes(data, f"{layout}.pdf"), gold_record(record, f"{layout}.pdf")) == []


def test_repeated_reads_give_the_same_record():
    """Documents are closed after reading: many reads in one process give the same record."""
    record = random_record(5, template="2021")
    data = write_pdf(record, "hrules", random.Random(5))
    first = extract_bytes(data, "a.pdf")
    assert all(extract_bytes(data, "a.pdf") == first for _ in range(20))


def _pdf(draw, **save):
    doc = pymupdf.open()
    draw(doc)
    data = doc.tobytes(**save)
    doc.close()
    return data


def _text_page(doc, lines):
    page = doc.new_page(width=595, height=842)
    for i, text in enumerate(lines):
        page.insert_text((72, 90 + 22 * i), text, fontname=FONT, fontsize=12)
    return page


def test_scanned_pdf_is_reported_as_such():
    def draw(doc):
        page = doc.new_page(width=595, height=842)
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
        pix.clear_with(200)
        page.insert_image(pymupdf.Rect(72, 72, 500, 700), pixmap=pix)

    with pytest.raises(ReportError) as err:
        extract_bytes(_pdf(draw), "scan.pdf")
    assert err.value.reason == NO_TEXT


def test_encrypted_pdf_is_a_clear_error():
    data = _pdf(lambda doc: _text_page(doc, ["某某镇2023年政府信息公开工作年度报告"]),
                encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(ReportError, match="encrypted"):
        extract_bytes(data, "locked.pdf")


def test_truncated_pdf_is_a_clear_error():
    data = write_pdf(random_record(6, template="2021"), "ruled", random.Random(6))
    for cut in (200, len(data) // 3):
        with pytest.raises(ReportError):
            extract_bytes(data[:cut], "cut.pdf")


def test_garbage_after_pdf_header_is_a_clear_error():
    with pytest.raises(ReportError, match="damaged"):
        extract_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20, "junk.pdf")


def test_html_named_pdf_is_not_read_as_pdf():
    with pytest.raises(ReportError):
        extract_bytes("<html><body><p>通知</p></body></html>".encode(), "report.pdf")


def test_cli_reports_unreadable_pdf_on_one_line(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    proc = nianbao("extract", path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and str(path) in proc.stderr


@pytest.mark.parametrize("layout", ["ruled", "borderless"])
def test_title_over_the_org_alone_and_the_signature_at_its_height_overleaf(layout):
    """The title's first line is the org alone, at the height where the signature stands at the
    top of the last page: the two are not a running header, and the title keeps its org."""
    for seed in range(2):
        record = random_record(seed, bare_unit=False)
        data = write_pdf(record, layout, random.Random(seed), signed_overleaf=True)
        got = extract_bytes(data, "signed.pdf")
        assert (got["title"], got["org"]) == (record["title"], record["org"])
        assert differences(got, gold_record(record, "signed.pdf")) == []


@pytest.mark.parametrize("layout", ["borderless", "hrules"])
def test_only_the_total_column_printed_lands_in_total(layout):
    """表三 whose applicant cells are all blank: no row prints every column, so the columns come
    from the header; a value the page break pushed into a margin is a value, not a page number."""
    for seed in range(4):
        record = random_record(70 + seed, ("2019", "2021")[seed % 2], bare_unit=False)
        for key in record["fields"]:
            if key.startswith("t3.") and not key.endswith(".total"):
                record["fields"][key] = None
        # every row's total now breaks its row rule: the record's checks, listed without the rules' code
        record["checks"] = sorted({f"t3.{key[3:-6]}.total" for key, value in record["fields"].items()
                                   if key.startswith("t3.") and key.endswith(".total") and value})
        got = extract_bytes(write_pdf(record, layout, random.Random(seed)), "totals.pdf")
        assert differences(got, gold_record(record, "totals.pdf")) == []
