"""Run a search on the index of a data folder: BM25F-ranked hits with snippets, or sorted by a field."""
from ingest.schema import ALL_FIELD_KEYS, SECTIONS

from . import index
from .query import QueryError, filters, highlight_words, parse

MARK = ("【", "】")  # around a matched term in a snippet
SNIPPET_CONTEXT = 30  # characters shown on each side of a match
SNIPPETS_PER_HIT = 3
SORT_KEYS = ("year",) + ALL_FIELD_KEYS


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


def snippets(sections, marks, per_hit=SNIPPETS_PER_HIT):
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


def _sort_field(sort):
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        raise QueryError(f"unknown sort key {key!r} (use year or a SCHEMA field key)")
    return (key if key == "year" else index.field_name(key)), sort.startswith("-")


def _hit(hit, marks):
    stored = hit.fields()
    fields = {index.field_key(name): value for name, value in stored.items() if name.startswith(("t2__", "t3__", "t4__"))}
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "org": stored.get("org", ""),
        "year": stored.get("year"),
        "template": stored.get("template", ""),
        "score": round(hit.score, 4) if hit.score is not None else None,
        "snippets": snippets(stored, marks),
        "fields": {key: fields[key] for key in ALL_FIELD_KEYS if key in fields},
    }


def allowed_docs(searcher, queries):
    """The set of document numbers matching every query, or None when there is no query."""
    allowed = None
    for q in queries:
        docs = set(searcher.docs_for_query(q))
        allowed = docs if allowed is None else allowed & docs
    return allowed


def search(root, text="", where=(), year=None, template=None, org=None, sort=None, limit=20, offset=0):
    """{"total", "hits"} for a search string and filters; QueryError for bad input.

    Hits `offset` to `offset + limit` (every hit from `offset` when `limit` is 0 or None).
    With `sort`, reports without a value for the key come after the others.
    """
    from whoosh import query

    hits_wanted = offset + limit if limit else None
    q = parse(text)
    conditions = filters(where, year, template, org)
    marks = highlight_words(text)
    sort_field, reverse = _sort_field(sort) if sort else (None, False)
    ix = index.open_index(root, create=False)
    with ix.searcher() as searcher:
        allowed = allowed_docs(searcher, conditions)
        if sort_field is not None:
            has_value = allowed_docs(searcher, [query.NumericRange(sort_field, None, None)])
            groups = [(has_value if allowed is None else allowed & has_value, sort_field),
                      ((set(range(searcher.doc_count_all())) if allowed is None else allowed) - has_value, None)]
        else:
            groups = [(allowed, None)]
        total, ordered = 0, []
        for docs, sortedby in groups:
            if docs is not None and not docs:  # whoosh reads an empty filter as no filter
                continue
            # optimize=False: the block-skipping top-N pass cannot count, and counting after it runs the query again
            results = searcher.search(q, filter=docs, limit=hits_wanted, sortedby=sortedby, reverse=reverse,
                                      optimize=False)
            total += len(results)
            ordered += list(results)
        return {"total": total, "hits": [_hit(h, marks) for h in ordered[offset:hits_wanted]]}
