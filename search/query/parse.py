"""The search syntax → Whoosh query objects; written here because Whoosh's QueryParser splits
依申请公开 into an AND of pieces instead of a phrase.

    政务公开 培训         both terms (space means AND)
    培训 OR 学习           either; OR binds tighter than the space: `a b OR c` is a AND (b OR c)
    "公开 工作"            a phrase
    -培训                  without the term
    problems:培训          the term in one section (title, org, preamble, overview, problems, other)
    ( … )                  grouping

A term that jieba cuts into several words is searched as a phrase of them. Filters
(`--where 'KEY OP VALUE'`) are parsed here as well.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple, TYPE_CHECKING

from ingest.schema import MONEY_KEYS, SUM_KEYS, TEMPLATES, is_field_key

from ingest.dates import date_number

from ..analysis import words
from compare import derived
from compare.bodies import LEVELS
from compare.timeliness import STATUSES

from ..index import DATE_KEYS, TABLES_READ, TEXT_FIELDS

if TYPE_CHECKING:
    from whoosh.query import Query

    from ..dictionary import Dictionary

DEFAULT_FIELD = "text"
TABLES_READ_VALUES = ("yes", "no")  # --tables-read: reports whose tables were read, or those whose were not
_FIELD_PREFIX = re.compile(r"([A-Za-z_]+)[:：]")
_WHERE = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*(<=|>=|!=|=|<|>)\s*(\S.*?)\s*$")


class QueryError(ValueError):
    """A query or filter the user must fix; str() is the one line they see."""


class Where(NamedTuple):
    """`--where KEY OP VALUE` on a number column (year or a SCHEMA key); a report without a value never passes."""
    key: str
    op: str
    value: float


def _lex(text):
    """('(' | ')' | 'OR' | '-' | ('term', field, string, quoted)) items."""
    items, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()（）":
            items.append("(" if ch in "(（" else ")")
            i += 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace():
            items.append("-")
            i += 1
        else:
            field = DEFAULT_FIELD
            prefix = _FIELD_PREFIX.match(text, i)
            if prefix:
                field = prefix.group(1)
                if field not in TEXT_FIELDS or field == DEFAULT_FIELD:
                    raise QueryError(f"unknown field {field!r} in the query (known: {', '.join(TEXT_FIELDS[:-1])})")
                i = prefix.end()
            if i < n and text[i] in "\"“”":
                end = re.search("[\"“”]", text[i + 1:])
                if end is None:
                    raise QueryError(f"unclosed quote in the query: {text[i:]!r}")
                items.append(("term", field, text[i + 1:i + 1 + end.start()], True))
                i += end.start() + 2
            else:
                word = re.match(r"[^\s()（）\"“”]*", text[i:]).group(0)
                if not word:
                    raise QueryError(f"{field}: needs a term after it")
                i += len(word)
                if word in ("OR", "AND") and field == DEFAULT_FIELD and not prefix:
                    items.append(word)
                else:
                    items.append(("term", field, word, False))
    return items


def _term(field, string, dictionary):
    from whoosh import query

    found = words(string, dictionary)
    if not found:
        raise QueryError(f"nothing to search for in {string!r}")
    if len(found) == 1:
        return query.Term(field, found[0])
    return query.Phrase(field, found)


def _and(clauses):
    from whoosh import query

    positive = [q for negated, q in clauses if not negated]
    negative = [q for negated, q in clauses if negated]
    base = positive[0] if len(positive) == 1 else query.And(positive) if positive else query.Every()
    if not negative:
        return base
    return query.AndNot(base, negative[0] if len(negative) == 1 else query.Or(negative))


def parse(text: str, dictionary: Dictionary) -> Query:
    """The Whoosh query for a search string, its terms cut with `dictionary` (search/dictionary.py);
    an empty string matches every report."""
    from whoosh import query

    items = _lex(text or "")
    pos = 0

    def peek():
        return items[pos] if pos < len(items) else None

    def unary():
        nonlocal pos
        item = peek()
        if item == "-":
            pos += 1
            negated, q = unary()
            return (not negated), q
        if item == "(":
            pos += 1
            q = conjunction(closing=True)
            if peek() != ")":
                raise QueryError("unclosed ( in the query")
            pos += 1
            return False, q
        if isinstance(item, tuple):
            pos += 1
            return False, _term(item[1], item[2], dictionary)
        raise QueryError(f"misplaced {item or 'end of query'!r} in the query")

    def disjunction():
        nonlocal pos
        parts = [unary()]
        while peek() == "OR":
            pos += 1
            parts.append(unary())
        if len(parts) == 1:
            return parts[0]
        return False, query.Or([query.Not(q) if negated else q for negated, q in parts])

    def conjunction(closing=False):
        nonlocal pos
        clauses = []
        while peek() is not None and peek() != ")":
            if peek() == "AND":
                pos += 1
                continue
            clauses.append(disjunction())
        if peek() == ")" and not closing:
            raise QueryError("unmatched ) in the query")
        if closing and not clauses:
            raise QueryError("empty ( ) in the query")
        return _and(clauses)

    return conjunction()


def highlight_words(text: str) -> dict[str, list[str]]:
    """{field: [strings]} of the positive terms of a search string: what snippets mark."""
    found = {}
    negated = False
    for item in _lex(text or ""):
        if item == "-":
            negated = True
            continue
        if isinstance(item, tuple) and not negated:
            string = "".join(item[2].split()) if item[3] else item[2]
            found.setdefault(item[1], []).append(string)
        negated = False
    return found


def split_where(text: str) -> tuple[str, str, str] | None:
    """(key, op, value) of a 'KEY OP VALUE' clause as written, or None when it has not that shape."""
    m = _WHERE.match(text)
    return m.groups() if m else None


def parse_where(text: str) -> Where:
    """The Where of 'KEY OP VALUE' on a SCHEMA key, a group sum (SUM_KEYS), year, or a date
    (published, dated) compared with an ISO date: `published>=2021-01-01`."""
    parts = split_where(text)
    if parts is None:
        raise QueryError(f"malformed --where {text!r} (want KEY OP VALUE, OP one of = != < <= > >=)")
    key, op, raw = parts
    if key in DATE_KEYS:
        try:
            return Where(key, op, float(date_number(raw)))
        except ValueError:
            raise QueryError(f"--where {text!r}: {raw!r} is not a date (want YYYY-MM-DD)") from None
    if key != "year" and not is_field_key(key) and key not in SUM_KEYS + derived.NUMBER_KEYS:
        raise QueryError(f"unknown key {key!r} in --where {text!r}")
    try:
        value = float(raw)
    except ValueError:
        raise QueryError(f"--where {text!r}: {raw!r} is not a number") from None
    if key not in MONEY_KEYS + derived.NUMBER_KEYS and not value.is_integer():
        raise QueryError(f"--where {text!r}: {key} holds whole numbers")
    return Where(key, op, value)


def filters(dictionary: Dictionary, where: Sequence[str] = (), year: int | None = None, template: str | None = None,
            org: str | None = None, tables_read: str | None = None, derived_terms: dict | None = None) -> list[Where | Query]:
    """What every report must meet: a Where per --where and --year, a Whoosh query per --template,
    --org, --tables-read and each of `derived_terms` (body_filters).

    docsets.passes intersects them.
    """
    from whoosh import query

    parts = [parse_where(w) for w in where]
    if year is not None:
        parts.append(Where("year", "=", year))
    if template is not None:
        if template not in TEMPLATES:
            raise QueryError(f"unknown template {template!r} (known: {', '.join(TEMPLATES)})")
        parts.append(query.Term("template", template))
    if org:
        parts.append(_term("org", org, dictionary))
    if tables_read is not None:
        if tables_read not in TABLES_READ_VALUES:
            raise QueryError(f"unknown --tables-read {tables_read!r} (known: {', '.join(TABLES_READ_VALUES)})")
        parts.append(query.Term(TABLES_READ, tables_read))
    parts += body_filters(**(derived_terms or {}))
    return parts


def body_filters(region: str | None = None, level: str | None = None, kind: str | None = None,
                 timeliness: str | None = None, body_ids: Sequence[str] | None = None) -> list[Query]:
    """Whoosh queries for --region (a province, city, county or town name), --level, --kind, --timeliness
    and the ids --body names (find.search resolves a name to them)."""
    from whoosh import query

    parts = []
    if level is not None and level not in LEVELS:
        raise QueryError(f"unknown level {level!r} (known: {', '.join(LEVELS)})")
    if timeliness is not None and timeliness not in STATUSES:
        raise QueryError(f"unknown timeliness {timeliness!r} (known: {', '.join(STATUSES)})")
    for field, value in ((derived.REGION, region), (derived.LEVEL, level), (derived.KIND, kind),
                         (derived.TIMELINESS, timeliness)):
        if value:
            parts.append(query.Term(field, "".join(value.split())))
    if body_ids is not None:
        parts.append(query.Or([query.Term(derived.BODY, i) for i in body_ids]) if body_ids else query.Not(query.Every()))
    return parts
