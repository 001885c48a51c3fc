"""The shared query language (search/query/parse.py) compiled to SQL over the PostgreSQL rows.

A term or phrase matches where its rjieba words stand at consecutive positions of the field
(a tsquery `a <-> b`, as the Whoosh index's phrases), or where the text typed occurs in the
field's normalised text (every pair of its characters a lexeme of `grams`, then LIKE): every
report containing what was typed. Ranking is BM25's class: each positive term's idf (Whoosh's
formula, over the rows) times ts_rank's length-normalised term frequency, summed. Filters are
SQL over the number columns and the keyword columns (a failed check, a body's region, level, kind,
timeliness: compare/derived.py's, stored with the row); a report without a value never passes, as
in the data folder. Facets are GROUP BY over the same columns, counted as the Whoosh index counts
its terms (a keyword list's items each, the empty value of a single keyword as a value).
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


def facet_sql(field: str, where_sql: str) -> str:
    """SQL of (value, how many matching reports hold it) of one facet field (find.facet_counts's)."""
    if field in index.NUMBER_KEYS:
        column = _column(field)
        return f"SELECT {column}, count(*) FROM {REPORTS} WHERE {where_sql} AND {column} IS NOT NULL GROUP BY 1"
    if field in LISTS:
        return (f"SELECT item, count(DISTINCT seq) FROM {REPORTS}, unnest({_items(field)}) AS item "
                f"WHERE {where_sql} GROUP BY 1")
    if field in KEYWORDS:
        return f"SELECT {field}, count(*) FROM {REPORTS} WHERE {where_sql} GROUP BY 1"
    raise ValueError(f"no facet for {field!r} (known: {', '.join(KEYWORDS + ('year',))} and the number keys)")


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
    facet_queries = [facet_sql(field, where_sql) for field in facets]
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
        counted = {field: conn.execute(sql, params).fetchall() for field, sql in zip(facets, facet_queries)}
        present = {name: conn.execute(f"SELECT {column} FROM {REPORTS} WHERE {where_sql} AND {column} IS NOT NULL "
                                      f"ORDER BY seq", params).fetchall() for name, column in zip(values, value_columns)}
    show_score = ranked and key is None
    out = {"total": total, "hits": [find.hit_json(stored, score if show_score else None, marks) for stored, score in rows]}
    if facets:
        out["facets"] = {field: sorted(((float(v) if field in index.NUMBER_KEYS else v, c) for v, c in pairs),
                                       key=lambda vc: (-vc[1], vc[0])) for field, pairs in counted.items()}
    if values:
        out["values"] = {name: np.array([v for (v,) in found], dtype=float) for name, found in present.items()}
    return out
