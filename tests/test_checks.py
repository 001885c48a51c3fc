"""The consistency rules on hand-written tables, with the rule names SCHEMA.md gives, written out.

Each case is checked against `ingest.tables.checks` (the code) and `tests/gen/oracle.py` (the generator's
second implementation): both must find exactly the literal names here.
"""
import pytest

from ingest.tables.checks import check_fields
from tests.gen.oracle import broken_rules

COLUMNS = ["natural", "commercial", "research", "social", "legal", "other", "total"]
# A small 表三 that holds every rule: 5+1 new and carried in = 4+2 handled and carried out (自然人),
# 2+0 = 2+0 (商业企业), 7+1 = 6+2 (总计); each row's 总计 is its six applicants; 3+1 = 4 results.
TABLE_THREE = {
    "new": [5, 2, 0, 0, 0, 0, 7],
    "carried_in": [1, 0, 0, 0, 0, 0, 1],
    "granted": [3, 2, 0, 0, 0, 0, 5],
    "partial": [1, 0, 0, 0, 0, 0, 1],
    "handled_other": [0, 0, 0, 0, 0, 0, 0],
    "total": [4, 2, 0, 0, 0, 0, 6],
    "carried_out": [2, 0, 0, 0, 0, 0, 2],
}
TABLE_FOUR = {"review": [1, 2, 0, 1, 4], "suit_direct": [0, 0, 0, 0, 0], "suit_after_review": [0, 1, 0, 0, 1]}


def fields(**changes):
    """The tables above, with `changes` ({"t3.granted.natural": 2, ...}) written over them."""
    table = {f"t3.{row}.{column}": value
             for row, values in TABLE_THREE.items() for column, value in zip(COLUMNS, values)}
    table.update({f"t4.{group}.{column}": value for group, values in TABLE_FOUR.items()
                  for column, value in zip(["upheld", "corrected", "other", "pending", "total"], values)})
    for key, value in changes.items():
        table[key.replace("__", ".")] = value
    return table


def code(table):
    return sorted(c["rule"] for c in check_fields(table))


IMPLEMENTATIONS = pytest.mark.parametrize("broken", [code, broken_rules], ids=["ingest.tables.checks", "oracle"])


@IMPLEMENTATIONS
def test_a_table_whose_sums_hold_breaks_nothing(broken):
    assert broken(fields()) == []


@IMPLEMENTATIONS
def test_balance_new_plus_carried_in_is_total_plus_carried_out(broken):
    table = fields(**{"t3.carried_out.natural": 3, "t3.carried_out.total": 3})
    assert broken(table) == ["t3.balance.natural", "t3.balance.total"]


def test_a_finding_holds_the_sum_and_the_printed_value():
    table = fields(**{"t3.carried_out.natural": 3, "t3.carried_out.total": 3})
    assert check_fields(table) == [{"rule": "t3.balance.natural", "expected": 3, "found": 4},
                                   {"rule": "t3.balance.total", "expected": 5, "found": 6}]


@IMPLEMENTATIONS
def test_column_total_is_the_sum_of_the_result_rows(broken):
    table = fields(**{"t3.granted.commercial": 3, "t3.granted.total": 6})
    assert broken(table) == ["t3.total.commercial", "t3.total.total"]
    table = fields(**{"t3.denied.secret.research": 2, "t3.denied.secret.total": 2})
    assert broken(table) == ["t3.total.research", "t3.total.total"]
    table = fields(**{"t3.rejected.confirm.other": 1, "t3.rejected.confirm.total": 1})
    assert broken(table) == ["t3.total.other", "t3.total.total"]


@IMPLEMENTATIONS
def test_row_total_is_the_sum_of_the_six_applicant_columns(broken):
    assert broken({"t3.new.natural": 1, "t3.new.legal": 1, "t3.new.total": 3}) == ["t3.new.total"]
    assert broken(fields(**{"t3.partial.total": 9})) == ["t3.partial.total", "t3.total.total"]
    assert broken(fields(**{"t3.carried_in.social": 1})) == ["t3.balance.social", "t3.carried_in.total"]
    for row in ["denied.query", "unable.unclear", "rejected.petition", "handled_other.misc"]:
        assert broken({f"t3.{row}.commercial": 2, f"t3.{row}.total": 1}) == [f"t3.{row}.total"]


@IMPLEMENTATIONS
def test_the_total_rows_own_sum_is_a_rule_too(broken):
    table = fields(**{"t3.total.natural": 5})
    assert broken(table) == ["t3.balance.natural", "t3.total.natural", "t3.total.total"]


@IMPLEMENTATIONS
def test_table_four_total_is_its_four_results(broken):
    assert broken(fields(**{"t4.review.upheld": 2})) == ["t4.review.total"]
    assert broken(fields(**{"t4.suit_direct.pending": 1})) == ["t4.suit_direct.total"]
    assert broken(fields(**{"t4.suit_after_review.total": 0})) == ["t4.suit_after_review.total"]
    assert broken({"t4.review.upheld": 1, "t4.review.other": 1, "t4.review.total": 3}) == ["t4.review.total"]


@IMPLEMENTATIONS
def test_blank_cells_count_zero(broken):
    blank_row = {f"t3.handled_other.{column}": None for column in COLUMNS}
    assert broken(fields(**blank_row)) == []
    assert broken(fields(**{"t3.granted.natural": None})) == ["t3.granted.total", "t3.total.natural"]
    assert broken(fields(**{"t3.new.total": None})) == ["t3.balance.total", "t3.new.total"]
    assert broken(fields(**{"t4.review.total": None})) == ["t4.review.total"]
    assert broken({"t4.review.upheld": None, "t4.review.total": 0}) == []


def split_other(misc, overdue, unpaid):
    """The 2021 layout: (六) printed as its three parts, each holding one count from 自然人."""
    table = fields()
    for column in COLUMNS:
        del table[f"t3.handled_other.{column}"]
    for part, value in (("overdue_supplement", overdue), ("unpaid_fee", unpaid), ("misc", misc)):
        table.update({f"t3.handled_other.{part}.{column}": 0 for column in COLUMNS})
        table.update({f"t3.handled_other.{part}.natural": value, f"t3.handled_other.{part}.total": value})
    return table


@IMPLEMENTATIONS
def test_other_handling_as_one_row_or_as_its_three_parts(broken):
    one_row = fields(**{"t3.handled_other.natural": 2, "t3.handled_other.total": 2,
                        "t3.total.natural": 6, "t3.total.total": 8, "t3.carried_out.natural": 0,
                        "t3.carried_out.total": 0})
    assert broken(one_row) == []
    parts = split_other(1, 1, 0)
    parts.update({"t3.total.natural": 6, "t3.total.total": 8, "t3.carried_out.natural": 0, "t3.carried_out.total": 0})
    assert broken(parts) == []
    parts["t3.handled_other.unpaid_fee.natural"] = parts["t3.handled_other.unpaid_fee.total"] = 1
    assert broken(parts) == ["t3.total.natural", "t3.total.total"]


def test_the_shared_name_is_listed_once():
    """(七)总计's row sum and the 总计 column's result sum are both `t3.total.total`."""
    table = fields(**{"t3.total.total": 7})
    names = [c["rule"] for c in check_fields(table)]
    assert names.count("t3.total.total") == 1
    assert sorted(names) == ["t3.balance.total", "t3.total.total"]
    assert broken_rules(table) == ["t3.balance.total", "t3.total.total"]
