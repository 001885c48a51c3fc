"""The report page of a scanned report: the cells OCR was unsure of are boxed on the page image they
were read from and listed beside it (web/ocr_review.py).

The scan is a real image-only PDF from tests/gen/scan.py. Most tests give it a record whose `ocr`
part (the documented shape, web/ocr_review.py) has boxes taken from where the generator printed
the digits, archived as `nianbao ingest` archives a record, so the expectations are the
generator's; one ingests a photographed (slanted) scan through the real OCR reader. Flask's test client checks the
page and the image; headless Chromium checks that each box sits over its digits at the width the
page is shown.
"""
import io
import re

import numpy as np
import pytest
from PIL import Image

from search import archive
from tests.conftest import nianbao, require_tools
from tests.gen.record import random_record
from tests.gen.scan import image_file, image_pdf, printed_cells, scan_report
from tests.test_web_browser import browser, served  # noqa: F401 (the browser fixture)
from web.app import create_app
from web.pdf_pages import ZOOM

A4 = (595.28, 841.89)  # points: the generator's pages (fpdf2 A4, 210 × 297 mm)
UNSURE, SURE = 0.41, 0.97
LOW_NOTE = "OCR confidence 41% under the threshold; check the original"
INK = 128  # a pixel darker than this is print


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """(data folder, report id, image-report id, {key: (page from 0, box)} of the unsure cells, a sure cell's key).
    The record's `ocr` part counts pages from 1, as the OCR reader writes it."""
    scan = scan_report(random_record(5, "2019", blanks=0), "ruled", "clean", seed=5)
    cells = sorted(printed_cells(scan).items())
    unsure, sure = [c for c in cells if c[0].startswith("t3.")][:2], cells[0]
    record = dict(scan.record)
    record["ocr"] = {"pages": len(scan.pages), "cells": {
        key: {"page": page + 1, "box": list(box), "confidence": confidence, "text": str(record["fields"][key])}
        for (key, (page, box)), confidence in [*((c, UNSURE) for c in unsure), (sure, SURE)]}}
    record["notes"] = record["notes"] + [{"key": key, "note": LOW_NOTE} for key, _ in unsure]
    root = tmp_path_factory.mktemp("data")
    report = archive.store(root, image_pdf(scan), "scan.pdf", record)["id"]
    image = archive.store(root, image_file(scan, "tiff"), "scan.tif", record)["id"]
    return root, report, image, dict(unsure), sure[0]


@pytest.fixture
def client(scanned):
    return create_app(scanned[0], TESTING=True).test_client()


def test_unsure_cells_are_listed_with_their_reading_and_the_sure_one_is_not(client, scanned):
    _, report, _, unsure, sure = scanned
    page = client.get(f"/reports/{report}").get_data(as_text=True)
    assert f"识读存疑 {len(unsure)} 处" in page
    for key in unsure:
        assert 'class="ocr-box" id="ocr-box-' in page and f'data-key="{key}"><title>' in page  # boxed on the page image
        assert '<li id="ocr-cell-' in page and f'data-key="{key}"><strong>' in page  # and listed
    assert "把握 41%" in page and LOW_NOTE in page
    assert f'data-key="{sure}"' not in page.split('id="ocr-review"')[1].split("</section>")[0]


def test_each_box_is_its_cell_in_the_page_coordinates_of_its_overlay(client, scanned):
    _, report, _, unsure, _ = scanned
    page = client.get(f"/reports/{report}").get_data(as_text=True)
    for key, (_, (x0, y0, x1, y1)) in unsure.items():
        before, after = page.split(f'data-key="{key}"><title>')
        view_box = before.rsplit('viewBox="', 1)[1].split('"')[0]
        assert [float(v) for v in view_box.split()] == pytest.approx([0, 0, A4[0], A4[1]], abs=0.5)  # a scan rounds to pixels
        rect = re.search(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', after)
        assert [float(v) for v in rect.groups()] == pytest.approx([x0, y0, x1 - x0, y1 - y0], abs=0.01), key


def test_the_page_image_has_the_digits_under_each_box(client, scanned):
    _, report, _, unsure, _ = scanned
    for key, (page_number, (x0, y0, x1, y1)) in unsure.items():
        png = client.get(f"/reports/{report}/pages/{page_number}.png")
        assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
        grey = Image.open(io.BytesIO(png.data)).convert("L")
        inside = grey.crop(tuple(round(v * ZOOM) for v in (x0, y0, x1, y1)))
        assert np.asarray(inside).min() < INK, key


def test_the_tables_show_the_pages_ocr_read_them_from(client, scanned):
    _, report, _, unsure, _ = scanned
    page = client.get(f"/reports/{report}").get_data(as_text=True)
    t3 = page.split('id="section-t3"')[1].split("</section>")[0]
    for page_number, _ in unsure.values():
        assert f"/reports/{report}/pages/{page_number}.png" in t3


def test_a_scanned_tiff_shows_its_pages_and_opens_as_an_image(client, scanned):
    _, _, image, unsure, _ = scanned
    page_number = next(iter(unsure.values()))[0]
    page = client.get(f"/reports/{image}").get_data(as_text=True)
    assert f"/reports/{image}/pages/{page_number}.png" in page
    png = client.get(f"/reports/{image}/pages/{page_number}.png")
    assert png.status_code == 200
    assert abs(Image.open(io.BytesIO(png.data)).width - A4[0] * ZOOM) <= 2  # the scan and the render round to pixels
    original = client.get(f"/reports/{image}/original")
    assert original.mimetype == "image/tiff" and original.data.startswith(b"II*\x00")


@pytest.fixture(scope="module")
def server(scanned):
    with served(scanned[0]) as url:
        yield url


def test_in_a_browser_each_box_covers_its_digits_and_leads_to_its_line(server, browser, scanned):  # noqa: F811
    from selenium.webdriver.common.by import By

    _, report, _, unsure, _ = scanned
    browser.get_log("browser")  # what earlier tests left
    browser.get(f"{server}/reports/{report}")
    assert [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]] == []
    in_page_order = sorted(unsure.items(), key=lambda item: (item[1][0], item[1][1][1], item[1][1][0]))
    for number, (key, (_, (x0, y0, x1, y1))) in enumerate(in_page_order, 1):
        link = browser.find_element(By.ID, f"ocr-box-{number}")
        box = link.find_element(By.TAG_NAME, "rect")
        image = link.find_element(By.XPATH, "ancestor::div[@class='ocr-sheet']/img")
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0
        scale = image.rect["width"] / A4[0]
        assert link.get_attribute("data-key") == key
        assert box.rect["x"] - image.rect["x"] == pytest.approx(x0 * scale, abs=2)
        assert box.rect["y"] - image.rect["y"] == pytest.approx(y0 * scale, abs=2)
        assert box.rect["width"] == pytest.approx((x1 - x0) * scale, abs=2)
        assert box.rect["height"] == pytest.approx((y1 - y0) * scale, abs=2)
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", box)
        assert browser.execute_script("return location.hash") == f"#ocr-cell-{number}"
        assert browser.find_element(By.ID, f"ocr-cell-{number}").get_attribute("data-key") == key


def test_a_photographed_scan_ingested_through_the_reader_has_every_unsure_cell_boxed_over_print(tmp_path):
    require_tools("tesseract")
    scan = scan_report(random_record(71, "2021"), "ruled", "slant", seed=71)
    (tmp_path / "slant.pdf").write_bytes(image_pdf(scan))
    run = nianbao("ingest", tmp_path / "slant.pdf", "--data", tmp_path / "data")
    assert run.returncode == 0, run.stderr
    (entry,) = archive.entries(tmp_path / "data")
    noted = {n["key"] for n in entry["record"]["notes"] if n["note"].startswith("OCR confidence")}
    assert noted, "a page photographed at a slant leaves some digits unsure"
    client = create_app(tmp_path / "data", TESTING=True).test_client()
    page = client.get(f"/reports/{entry['id']}").get_data(as_text=True)
    review = page.split('id="ocr-review"')[1].split("</section>")[0]
    assert set(re.findall(r'class="ocr-box"[^>]*data-key="([^"]+)"', review)) == noted
    cells = entry["record"]["ocr"]["cells"]
    for key in noted:
        png = client.get(f"/reports/{entry['id']}/pages/{cells[key]['page'] - 1}.png")
        grey = Image.open(io.BytesIO(png.data)).convert("L")
        assert np.asarray(grey.crop(tuple(round(v * ZOOM) for v in cells[key]["box"]))).min() < INK, key
