"""The scan generator (tests/gen/scan.py) makes what it says: page images at the stated resolution,
each degradation measurable on the image by means of its own (OpenCV's line finder, pixel colours),
files that open as what they claim, and expected records that follow the documented rule for
handwritten corrections. Every expectation here is a literal, a measurement, or a library's reading."""
import io
import math
import random
import subprocess
import sys

import cv2
import numpy as np
import pymupdf
import pytest
from PIL import Image

from tests.conftest import ROOT
from tests.gen.narrative import dated_line
from tests.gen.oracle import broken_rules
from tests.gen.pdf import write_pdf
from tests.gen.record import random_record
from tests.gen.scan import CORRECTION_NOTE, image_file, image_pdf, scan_report

A4_INCHES = (210 / 25.4, 297 / 25.4)
SEED = 11


@pytest.fixture(scope="module")
def record():
    return random_record(SEED, "2021", blanks=0)


@pytest.fixture(scope="module")
def scans(record):
    """Each degradation's scan of one report, made once."""
    made = {}

    def scan(degradation, layout="ruled"):
        if (degradation, layout) not in made:
            made[degradation, layout] = scan_report(record, layout, degradation, seed=SEED)
        return made[degradation, layout]
    return scan


def source_pages(record, layout="ruled"):
    """The born-digital PDF the scan was made from, opened by PyMuPDF."""
    return pymupdf.open(stream=write_pdf(record, layout, random.Random(SEED)), filetype="pdf")


def line_angles(page):
    """Angles in degrees (-10 to 10) of the long, near-horizontal straight lines OpenCV finds on a page
    (at half size, for speed): the table's rules."""
    ink = (cv2.cvtColor(page[::2, ::2], cv2.COLOR_RGB2GRAY) < 160).astype(np.uint8) * 255
    lines = cv2.HoughLinesP(ink, 1, np.pi / 720, threshold=150, minLineLength=ink.shape[1] // 3, maxLineGap=4)
    if lines is None:
        return []
    angles = [(math.degrees(math.atan2(y1 - y0, x1 - x0)) + 90) % 180 - 90 for x0, y0, x1, y1 in lines.reshape(-1, 4)]
    return [a for a in angles if abs(a) < 10]


@pytest.mark.parametrize("degradation, dpi", [("clean", 200), ("dpi150", 150), ("dpi300", 300)])
def test_pages_are_a4_at_the_stated_resolution(scans, record, degradation, dpi):
    scan = scans(degradation)
    with source_pages(record) as source:
        assert len(scan.pages) == source.page_count
    for page in scan.pages:
        assert page.shape[:2] == pytest.approx((A4_INCHES[1] * dpi, A4_INCHES[0] * dpi), abs=1)


def test_the_image_pdf_has_the_pages_and_no_text(scans, record):
    scan = scans("clean")
    with pymupdf.open(stream=image_pdf(scan), filetype="pdf") as doc, source_pages(record) as source:
        assert doc.page_count == source.page_count
        for page, original in zip(doc, source):
            assert page.get_text().strip() == ""
            assert len(page.get_images()) == 1
            assert page.rect.width == pytest.approx(original.rect.width, abs=0.5)
            assert page.rect.height == pytest.approx(original.rect.height, abs=0.5)


def test_tiff_holds_every_page_and_png_is_one_long_image(scans):
    scan = scans("clean")
    tiff = Image.open(io.BytesIO(image_file(scan, "tiff")))
    assert tiff.n_frames == len(scan.pages)
    assert tuple(round(v) for v in tiff.info["dpi"]) == (200, 200)
    png = Image.open(io.BytesIO(image_file(scan, "png")))
    assert png.format == "PNG" and png.size == (scan.pages[0].shape[1], sum(p.shape[0] for p in scan.pages))
    jpeg = Image.open(io.BytesIO(image_file(scan, "jpeg")))
    assert jpeg.format == "JPEG" and jpeg.size == png.size


def test_the_same_seed_makes_the_same_file(record):
    first = image_pdf(scan_report(record, "hrules", "seal", seed=3))
    assert image_pdf(scan_report(record, "hrules", "seal", seed=3)) == first
    assert image_pdf(scan_report(record, "hrules", "seal", seed=4)) != first


def test_clean_table_rules_are_level_and_skewed_ones_turned_a_few_degrees(scans):
    level = line_angles(scans("clean").pages[1])
    assert level and max(abs(a) for a in level) < 0.1
    turned = np.median(line_angles(scans("skew").pages[1]))  # the page all of 表三's rules are on
    assert 0.4 <= abs(turned) <= 3.1


def red(page):
    r, g, b = (page[..., i].astype(int) for i in range(3))
    return (r > 150) & (g < 120) & (b < 120)


def test_the_seal_is_red_round_the_size_of_a_seal_over_the_date_and_leaves_the_print_black(scans, record):
    scan = scans("seal")
    reds = [red(page).sum() for page in scan.pages]
    assert reds[:-1] == [0] * (len(reds) - 1) and reds[-1] > 0  # on the last page only
    ys, xs = np.nonzero(red(scan.pages[-1]))
    diameter_mm = (xs.max() - xs.min()) / scan.dpi * 25.4
    assert 36 <= diameter_mm <= 44  # a round seal 42 mm across (turned, unevenly inked)
    with source_pages(record) as source:
        (date_box,) = source[-1].search_for(dated_line(record))
    centre = ((date_box.x0 + date_box.x1) / 2 * scan.dpi / 72, (date_box.y0 + date_box.y1) / 2 * scan.dpi / 72)
    assert xs.min() < centre[0] < xs.max() and ys.min() < centre[1] < ys.max()
    inside = scan.pages[-1][ys.min():ys.max(), xs.min():xs.max()]
    assert (inside.max(axis=2) < 90).sum() > 100  # the date's black strokes still black under the red ink


def test_the_seal_over_the_table_covers_its_last_numbers(scans, record):
    scan = scans("seal_table")
    page = next(i for i, p in enumerate(scan.pages) if red(p).any())
    with source_pages(record) as source:
        assert "复议后起诉" in source[page].get_text() or "行政复议" in source[page].get_text()


def test_slant_shows_the_desk_at_the_corners_and_faint_print_has_no_black(scans):
    for page in scans("slant").pages:
        assert page[0, 0].max() < 120 and page[-1, -1].max() < 120  # desk grey, not paper white
    clean, faint = scans("clean").pages[0], scans("faint").pages[0]
    assert clean.min() < 30 and faint.min() > 90


def test_jpeg_noise_shows_in_a_blank_margin(scans):
    margin = scans("jpeg").pages[0][20:120, 20:120].astype(float)
    assert margin.std() > 2 and scans("clean").pages[0][20:120, 20:120].std() == 0


def test_a_handwritten_correction_makes_its_cell_null_with_a_note_and_blue_ink_on_the_page(scans, record):
    scan = scans("corrections")
    corrected = [n["key"] for n in scan.record["notes"] if n["note"] == CORRECTION_NOTE]
    assert len(corrected) == 2
    for key in corrected:
        assert record["fields"][key] >= 10 and scan.record["fields"][key] is None
    assert {k: v for k, v in scan.record["fields"].items() if k not in corrected} == \
        {k: v for k, v in record["fields"].items() if k not in corrected}
    assert scan.record["checks"] == broken_rules(scan.record["fields"])
    assert record["fields"][corrected[0]] is not None  # the caller's record is left as it was
    blue = sum(((p[..., 2].astype(int) - p[..., 0]) > 60).sum() for p in scan.pages)
    assert blue > 200


def test_the_command_line_writes_scans_with_their_gold(tmp_path):
    run = subprocess.run([sys.executable, "-m", "tests.generate", "--out", str(tmp_path), "--count", "2",
                          "--scans", "clean,corrections", "--scan-formats", "pdf,tiff"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["0000_ruled_clean.pdf", "0000_ruled_clean.pdf.json",
                     "0001_ruled_corrections.tif", "0001_ruled_corrections.tif.json"]
    assert (tmp_path / "0001_ruled_corrections.tif").read_bytes()[:4] == b"II*\x00"
    assert CORRECTION_NOTE in (tmp_path / "0001_ruled_corrections.tif.json").read_text(encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "tests.generate", "--out", str(tmp_path), "--scans", "smudge"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "smudge" in bad.stderr.splitlines()[-1]
