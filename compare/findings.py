"""Findings across years (SCHEMA.md "Findings across years"): a report against its body's report of the year before.

- `yoy.t3.carried_in.<c>`: this year's 二、上年结转 (column c) against last year's 四、结转下年度继续办理.
  表三 has the same rows in both layouts, so this carries over the 2019/2021 boundary.
- `yoy.t2.<row>.in_force` (a warning: documents also expire): this year's 现行有效件数 against last
  year's plus 本年制发 minus 本年废止. Only between two 2021-layout reports: the 2019 layout's 表二
  counts 本年新制作/本年新公开/对外公开总数量, which do not carry over (`not_compared` says so).

A blank cell counts as 0, as in the within-report checks; a row a report does not have is not
compared, nor is a cell the reader left null with a note (unsure of it): its value would be a guess.
When the year before has several reports that disagree on a value, nothing is found
for it and `not_compared` says why: a finding is never a guess.
"""
from __future__ import annotations

from ingest.record import tables_not_read
from ingest.schema import T3_COLUMNS

IN_FORCE_ROWS = ("rules", "normative")
WARNING_RULES = tuple(f"yoy.t2.{row}.in_force" for row in IN_FORCE_ROWS)


def _carries_over(key: str) -> bool:
    return key.startswith("t3.carried_out.") or key.endswith(".in_force")


def chain_view(record: dict) -> dict:
    """What a later report's findings need of a record: its layout, whether its tables were read, and
    the cells that carry over (结转下年度, 现行有效件数), with those the reader was unsure of. Small enough
    to keep for every report of an archive."""
    fields = record.get("fields") or {}
    return {"template": record.get("template"), "unread": bool(tables_not_read(record)),
            "fields": {k: v for k, v in fields.items() if _carries_over(k)},
            "unsure": sorted(k for k in unsure_keys(record) if _carries_over(k))}


def unsure_keys(record: dict) -> set[str]:
    """The cells the reader left null and said why in `notes`: not blank in the report, unknown."""
    fields = record.get("fields") or {}
    return {note.get("key") for note in record.get("notes") or [] if note.get("key") in fields
            and fields[note["key"]] is None}


class Unsure(Exception):
    """A cell a finding needs is null with a note; str() names it."""


def _value(fields: dict, key: str, unsure=()) -> int | float | None:
    """The cell as the checks count it (blank = 0), or None when the report has no such row; Unsure
    when the reader left it null with a note."""
    if key not in fields:
        return None
    if key in unsure:
        raise Unsure(f"{key} is null with a note (the reader was unsure of it)")
    return fields[key] or 0


def _previous_value(previous: list[dict], key: str):
    """(value, why not) of `key` over last year's reports: one value they all agree on, else a reason."""
    try:
        values = {_value(record.get("fields") or {}, key, record.get("unsure", ())) for record in previous}
    except Unsure as unsure:
        return None, f"last year's {unsure}"
    values.discard(None)
    if not values:
        return None, f"last year's report has no {key}"
    if len(values) > 1:
        return None, f"last year's {len(previous)} reports disagree on {key} ({', '.join(map(str, sorted(values)))})"
    return values.pop(), None


def _links(record: dict, previous: list[dict], skipped: list[dict]):
    """(rule, this year's key, last year's key, this year's (key, coefficient) terms added to last year's value,
    warning) of every carry-over the layouts allow; one they do not is added to `skipped` with the reason."""
    for column, _ in T3_COLUMNS:
        yield f"yoy.t3.carried_in.{column}", f"t3.carried_in.{column}", f"t3.carried_out.{column}", (), False
    if record.get("template") != "2021":
        return
    for row in IN_FORCE_ROWS:
        rule = f"yoy.t2.{row}.in_force"
        if any(p.get("template") != "2021" for p in previous):
            skipped.append({"rule": rule, "why": "the year before follows the 2019 layout: its 表二 has no 现行有效件数"})
            continue
        yield rule, f"t2.{row}.in_force", f"t2.{row}.in_force", ((f"t2.{row}.issued", 1), (f"t2.{row}.repealed", -1)), True


def cross_year(record: dict, previous: list[dict]) -> dict:
    """{"findings": [{"rule", "expected", "found"[, "warning"]}], "not_compared": [{"rule", "why"}]}
    for `record` against `previous`, the chain_views of the same body's records for the year before
    (empty: nothing compared)."""
    findings, skipped = [], []
    if not previous:
        return {"findings": [], "not_compared": [{"rule": "yoy.*", "why": "no report of the year before in the archive"}]}
    if tables_not_read(record) or all(p["unread"] for p in previous):
        return {"findings": [], "not_compared": [{"rule": "yoy.*", "why": "tables not read for this year or the year before"}]}
    previous = [p for p in previous if not p["unread"]]
    fields, unsure = record.get("fields") or {}, unsure_keys(record)
    for rule, key, previous_key, terms, warning in _links(record, previous, skipped):
        try:
            found = _value(fields, key, unsure)
            change = sum(coef * (_value(fields, term, unsure) or 0) for term, coef in terms)
        except Unsure as why:
            skipped.append({"rule": rule, "why": str(why)})
            continue
        if found is None:
            continue
        before, why = _previous_value(previous, previous_key)
        if why:
            skipped.append({"rule": rule, "why": why})
        elif before + change != found:
            findings.append({"rule": rule, "expected": before + change, "found": found} | ({"warning": True} if warning else {}))
    return {"findings": findings, "not_compared": skipped}
