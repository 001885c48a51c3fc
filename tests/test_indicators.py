"""Derived indicators (compare/indicators.py): literal values of hand-made fields, the unknown left
unknown, the documented table kept true, and `ind.<name>` filtering and sorting through the real CLI."""
import json

import pytest

from compare import indicators
from compare.indicators import INDICATORS
from scripts.indicators_doc import DOC, render
from search import archive
from tests.conftest import nianbao

FIELDS = {  # one report's 表三 and 表四 totals, as a reader would give them
    "t3.new.total": 40, "t3.granted.total": 20, "t3.partial.total": 5, "t3.total.total": 50,
    "t3.denied.secret.total": 2, "t3.denied.law.total": None, "t3.denied.process.total": 3,
    "t3.unable.not_held.total": 10, "t3.rejected.duplicate.total": 4,
    "t4.review.upheld": 3, "t4.review.corrected": 1, "t4.review.other": None, "t4.review.pending": 6,
    "t4.suit_direct.upheld": 1, "t4.suit_direct.corrected": 1, "t4.suit_after_review.corrected": 2,
}


def test_each_indicator_of_hand_made_fields():
    assert indicators.values(FIELDS) == {
        "granted_share": 0.5,  # (20 + 5) / 50
        "denied_share": 0.1,  # (2 + 3) / 50, the blank reason counting 0
        "unable_share": 0.2,
        "rejected_share": 0.08,
        "review_corrected": 0.25,  # 1 / (3 + 1), the six pending not decided
        "suit_corrected": 0.75,  # (1 + 2) / (1 + 1 + 2)
        "requests": 40,
        "requests_change": None,  # no previous report given
    }


def test_the_change_needs_the_previous_years_count():
    change = indicators.BY_NAME["requests_change"]
    assert indicators.value(change, FIELDS, {"t3.new.total": 20}) == 1.0  # doubled
    assert indicators.value(change, FIELDS, {"t3.new.total": 50}) == pytest.approx(-0.2)
    assert indicators.value(change, FIELDS, {"t3.new.total": 0}) is None
    assert indicators.value(change, FIELDS, {}) is None
    assert indicators.cases(change, FIELDS, {"t3.new.total": 20}) == 20


@pytest.mark.parametrize("fields", [
    {},  # no table read
    {"t3.granted.total": 3, "t3.total.total": 0},  # nothing decided
    {"t3.granted.total": 3, "t3.total.total": None},  # 总计 blank
    {"t4.review.pending": 2, "t4.review.corrected": None},  # every case pending
])
def test_a_rate_without_a_denominator_is_unknown(fields):
    values = indicators.values(fields)
    assert values["granted_share"] is None and values["review_corrected"] is None


def test_cases_is_what_a_rate_rests_on():
    assert indicators.cases(indicators.BY_NAME["granted_share"], FIELDS) == 50
    assert indicators.cases(indicators.BY_NAME["review_corrected"], FIELDS) == 4
    assert indicators.cases(indicators.BY_NAME["requests"], FIELDS) == 40


def test_the_document_is_what_the_script_writes_from_the_table():
    assert DOC.read_text(encoding="utf-8") == render(), "docs/indicators.md is out of date: run scripts/indicators_doc.py"
    text = DOC.read_text(encoding="utf-8")
    for indicator in INDICATORS:
        assert f"`{indicator.name}`" in text and indicator.label in text


def granted_share(fields):
    """A second, literal writing of the formula docs/indicators.md gives."""
    decided = fields.get("t3.total.total")
    if not decided:
        return None
    return ((fields.get("t3.granted.total") or 0) + (fields.get("t3.partial.total") or 0)) / decided


@pytest.fixture(scope="module")
def data(corpus, tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    run = nianbao("ingest", *sorted({path.parent for path in corpus}), "--data", root)
    assert run.returncode == 0, run.stderr
    return root


def search_json(root, *args):
    run = nianbao("search", *args, "--json", "--limit", "0", "--data", root)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_where_and_sort_on_an_indicator_through_the_cli(data):
    shares = {e["id"]: granted_share(e["record"]["fields"]) for e in archive.entries(data)}
    known = {i: s for i, s in shares.items() if s is not None}
    assert len(known) >= 3 and len(set(known.values())) >= 2
    cut = sorted(known.values())[len(known) // 2]
    found = search_json(data, "", "--where", f"ind.granted_share>={cut}")
    assert {hit["id"] for hit in found["hits"]} == {i for i, s in known.items() if s >= cut}
    ranked = search_json(data, "", "--sort=-ind.granted_share")["hits"]
    shown = [hit["indicators"]["granted_share"] for hit in ranked]
    assert shown[:len(known)] == sorted(known.values(), reverse=True) and shown[len(known):] == [None] * (len(ranked) - len(known))
    assert {hit["id"]: hit["indicators"]["granted_share"] for hit in ranked[:len(known)]} == pytest.approx(known)


def test_an_unknown_indicator_is_one_line_and_exit_2(data):
    run = nianbao("search", "", "--where", "ind.bogus>1", "--data", data)
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and "ind.bogus" in run.stderr


def test_group_shares_agree_with_the_schemas_group_sums_on_generated_records():
    from ingest.schema import group_sums
    from tests.gen.record import random_record

    for seed in range(60):
        fields = random_record(seed, blanks=0.3)["fields"]
        sums = group_sums(fields)
        decided = fields.get("t3.total.total")
        for group in ("denied", "unable", "rejected"):
            share = indicators.value(indicators.BY_NAME[f"{group}_share"], fields)
            expected = sums[f"t3.{group}.total"] / decided if decided and f"t3.{group}.total" in sums else None
            assert share == pytest.approx(expected) if expected is not None else share is None, (seed, group)
