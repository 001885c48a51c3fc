"""Who issued a report (compare/bodies.py), the findings across two years (compare/findings.py) and
timeliness (compare/timeliness.py), on literal records whose answers are written out by hand."""
import json

import pytest

from compare.bodies import identify
from compare.findings import chain_view, cross_year
from compare.overrides import OverrideError, load
from compare.timeliness import RulesError, load_rules, timeliness


def body(org, year=2021, text=""):
    return identify({"org": org, "year": year, "sections": {"preamble": text}})


@pytest.mark.parametrize("a, b", [
    (("红椿镇",), ("红椿镇人民政府",)),
    (("洪泽县人民政府", 2015), ("洪泽区人民政府", 2023)),  # 2016: 洪泽县 became 洪泽区
    (("新津县人民政府", 2019), ("新津区人民政府", 2020)),
    (("淮安市洪泽区公安局",), ("洪泽区公安局",)),
    (("自然资源和规划局", 2021, "淮安市自然资源和规划局根据条例编制本报告"), ("淮安市自然资源和规划局",)),
    (("长安街道",), ("长安街道办事处",)),
    (("江 苏 省 人 民 政 府",), ("江苏省人民政府",)),
])
def test_name_variants_resolve_to_one_id(a, b):
    assert body(*a).id == body(*b).id


@pytest.mark.parametrize("a, b", [
    ("洪泽区公安局", "洪泽区人民政府"),  # a department is not its government
    ("北京市朝阳区人民政府", "吉林省长春市朝阳区人民政府"),  # one name, two districts
    ("淮安市公安局", "淮安市洪泽区公安局"),  # a city's bureau is not its district's
])
def test_different_bodies_get_different_ids(a, b):
    assert body(a).id != body(b).id


def test_region_level_kind_and_their_evidence():
    hongze = body("淮安市洪泽区自然资源局", 2022)
    assert hongze.region == {"province": "江苏省", "city": "淮安市", "county": "洪泽区", "town": None}
    assert (hongze.level, hongze.kind) == ("县级", "自然资源")
    assert hongze.evidence["kind"] == {"from": "org", "words": "自然资源"}
    renamed = body("洪泽县人民政府", 2015)
    assert renamed.name == "洪泽区人民政府" and renamed.region["county"] == "洪泽区"
    assert renamed.evidence["region"]["words"] == "洪泽县 (now 洪泽区)"
    assert (body("江苏省人民政府").level, body("江苏省人民政府").kind) == ("省级", "政府")
    assert (body("淮安市市场监督管理局").level, body("淮安市市场监督管理局").kind) == ("地市级", "市场监管")
    assert (body("自然资源部").level, body("自然资源部").kind) == ("国务院部门", "自然资源")
    town = body("洛碛镇", 2019, "渝北区洛碛镇人民政府坚持公开为常态")
    assert town.region == {"province": "重庆市", "city": "重庆市", "county": "渝北区", "town": "洛碛镇"}
    assert town.evidence["region"] == {"from": "sections.preamble", "words": "渝北区"}
    assert town.level == "乡镇/街道" and town.kind == "政府"


def test_what_cannot_be_told_is_none_with_a_note():
    chaoyang = body("朝阳区人民政府")  # 北京市 or 长春市: not guessed
    assert chaoyang.region["county"] is None
    assert chaoyang.level == "县级"  # both 朝阳区 are districts
    assert "朝阳区 names 2 divisions (北京市, 吉林省长春市): region left unknown" in chaoyang.notes
    assert body("某某市人民政府").level is None  # a 地级市 or a 县级市
    unknown = body("源兴县民宗局")  # 兴县 is a county, but 源兴县 is not: no region from inside a name
    assert unknown.region == {"province": None, "city": None, "county": None, "town": None}
    assert unknown.level == "县级"  # the name's 县 says so
    assert body("某某中心").kind is None
    assert identify({"org": "", "title": "", "year": 2020}) is None


def test_overrides_by_name_and_report(tmp_path):
    (tmp_path / "bodies.override.toml").write_text(
        '[names."红椿镇人民政府"]\nid = "hongchun"\nregion = {county = "巫溪县"}\n'
        '[reports."abc"]\nkind = "公安"\n', encoding="utf-8")
    overrides = load(tmp_path)
    fixed = identify({"org": "红椿镇", "year": 2020}, "abc", overrides)
    assert (fixed.id, fixed.region["county"], fixed.region["town"], fixed.kind) == ("hongchun", "巫溪县", "红椿镇", "公安")
    assert fixed.evidence["id"]["from"] == "override"
    assert identify({"org": "红椿镇人民政府", "year": 2020}, "x", overrides).id == "hongchun"  # as written
    assert identify({"org": "红椿镇党委", "year": 2020}, "x", overrides).id != "hongchun"
    (tmp_path / "bodies.override.toml").unlink()
    (tmp_path / "bodies.override.json").write_text(json.dumps({"names": {"a": {"id": "../x"}}}))
    with pytest.raises(OverrideError, match=r"bodies.override.json: names.a: id '../x'"):
        load(tmp_path)


def test_carried_in_against_last_years_carried_out_per_column():
    before = {"template": "2019", "fields": {"t3.carried_out.natural": 3, "t3.carried_out.total": 5, "t3.carried_out.legal": None}}
    this = {"template": "2021", "fields": {"t3.carried_in.natural": 3, "t3.carried_in.total": 7, "t3.carried_in.legal": 0,
                                           "t2.rules.in_force": 9}}
    result = cross_year(this, [chain_view(before)])
    assert result["findings"] == [{"rule": "yoy.t3.carried_in.total", "expected": 5, "found": 7}]  # blank counts as 0
    assert {s["rule"] for s in result["not_compared"]} == {"yoy.t2.rules.in_force", "yoy.t2.normative.in_force"}
    assert cross_year(this, [])["findings"] == []


def test_in_force_is_a_warning_between_two_2021_reports():
    before = {"template": "2021", "fields": {"t2.rules.in_force": 10, "t2.normative.in_force": 4}}
    this = {"template": "2021", "fields": {"t2.rules.issued": 2, "t2.rules.repealed": 1, "t2.rules.in_force": 11,
                                           "t2.normative.issued": 0, "t2.normative.repealed": 0, "t2.normative.in_force": 6}}
    assert cross_year(this, [chain_view(before)])["findings"] == [
        {"rule": "yoy.t2.normative.in_force", "expected": 4, "found": 6, "warning": True}]


def test_two_reports_of_last_year_that_disagree_give_no_finding():
    a = {"template": "2019", "fields": {"t3.carried_out.total": 5}}
    b = {"template": "2019", "fields": {"t3.carried_out.total": 6}}
    result = cross_year({"template": "2019", "fields": {"t3.carried_in.total": 9}}, [chain_view(a), chain_view(b)])
    assert result["findings"] == []
    assert "disagree" in result["not_compared"][0]["why"]


def test_timeliness_by_kind_and_date():
    county = body("洪泽区人民政府")
    bureau = body("洪泽区公安局")
    assert timeliness({"year": 2021, "published": "2022-03-31"}, county)["status"] == "on time"
    late = timeliness({"year": 2021, "published": "2022-04-02", "dated": "2022-01-01"}, county)
    assert (late["status"], late["late_days"], late["date_from"]) == ("late", 2, "published")
    dated = timeliness({"year": 2021, "dated": "2022-02-01"}, bureau)
    assert (dated["status"], dated["late_days"], dated["deadline"]) == ("late", 1, "2022-01-31")
    assert timeliness({"year": 2021}, bureau)["status"] == "unknown"
    assert timeliness({"year": 2021, "dated": "2022-02-01"}, body("某某市人民政府"))["status"] == "unknown"  # level unknown


def test_a_bad_deadline_table_names_the_file(tmp_path):
    (tmp_path / "deadlines.json").write_text('[{"deadline": "02-30"}]')
    with pytest.raises(RulesError, match="deadlines.json: rule 1: 02-30 is no day of the year"):
        load_rules(tmp_path)
