"""Timeliness: a report's publication date against the legal deadline for its body's kind.

《政府信息公开条例》第五十条: every administrative body publishes its report for a year by
31 January of the next; a 县级以上地方人民政府's own report is due by 31 March. The rule table
is `<data>/deadlines.json` when the data folder has one (same shape as DEFAULT_RULES), so a
reader who counts otherwise can say so. The date is `published`, else `dated` (the date the
report is signed with); with neither, or no rule for the body, the status is unknown, with why.
"""
from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from .bodies import COUNTY, CITY, GOVERNMENT, PROVINCE, TOWN, Body

RULES_FILE = "deadlines.json"
DEPARTMENT = "部门"  # a rule's kind for every body that is not a government's own report
DEFAULT_RULES = [
    {"kind": GOVERNMENT, "level": [COUNTY, CITY, PROVINCE], "deadline": "03-31",
     "why": "县级以上地方人民政府的年度报告: 3月31日前 (条例第五十条)"},
    {"kind": GOVERNMENT, "level": [TOWN], "deadline": "01-31",
     "why": "乡镇人民政府、街道办事处是行政机关: 1月31日前 (条例第五十条)"},
    {"kind": DEPARTMENT, "deadline": "01-31", "why": "行政机关 (政府部门) 的年度报告: 1月31日前 (条例第五十条)"},
]
ON_TIME, LATE, UNKNOWN = "on time", "late", "unknown"
STATUSES = (ON_TIME, LATE, UNKNOWN)
MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class RulesError(ValueError):
    """The deadline table cannot be used; str() names the file and the reason."""


def load_rules(root: str | Path) -> list[dict]:
    """The data folder's deadline table, else DEFAULT_RULES; RulesError naming the file when it is bad."""
    path = Path(root) / RULES_FILE
    if not path.exists():
        return DEFAULT_RULES
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RulesError(f"{path}: {exc}") from None
    if not isinstance(rules, list):
        raise RulesError(f"{path}: want a list of rules like {json.dumps(DEFAULT_RULES[0], ensure_ascii=False)}")
    for n, rule in enumerate(rules):
        if not isinstance(rule, dict) or not MONTH_DAY.match(str(rule.get("deadline"))):
            raise RulesError(f"{path}: rule {n + 1}: want a \"deadline\" as MM-DD")
        try:
            datetime.date(2001, *map(int, rule["deadline"].split("-")))
        except ValueError:
            raise RulesError(f"{path}: rule {n + 1}: {rule['deadline']} is no day of the year") from None
        if rule.get("kind") not in (GOVERNMENT, DEPARTMENT, None):
            raise RulesError(f"{path}: rule {n + 1}: kind is {GOVERNMENT!r} or {DEPARTMENT!r}")
    return rules


def _rule_for(body: Body, rules: list[dict]) -> dict | None:
    kind = GOVERNMENT if body.kind == GOVERNMENT else DEPARTMENT
    for rule in rules:
        if rule.get("kind") not in (None, kind):
            continue
        if "level" in rule and body.level not in rule["level"]:
            continue
        return rule
    return None


def timeliness(record: dict, body: Body | None, rules: list[dict] = DEFAULT_RULES) -> dict:
    """{"status", "late_days", "date", "date_from", "deadline", "why"}: late_days is days past the
    deadline (negative: before it), None when unknown."""
    out = {"status": UNKNOWN, "late_days": None, "date": None, "date_from": None, "deadline": None, "why": None}
    for key in ("published", "dated"):
        if record.get(key):
            out["date"], out["date_from"] = record[key], key
            break
    year = record.get("year")
    rule = _rule_for(body, rules) if body is not None else None
    if out["date"] is None:
        out["why"] = "neither published nor dated is known"
    elif not isinstance(year, int):
        out["why"] = "the report's year is unknown"
    elif rule is None:
        out["why"] = "no deadline rule fits the body" + (f" ({body.kind}, level {body.level or 'unknown'})" if body else " (unknown)")
    else:
        deadline = datetime.date(year + 1, *map(int, rule["deadline"].split("-")))
        days = (datetime.date.fromisoformat(out["date"]) - deadline).days
        out.update(status=LATE if days > 0 else ON_TIME, late_days=days, deadline=deadline.isoformat(),
                   why=rule.get("why"))
    return out
