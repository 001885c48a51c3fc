"""Never a silent empty record: reports whose tables could not be read (pre-2019 layouts, no table
at all) say so in `extract`, the ingest log, `stats`, search hits, the web pages, and can be filtered;
the scrambled-dump note only where cells out of order are the likely cause."""
import json
import random

import pytest

from ingest.extract import extract_bytes
from tests.conftest import nianbao
from tests.gen.gold import as_gold, differences
from tests.gen.pre2019 import pre2019_record, write_pre2019
from tests.gen.record import random_record
from tests.gen.text import write_text


def _no_tables_text(year=2021):
    """A titled report for `year` with the national headings and narrative but no table printed."""
    record = random_record(31, "2021" if year >= 2021 else "2019", year=year)
    s = record["sections"]
    lines = [record["title"], "一、总体情况", s["overview"], "二、主动公开政府信息情况", "详见附件。",
             "三、收到和处理政府信息公开申请情况", "详见附件。", "四、政府信息公开行政复议、行政诉讼情况", "详见附件。",
             "五、存在的主要问题及改进情况", s["problems"], "六、其他需要报告的事项", s["other"]]
    return record, "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize("kind", ["text", "html"])
@pytest.mark.parametrize("year", [2014, 2017, 2018])
def test_a_pre_2019_report_has_no_template_no_fields_and_a_note(kind, year):
    record = pre2019_record(year, year)
    got = extract_bytes(write_pre2019(record, kind, random.Random(year)), f"old.{kind}")
    assert got["template"] is None and got["fields"] == {} and got["checks"] == []
    assert [n["key"] for n in got["notes"]] == ["template"]
    note = got["notes"][0]["note"]
    assert str(year) in note and "2019" in note and "assumed" not in note
    # every narrative paragraph, 二–五 included, is in a section, so the report can be found by its text
    assert differences(got, as_gold(record)) == []


def test_a_2019_report_is_not_taken_for_an_old_one():
    """The year alone never decides: a 2019 report with the 2019 tables keeps them."""
    record = random_record(5, "2019", year=2019)
    got = extract_bytes(write_text(record, "tsv", "utf-8", random.Random(2)), "new.txt")
    assert got["template"] == "2019" and len(got["fields"]) == len(record["fields"])


def test_a_report_with_no_table_has_template_null():
    record, data = _no_tables_text(2021)
    got = extract_bytes(data, "no-tables.txt")
    assert got["title"] == record["title"] and got["template"] is None and got["fields"] == {}
    assert [n["key"] for n in got["notes"]] == ["template"]
    assert "assumed" not in got["notes"][0]["note"]


def test_extract_warns_on_stderr_and_keeps_exit_0(tmp_path):
    old = tmp_path / "old 2017.txt"
    old.write_bytes(write_pre2019(pre2019_record(1, 2017), "text", random.Random(1)))
    fine = tmp_path / "fine.txt"
    fine.write_bytes(write_text(random_record(2, "2021"), "tsv", "utf-8", random.Random(2)))
    run = nianbao("extract", old, fine)
    assert run.returncode == 0, run.stderr
    warnings = run.stderr.strip().splitlines()
    assert len(warnings) == 1 and str(old) in warnings[0] and "tables not read" in warnings[0] and "2017" in warnings[0]
    old_record, fine_record = json.loads(run.stdout)
    assert old_record["fields"] == {} and fine_record["fields"]
    assert nianbao("extract", fine).stderr == ""


def _shuffled_t3(record):
    """The record with each 表三 row's applicant cells rotated: every printed cell there, in the wrong place."""
    fields = dict(record["fields"])
    applicants = ["natural", "commercial", "research", "social", "legal", "other"]
    for row in {k[len("t3."):].rsplit(".", 1)[0] for k in fields if k.startswith("t3.")}:
        keys = [f"t3.{row}.{c}" for c in applicants]
        values = [fields[k] for k in keys]
        fields.update(zip(keys, values[1:] + values[:1]))
        fields[f"t3.{row}.total"] = (fields[f"t3.{row}.total"] or 0) + 7  # a total that no longer adds up
    return {**record, "fields": fields}


def _scrambled_note(got):
    return [n for n in got["notes"] if n["key"] == "fields" and "order" in n["note"]]


def test_blank_totals_are_not_blamed_on_a_scrambled_dump():
    record = random_record(8, "2021", zeros=0.05)
    fields = {k: (None if k.startswith("t3.") and k.endswith(".total") else v) for k, v in record["fields"].items()}
    got = extract_bytes(write_text({**record, "fields": fields}, "tsv", "utf-8", random.Random(4)), "blank-totals.txt")
    assert len(got["checks"]) >= 8  # every row and column rule of 表三 breaks: its totals were not printed
    assert _scrambled_note(got) == []


def test_cells_out_of_order_are_blamed_on_the_dump():
    record = _shuffled_t3(random_record(8, "2021", zeros=0.05))
    got = extract_bytes(write_text(record, "tsv", "utf-8", random.Random(4)), "scrambled.txt")
    assert len(got["checks"]) >= 8 and len(_scrambled_note(got)) == 1


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """An archive ingested by the CLI: two reports whose tables were read, a pre-2019 one, one with no table."""
    inbox, root = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("data")
    (inbox / "old.txt").write_bytes(write_pre2019(pre2019_record(4, 2016), "text", random.Random(4)))
    (inbox / "no-tables.txt").write_bytes(_no_tables_text(2022)[1])
    for seed in (1, 2):
        (inbox / f"new{seed}.txt").write_bytes(write_text(random_record(seed, "2021"), "tsv", "utf-8", random.Random(seed)))
    run = nianbao("ingest", inbox, "--data", root)
    assert run.returncode == 0, run.stderr
    assert "4 stored, 0 duplicate, 0 failed; 2 of those stored with tables not read" in run.stderr
    assert sum("stored, tables not read" in line for line in run.stderr.splitlines()) == 2
    return root


def _ids(root):
    log = [json.loads(line) for line in (root / "ingest-log.jsonl").read_text(encoding="utf-8").splitlines()]
    return {line["path"].rsplit("/", 1)[1]: line for line in log}


def test_the_ingest_log_says_tables_not_read(data):
    log = _ids(data)
    assert log["old.txt"]["status"] == "stored, tables not read" and "2016" in log["old.txt"]["reason"]
    assert log["no-tables.txt"]["status"] == "stored, tables not read"
    assert log["new1.txt"]["status"] == "stored" and "reason" not in log["new1.txt"]


def test_stats_count_them(data):
    stats = json.loads(nianbao("stats", "--json", "--data", data).stdout)
    assert sorted(r["id"] for r in stats["tables_not_read"]) == sorted(
        [_ids(data)["old.txt"]["id"], _ids(data)["no-tables.txt"]["id"]])
    text = nianbao("stats", "--data", data).stdout
    assert "reports with tables not read: 2" in text


def test_search_marks_and_filters_them(data):
    every = json.loads(nianbao("search", "--json", "--limit", "0", "--data", data).stdout)
    marks = {hit["id"]: hit["tables_read"] for hit in every["hits"]}
    log = _ids(data)
    assert marks == {log["old.txt"]["id"]: False, log["no-tables.txt"]["id"]: False,
                     log["new1.txt"]["id"]: True, log["new2.txt"]["id"]: True}
    unread = json.loads(nianbao("search", "--json", "--tables-read", "no", "--data", data).stdout)
    assert sorted(h["id"] for h in unread["hits"]) == sorted([log["old.txt"]["id"], log["no-tables.txt"]["id"]])
    read = json.loads(nianbao("search", "--json", "--tables-read", "yes", "--data", data).stdout)
    assert read["total"] == 2
    assert "(tables not read)" in nianbao("search", "--tables-read", "no", "--data", data).stdout


def test_a_pre_2019_reports_narrative_is_searchable(data):
    """Its 依申请公开 part (三、 of the old outline) is prose under the overview, and indexed."""
    found = json.loads(nianbao("search", "--json", "受理", "--data", data).stdout)
    assert _ids(data)["old.txt"]["id"] in [h["id"] for h in found["hits"]]


def test_the_web_marks_and_filters_them(data):
    from web.app import create_app

    client = create_app(data, TESTING=True).test_client()
    old_id = _ids(data)["old.txt"]["id"]
    page = client.get(f"/reports/{old_id}").get_data(as_text=True)
    assert 'id="tables-not-read"' in page and "表格未能读取" in page and "2016" in page
    new_page = client.get(f"/reports/{_ids(data)['new1.txt']['id']}").get_data(as_text=True)
    assert 'id="tables-not-read"' not in new_page
    hits = client.get("/", query_string={"tables_read": "no"}).get_data(as_text=True)
    assert "共 <strong>2</strong> 份报告" in hits and hits.count('class="notice error tables-not-read"') == 2
    api = client.get("/api/search", query_string={"tables_read": "no"}).get_json()
    assert {h["id"] for h in api["hits"]} == {old_id, _ids(data)["no-tables.txt"]["id"]}
    assert all(h["tables_read"] is False for h in api["hits"])
    assert client.get("/api/search", query_string={"tables_read": "maybe"}).status_code == 400


def test_an_upload_says_its_tables_were_not_read(tmp_path):
    import io

    from search import archive
    from tests.test_web import csrf_token
    from web.app import create_app

    client = create_app(tmp_path, TESTING=True).test_client()
    body = write_pre2019(pre2019_record(9, 2018), "html", random.Random(9))
    payload = {"file": (io.BytesIO(body), "old.html"), "csrf_token": csrf_token(client)}
    page = client.post("/upload", data=payload, content_type="multipart/form-data").get_data(as_text=True)
    assert 'data-status="stored"' in page and 'id="tables-not-read"' in page and "2018" in page
    (line,) = archive.read_log(tmp_path)
    assert line["status"] == "stored, tables not read" and "2018" in line["reason"]
