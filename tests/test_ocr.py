"""Scanned reports: image-only PDFs, mixed PDFs and image files read by OCR (Tesseract, chi_sim)
through the same table recovery as born-digital PDFs. Every page here is a generated report
rendered to pixels with PyMuPDF; the expectations are the generator's own record and the
born-digital PDF's own character positions, never the OCR reader's."""
import json
import random

import cv2
import numpy as np
import pymupdf
import pytest

from ingest.extract import extract_bytes
from ingest.read.ocr.engine import INSTALL, tessdata
from ingest.read.ocr.engine import MissingEngine
from ingest.read.ocr.reader import UNSURE
from tests.conftest import missing, nianbao, stderr_lines
from tests.gen.gold import fields_right, gold_record, same_value
from tests.gen.pdf import write_pdf
from tests.gen.record import random_record

DPI = 200
EXACT = 0.98  # the bar for clean 200 dpi scans
DEGRADED_EXACT = 0.9  # a skewed JPEG with a seal over the table: the rest may be null or flagged, never silently wrong


def _engine_or_skip():
    try:
        tessdata()
    except MissingEngine as exc:
        missing(str(exc))


def _page_images(pdf, dpi=DPI):
    """Each page of `pdf` as a BGR array, as a scanner at `dpi` would see it."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        out = []
        for page in doc:
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
            out.append(np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)[:, :, ::-1].copy())
        return out


def _image_pdf(pdf, replace=None):
    """`pdf` with its pages (or only those in `replace`) swapped for their 200 dpi images: a scan, or a mixed PDF."""
    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for number, page in enumerate(src):
        if replace is None or number in replace:
            new = out.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, pixmap=page.get_pixmap(dpi=DPI))
        else:
            out.insert_pdf(src, from_page=number, to_page=number)
    return out.tobytes()


def _noted(record, key):
    return any(note["key"] == key for note in record["notes"])


@pytest.fixture(scope="module")
def report():
    record = random_record(11, template="2019", consistent=True, blanks=0.1)
    return record, write_pdf(record, "ruled", random.Random(11))


@pytest.fixture(scope="module")
def scanned(report):
    _engine_or_skip()
    record, pdf = report
    return extract_bytes(_image_pdf(pdf), "scan.pdf")


def test_a_clean_200_dpi_scan_reads_as_its_report(report, scanned):
    """≥98% of fields exact; any other field is noted (null or flagged), never silently wrong."""
    record, _ = report
    gold = gold_record(record, "scan.pdf")
    assert (scanned["title"], scanned["year"], scanned["template"]) == (gold["title"], gold["year"], gold["template"])
    assert fields_right(scanned, gold) >= EXACT * len(gold["fields"])
    silent = [k for k, want in gold["fields"].items() if not same_value(want, scanned["fields"].get(k)) and not _noted(scanned, k)]
    assert silent == []
    assert "政府信息公开" in scanned["sections"]["overview"]


def test_each_ocr_field_says_where_it_stood(report, scanned):
    """The box of an OCR'd field holds that number in the born-digital PDF (PyMuPDF's own search)."""
    record, pdf = report
    assert scanned["ocr"]["pages"] == 3
    cells = scanned["ocr"]["cells"]
    assert set(cells) <= set(scanned["fields"]) and len(cells) >= EXACT * len([v for v in record["fields"].values() if v is not None])
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for key in ("t2.rules.made", "t3.new.total", "t3.total.natural", "t4.review.total"):
            cell = cells[key]
            x0, top, x1, bottom = cell["box"]
            hits = doc[cell["page"] - 1].search_for(cell["text"])
            assert any(x0 - 2 <= (h.x0 + h.x1) / 2 <= x1 + 2 and top - 2 <= (h.y0 + h.y1) / 2 <= bottom + 2 for h in hits), key
            assert 0 <= cell["confidence"] <= 1


def test_a_mixed_pdf_ocrs_only_the_page_without_text(report):
    """Page 2 a scan, pages 1 and 3 born-digital: only page 2 is OCR'd, and the record is whole."""
    _engine_or_skip()
    record, pdf = report
    mixed = extract_bytes(_image_pdf(pdf, replace={1}), "mixed.pdf")
    assert mixed["ocr"]["pages"] == 1
    assert {cell["page"] for cell in mixed["ocr"]["cells"].values()} == {2}
    gold = gold_record(record, "mixed.pdf")
    assert fields_right(mixed, gold) >= EXACT * len(gold["fields"])
    assert mixed["fields"]["t2.rules.made"] == record["fields"]["t2.rules.made"]  # page 1, from its text layer
    assert "t2.rules.made" not in mixed["ocr"]["cells"]


def test_a_skewed_photo_with_a_red_seal_over_the_table(report, tmp_path):
    """Page 1 as a JPEG-compressed PNG leaning 1.5°, a red seal stamped over 表二: 表二 read as printed."""
    _engine_or_skip()
    record, _ = report
    image = _page_images(_image_pdf(report[1]))[0]
    h, w = image.shape[:2]
    centre = (int(w * 0.6), int(h * 0.62))  # over 表二's number columns
    stamp = np.full_like(image, 255)
    cv2.circle(stamp, centre, int(w * 0.12), (40, 40, 220), thickness=int(w * 0.008))
    cv2.putText(stamp, "SEAL", (centre[0] - 150, centre[1] + 30), cv2.FONT_HERSHEY_SIMPLEX, 4, (40, 40, 220), 12)
    cv2.drawMarker(stamp, centre, (40, 40, 220), cv2.MARKER_STAR, int(w * 0.06), 8)
    image = (image.astype(np.float32) * stamp / 255).astype(np.uint8)  # ink over ink: the print stays dark, the paper turns red
    image = cv2.warpAffine(image, cv2.getRotationMatrix2D((w / 2, h / 2), 1.5, 1.0), (w, h), borderValue=(255, 255, 255))
    _, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])
    path = tmp_path / "page1.png"
    cv2.imwrite(str(path), cv2.imdecode(jpeg, cv2.IMREAD_COLOR))
    read = extract_bytes(path.read_bytes(), str(path))
    t2 = {k: v for k, v in record["fields"].items() if k.startswith("t2.")}
    assert read["template"] == record["template"]
    wrong = [k for k, v in t2.items() if not same_value(v, read["fields"].get(k))]
    assert len(wrong) <= (1 - DEGRADED_EXACT) * len(t2)
    assert all(_noted(read, k) for k in wrong)
    unsure = [k for k, cell in read["ocr"]["cells"].items() if cell["confidence"] < UNSURE]
    assert all(read["fields"][k] is None for k in unsure)  # a reading that unsure is no value


def test_without_the_chinese_data_a_scan_gets_one_line_saying_what_to_install(report, tmp_path):
    empty = tmp_path / "tessdata"
    empty.mkdir()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_image_pdf(report[1], replace={0}))
    run = nianbao("extract", scan, env={"NIANBAO_TESSDATA": str(empty)})
    assert run.returncode == 2 and run.stdout == ""
    (line,) = stderr_lines(run)
    assert line.startswith(f"nianbao: {scan}: ") and INSTALL in line and str(empty) in line


def test_ingest_ocrs_a_page_image_in_its_worker_with_time_per_page_and_makes_it_searchable(report, tmp_path):
    """A 3 s limit, which one page of OCR outlasts, grows by NIANBAO_OCR_PAGE_S; each page shows as progress."""
    _engine_or_skip()
    record, pdf = report
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    cv2.imwrite(str(inbox / "page1.png"), _page_images(pdf)[0])
    data = tmp_path / "data"
    env = {"NIANBAO_PROGRESS_S": "0", "NIANBAO_OCR_PAGE_S": "300"}
    run = nianbao("ingest", inbox, "--data", data, "--timeout", "3", env=env)
    assert run.returncode == 0, run.stderr
    assert any(line.endswith("page1.png: OCR page 1/1") or "page1.png: OCR page 1/1," in line for line in stderr_lines(run))
    assert "1 stored" in run.stderr
    made = record["fields"]["t2.rules.made"]
    found = nianbao("search", "--where", f"t2.rules.made={made}", "--data", data, "--json")
    assert found.returncode == 0, found.stderr
    assert [hit["title"] for hit in json.loads(found.stdout)["hits"]] == [record["title"]]
