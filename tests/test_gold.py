"""The gold comparison every reader test relies on (tests/gen/gold.py): if it passed everything,
the whole suite would stay green, so its rules are checked here on literal records."""
from tests.gen.gold import as_gold, differences, fields_right, gold_record

RECORD = {
    "schema": 1, "title": "红椿镇2020年政府信息公开工作年度报告", "org": "红椿镇", "year": 2020, "template": "2019",
    "published": None, "dated": "2021-01-20", "url": None,
    "sections": {"preamble": "", "overview": "我镇坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开。",
                 "problems": "一是公开内容不够全面。", "other": "无。"},
    "fields": {"t2.procurement.items": 20, "t2.procurement.amount": 4453.4018, "t3.new.total": 0, "t2.rules.made": None},
    "checks": ["t4.review.total"], "notes": [],
}


def reader_record(**changes):
    """What a perfect reader makes of RECORD, with `changes`; checks as the reader lists them."""
    fields = {**RECORD["fields"], **changes.pop("fields", {})}
    return {**RECORD, "checks": [{"rule": "t4.review.total", "expected": 11, "found": 0}], "fields": fields, **changes}


def test_a_perfect_record_has_no_differences():
    assert differences(reader_record(), gold_record(RECORD, "a.txt")) == []
    assert differences(reader_record(), as_gold(RECORD)) == []


def test_every_field_rule():
    gold = gold_record(RECORD, "a.txt")
    assert differences(reader_record(fields={"t2.procurement.items": 21}), gold) == ["t2.procurement.items: want 20, got 21"]
    assert differences(reader_record(fields={"t2.rules.made": 0}), gold) == ["t2.rules.made: want None, got 0"]
    assert differences(reader_record(fields={"t3.new.total": None}), gold) == ["t3.new.total: want 0, got None"]
    assert differences(reader_record(fields={"t3.new.total": False}), gold) == ["t3.new.total: want 0, got False"]
    assert differences(reader_record(fields={"t2.procurement.amount": 4453.4018004}), gold) == []  # within 1e-6
    assert differences(reader_record(fields={"t2.procurement.amount": 4453.401802}), gold) != []
    extra = reader_record(fields={"t4.review.total": 0})
    assert differences(extra, gold) == ["keys not in gold: ['t4.review.total']"]
    lost = reader_record()
    del lost["fields"]["t3.new.total"]
    assert differences(lost, gold) == ["t3.new.total: want 0, got 'missing'"]
    assert fields_right(reader_record(fields={"t2.procurement.items": 21, "t2.rules.made": 0}), gold) == 2


def test_meta_checks_and_sections():
    gold = gold_record(RECORD, "a.txt")
    assert differences(reader_record(title="红椿镇 2020 年政府信息公开工作年度报告"), gold) == []  # spaces do not count
    assert differences(reader_record(year=2021), gold) == ["year: want 2020, got 2021"]
    assert differences(reader_record(dated=None), gold) == ["dated: want '2021-01-20', got None"]
    assert differences(reader_record(checks=[]), gold) == ["checks: want ['t4.review.total'], got []"]
    cut = {**RECORD["sections"], "overview": "我镇坚持以习近平新时代中国特色社会主义思想为指导。"}
    assert any(d.startswith("sections.overview lacks") for d in differences(reader_record(sections=cut), gold))
    swallowed = {**RECORD["sections"], "overview": RECORD["sections"]["overview"] + "二、主动公开政府信息情况 第二十条"}
    assert differences(reader_record(sections=swallowed), gold) == [
        "sections.overview holds '第二十条'", "sections.overview holds '主动公开政府信息情况'"]
