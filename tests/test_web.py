"""The web app through Flask's test client, on an archive ingested from the suite's own corpus
(tests/gen/corpus.py: five town reports as text, a district PDF): the JSON API agrees with search/,
CSRF, escaping of hostile report text, ids, upload, CSV."""
import csv
import io
import json
import re

import pytest

from search import archive
from search.store import ingest
from search.query.find import search
from tests.gen.corpus import PROCUREMENT_AMOUNT, text_report
from web import params, tables_html
from web.app import create_app

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_report(folder):
    """红椿镇's 2020 report with markup and a snippet-mark bracket opening its 一、总体情况 narrative."""
    data, _ = text_report(34, "红椿镇", 2020, narrative_prefix=f"恶意文本{HOSTILE}【未闭合\n")
    path = folder / "hostile.txt"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def data(corpus, tmp_path_factory, backend):
    root = backend.fresh(tmp_path_factory.mktemp("data"))
    inbox = tmp_path_factory.mktemp("in")
    counts = ingest(sorted(corpus) + [hostile_report(inbox)], root, stream=io.StringIO())
    assert counts == {"stored": 7, "duplicate": 0, "failed": 0}
    return root


@pytest.fixture
def client(data):
    return create_app(data, TESTING=True).test_client()


def report_id(data, title_part):
    return next(e["id"] for e in archive.entries(data) if title_part in e["record"]["title"])


def csrf_token(client):
    page = client.get("/upload").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_api_search_answers_what_search_answers(client, data):
    got = client.get("/api/search", query_string={"q": "公开", "where": "t3.new.total>=1", "sort": "-year"}).get_json()
    expected = search(data, "公开", where=["t3.new.total>=1"], sort="-year")
    assert {key: got[key] for key in ("total", "hits", "hint")} == expected
    assert got["total"] >= 1 and list(got) == ["total", "page", "offset", "limit", "next", "prev", "hits", "hint"] and got["hint"] is None
    assert set(got["hits"][0]) >= {"id", "title", "org", "year", "score", "snippets", "fields"}


def test_api_search_limit_and_bad_query(client):
    assert len(client.get("/api/search?limit=2").get_json()["hits"]) == 2
    assert client.get("/api/search?limit=0").status_code == 400  # no longer "everything"
    bad = client.get("/api/search", query_string={"where": "t9.nothing>1"})
    assert bad.status_code == 400 and "t9.nothing" in bad.get_json()["error"]


def test_api_report_is_the_record_with_its_body_and_timeliness(client, data):
    rid = report_id(data, "洪泽区")
    record = archive.load(data, rid)["record"]
    api = client.get(f"/api/reports/{rid}").get_json()
    assert {key: value for key, value in api.items() if key in record} == record
    assert api["body"]["name"] == "洪泽区人民政府" and api["body"]["level"] == "县级"
    assert api["timeliness"]["status"] in ("on time", "late", "unknown") and api["findings"] == []


@pytest.mark.parametrize("path", [
    "/reports/abc", "/reports/" + "0" * 64, "/reports/" + "A" * 64, "/reports/..%2F..%2Fweb-secret-key",
    "/reports/" + "0" * 64 + "/original", "/api/reports/../records", "/reports/" + "0" * 64 + "/pages/0.png",
])
def test_bad_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_api_404_is_json(client):
    response = client.get("/api/reports/" + "f" * 64)
    assert response.status_code == 404 and "error" in response.get_json()


def test_hostile_report_text_renders_inert(client, data):
    hostile_id = next(e["id"] for e in archive.entries(data) if "恶意文本" in e["record"]["sections"]["overview"])
    page = client.get(f"/reports/{hostile_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    hits = client.get("/", query_string={"q": "恶意文本"}).get_data(as_text=True)
    assert "<script>alert" not in hits and "<mark>恶意文本</mark>&lt;script&gt;" in hits


def test_upload_without_or_with_a_wrong_csrf_token_is_refused(client, data):
    before = archive.report_ids(data)
    payload = {"file": (io.BytesIO(b"whatever"), "x.txt")}
    assert client.post("/upload", data=payload, content_type="multipart/form-data").status_code == 400
    csrf_token(client)
    payload = {"file": (io.BytesIO(b"whatever"), "x.txt"), "csrf_token": "forged"}
    refused = client.post("/upload", data=payload, content_type="multipart/form-data")
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    assert archive.report_ids(data) == before


def test_upload_stores_then_knows_the_duplicate_and_explains_a_failure(corpus, tmp_path, backend):
    data = backend.fresh(tmp_path / "data")
    app = create_app(data, TESTING=True)
    client = app.test_client()
    body = next(path for path, record in corpus.items() if record["org"] == "红椿镇").read_bytes()

    def post(data, name):
        payload = {"file": (io.BytesIO(data), name), "csrf_token": csrf_token(client)}
        return client.post("/upload", data=payload, content_type="multipart/form-data")

    stored = post(body, "../../etc/红椿镇.txt")
    assert stored.status_code == 200 and 'data-status="stored"' in stored.get_data(as_text=True)
    rid = archive.content_id(body)
    assert archive.load(data, rid)["name"] == "红椿镇.txt"
    assert not (tmp_path.parent / "etc").exists() and not (tmp_path / "etc").exists()
    assert client.get("/api/search", query_string={"q": "红椿镇"}).get_json()["total"] == 1
    duplicate = post(body, "again.txt")
    assert 'data-status="duplicate"' in duplicate.get_data(as_text=True)
    assert archive.report_ids(data) == [rid]
    failed = post("这是一份购物清单，不是年报。".encode(), "list.txt")
    assert failed.status_code == 422 and "没有收入档案" in failed.get_data(as_text=True)


def test_upload_over_the_size_limit_is_explained(tmp_path):
    client = create_app(tmp_path, TESTING=True, MAX_CONTENT_LENGTH=1024).test_client()
    token = csrf_token(client)
    payload = {"file": (io.BytesIO(b"x" * 4096), "big.txt"), "csrf_token": token}
    response = client.post("/upload", data=payload, content_type="multipart/form-data")
    assert response.status_code == 413 and "上限" in response.get_data(as_text=True)


def test_export_csv_has_bom_labels_and_a_row_per_hit(client, data):
    response = client.get("/export.csv", query_string={"where": "year=2020"})
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:2] == ["id（编号）", "title（标题）"]
    assert "t2.procurement.amount（政府集中采购·采购总金额（万元））" in rows[0]
    assert len(rows) - 1 == search(data, where=["year=2020"], limit=0)["total"] == 5  # 4 towns of 2020, 1 hostile copy
    amount = rows[0].index("t2.procurement.amount（政府集中采购·采购总金额（万元））")
    assert str(PROCUREMENT_AMOUNT[1]) in [row[amount] for row in rows[1:]]
    denied = rows[0].index("t3.denied.total（（三）不予公开（各项之和）·总计）")
    parts = [i for i, head in enumerate(rows[0]) if head.startswith("t3.denied.") and ".total（" in head and i != denied]
    assert len(parts) == 8
    for row in rows[1:]:
        printed = [int(row[i]) for i in parts if row[i]]
        assert row[denied] == (str(sum(printed)) if printed else "")


def test_filter_form_redirects_to_a_shareable_url(client, data):
    form = {"q": "公开", "min:t3.new.total": "1", "max:t3.new.total": "", "pick_key": "t4.review.total",
            "pick_op": ">=", "pick_value": "1", "sort": ""}
    response = client.get("/", query_string=form)
    assert response.status_code == 302
    target = response.headers["Location"]
    assert "where=t3.new.total%3E%3D1" in target and "where=t4.review.total%3E%3D1" in target
    page = client.get(target).get_data(as_text=True)
    hits = search(data, "公开", where=["t3.new.total>=1", "t4.review.total>=1"], limit=0)["total"]
    assert 0 < hits < 7 and f'id="hit-count">共 <strong>{hits}</strong> 份报告' in page


def test_search_page_paginates(client, data):
    first = client.get("/", query_string={"page": "1"}).get_data(as_text=True)
    assert "共 <strong>7</strong> 份报告" in first
    assert client.get("/", query_string={"page": "0"}).status_code == 400
    words = client.get("/", query_string={"page": "abc"})
    assert words.status_code == 400 and "页码必须是整数，“abc”不是" in words.get_data(as_text=True)


def test_report_page_marks_failed_checks_and_shows_the_pdf_page(client, data):
    rid = report_id(data, "洪泽区")
    page = client.get(f"/reports/{rid}").get_data(as_text=True)
    assert re.search(r'class="num failed[^"]*"\s+data-key="t4.review.total"', page)
    assert "应为 11" in page
    image = re.search(rf'src="(/reports/{rid}/pages/\d+\.png)"', page).group(1)
    png = client.get(image)
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert client.get(f"/reports/{rid}/original").data.startswith(b"%PDF-")


def test_t3_layout_follows_the_template():
    fields = {f"t3.{row}.total": 0 for row in ("new", "granted", "handled_other.overdue_supplement",
                                               "handled_other.unpaid_fee", "handled_other.misc", "total")}
    record = {"template": "2021", "fields": fields, "checks": [{"rule": "t3.balance.total", "expected": 1, "found": 0}]}
    rows = tables_html.t3_rows(record)
    results = [c for row in rows for c in row if c.get("text") == tables_html.T3_RESULTS_LABEL][0]
    other = [c for row in rows for c in row if c.get("text") == "（六）其他处理"][0]
    assert other["rowspan"] == 3 and results["rowspan"] == 22  # (一) (二), 8 + 3 + 5 reasons, (六) in 3 parts, (七)
    cells = {c["key"]: c for row in rows for c in row if c.get("kind") == "value"}
    assert "t3.handled_other.total" not in cells
    assert cells["t3.total.total"]["checks"] and not cells["t3.new.total"]["checks"]
    assert occupied_widths(rows) == [10] * len(rows)


def occupied_widths(rows):
    """How many grid columns each row fills once rowspans from the rows above are counted, as a browser lays it out."""
    carried, widths = [], []
    for row in rows:
        width = sum(c["colspan"] for c in row) + sum(c["colspan"] for c, left in carried)
        widths.append(width)
        carried = [(c, left - 1) for c, left in carried if left > 1] + [(c, c["rowspan"] - 1) for c in row if c["rowspan"] > 1]
    return widths


def test_where_clauses_read_back_into_the_form():
    args = params.canonical(params.MultiDict([("where", "t3.new.total>=2"), ("where", "year=2020")]))
    ranges, others = params.range_values(args, ["t3.new.total"])
    assert ranges["t3.new.total"] == ["2", ""] and others == ["year=2020"]
    assert json.dumps(args.to_dict(flat=False))


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_table_row_fills_the_grid(data, template):
    record = next(e["record"] for e in archive.entries(data) if e["record"]["template"] == template)
    for table, width in zip(tables_html.tables(record), (4, 10, 15)):
        assert occupied_widths(table["rows"]) == [width] * len(table["rows"]), table["id"]
