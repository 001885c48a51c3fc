"""The arithmetic the template prescribes (SCHEMA.md, "Consistency rules"), checked on a record's fields.

A broken rule is a finding about the report, never a reason to change a number.
"""
from .schema import T3_COLUMNS, T3_HANDLED_OTHER_PARTS, T3_RESULT_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS

_APPLICANTS = [c for c, _ in T3_COLUMNS if c != "total"]


def _value(fields, key):
    value = fields.get(key)
    return 0 if value is None else value


def _same(a, b):
    return abs(a - b) < 1e-6


def t3_result_rows(split_other):
    """The rows that add up to (七)总计: (六)其他处理 as one row, or as its three parts when the report splits it."""
    dropped = ("handled_other",) if split_other else T3_HANDLED_OTHER_PARTS
    return [r for r in T3_RESULT_ROWS if r not in dropped]


def rules(fields):
    """Every rule that applies to `fields`: (rule name, key of the printed value, expected value)."""
    if any(k.startswith("t3.") for k in fields):
        results = t3_result_rows(any(f"t3.{p}.total" in fields for p in T3_HANDLED_OTHER_PARTS))
        for col, _ in T3_COLUMNS:
            get = lambda row: _value(fields, f"t3.{row}.{col}")  # noqa: E731
            yield f"t3.balance.{col}", f"t3.total.{col}", get("new") + get("carried_in") - get("carried_out")
            yield f"t3.total.{col}", f"t3.total.{col}", sum(get(r) for r in results)
        for row, _ in T3_ROWS:
            yield f"t3.{row}.total", f"t3.{row}.total", sum(_value(fields, f"t3.{row}.{c}") for c in _APPLICANTS)
    for group, _ in T4_GROUPS:
        yield f"t4.{group}.total", f"t4.{group}.total", sum(
            _value(fields, f"t4.{group}.{c}") for c, _ in T4_COLUMNS if c != "total")


def check_fields(fields):
    """Every broken rule as {"rule", "expected", "found"}; `found` is the printed value."""
    findings = {}
    for name, key, expected in rules(fields):
        if key in fields and not _same(_value(fields, key), expected):
            findings.setdefault(name, {"rule": name, "expected": expected, "found": _value(fields, key)})
    return list(findings.values())


def discrepancy(fields):
    """How far the printed values are from what the rules expect, summed: 0 when every rule holds."""
    return sum(abs(_value(fields, key) - expected) for _, key, expected in rules(fields) if key in fields)
