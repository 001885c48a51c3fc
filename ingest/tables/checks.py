"""The arithmetic the template prescribes (SCHEMA.md, "Consistency rules"), checked on a record's fields.

A broken rule is a finding about the report, never a reason to change a number. The same rules
tell placement (ingest/tables/placement.py) which arrangements of a row's values fit.
"""
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ingest.schema import T3_COLUMNS, T3_HANDLED_OTHER_PARTS, T3_RESULT_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS, Fields, Number

_APPLICANTS = [c for c, _ in T3_COLUMNS if c != "total"]
TOLERANCE = 1e-6  # a sum of money in 万元 with decimals holds when it is off by float rounding only


@dataclass(frozen=True)
class Rule:
    """The printed value at `key` should equal the sum of `parts` ((key, coefficient) pairs)."""
    name: str
    key: str
    parts: tuple

    def terms(self) -> dict[str, Number]:
        """{key: coefficient} whose weighted sum is 0 when the rule holds."""
        terms = {self.key: 1}
        for key, coef in self.parts:
            terms[key] = terms.get(key, 0) - coef
        return terms


def _value(fields, key):
    value = fields.get(key)
    return 0 if value is None else value


def t3_result_rows(split_other: bool) -> list[str]:
    """The rows that add up to (七)总计: (六)其他处理 as one row, or as its three parts when the report splits it."""
    dropped = ("handled_other",) if split_other else T3_HANDLED_OTHER_PARTS
    return [r for r in T3_RESULT_ROWS if r not in dropped]


def t3_expected_rows(rows: Collection[str]) -> list[str]:
    """Every 表三 row the template prints, given the rows a report shows (which form of (六) it uses)."""
    split = any(p in rows for p in T3_HANDLED_OTHER_PARTS)
    dropped = ("handled_other",) if split else T3_HANDLED_OTHER_PARTS
    return [r for r, _ in T3_ROWS if r not in dropped]


def rules(keys: Iterable[str]) -> list[Rule]:
    """Every rule over a table holding `keys` (a record's fields, or the keys a reader is placing)."""
    keys = set(keys)
    found = []
    if any(k.startswith("t3.") for k in keys):
        results = t3_result_rows(any(f"t3.{p}.total" in keys for p in T3_HANDLED_OTHER_PARTS))
        for col, _ in T3_COLUMNS:
            at = lambda row: f"t3.{row}.{col}"  # noqa: E731
            found.append(Rule(f"t3.balance.{col}", at("total"), ((at("new"), 1), (at("carried_in"), 1), (at("carried_out"), -1))))
            found.append(Rule(f"t3.total.{col}", at("total"), tuple((at(r), 1) for r in results)))
        for row, _ in T3_ROWS:
            found.append(Rule(f"t3.{row}.total", f"t3.{row}.total", tuple((f"t3.{row}.{c}", 1) for c in _APPLICANTS)))
    for group, _ in T4_GROUPS:
        found.append(Rule(f"t4.{group}.total", f"t4.{group}.total",
                          tuple((f"t4.{group}.{c}", 1) for c, _ in T4_COLUMNS if c != "total")))
    return found


def check_fields(fields: Fields, unknown: Iterable[str] = ()) -> list[dict]:
    """Every broken rule as {"rule", "expected", "found"}; `found` is the printed value.

    A rule that reads a cell in `unknown` (left null because the source did not say which cell
    a value stood in) is not checked: its sum would be a guess.
    """
    unknown = set(unknown)
    findings = {}
    for rule in rules(fields):
        if rule.key not in fields or unknown & {rule.key, *(key for key, _ in rule.parts)}:
            continue
        expected = sum(coef * _value(fields, key) for key, coef in rule.parts)
        if abs(_value(fields, rule.key) - expected) >= TOLERANCE:
            findings.setdefault(rule.name, {"rule": rule.name, "expected": expected, "found": _value(fields, rule.key)})
    return list(findings.values())
