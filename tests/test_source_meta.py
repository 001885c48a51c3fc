"""`published`, `dated`, `url` end to end: from the files and a crawl manifest, through `ingest`, into
`search --json`, date filters and sorting, the report page, `/api/reports/<id>`, `/api/search` and the CSV."""
import csv
import io
import json
import operator
import random

import pytest

from tests.conftest import nianbao
from tests.gen.record import random_record
from tests.gen.text import write_text
from tests.gen.variants import documents

# Reports with the date each is signed with; one page states its own publication date and address.
DATED = {"a.txt": "2020-01-15", "b.txt": "2021-02-20", "c.txt": "2022-03-10"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for n, (name, dated) in enumerate(DATED.items()):
        record = {**random_record(40 + n, "2019" if dated < "2021" else "2021", year=int(dated[:4]) - 1), "dated": dated}
        (folder / name).write_bytes(write_text(record, "tsv", "utf-8", random.Random(n)))
    name, data, record = documents("html-cms", 1, seed=7)[0]
    (folder / "page.html").write_bytes(data)
    return folder, record


@pytest.fixture(scope="module")
def data(inbox, tmp_path_factory):
    folder, page = inbox
    root = tmp_path_factory.mktemp("data")
    manifest = folder.parent / "manifest.csv"
    manifest.write_text("file,published,url\n"
                        "a.txt,2020-01-20 08:00,https://www.example.gov.cn/a.html\n"
                        "b.txt,2021年2月25日,\n"
                        "page.html,1999-01-01,https://elsewhere.example/page.html\n"  # the page states its own
                        "c.txt,soon,ftp://x\n", encoding="utf-8")
    run = nianbao("ingest", folder, "--data", root, "--manifest", manifest)
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2 and all("manifest.csv line 5" in w for w in warnings)
    return root


def hits(data, *args):
    run = nianbao("search", "--json", "--limit", "0", "--data", data, *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["hits"]


def by_title(data, *args):
    return {hit["title"]: hit for hit in hits(data, *args)}


def test_hits_carry_published_dated_url(data, inbox):
    page = inbox[1]
    got = {(h["published"], h["dated"], h["url"]) for h in hits(data)}
    assert got == {("2020-01-20", "2020-01-15", "https://www.example.gov.cn/a.html"),
                   ("2021-02-25", "2021-02-20", None),
                   (None, "2022-03-10", None),
                   (page["published"], page["dated"], page["url"])}
    assert page["published"] != "1999-01-01" and page["url"].startswith("https://www.example.gov.cn/")


def test_the_record_notes_what_came_from_the_manifest(data):
    from search import archive

    records = [e["record"] for e in archive.entries(data)]
    a = next(r for r in records if r["url"] == "https://www.example.gov.cn/a.html")
    assert {n["key"] for n in a["notes"] if "manifest" in n["note"]} == {"published", "url"}


# ISO dates order as strings do: an independent comparison to check the index's YYYYMMDD columns against.
COMPARE = {">=": operator.ge, "<": operator.lt, "=": operator.eq, "<=": operator.le, "!=": operator.ne}


@pytest.mark.parametrize("key,op,value", [("published", ">=", "2021-01-01"), ("published", "<=", "2020-12-31"),
                                          ("dated", "<", "2021-02-20"), ("dated", ">=", "2021-02-20"),
                                          ("dated", "=", "2022-03-10"), ("dated", "!=", "2022-03-10")])
def test_dates_filter_as_ranges(data, key, op, value):
    want = {h["id"] for h in hits(data) if h[key] is not None and COMPARE[op](h[key], value)}
    assert want
    assert {h["id"] for h in hits(data, "--where", f"{key}{op}{value}")} == want


def test_sort_by_date_and_bad_dates_refused(data):
    order = [h["dated"] for h in hits(data, "--sort=-dated")]
    assert order == sorted(order, reverse=True)
    run = nianbao("search", "--where", "published>=2021-02-30", "--data", data)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "2021-02-30" in run.stderr


def test_an_unreadable_manifest_stops_ingest_with_one_line(tmp_path, inbox):
    bad = tmp_path / "m.csv"
    bad.write_text("name;when\nx;y\n", encoding="utf-8")
    run = nianbao("ingest", inbox[0], "--data", tmp_path / "d", "--manifest", bad)
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and "m.csv" in run.stderr


def test_a_json_lines_manifest(tmp_path, inbox):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"file": str(inbox[0] / "c.txt"), "published": "2022-03-15T10:00:00+08:00",
                                    "url": "https://www.example.gov.cn/c.html"}) + "\n", encoding="utf-8")
    root = tmp_path / "d"
    assert nianbao("ingest", inbox[0] / "c.txt", "--data", root, "--manifest", manifest).returncode == 0
    (hit,) = hits(root)
    assert (hit["published"], hit["url"]) == ("2022-03-15", "https://www.example.gov.cn/c.html")


@pytest.fixture
def client(data):
    from web.app import create_app

    return create_app(data, TESTING=True).test_client()


def test_report_page_and_api_show_them(client, data):
    hit = next(h for h in hits(data) if h["url"] == "https://www.example.gov.cn/a.html")
    page = client.get(f"/reports/{hit['id']}").get_data(as_text=True)
    assert '<dd id="published">2020-01-20</dd>' in page and '<dd id="dated">2020-01-15</dd>' in page
    assert 'href="https://www.example.gov.cn/a.html"' in page
    record = client.get(f"/api/reports/{hit['id']}").get_json()
    assert (record["published"], record["dated"], record["url"]) == ("2020-01-20", "2020-01-15",
                                                                       "https://www.example.gov.cn/a.html")
    api = client.get("/api/search", query_string={"where": "published>=2020-01-01", "limit": 500}).get_json()
    assert {h["published"] for h in api["hits"]} == {h["published"] for h in hits(data, "--where", "published>=2020-01-01")}


def test_the_web_date_range_filter(client, data):
    response = client.get("/", query_string={"min:dated": "2021-01-01", "max:dated": "2021-12-31"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    expected = hits(data, "--where", "dated>=2021-01-01", "--where", "dated<=2021-12-31")
    assert f"共 <strong>{len(expected)}</strong> 份报告" in page
    assert all(h["title"] in page for h in expected)


def test_csv_export_carries_them(client, data):
    text = client.get("/export.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = {name.split("（")[0]: name for name in rows[0]}
    got = {(r[columns["published"]], r[columns["dated"]], r[columns["url"]], r[columns["tables_read"]]) for r in rows}
    want = {(h["published"] or "", h["dated"] or "", h["url"] or "", "是") for h in hits(data)}
    assert got == want
