"""docs/record.md, the project's own document of the record, says what ingest/schema.py holds."""
import re

from ingest.tables.checks import rules
from ingest.schema import (ALL_FIELD_KEYS, SUM_KEYS, T2_ROWS, T3_COLUMNS, T3_HANDLED_OTHER_PARTS, T3_ROWS, T4_COLUMNS,
                           T4_GROUPS)
from scripts.record_doc import DOC, render

KEY_LIKE = re.compile(r"(?:yoy\.)?t[234](?:\.(?:[a-z_]+|<[a-z]+>))+")
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def doc_text():
    return DOC.read_text(encoding="utf-8")


def rule_names():
    """Every rule name the checks can give, for a 表三 with (六) as one row and as its parts."""
    names = set()
    for dropped in (T3_HANDLED_OTHER_PARTS, ("handled_other",)):
        keys = [k for k in ALL_FIELD_KEYS if not any(k.startswith(f"t3.{row}.") for row in dropped)]
        names |= {rule.name for rule in rules(keys)}
    return names


def placeholders(table):
    """What `<c>`, `<row>`, `<g>` … stand for in a key of `table`."""
    t2_rows = sorted({row for rows in T2_ROWS.values() for row, _, _ in rows})
    rows = {"t2": t2_rows, "t3": [r for r, _ in T3_ROWS], "t4": [g for g, _ in T4_GROUPS]}[table]
    columns = [c for c, _ in (T4_COLUMNS if table == "t4" else T3_COLUMNS)]
    return {"<c>": columns, "<column>": columns, "<r>": rows, "<row>": rows, "<g>": rows, "<group>": rows}


def expansions(token):
    parts = token.removeprefix("yoy.").split(".")
    found = [[]]
    for part in parts:
        found = [done + [value] for done in found for value in placeholders(parts[0]).get(part, [part])]
    return {".".join(parts) for parts in found}


def test_the_document_is_what_the_script_writes_from_the_schema():
    assert doc_text() == render(), "docs/record.md is out of date: run .venv/bin/python scripts/record_doc.py"


def test_every_key_of_the_schema_is_in_the_document():
    spans = set(CODE_SPAN.findall(doc_text()))
    assert [key for key in (*ALL_FIELD_KEYS, *SUM_KEYS) if key not in spans] == []


def test_every_key_the_document_names_exists():
    """A concrete key must exist; a pattern (`t3.<r>.total`) must name at least one that does."""
    known = {*ALL_FIELD_KEYS, *SUM_KEYS, *rule_names(), "t2", "t3", "t4"}
    known |= {key.rsplit(".", 1)[0] for key in ALL_FIELD_KEYS}
    tokens = {token for span in CODE_SPAN.findall(doc_text()) for token in KEY_LIKE.findall(span)}
    assert len(tokens) > 250
    unknown = sorted(token for token in tokens if not expansions(token) & known)
    assert unknown == []


def test_a_made_up_key_would_be_caught():
    known = {*ALL_FIELD_KEYS, *rule_names()}
    assert not expansions("t3.granted.bogus") & known
    assert not expansions("t3.bogus.<c>") & known
    assert expansions("t3.balance.<c>") <= known
