"""A cohort ranked on an indicator (compare/cohort.py): order, the robust outlier rule, the bodies left
out for too few cases, quantiles against numpy, CSV. Expected values worked out by hand below."""
import numpy as np
import pytest

from compare import cohort
from compare.cohort import Member, rank
from compare.indicators import BY_NAME

GRANTED = {"a": 48, "b": 49, "c": 50, "d": 50, "e": 50, "f": 51, "g": 52, "h": 95}  # of 100 decided each


def member(body, granted, decided, previous=None):
    return Member({"id": body, "name": f"{body}镇", "level": "乡镇/街道", "kind": "政府", "region": {"county": "某县"}},
                  f"report-{body}", f"{body}镇", 2021, {"t3.granted.total": granted, "t3.total.total": decided}, previous)


@pytest.fixture
def result():
    members = [member(body, granted, 100) for body, granted in GRANTED.items()]
    members += [member("few", 4, 5), member("none", 0, 0)]
    return rank(members, BY_NAME["granted_share"], min_cases=10)


def test_ranked_highest_first_with_the_far_one_marked(result):
    assert [row["body_id"] for row in result["ranked"]] == ["h", "g", "f", "c", "d", "e", "b", "a"]
    assert [row["rank"] for row in result["ranked"]] == list(range(1, 9))
    # median 0.5; deviations 0 0 0 .01 .01 .02 .02 .45 → MAD 0.01; bounds 0.5 ± 3 × 1.4826 × 0.01
    assert result["median"] == pytest.approx(0.5) and result["mad"] == pytest.approx(0.01)
    assert result["bounds"] == pytest.approx([0.5 - 0.044478, 0.5 + 0.044478])
    assert {row["body_id"]: row["outlier"] for row in result["ranked"] if row["outlier"]} == {"h": "high"}


def test_bodies_with_too_few_cases_are_left_out_and_said_why(result):
    assert [(row["body_id"], row["status"], row["cases"]) for row in result["left_out"]] == [
        ("none", "no_value", 0), ("few", "too_few_cases", 5)]
    assert result["min_cases"] == 10
    lowered = rank([member("few", 4, 5)], BY_NAME["granted_share"], min_cases=5)
    assert [row["body_id"] for row in lowered["ranked"]] == ["few"]


def test_the_distribution_agrees_with_numpy(result):
    values = [granted / 100 for granted in GRANTED.values()]
    for name, q in (("p10", 0.1), ("p25", 0.25), ("p50", 0.5), ("p90", 0.9)):
        assert result["quantiles"][name] == pytest.approx(np.quantile(values, q))


def test_a_change_is_ranked_against_the_previous_years_count():
    members = [member("x", 1, 1), member("y", 1, 1)]
    members[0].fields["t3.new.total"], members[1].fields["t3.new.total"] = 30, 10
    members = [Member(**{**m.__dict__, "previous": {"t3.new.total": before}}) for m, before in zip(members, (15, 20))]
    result = rank(members, BY_NAME["requests_change"], min_cases=10)
    assert [(row["body_id"], row["value"], row["cases"]) for row in result["ranked"]] == [("x", 1.0, 15), ("y", -0.5, 20)]


def test_csv_holds_every_body_with_its_status(result):
    rows = cohort.csv_rows(result)
    assert rows[0][:5] == ["rank", "status", "outlier", "value", "cases"]
    assert [row[5] for row in rows[1:]] == ["h", "g", "f", "c", "d", "e", "b", "a", "none", "few"]
    assert rows[1][:4] == [1, "ranked", "high", 0.95] and rows[-1][1] == "too_few_cases"
