"""End to end in Debian's headless Chromium: `nianbao ingest` the suite's own corpus (tests/gen/corpus.py),
`nianbao serve` it, then search, filter, open a report, upload a file and export CSV as a person would.

One server and one browser for the module. Selenium never downloads anything: the driver is
/usr/bin/chromedriver (apt: chromium-driver) and SE_OFFLINE is set.
"""
import csv
import io
import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import NIANBAO, ROOT, missing
from tests.gen.corpus import REVIEW_RESULTS, text_report

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
STARTUP_SECONDS = 30
FILE_INPUT_ATTEMPTS = 3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, process):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nianbao serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nianbao serve did not answer {url}")


@pytest.fixture(scope="module")
def server(corpus, tmp_path_factory):
    files = sorted(corpus)
    data = tmp_path_factory.mktemp("data")
    subprocess.run(NIANBAO + ["ingest", *map(str, files), "--data", str(data)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    with served(data) as url:
        yield url


@contextmanager
def served(data):
    """The URL of a real `nianbao serve` of `data` on a free loopback port, stopped on leaving."""
    port = free_port()
    process = subprocess.Popen(NIANBAO + ["serve", "--data", str(data), "--host", "127.0.0.1", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        missing("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # the console, where CSP violations are reported
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def css(driver, selector):
    return driver.find_element("css selector", selector)


def all_css(driver, selector):
    return driver.find_elements("css selector", selector)


def follow(driver, element, action="click"):
    """Click (or submit) and wait until the next page has replaced this one: reading the URL or the
    page straight after a click can still see the old page, which made these tests flaky."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old_page = css(driver, "html")
    getattr(element, action)()
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(old_page))


def choose_file(driver, url, path):
    """Open the upload page at `url` and put `path` in its file input. Chromedriver sometimes answers
    send_keys with "Node with given id does not belong to the document" when the input was found just
    as the page settled (seen once in a fresh-clone CI run): find it again and retry."""
    from selenium.common.exceptions import WebDriverException

    driver.get(url)
    for attempt in range(FILE_INPUT_ATTEMPTS):
        try:
            css(driver, "input[type=file]").send_keys(str(path))
            return
        except WebDriverException:
            if attempt == FILE_INPUT_ATTEMPTS - 1:
                raise
            time.sleep(0.5)


def hit_count(driver):
    return int(css(driver, "#hit-count strong").text)


def test_search_from_the_box(server, browser):
    browser.get(server + "/")
    box = css(browser, "input[name=q]")
    box.send_keys("依申请公开")
    follow(browser, box, "submit")
    assert "q=" in browser.current_url
    assert hit_count(browser) >= 1
    marks = [m.text for m in all_css(browser, ".hit .snippet mark")]
    assert marks and all(m == "依申请公开" for m in marks)
    assert all_css(browser, ".hit .numbers dd")
    assert css(browser, "svg.chart")  # the procurement histogram of the hits


def test_filter_by_a_range_and_remove_it(server, browser):
    browser.get(server + "/")
    everything = hit_count(browser)
    css(browser, "input[name='min:t3.new.total']").send_keys("1")
    follow(browser, css(browser, ".filters button[type=submit]"))
    assert "where=t3.new.total%3E%3D1" in browser.current_url
    filtered = hit_count(browser)
    assert 0 < filtered < everything
    assert css(browser, "input[name='min:t3.new.total']").get_attribute("value") == "1"
    follow(browser, css(browser, ".chips a"))
    assert hit_count(browser) == everything and "where=" not in browser.current_url


def test_open_a_report_from_a_hit(server, browser):
    browser.get(server + "/?org=洪泽区")
    follow(browser, css(browser, ".hit h3 a"))
    assert "洪泽区人民政府2023年" in css(browser, "h1").text
    failed = css(browser, "#table-t4 td.failed[data-key='t4.review.total']")
    assert f"应为 {sum(REVIEW_RESULTS.values())}" in failed.text
    assert len(all_css(browser, "#table-t3 th")) >= 10 and css(browser, "#table-t3 th.group").text.startswith("三、")
    image = css(browser, "#section-t3 .original-page img")
    browser.execute_script("arguments[0].scrollIntoView()", image)
    loaded = browser.execute_script(
        "const i = arguments[0]; return i.complete ? i.naturalWidth : new Promise(r => i.onload = () => r(i.naturalWidth))",
        image)
    assert loaded > 0
    assert css(browser, "#original-link").get_attribute("href").endswith("/original")


def test_upload_a_report(corpus, server, browser, tmp_path):
    original = next(path for path, record in corpus.items() if record["org"] == "红椿镇")
    upload = tmp_path / "红椿镇-新抓取.txt"
    upload.write_bytes(text_report(37, "红椿镇", 2021)[0])
    choose_file(browser, server + "/upload", upload)
    follow(browser, css(browser, "#upload-form button"))
    result = css(browser, "#upload-result")
    assert result.get_attribute("data-status") == "stored" and "红椿镇" in result.text
    assert css(browser, "#upload-result #table-t3")
    follow(browser, css(browser, "#report-link"))
    assert "红椿镇2021年" in css(browser, "h1").text
    assert len(all_css(browser, "#history svg.chart")) >= 1  # 红椿镇 now has 2020 and 2021 in the archive
    choose_file(browser, server + "/upload", original)
    follow(browser, css(browser, "#upload-form button"))
    assert css(browser, "#upload-result").get_attribute("data-status") == "duplicate"


def test_export_the_hits_as_csv(server, browser):
    browser.get(server + "/?year=2020")
    count = hit_count(browser)
    href = css(browser, "a.export").get_attribute("href")
    assert "year=2020" in href
    with urllib.request.urlopen(href) as response:
        body = response.read()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == count + 1 and rows[0][0] == "id（编号）"
    assert {row[3] for row in rows[1:]} == {"2020"}


def test_no_asset_comes_from_another_host(server, browser):
    browser.get(server + "/?q=公开")
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server) for u in urls)


def test_the_pages_break_no_rule_of_the_content_security_policy(server, browser):
    """Every kind of page, loaded under the policy web/headers.py sends: the browser reports no violation."""
    browser.get_log("browser")  # what earlier tests left
    browser.get(server + "/?q=公开")
    assert css(browser, "svg.chart")
    follow(browser, css(browser, ".hit h3 a"))
    assert css(browser, "h1")
    for path in ("/upload", "/?q=(", "/nope"):
        browser.get(server + path)
    rules = [entry["message"] for entry in browser.get_log("browser") if "Content Security Policy" in entry["message"]]
    assert rules == []
    assert browser.execute_script("return getComputedStyle(document.querySelector('header.site')).display") != "inline"


def test_click_a_facet_then_sort_by_a_column_header(server, browser):
    browser.get(server + "/")
    everything = hit_count(browser)
    year_facet = next(f for f in all_css(browser, "#facets .facet") if css(f, "h3").text == "年度")
    link = next(a for a in all_css(year_facet, "li a") if a.text == "2020 年度")
    count = int(css(link.find_element("xpath", ".."), ".count").text)
    follow(browser, link)
    assert hit_count(browser) == count < everything and "year=2020" in browser.current_url
    follow(browser, css(browser, "#view-table"))
    follow(browser, next(a for a in all_css(browser, "#results-table th a.sort") if a.text.startswith("新收申请")))
    assert "sort=t3.new.total" in browser.current_url and "▲" in css(browser, "th[aria-sort=ascending]").text

    def column():
        cells = all_css(browser, "#results-table td[data-key='t3.new.total']")
        return [int(c.text.replace(",", "")) for c in cells if c.text]

    assert column() == sorted(column()) and len(column()) == count
    follow(browser, css(browser, "th[aria-sort=ascending] a.sort"))
    assert "▼" in css(browser, "th[aria-sort=descending]").text
    assert column() == sorted(column(), reverse=True)
    follow(browser, css(browser, "#facets li.chosen a.off"))
    assert hit_count(browser) == everything


def test_chart_labels_are_drawn_inside_the_chart(server, browser):
    """The axis of a large amount (917,239.69 万元) once started left of the picture and lost its digits."""
    import base64

    from web import charts

    svg = charts.by_year([(2019, 12.5, True), (2020, 917239.69, True), (2022, None, False)], "采购金额", "万元")
    html = (f'<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{server}/static/style.css">'
            f'</head><body><figure class="chart-box">{svg}</figure></body></html>')
    browser.get("data:text/html;base64," + base64.b64encode(html.encode()).decode())
    boxes = browser.execute_script(
        "return document.fonts.ready.then(() => [...document.querySelectorAll('svg.chart text')].map(t => {"
        " const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width]; }))")
    assert any("917,239.69" == text for text, _, _ in boxes) and any("模板无此项" in text for text, _, _ in boxes)
    assert all(left >= 0 and right <= charts.WIDTH for _, left, right in boxes), boxes
