"""Run a search on the index of a data folder: BM25F-ranked hits with snippets, or sorted by a field.

The matches are counted exactly and ranked as arrays (docsets.py); stored fields
and snippets are read for the shown hits only.
"""
import weakref
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.schema import ALL_FIELD_KEYS, SECTIONS, SUM_KEYS

from compare import derived, registry

from .. import backends, dictionary, index
from . import docsets, snapshot
from .parse import QueryError, filters, highlight_words, no_hits_hint, parse
from .postings import postings

MARK = ("【", "】")  # around a matched term in a snippet
SNIPPET_CONTEXT = 30  # characters shown on each side of a match
SNIPPETS_PER_HIT = 3
RUN_ATTEMPTS = 3  # a search begun on a state a commit then deletes runs again on the new state
SORT_KEYS = ("year",) + index.DATE_KEYS + ALL_FIELD_KEYS + SUM_KEYS + derived.NUMBER_KEYS


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
        raise QueryError("unknown_sort", key=key)
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
        **_derived(stored),
    }


def _derived(stored):
    """{"body", "timeliness", "findings", "not_compared", "indicators", "copied", "copying"} of a hit
    (compare/derived.py), as the index stored it."""
    profile = stored.get(derived.STORED) or {}
    return {key: profile.get(key) for key in ("body", "timeliness", "findings", "not_compared", "indicators", "copied", "copying")}


def _top(docs, scores, count):
    """Positions in `docs` of the `count` best scores, best first, ties by document number (all when count is None)."""
    if count is not None and count < len(docs):
        cut = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = np.flatnonzero(scores >= cut)
    else:
        keep = np.arange(len(docs))
    return keep[np.lexsort((docs[keep], -scores[keep]))][:count]


def _rank(scores, tiers):
    """One number to order by: the clauses matched as words first (docsets.match's tiers), then the score."""
    return tiers * (scores.max(initial=0) + 1) + scores


def _by_value(snap, docs, key, reverse):
    """Positions in `docs` ordered by `key`'s value (ties by document number), and the positions without a value."""
    values = snap.numbers(key)[docs]
    has = np.flatnonzero(~np.isnan(values))
    order = has[np.lexsort((docs[has], -values[has] if reverse else values[has]))]
    return order, np.flatnonzero(np.isnan(values))


def facet_counts(snap, docs: np.ndarray, field: str) -> list[tuple[str | float, int]]:
    """[(value, how many of `docs` hold it)], most first: a number column (year) by value, a keyword
    field by term, counted over the matching documents' arrays rather than their stored fields."""
    if field in index.NUMBER_KEYS:
        found, counts = np.unique(present(snap.numbers(field)[docs]), return_counts=True)
        pairs = [(float(v), int(c)) for v, c in zip(found, counts)]
    else:
        matching = np.zeros(snap.doc_count(), dtype=bool)
        matching[docs] = True
        pairs = [(term, int(matching[ids].sum())) for term, ids in _term_postings(snap, field)]
    return sorted(((v, c) for v, c in pairs if c), key=lambda vc: (-vc[1], vc[0]))


_FACET_POSTINGS = weakref.WeakKeyDictionary()  # Snapshot -> {field: [(term, docnums)]}, gone with the snapshot


def _term_postings(snap, field):
    """[(term, docnums)] of every term of a keyword field, decoded once per index state: a facet
    counts them on every page, and whole posting lists of template or tables_read span the archive."""
    fields = _FACET_POSTINGS.setdefault(snap, {})
    if field not in fields:
        fields[field] = [(term, postings(snap.reader, field, term)[0]) for term in snap.reader.field_terms(field)]
    return fields[field]


def present(values: np.ndarray) -> np.ndarray:
    """The values that are there: a number column holds NaN for a report without one."""
    return values[~np.isnan(values)]


def search(root: str | Path, text: str = "", where: Sequence[str] = (), year: int | None = None, template: str | None = None,
           org: str | None = None, tables_read: str | None = None, sort: str | None = None, limit: int | None = 20,
           offset: int = 0, check: str | None = None, facets: Sequence[str] = (), values: Sequence[str] = (),
           region: str | None = None, level: str | None = None, kind: str | None = None,
           body: str | None = None, timeliness: str | None = None) -> dict:
    """{"total", "hits", "hint"} for a search string and filters; QueryError for bad input. `hint` is
    what to tell a user whose search found nothing (parse.no_hits_hint), else None.

    Hits `offset` to `offset + limit` (every hit from `offset` when `limit` is 0 or None),
    ranked by BM25F (score None when there is no search string or with `sort`). With `sort`,
    reports without a value for the key come after the others, in rank order. `facets` adds
    "facets" ({field: facet_counts}) and `values` adds "values" ({number key: array of every
    match's value, absent ones left out}): what a page summarises without building every hit.
    """
    from whoosh import query

    db = backends.database(root)
    used = db.dictionary() if db is not None else dictionary.for_data(root)
    body_ids = [b["id"] for b in registry.find(root, body)] if body else None
    conditions = filters(used, where, year, template, org, tables_read, check,
                         {"region": region, "level": level, "kind": kind, "timeliness": timeliness, "body_ids": body_ids})
    if db is not None:  # the same query and conditions, compiled to SQL (search/backends/sql_query.py)
        out = db.search(text, conditions, sort, limit, offset, facets, values)
        out["hint"] = None if out["total"] else no_hits_hint(text)
        return out
    wanted = offset + limit if limit else None
    q = parse(text, used)
    marks = highlight_words(text)
    sort_key, reverse = parse_sort(sort) if sort else (None, False)
    ranked = not isinstance(q, query.Every)
    for attempt in range(RUN_ATTEMPTS):
        try:
            out = _run(root, q, conditions, marks, sort_key, reverse, ranked, offset, wanted, facets, values)
            out["hint"] = None if out["total"] else no_hits_hint(text)
            return out
        except FileNotFoundError:  # a commit deleted files of the state this search began on
            if attempt == RUN_ATTEMPTS - 1 or not index.exists(root):
                raise


def _run(root, q, conditions, marks, sort_key, reverse, ranked, offset, wanted, facets, values):
    """search() on the index state open now, less its hint."""
    with snapshot.opened(root) as snap:  # DictionaryChanged when the index was cut with another dictionary
        scores, tiers = np.zeros(snap.doc_count()), np.zeros(snap.doc_count())
        mask = docsets.match(snap, q, scores, tiers) & docsets.passes(snap, conditions) & snap.live()
        docs = np.flatnonzero(mask)
        scores = scores[docs]
        rank = _rank(scores, tiers[docs])
        if sort_key is None:
            order = _top(docs, rank, wanted) if ranked else np.arange(len(docs))[:wanted]
        else:
            order, rest = _by_value(snap, docs, sort_key, reverse)
            if wanted is None or len(order) < wanted:
                order = np.concatenate([order, rest[_top(docs[rest], rank[rest], None)] if ranked else rest])
        shown = order[offset:wanted]
        show_score = ranked and sort_key is None
        out = {"total": len(docs),
               "hits": [_hit(snap, int(docs[i]), scores[i] if show_score else None, marks) for i in shown]}
        if facets:
            out["facets"] = {field: facet_counts(snap, docs, field) for field in facets}
        if values:
            out["values"] = {key: present(snap.numbers(parse_sort(key)[0])[docs]) for key in values}
        return out
