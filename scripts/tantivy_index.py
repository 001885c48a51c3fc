"""The same reports in tantivy (Rust, through its Python binding), for scripts/bench_search.py to compare with.

tantivy gets the very terms our index holds, pre-tokenized: the words of search/analysis.py
with their positions (sub-words at their word's position, so its phrases are ours), the
2- and 3-character grams of the narrative, and every number of NUMBER_KEYS as a fast float
field. A query is our parser's query (search/query/parse.py) translated clause by clause as
docsets.py evaluates it: a term or phrase of the all-text field OR its fragment's grams.
So the two must match the same reports; the benchmark checks that they do.
"""
from __future__ import annotations

import time
from pathlib import Path

from ingest.schema import SECTIONS
from search import analysis, index
from search.query.parse import Where

WORDS, GRAMS, ID = "words", "grams", "id"
HEAP_BYTES = 256_000_000  # the writer's memory, as our bulk build's (index.BULK_WRITER_MB)


def schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field(ID, stored=True, tokenizer_name="raw")
    builder.add_text_field(WORDS, tokenizer_name="raw", index_option="position")
    builder.add_text_field(GRAMS, tokenizer_name="raw", index_option="freq")
    for key in index.NUMBER_KEYS:
        builder.add_float_field(index.field_name(key), fast=True)
    return builder.build()


def _document(doc_id, record, dictionary):
    import tantivy

    text = analysis.SECTION_BREAK.join((record["sections"].get(s) or "") for s in SECTIONS)
    words = [tantivy.Token(term, pos, start, end) for term, pos, start, end in analysis.field_terms(text, dictionary)]
    grams = [tantivy.Token(gram, n, 0, 0) for n, gram in enumerate(g for g, count in analysis.gram_terms(text).items()
                                                                  for _ in range(count))]
    doc = tantivy.Document()
    doc.add_text(ID, doc_id)
    doc.add_pre_tokenized_text(WORDS, tantivy.PreTokenizedString(text, words))
    doc.add_pre_tokenized_text(GRAMS, tantivy.PreTokenizedString(text, grams))
    numbers = index.document({"id": doc_id, "record": record})
    for key in index.NUMBER_KEYS:
        value = numbers.get(index.field_name(key))
        if value is not None:
            doc.add_float(index.field_name(key), value)
    return doc


def build(folder: Path, entries, dictionary):
    """A tantivy index of `entries` ((id, record)) in `folder`; (index, seconds)."""
    import tantivy

    start = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    ix = tantivy.Index(schema(), path=str(folder))
    writer = ix.writer(HEAP_BYTES)
    for doc_id, record in entries:
        writer.add_document(_document(doc_id, record, dictionary))
    writer.commit()
    writer.wait_merging_threads()
    ix.reload()
    return ix, time.perf_counter() - start


def _fragment(schema, words):
    import tantivy

    fragment = analysis.gram_text("".join(words))
    if len(fragment) < 2:
        return None
    grams = [tantivy.Query.term_query(schema, GRAMS, gram, index_option="freq")
             for gram in analysis.fragment_grams(fragment)]
    return grams[0] if len(grams) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, g) for g in grams])


def translate(schema, q):
    """The tantivy query of one of our parsed queries (whoosh query objects) on the all-text field."""
    import tantivy
    from whoosh import query

    if isinstance(q, (query.Term, query.Phrase)):
        if q.fieldname != "text":
            raise ValueError(f"the comparison covers the all-text field only, not {q.fieldname}")
        words = [q.text] if isinstance(q, query.Term) else list(q.words)
        found = (tantivy.Query.term_query(schema, WORDS, words[0]) if len(words) == 1
                 else tantivy.Query.phrase_query(schema, WORDS, words))
        fragment = _fragment(schema, words)
        if fragment is None:
            return found
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, found), (tantivy.Occur.Should, fragment)])
    if isinstance(q, query.And):
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, translate(schema, sub)) for sub in q.subqueries])
    if isinstance(q, query.Or):
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, translate(schema, sub)) for sub in q.subqueries])
    if isinstance(q, query.AndNot):
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, translate(schema, q.a)),
                                            (tantivy.Occur.MustNot, translate(schema, q.b))])
    if isinstance(q, query.Every):
        return tantivy.Query.all_query()
    raise TypeError(f"no translation for {q!r}")


def where(schema, condition: Where):
    """A fast-field range query for `KEY OP VALUE` (=, <, <=, >, >=)."""
    import tantivy

    name, value, op = index.field_name(condition.key), condition.value, condition.op
    bounds = {"=": (value, value, True, True), ">=": (value, None, True, True), ">": (value, None, False, True),
              "<=": (None, value, True, True), "<": (None, value, True, False)}
    if op not in bounds:
        raise ValueError(f"the comparison has no {op}")
    lower, upper, include_lower, include_upper = bounds[op]
    return tantivy.Query.range_query(schema, name, tantivy.FieldType.Float, lower, upper, include_lower, include_upper)


def full_query(schema, q, conditions):
    import tantivy

    parts = [translate(schema, q)] + [where(schema, c) for c in conditions]
    return parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])
