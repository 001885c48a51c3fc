"""Two reports side by side (compare/diff.py, `nianbao compare`, `/api/compare`, `/compare`): numbers
marked where they differ, the 2019/2021 boundary respected, sentences that stayed, changed, were added."""
import json

import pytest

from compare.diff import compare, narrative, table_rows
from ingest.schema import field_keys
from search import archive
from tests.conftest import nianbao
from tests.gen.corpus import text_report
from web.app import create_app

EARLIER = {"template": "2019", "year": 2020, "fields": {"t3.new.total": 12, "t3.granted.total": 5, "t3.partial.total": None,
                                                        "t2.procurement.items": 3, "t4.review.total": 1}}
LATER = {"template": "2019", "year": 2021, "fields": {"t3.new.total": 15, "t3.granted.total": 5, "t3.partial.total": 2,
                                                      "t2.procurement.items": 3}}


def by_key(rows):
    return {row["key"]: (row["a"], row["b"], row["change"], row["status"]) for row in rows}


def test_numbers_are_marked_changed_same_or_one_sided():
    rows, not_carried = table_rows(EARLIER, LATER)
    assert by_key(rows) == {
        "t3.new.total": (12, 15, 3, "changed"),
        "t3.granted.total": (5, 5, 0, "same"),
        "t3.partial.total": (None, 2, None, "only_b"),
        "t2.procurement.items": (3, 3, 0, "same"),
        "t4.review.total": (1, None, None, "only_a"),
    }
    assert not_carried == []


def test_across_the_2019_2021_boundary_only_what_means_the_same_is_compared():
    later = {"template": "2021", "fields": {"t3.new.total": 20, "t2.rules.issued": 4, "t2.license.decisions": 9}}
    earlier = {**EARLIER, "fields": {**EARLIER["fields"], "t2.license.decisions": 7, "t2.license.prev": 30}}
    rows, not_carried = table_rows(earlier, later)
    compared = by_key(rows)
    assert compared["t3.new.total"] == (12, 20, 8, "changed")
    assert compared["t2.license.decisions"] == (7, 9, 2, "changed")  # 处理决定数量 in both layouts
    assert "t2.rules.issued" not in compared and "t2.procurement.items" not in compared and "t2.license.prev" not in compared
    # the keys one layout prints and the other does not: listed, literally
    assert {"t2.procurement.items", "t2.license.prev", "t2.rules.made", "t2.rules.issued", "t2.fees.amount"} <= set(not_carried)
    assert not {"t2.license.decisions", "t2.penalty.decisions", "t3.new.total", "t4.review.total"} & set(not_carried)
    assert set(not_carried) == set(field_keys("2019")) ^ set(field_keys("2021"))


def test_sentences_stayed_changed_added_removed():
    before = "我局高度重视政务公开工作。2020年共收到申请12件，全部按时答复。全年未发生行政复议。"
    after = "我局高度重视政务公开工作。\n2021年共收到申请15件，全部按时答复。今年新建了政务公开专区。"
    assert [(p["status"], p["a"], p["b"]) for p in narrative(before, after)] == [
        ("stayed", "我局高度重视政务公开工作。", "我局高度重视政务公开工作。"),
        ("removed", "全年未发生行政复议。", None),
        ("changed", "2020年共收到申请12件，全部按时答复。", "2021年共收到申请15件，全部按时答复。"),
        ("added", None, "今年新建了政务公开专区。"),
    ]


def test_full_width_and_spacing_do_not_make_a_sentence_differ():
    parts = narrative("共收到申请１２件， 全部办结。", "共收到申请12件，全部办结。")
    assert [p["status"] for p in parts] == ["stayed"]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory, backend):
    """One town's 2020 report and its 2021 report, whose overview gains a sentence, ingested by the CLI
    (into a data folder, and into PostgreSQL: the `backend` fixture)."""
    folder, root = tmp_path_factory.mktemp("in"), backend.fresh(tmp_path_factory.mktemp("data"))
    first, first_record = text_report(41, "红椿镇", 2020)
    second, second_record = text_report(42, "红椿镇", 2021, narrative_prefix="今年新建了政务公开专区。\n")
    (folder / "2020.txt").write_bytes(first)
    (folder / "2021.txt").write_bytes(second)
    assert nianbao("ingest", folder, "--data", root).returncode == 0
    ids = {e["record"]["year"]: e["id"] for e in archive.entries(root)}
    return root, ids, first_record, second_record


def test_the_cli_and_the_api_agree_with_the_records(two_years):
    root, ids, first, second = two_years
    run = nianbao("compare", ids[2020][:10], ids[2021], "--json", "--data", root)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    truth = {key for key in set(first["fields"]) | set(second["fields"]) if first["fields"].get(key) != second["fields"].get(key)}
    assert {row["key"] for row in result["fields"] if row["status"] not in ("same", "blank")} == truth
    assert result["a"]["id"] == ids[2020] and result["b"]["year"] == 2021
    added = [p["b"] for p in result["narrative"]["overview"] if p["status"] == "added"]
    assert "今年新建了政务公开专区。" in added
    client = create_app(root, TESTING=True).test_client()
    answer = client.get(f"/api/compare?a={ids[2020]}&b={ids[2021]}")
    assert answer.status_code == 200 and answer.get_json()["fields"] == result["fields"]
    page = client.get(f"/compare?a={ids[2020]}&b={ids[2021]}").get_data(as_text=True)
    assert "<ins>今年新建了政务公开专区。</ins>" in page and 'class="status-changed"' in page
    text = nianbao("compare", ids[2020], ids[2021], "--data", root).stdout
    assert "+ 今年新建了政务公开专区。" in text


def test_a_bad_id_is_one_line_and_exit_2(two_years):
    root, ids, _, _ = two_years
    run = nianbao("compare", "0000", ids[2021], "--data", root)
    assert run.returncode == 2 and run.stderr.strip() == "nianbao: 0000: no archived report has that id"
    client = create_app(root, TESTING=True).test_client()
    assert client.get(f"/api/compare?a={'0' * 64}&b={ids[2021]}").status_code == 404
    assert client.get("/api/compare?a=").status_code == 400


def test_compare_of_two_records_counts_its_sentences():
    result = compare({**EARLIER, "sections": {"overview": "甲。乙。"}}, {**LATER, "sections": {"overview": "甲。丙丙丙。"}})
    assert result["sentences"] == {"stayed": 1, "changed": 0, "added": 1, "removed": 1}
    assert result["changed"] == 3
