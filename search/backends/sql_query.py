"""The shared query language (search/query/parse.py) compiled to SQL over the PostgreSQL rows.

A term or phrase matches where its rjieba words stand at consecutive positions of the field
(a tsquery `a <-> b`, as the Whoosh index's phrases), or where the text typed occurs in the
field's normalised text (every pair of its characters a lexeme of `grams`, then LIKE): every
report containing what was typed. Ranking is BM25's class: each positive term's idf (Whoosh's
formula, over the rows) times ts_rank's length-normalised term frequency, summed. Filters are
SQL over the number columns; a report without a value never passes, as in the data folder.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.numbers import fold_width

from .. import index
from ..query.find import hit_json, parse_sort
from ..query.parse import Where, filters, highlight_words, parse
from .postgres import REPORTS, _column, _flat, _lexeme, _like, _words_match, _words_params

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
            if q.fieldname in ("template", index.TABLES_READ):
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


def search(db: Postgres, text: str, where: Sequence[str], year: int | None, template: str | None, org: str | None,
           tables_read: str | None, sort: str | None, limit: int | None, offset: int) -> dict:
    """{"total", "hits"} as query.find.search gives them, from one consistent snapshot of the rows."""
    from whoosh import query

    used = db.dictionary()
    q = parse(text, used)
    conditions = filters(used, where, year, template, org, tables_read)
    marks = highlight_words(text)
    key, reverse = parse_sort(sort) if sort else (None, False)
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
    show_score = ranked and key is None
    return {"total": total,
            "hits": [hit_json(stored, score if show_score else None, marks) for stored, score in rows]}
