"""Run a search on the index of a data folder: BM25F-ranked hits with snippets, or sorted by a field.

The matches are counted exactly and ranked as arrays (docsets.py); stored fields
and snippets are read for the shown hits only.
"""
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.schema import ALL_FIELD_KEYS, SECTIONS, SUM_KEYS

from .. import backends, dictionary, index
from . import docsets, snapshot
from .parse import QueryError, filters, highlight_words, parse

MARK = ("【", "】")  # around a matched term in a snippet
SNIPPET_CONTEXT = 30  # characters shown on each side of a match
SNIPPETS_PER_HIT = 3
SORT_KEYS = ("year",) + index.DATE_KEYS + ALL_FIELD_KEYS + SUM_KEYS


def _spans(text, words):
    """(start, end, word index) of every occurrence of `words` in `text`, ignoring case."""
    lowered = text.lower()
    spans = []
    for n, word in enumerate(w.lower() for w in words):
        start = lowered.find(word)
        while start >= 0:
            spans.append((start, start + len(word), n))
            start = lowered.find(word, start + len(word))
    return sorted(spans)


def _passage(text, spans, anchor):
    """The passage around spans[anchor], every match inside it marked; and the spans it showed."""
    lo = max(0, spans[anchor][0] - SNIPPET_CONTEXT)
    hi = min(len(text), spans[anchor][1] + SNIPPET_CONTEXT)
    parts, cursor, shown = ["…" if lo else ""], lo, set()
    for i, (start, end, _) in enumerate(spans):
        if start >= cursor and end <= hi:
            parts += [text[cursor:start], MARK[0], text[start:end], MARK[1]]
            cursor = end
            shown.add(i)
    parts += [text[cursor:hi], "…" if hi < len(text) else ""]
    return "".join(parts).replace("\n", " "), shown


def snippets(sections: dict, marks: dict[str, list[str]], per_hit: int = SNIPPETS_PER_HIT) -> list[dict]:
    """[{"section", "text"}]: passages around matches of `marks` ({field: [strings]}), terms marked.

    Each searched word gets a passage of its own before any word gets a second one.
    """
    candidates = []  # (round, section order, start, section, spans, anchor)
    for order, section in enumerate(SECTIONS):
        text = sections.get(section) or ""
        spans = _spans(text, [w for field in ("text", section) for w in marks.get(field, ())])
        seen = set()
        for i, (start, _, word) in enumerate(spans):
            candidates.append((word in seen, order, start, section, spans, i))
            seen.add(word)
    out, shown = [], {}
    for _, _, _, section, spans, anchor in sorted(candidates, key=lambda c: c[:3]):
        if len(out) == per_hit:
            break
        if anchor in shown.get(section, ()):
            continue
        passage, covered = _passage(sections[section], spans, anchor)
        shown.setdefault(section, set()).update(covered)
        out.append({"section": section, "text": passage})
    return out


def parse_sort(sort: str) -> tuple[str, bool]:
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        raise QueryError(f"unknown sort key {key!r} (use year, published, dated or a SCHEMA field key)")
    return key, sort.startswith("-")


def _hit(snap, docnum, score, marks):
    """The JSON of one shown hit: its stored fields and snippets, read only now."""
    return hit_json(snap.reader.stored_fields(docnum), score, marks)


def hit_json(stored: dict, score: float | None, marks: dict[str, list[str]]) -> dict:
    """The JSON of a hit from its stored fields (index.document's, as the index or a database row gives them)."""
    numbers = stored.get(index.STORED_NUMBERS, {})
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "org": stored.get("org", ""),
        "year": numbers.get("year"),
        "template": stored.get("template", ""),
        **{key: stored.get(index.STORED_SOURCE, {}).get(key) for key in index.SOURCE_KEYS},
        "tables_read": stored.get(index.TABLES_READ) == "yes",
        "score": None if score is None else round(float(score), 4),
        "snippets": snippets(stored, marks),
        "fields": {key: numbers[key] for key in ALL_FIELD_KEYS if key in numbers},
        "sums": {key: numbers[key] for key in SUM_KEYS if key in numbers},  # group totals, not printed cells
    }


def _top(docs, scores, count):
    """Positions in `docs` of the `count` best scores, best first, ties by document number (all when count is None)."""
    if count is not None and count < len(docs):
        cut = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = np.flatnonzero(scores >= cut)
    else:
        keep = np.arange(len(docs))
    return keep[np.lexsort((docs[keep], -scores[keep]))][:count]


def _by_value(snap, docs, key, reverse):
    """Positions in `docs` ordered by `key`'s value (ties by document number), and the positions without a value."""
    values = snap.numbers(key)[docs]
    has = np.flatnonzero(~np.isnan(values))
    order = has[np.lexsort((docs[has], -values[has] if reverse else values[has]))]
    return order, np.flatnonzero(np.isnan(values))


def search(root: str | Path, text: str = "", where: Sequence[str] = (), year: int | None = None, template: str | None = None,
           org: str | None = None, tables_read: str | None = None, sort: str | None = None, limit: int | None = 20,
           offset: int = 0) -> dict:
    """{"total", "hits"} for a search string and filters; QueryError for bad input.

    Hits `offset` to `offset + limit` (every hit from `offset` when `limit` is 0 or None),
    ranked by BM25F (score None when there is no search string or with `sort`). With `sort`,
    reports without a value for the key come after the others, in rank order.
    """
    from whoosh import query

    if (db := backends.database(root)) is not None:
        return db.search(text, where, year, template, org, tables_read, sort, limit, offset)
    wanted = offset + limit if limit else None
    used = dictionary.for_data(root)
    q = parse(text, used)
    conditions = filters(used, where, year, template, org, tables_read)
    marks = highlight_words(text)
    sort_key, reverse = parse_sort(sort) if sort else (None, False)
    ranked = not isinstance(q, query.Every)
    with snapshot.opened(root) as snap:  # DictionaryChanged when the index was cut with another dictionary
        scores = np.zeros(snap.doc_count())
        mask = docsets.match(snap, q, scores) & docsets.passes(snap, conditions) & snap.live()
        docs = np.flatnonzero(mask)
        scores = scores[docs]
        if sort_key is None:
            order = _top(docs, scores, wanted) if ranked else np.arange(len(docs))[:wanted]
        else:
            order, rest = _by_value(snap, docs, sort_key, reverse)
            if wanted is None or len(order) < wanted:
                order = np.concatenate([order, rest[_top(docs[rest], scores[rest], None)] if ranked else rest])
        shown = order[offset:wanted]
        show_score = ranked and sort_key is None
        return {"total": len(docs),
                "hits": [_hit(snap, int(docs[i]), scores[i] if show_score else None, marks) for i in shown]}
