"""A body's page, `/bodies`, the JSON API and the CSV on a generated multi-year archive (tests/gen/years.py):
the same answers as the CLI, and the generator's truth on the page; in a data folder and in PostgreSQL
(the `backend` fixture)."""
import csv
import io

import pytest

from tests.conftest import nianbao, succeeded_json
from tests.gen.years import make_archive


@pytest.fixture(scope="module")
def data(tmp_path_factory, backend):
    base = tmp_path_factory.mktemp("bodies-web")
    truths = make_archive(base / "files", seed=5)
    root = backend.fresh(base / "data")
    assert nianbao("ingest", base / "files", "--data", root).returncode == 0
    return root, truths


@pytest.fixture(scope="module")
def client(data):
    from web.app import create_app

    return create_app(data[0], TESTING=True).test_client()


def _cli(root, *args):
    return succeeded_json(nianbao(*args, "--json", "--data", root))


def test_api_bodies_answer_what_the_cli_answers(client, data):
    root, _ = data
    assert client.get("/api/bodies").get_json() == _cli(root, "bodies")
    assert client.get("/api/bodies", query_string={"kind": "政府"}).get_json() == _cli(root, "bodies", "--kind", "政府")
    some = _cli(root, "bodies")[0]
    assert client.get(f"/api/bodies/{some['id']}").get_json() == _cli(root, "body", some["id"])
    assert client.get("/api/bodies/nobody").status_code == 404
    assert client.get("/bodies/..%2F..%2Fetc").status_code == 404


def test_report_api_and_search_hits_carry_body_timeliness_and_findings(client, data):
    root, truths = data
    hits = client.get("/api/search", query_string={"limit": 500}).get_json()["hits"]
    assert len(hits) == len(truths)
    for hit in hits:
        record = client.get(f"/api/reports/{hit['id']}").get_json()
        assert record["org"] == hit["org"]
        assert (record["body"], record["timeliness"], record["findings"]) == (hit["body"], hit["timeliness"], hit["findings"])
    late = client.get("/api/search", query_string={"timeliness": "late", "limit": 500}).get_json()["hits"]
    assert {(h["org"], h["year"]) for h in late} == {(t.org, t.year) for t in truths if t.late_days > 0}


def test_body_page_shows_years_changes_findings_and_links(client, data):
    root, truths = data
    mine = sorted((t for t in truths if t.body == "jiangsu"), key=lambda t: t.year)
    (body,) = [b for b in _cli(root, "bodies") if b["name"] == "江苏省人民政府"]
    page = client.get(f"/bodies/{body['id']}").get_data(as_text=True)
    assert page.count('href="/reports/') >= len(mine)
    for before, after in zip(mine, mine[1:]):
        delta = after.record["fields"]["t3.new.total"] - before.record["fields"]["t3.new.total"]
        if delta:
            assert f"{delta:+,}</small>" in page  # thousands separated, as pages show numbers
        for rule, (expected, found) in after.findings.items():
            assert f"按上年应为 {expected:,}，本年为 {found:,} <code>{rule}</code>" in page
    assert "<svg" in page  # the charts over the years
    listing = client.get("/bodies", query_string={"level": "省级"}).get_data(as_text=True)
    assert f'href="/bodies/{body["id"]}"' in listing and "1 个机关" in listing


def test_csv_export_has_the_body_and_timeliness_columns(client, data):
    _, truths = data
    text = client.get("/export.csv", query_string={"kind": "公安"}).get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == sum(t.body == "hongze-ga" for t in truths)
    late = {(t.org, str(t.year)): str(t.late_days) for t in truths}
    for row in rows:
        assert row["body.kind（职能）"] == "公安" and row["body.region.county（县区）"] == "洪泽区"
        assert row["timeliness.late_days（逾期天数）"] == late[(row["org（机关）"], row["year（年度）"])]
