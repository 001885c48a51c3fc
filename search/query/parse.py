"""The search syntax → Whoosh query objects; written here because Whoosh's QueryParser splits
依申请公开 into an AND of pieces instead of a phrase.

    政务公开 培训         both terms (space means AND)
    培训 OR 学习           either; OR binds tighter than the space: `a b OR c` is a AND (b OR c)
    "公开 工作"            a phrase
    -培训                  without the term
    problems:培训          the term in one section: title 标题, org 机关, preamble 引言,
    问题:培训              overview 总体情况 (or 概述), problems 问题, other 其他
    ( … )                  grouping

Full-width forms (（ ）, ：, ＂, －, ＞＝, the ideographic space) read as their ASCII selves, and
“ ” quote a phrase as " does. A term that jieba cuts into several words is searched as a
phrase of them. Filters (`--where 'KEY OP VALUE'`) are parsed here as well. The messages of
QueryError live in messages.py.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple, TYPE_CHECKING

from ingest.numbers import fold_width
from ingest.schema import MONEY_KEYS, SUM_KEYS, TEMPLATES, is_field_key

from ingest.dates import date_number

from ..analysis import words
from compare import derived
from compare.bodies import LEVELS
from compare.timeliness import STATUSES

from ..index import DATE_KEYS, TABLES_READ, TEXT_FIELDS
from .messages import QueryError

if TYPE_CHECKING:
    from whoosh.query import Query

    from ..dictionary import Dictionary

__all__ = ["QueryError", "Where", "parse", "highlight_words", "no_hits_hint", "split_where", "parse_where", "filters",
           "whole_number"]

DEFAULT_FIELD = "text"
TABLES_READ_VALUES = ("yes", "no")  # --tables-read: reports whose tables were read, or those whose were not
# A pasted sentence is a few hundred characters; a longer query is a script's, and every term costs a lookup.
MAX_QUERY_CHARS = 1000
# Brackets and '-' inside one another: a person nests two or three; the parser recurses once a level,
# so the bound keeps it far below Python's recursion limit (330 brackets was a RecursionError).
MAX_NESTING = 32
# --where clauses in one search: the search form sends at most two per range box (12 boxes) and one from the
# key picker; 3,000 clauses made 294 MB of HTML in 71 s.
MAX_FILTERS = 50
# The names a query may put before ':' for one field: the index's own (English) and the report's Chinese heading.
FIELD_NAMES = {**{name: name for name in TEXT_FIELDS if name != DEFAULT_FIELD},
               "标题": "title", "机关": "org", "引言": "preamble", "总体情况": "overview", "概述": "overview",
               "问题": "problems", "其他": "other"}
_CHINESE_NAMES = [name for name in FIELD_NAMES if not name.isascii()]
_FIELD_PREFIX = re.compile(r"(" + "|".join(_CHINESE_NAMES) + r"|[A-Za-z_]+):")
_QUOTES = "\"“”"  # after fold_width, which turns ＂ into "
_WHERE = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*(<=|>=|!=|=|<|>)\s*(\S.*?)\s*$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NO_HITS_HINT = ("报告正文是中文：英文和拼音不会被翻译，请改用汉字检索（例如用“培训”而不是 training 或 peixun）。"
                " The reports are in Chinese: English and pinyin are not translated; search in Chinese characters.")


class Where(NamedTuple):
    """`--where KEY OP VALUE` on a number column (year or a SCHEMA key); a report without a value never passes."""
    key: str
    op: str
    value: float


def _lex(text):
    """('(' | ')' | 'OR' | '-' | ('term', field, string, quoted)) items of a query already folded (fold_width)."""
    items, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            items.append(ch)
            i += 1
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace():
            items.append("-")
            i += 1
        else:
            field = DEFAULT_FIELD
            prefix = _FIELD_PREFIX.match(text, i)
            if prefix:
                name = prefix.group(1)
                if name not in FIELD_NAMES:
                    raise QueryError("unknown_field", name=name, known=", ".join(n for n in FIELD_NAMES if n.isascii()),
                                     known_zh="、".join(FIELD_NAMES))
                field = FIELD_NAMES[name]
                i = prefix.end()
            if i < n and text[i] in _QUOTES:
                end = re.search(f"[{_QUOTES}]", text[i + 1:])
                if end is None:
                    raise QueryError("unclosed_quote", rest=text[i:])
                items.append(("term", field, text[i + 1:i + 1 + end.start()], True))
                i += end.start() + 2
            else:
                word = re.match(f"[^\\s(){_QUOTES}]*", text[i:]).group(0)
                if not word:
                    raise QueryError("field_without_term", name=prefix.group(1))
                i += len(word)
                if word in ("OR", "AND") and not prefix:
                    items.append(word)
                else:
                    items.append(("term", field, word, False))
    return items


def _term(field, string, dictionary):
    from whoosh import query

    found = words(string, dictionary)
    if not found:
        raise QueryError("nothing_to_search", string=string)
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


def _misplaced(item):
    return QueryError("misplaced", item=item or "end of query", item_zh=item or "检索式末尾")


def parse(text: str, dictionary: Dictionary) -> Query:
    """The Whoosh query for a search string, its terms cut with `dictionary` (search/dictionary.py);
    an empty string matches every report."""
    from whoosh import query

    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long", length=len(text), limit=MAX_QUERY_CHARS)
    items = _lex(fold_width(text))
    pos = 0

    def peek():
        return items[pos] if pos < len(items) else None

    def unary(depth):
        nonlocal pos
        item = peek()
        if item in ("-", "(") and depth == MAX_NESTING:
            raise QueryError("too_deep", limit=MAX_NESTING)
        if item == "-":
            pos += 1
            negated, q = unary(depth + 1)
            return (not negated), q
        if item == "(":
            pos += 1
            q = conjunction(depth + 1, closing=True)
            if peek() != ")":
                raise QueryError("unclosed_bracket")
            pos += 1
            return False, q
        if isinstance(item, tuple):
            pos += 1
            return False, _term(item[1], item[2], dictionary)
        raise _misplaced(item)

    def disjunction(depth):
        nonlocal pos
        parts = [unary(depth)]
        while peek() == "OR":
            pos += 1
            parts.append(unary(depth))
        if len(parts) == 1:
            return parts[0]
        return False, query.Or([query.Not(q) if negated else q for negated, q in parts])

    def conjunction(depth, closing=False):
        nonlocal pos
        clauses = []
        while peek() is not None and peek() != ")":
            if peek() == "AND":
                pos += 1
                continue
            clauses.append(disjunction(depth))
        if peek() == ")" and not closing:
            raise QueryError("unmatched_bracket")
        if closing and not clauses:
            raise QueryError("empty_brackets")
        return _and(clauses)

    return conjunction(0)


def highlight_words(text: str) -> dict[str, list[str]]:
    """{field: [strings]} of the positive terms of a search string: what snippets mark."""
    found = {}
    negated = False
    for item in _lex(fold_width(text or "")):
        if item == "-":
            negated = True
            continue
        if isinstance(item, tuple) and not negated:
            string = "".join(item[2].split()) if item[3] else item[2]
            found.setdefault(item[1], []).append(string)
        negated = False
    return found


def no_hits_hint(text: str) -> str | None:
    """What to tell a user whose search found nothing, when every term they typed is Latin letters
    (English or pinyin): the reports are Chinese and nothing translates. None otherwise."""
    typed = [string for strings in highlight_words(text).values() for string in strings]
    if typed and not any(_HAN.search(s) for s in typed) and any(ch.isalpha() for s in typed for ch in s):
        return NO_HITS_HINT
    return None


def split_where(text: str) -> tuple[str, str, str] | None:
    """(key, op, value) of a 'KEY OP VALUE' clause, full-width forms folded (`year＞＝２０２０`), or None
    when it has not that shape."""
    m = _WHERE.match(fold_width(text))
    return m.groups() if m else None


def parse_where(text: str) -> Where:
    """The Where of 'KEY OP VALUE' on a SCHEMA key, a group sum (SUM_KEYS), year, or a date
    (published, dated) compared with an ISO date: `published>=2021-01-01`."""
    parts = split_where(text)
    if parts is None:
        raise QueryError("malformed_where", text=text)
    key, op, raw = parts
    if key in DATE_KEYS:
        try:
            return Where(key, op, float(date_number(raw)))
        except ValueError:
            raise QueryError("not_a_date", text=text, raw=raw) from None
    if key != "year" and not is_field_key(key) and key not in SUM_KEYS + derived.NUMBER_KEYS:
        raise QueryError("unknown_key", key=key, text=text)
    try:
        value = float(raw)
    except ValueError:
        raise QueryError("not_a_number", text=text, raw=raw) from None
    if not math.isfinite(value):  # nan passes no comparison and inf every one: neither is a filter anyone meant
        raise QueryError("not_finite", text=text, raw=raw)
    if key not in MONEY_KEYS + derived.NUMBER_KEYS and not value.is_integer():
        raise QueryError("whole_numbers", text=text, key=key, raw=raw)
    return Where(key, op, value)


def whole_number(name: str, label: str, raw: str, minimum: int | None = None) -> int:
    """A whole-number parameter typed by a user (year, page, limit): QueryError in their words, not int()'s."""
    try:
        value = int(fold_width(raw).strip())
    except ValueError:
        raise QueryError("not_whole", name=name, label=label, raw=raw) from None
    if minimum is not None and value < minimum:
        raise QueryError("below_minimum", name=name, label=label, raw=raw, minimum=minimum)
    return value


def filters(dictionary: Dictionary, where: Sequence[str] = (), year: int | None = None, template: str | None = None,
            org: str | None = None, tables_read: str | None = None, check: str | None = None,
            derived_terms: dict | None = None) -> list[Where | Query]:
    """What every report must meet: a Where per --where and --year, a Whoosh query per --template,
    --org, --tables-read, the rule of a failed check (`check`, as the record's checks name it) and
    each of `derived_terms` (body_filters).

    docsets.passes intersects them.
    """
    from whoosh import query

    if len(where) > MAX_FILTERS:
        raise QueryError("too_many_filters", count=len(where), limit=MAX_FILTERS)
    parts = [parse_where(w) for w in where]
    if year is not None:
        parts.append(Where("year", "=", year))
    if template is not None:
        if template not in TEMPLATES:
            raise QueryError("unknown_template", template=template, known=", ".join(TEMPLATES))
        parts.append(query.Term("template", template))
    if org:
        parts.append(_term("org", org, dictionary))
    if tables_read is not None:
        if tables_read not in TABLES_READ_VALUES:
            raise QueryError("unknown_tables_read", value=tables_read, known=", ".join(TABLES_READ_VALUES))
        parts.append(query.Term(TABLES_READ, tables_read))
    if check:
        parts.append(query.Term("checks", check))
    parts += body_filters(**(derived_terms or {}))
    return parts


def body_filters(region: str | None = None, level: str | None = None, kind: str | None = None,
                 timeliness: str | None = None, body_ids: Sequence[str] | None = None) -> list[Query]:
    """Whoosh queries for --region (a province, city, county or town name), --level, --kind, --timeliness
    and the ids --body names (find.search resolves a name to them)."""
    from whoosh import query

    parts = []
    if level is not None and level not in LEVELS:
        raise QueryError("unknown_level", level=level, known=", ".join(LEVELS))
    if timeliness is not None and timeliness not in STATUSES:
        raise QueryError("unknown_timeliness", value=timeliness, known=", ".join(STATUSES))
    for field, value in ((derived.REGION, region), (derived.LEVEL, level), (derived.KIND, kind)):
        if value:
            parts.append(query.Term(field, "".join(value.split())))  # a name typed with spaces
    if timeliness:
        parts.append(query.Term(derived.TIMELINESS, timeliness))  # a status as STATUSES spell it ("on time")
    if body_ids is not None:
        parts.append(query.Or([query.Term(derived.BODY, i) for i in body_ids]) if body_ids else query.Not(query.Every()))
    return parts
