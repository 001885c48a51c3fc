"""The shared query language (search/query/parse.py) compiled to SQL over the PostgreSQL rows.

A term or phrase matches where its rjieba words stand at consecutive positions of the field
(a tsquery `a <-> b`, as the Whoosh index's phrases), or where the text typed occurs in the
field's normalised text (every pair of its characters a lexeme of `grams`, then LIKE): every
report containing what was typed. Ranking is BM25's class: each positive term's idf (Whoosh's
formula, over the rows) times ts_rank's length-normalised term frequency, summed. Filters are
SQL over the number columns and the keyword columns (a failed check, a body's region, level, kind,
timeliness: compare/derived.py's, stored with the row); a report without a value never passes, as
in the data folder. Facets are GROUP BY over the same columns, counted as the Whoosh index counts
its terms (a keyword list's items each, the empty value of a single keyword as a value), all of a
page's in one statement.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ingest.numbers import fold_width

from .. import index
from ..query import find
from ..query.find import parse_sort
from ..query.parse import Where, highlight_words, parse
from .postgres import KEYWORDS, LISTS, REPORTS, _column, _flat, _lexeme, _like, _words_match, _words_params

if TYPE_CHECKING:
    from .postgres import Postgres

RANK_NORMALISATION = 1  # ts_rank divides by 1 + log(the field's length): BM25's length normalisation, in kind
OPERATORS = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Compiled:
    """SQL text and its parameters, built up; `scored` collects (field, tsquery) of the positive terms."""

    def __init__(self) -> None:
        self.params: list[object] = []
        self.scored: list[tuple[str, str]] = []

    def text_match(self, field: str, words: list[str], score: bool) -> str:
        tsquery = " <-> ".join(map(_lexeme, words))
        typed = _flat(fold_width("".join(words)))
        grams = [typed] if len(typed) == 1 else [typed[i:i + 2] for i in range(len(typed) - 1)]
        self.params += _words_params(field, tsquery) + [" & ".join(map(_lexeme, sorted(set(grams)))), _like(typed)]
        if score:
            self.scored.append((field, tsquery))
        return f"({_words_match(field)} OR (grams @@ %s::tsquery AND {field}_flat LIKE %s))"

    def query(self, q, score: bool = True) -> str:
        """The WHERE text of a parsed query (whoosh query objects, as parse.parse builds them)."""
        from whoosh import query

        if isinstance(q, query.Term):
            if q.fieldname in LISTS:
                self.params.append(q.text)
                return f"%s = ANY({_items(q.fieldname)})"
            if q.fieldname in KEYWORDS:
                self.params.append(q.text)
                return f"{q.fieldname} = %s"
            return self.text_match(q.fieldname, [q.text], score)
        if isinstance(q, query.Phrase):
            return self.text_match(q.fieldname, list(q.words), score)
        if isinstance(q, query.And):
            return "(" + " AND ".join(self.query(sub, score) for sub in q.subqueries) + ")"
        if isinstance(q, query.Or):
            return "(" + " OR ".join(self.query(sub, score) for sub in q.subqueries) + ")"
        if isinstance(q, query.AndNot):
            return f"({self.query(q.a, score)} AND NOT {self.query(q.b, False)})"
        if isinstance(q, query.Not):
            return f"(NOT {self.query(q.query, False)})"
        if isinstance(q, query.Every):
            return "TRUE"
        raise TypeError(f"no SQL for {q!r}")

    def condition(self, condition) -> str:
        if isinstance(condition, Where):
            self.params.append(condition.value)
            return f"{_column(condition.key)} {OPERATORS[condition.op]} %s"
        return self.query(condition, score=False)


def _items(column: str) -> str:
    """SQL: the items of a comma-joined keyword column, as Whoosh's KEYWORD(commas=True) cuts them."""
    return f"array_remove(ARRAY(SELECT btrim(item) FROM unnest(string_to_array({column}, ',')) AS item), '')"


def _facet_column(field: str) -> str:
    if field in index.NUMBER_KEYS:
        return _column(field)
    if field in KEYWORDS:
        return field
    raise ValueError(f"no facet for {field!r} (known: {', '.join(KEYWORDS)} and the number keys)")


def _facet_select(n: int, field: str) -> str:
    """SQL rows (n, value as text, how many matches hold it) of one facet field, over the matches `m`."""
    column = _facet_column(field)
    if field in index.NUMBER_KEYS:
        return f"SELECT {n}, {column}::text, count(*) FROM m WHERE {column} IS NOT NULL GROUP BY 2"
    if field in LISTS:
        return f"SELECT {n}, item, count(DISTINCT seq) FROM m, unnest({_items(field)}) AS item GROUP BY 2"
    return f"SELECT {n}, {column}, count(*) FROM m GROUP BY 2"


def summary_sql(facets: Sequence[str], value_columns: Sequence[str], where_sql: str) -> str:
    """One statement for a page's summaries: the matches' columns gathered once (a MATERIALIZED CTE, so the
    text search runs once, not once a facet), then rows (n, value as text, count): each facet's GROUP BY
    (n its position), and every match's value of each number key (n after the facets, count 1)."""
    columns = ", ".join(dict.fromkeys(["seq", *map(_facet_column, facets), *value_columns]))
    parts = [_facet_select(n, field) for n, field in enumerate(facets)]
    parts += [f"SELECT {len(facets) + n}, {column}::text, 1 FROM m WHERE {column} IS NOT NULL"
              for n, column in enumerate(value_columns)]
    return f"WITH m AS MATERIALIZED (SELECT {columns} FROM {REPORTS} WHERE {where_sql}) " + " UNION ALL ".join(parts)


def search(db: Postgres, text: str, conditions: Sequence, sort: str | None, limit: int | None, offset: int,
           facets: Sequence[str] = (), values: Sequence[str] = ()) -> dict:
    """{"total", "hits"} as query.find.search gives them (with "facets" and "values" when asked), from one
    consistent snapshot of the rows."""
    from whoosh import query

    used = db.dictionary()
    q = parse(text, used)
    marks = highlight_words(text)
    key, reverse = parse_sort(sort) if sort else (None, False)
    value_columns = [_column(parse_sort(name)[0]) for name in values]
    ranked = not isinstance(q, query.Every)
    compiled = Compiled()
    clauses = [compiled.query(q)] + [compiled.condition(c) for c in conditions]
    where_sql, params = " AND ".join(clauses), compiled.params
    conn = db.conn()
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        db.check_dictionary()
        total = conn.execute(f"SELECT count(*) FROM {REPORTS} WHERE {where_sql}", params).fetchone()[0]
        weights = db.idf(conn, compiled.scored) if ranked else []
        terms = [f"%s * ts_rank({field}_tsv, %s::tsquery, {RANK_NORMALISATION})" for field, _ in compiled.scored]
        score_sql = " + ".join(terms) if ranked and terms else "0"
        score_params = [p for weight, (_, tsquery) in zip(weights, compiled.scored) for p in (weight, tsquery)] if ranked else []
        order = ["score DESC", "seq"] if ranked else ["seq"]
        if key is not None:
            order.insert(0, f"{_column(key)} {'DESC' if reverse else 'ASC'} NULLS LAST")
        page = f" LIMIT {int(limit)}" if limit else ""
        rows = conn.execute(f"SELECT stored, {score_sql} AS score FROM {REPORTS} WHERE {where_sql} "
                            f"ORDER BY {', '.join(order)}{page} OFFSET {int(offset)}", score_params + params).fetchall()
        summaries = conn.execute(summary_sql(facets, value_columns, where_sql), params).fetchall() if facets or values else []
    show_score = ranked and key is None
    out = {"total": total, "hits": [find.hit_json(stored, score if show_score else None, marks) for stored, score in rows]}
    by_part: list[list] = [[] for _ in [*facets, *values]]
    for n, value, count in summaries:
        by_part[n].append((value, count))
    if facets:
        out["facets"] = {field: sorted(((float(v) if field in index.NUMBER_KEYS else v, c) for v, c in pairs),
                                       key=lambda vc: (-vc[1], vc[0])) for field, pairs in zip(facets, by_part)}
    if values:
        out["values"] = {name: np.array([float(v) for v, _ in found]) for name, found in zip(values, by_part[len(facets):])}
    return out
