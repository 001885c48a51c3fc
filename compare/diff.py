"""Two reports side by side: their table numbers with the differences marked, and their narratives
sentence by sentence (stayed, changed, added, removed).

Across the 2019/2021 layouts only the keys both layouts print are compared (表三, 表四 and the
表二 rows whose column means the same); the keys only one layout has are listed as not carried
over, never matched to a look-alike.
"""
from __future__ import annotations

import difflib

from ingest.schema import SECTIONS, field_keys, field_label

from .layouts import not_carried_over
from .sentences import comparable, sentences

CHANGED_RATIO = 0.6  # a replaced sentence at least this similar (difflib ratio of characters) was rewritten, not swapped
SAME, CHANGED, ONLY_A, ONLY_B, BOTH_BLANK = "same", "changed", "only_a", "only_b", "blank"


def _layout_keys(record: dict) -> list[str]:
    template = record.get("template")
    return field_keys(template) if template else []


def table_rows(a: dict, b: dict) -> tuple[list[dict], list[str]]:
    """([{key, label, a, b, change, status}] for the keys both layouts hold, in print order), keys not carried over.

    `status`: same, changed (both numbers, different), only_a / only_b (one is blank or missing),
    blank (neither). `change` is b − a where both are numbers.
    """
    keys_a, keys_b = _layout_keys(a), _layout_keys(b)
    shared = set(keys_a) & set(keys_b)
    not_carried = not_carried_over([b.get("template")], a.get("template")) + not_carried_over([a.get("template")], b.get("template"))
    fields_a, fields_b = a.get("fields") or {}, b.get("fields") or {}
    rows = []
    for key in dict.fromkeys(keys_b + keys_a):
        if key not in shared or (key not in fields_a and key not in fields_b):
            continue
        va, vb = fields_a.get(key), fields_b.get(key)
        if va is None and vb is None:
            status = BOTH_BLANK
        elif va is None or vb is None:
            status = ONLY_B if va is None else ONLY_A
        else:
            status = SAME if va == vb else CHANGED
        change = vb - va if status in (SAME, CHANGED) else None
        rows.append({"key": key, "label": field_label(key), "a": va, "b": vb, "change": change, "status": status})
    return rows, not_carried


def narrative(text_a: str | None, text_b: str | None) -> list[dict]:
    """[{status, a, b}] over the sentences of two texts, in order: stayed (same comparable form),
    changed (a replaced sentence similar enough), added (only in b), removed (only in a)."""
    sa, sb = sentences(text_a), sentences(text_b)
    ca, cb = [comparable(s) for s in sa], [comparable(s) for s in sb]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ca, cb, autojunk=False).get_opcodes():
        if op == "equal":
            out += [{"status": "stayed", "a": sa[i], "b": sb[j]} for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        paired, last = {}, j1 - 1  # new sentence → the old one it rewrites, both in order
        for i in range(i1, i2):
            for j in range(last + 1, j2):
                if difflib.SequenceMatcher(None, ca[i], cb[j], autojunk=False).ratio() >= CHANGED_RATIO:
                    paired[j], last = i, j
                    break
        out += [{"status": "removed", "a": sa[i], "b": None} for i in range(i1, i2) if i not in paired.values()]
        out += [{"status": "changed", "a": sa[paired[j]], "b": sb[j]} if j in paired else {"status": "added", "a": None, "b": sb[j]}
                for j in range(j1, j2)]
    return out


def counts(parts: list[dict]) -> dict[str, int]:
    """How many sentences stayed, changed, were added and removed."""
    found = {status: 0 for status in ("stayed", "changed", "added", "removed")}
    for part in parts:
        found[part["status"]] += 1
    return found


def compare(a: dict, b: dict) -> dict:
    """The comparison of two records (`a` usually the earlier): tables and narrative, as JSON-ready data."""
    rows, not_carried = table_rows(a, b)
    sections_a, sections_b = a.get("sections") or {}, b.get("sections") or {}
    text = {section: narrative(sections_a.get(section), sections_b.get(section)) for section in SECTIONS}
    layouts = [a.get("template"), b.get("template")]
    return {
        "a": {key: a.get(key) for key in ("title", "org", "year", "template")},
        "b": {key: b.get(key) for key in ("title", "org", "year", "template")},
        "fields": rows,
        "changed": sum(row["status"] != SAME and row["status"] != BOTH_BLANK for row in rows),
        "not_carried_over": not_carried,
        "not_carried_reason": (f"the {layouts[0]} and {layouts[1]} layouts print these keys in one layout only"
                               if not_carried else None),
        "narrative": {section: parts for section, parts in text.items() if parts},
        "sentences": counts([part for parts in text.values() for part in parts]),
    }
