"""Evaluate a parsed query over numpy arrays: which documents match (a bool mask) and their BM25F score.

Matching walks the query tree (parse.parse builds Term, Phrase, And, Or, AndNot, Not and
Every) with whole posting lists (postings.py) turned into masks, so an exact count
costs a few array operations instead of a Python call per document. Scores are whoosh's
BM25F (same idf, average length, byte-coded field lengths, B and K1), summed over the
positive terms a document holds, computed for every match at once.

A phrase in the all-text field is its pair terms (analysis.pair_terms): two words are one
posting list; longer phrases check their candidates' positions in the section fields,
which the all-text field joins.

A term or phrase of the all-text field also matches every report whose text holds its
characters run together (a fragment: analysis.gram_terms), however the segmenter cut them
there. A report found as words ranks above one found only as a fragment: `tiers` counts the
clauses a report matched as words, and the ranking orders by it before the score.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ingest.schema import SECTIONS

from ..analysis import fragment_grams, gram_text, pair
from ..index import GRAMS_FIELD, PAIRS_FIELD, TEXT_FIELDS
from .postings import postings

if TYPE_CHECKING:
    from whoosh.query import Query

    from .parse import Where
    from .snapshot import Snapshot

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F defaults
FRAGMENT_MIN_CHARS = 2  # the shortest fragment the grams hold (analysis.GRAM_SIZES)
SCORED_FIELDS = TEXT_FIELDS + (PAIRS_FIELD, GRAMS_FIELD)


def _mask(snap, ids):
    mask = np.zeros(snap.doc_count(), dtype=bool)
    mask[ids] = True
    return mask


def _term(snap, field, text, scores):
    """Mask of documents holding `text` in `field`; adds its BM25F to `scores` unless None."""
    ids, weights = postings(snap.reader, field, text)
    if scores is not None and len(ids) and field in SCORED_FIELDS:
        searcher = snap.searcher
        idf = searcher.idf(field, text)
        avg = searcher.avg_field_length(field) or 1
        lengths = snap.lengths(field)[ids]
        scores[ids] += idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avg))
    return _mask(snap, ids)


def _verified(snap, field, words, candidates):
    """The candidates (a mask) where `words` stand at consecutive positions of `field`."""
    from whoosh import query

    phrase = query.Phrase(field, list(words))
    found = np.zeros_like(candidates)
    wanted = np.flatnonzero(candidates)
    for sub, base in snap.searcher.subsearchers or [(snap.searcher, 0)]:
        local = wanted[(wanted >= base) & (wanted < base + sub.doc_count_all())] - base
        matcher = phrase.matcher(sub)
        for docnum in local.tolist():
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found[base + docnum] = True
    return found


def _phrase(snap, field, words, scores):
    if field == "text":
        mask = np.logical_and.reduce([_term(snap, PAIRS_FIELD, pair(a, b), scores) for a, b in zip(words, words[1:])])
        if len(words) == 2:
            return mask
        return np.logical_or.reduce([_verified(snap, section, words, mask) for section in SECTIONS])
    mask = np.logical_and.reduce([_term(snap, field, word, scores) for word in words])
    return _verified(snap, field, words, mask)


def _or_fragment(snap, field, words, found, scores, tiers):
    """`found` (the reports holding `words` as words) or every report whose all-text holds them run together.

    Reports in `found` count a tier up; one found only as a fragment scores its grams' BM25F.
    """
    if tiers is not None:
        tiers[found] += 1
    fragment = gram_text("".join(words))
    if field != "text" or len(fragment) < FRAGMENT_MIN_CHARS:
        return found
    gram_scores = None if scores is None else np.zeros(snap.doc_count())
    held = np.logical_and.reduce([_term(snap, GRAMS_FIELD, gram, gram_scores) for gram in fragment_grams(fragment)])
    if scores is not None:
        only = held & ~found
        scores[only] += gram_scores[only]
    return found | held


def match(snap: Snapshot, q: Query, scores: np.ndarray | None = None, tiers: np.ndarray | None = None) -> np.ndarray:
    """Mask of the documents `q` matches (deleted ones included); adds BM25F of its positive terms to
    `scores` and, per document, how many of them it holds as words (not only as a fragment) to `tiers`."""
    from whoosh import query

    if isinstance(q, query.Term):
        found = _term(snap, q.fieldname, q.text, scores)
        return _or_fragment(snap, q.fieldname, [q.text], found, scores, tiers)
    if isinstance(q, query.Phrase):
        found = _phrase(snap, q.fieldname, q.words, scores)
        return _or_fragment(snap, q.fieldname, q.words, found, scores, tiers)
    if isinstance(q, query.And):
        return np.logical_and.reduce([match(snap, sub, scores, tiers) for sub in q.subqueries])
    if isinstance(q, query.Or):
        return np.logical_or.reduce([match(snap, sub, scores, tiers) for sub in q.subqueries])
    if isinstance(q, query.AndNot):
        return match(snap, q.a, scores, tiers) & ~match(snap, q.b)
    if isinstance(q, query.Not):
        return ~match(snap, q.query)
    if isinstance(q, query.Every):
        return np.ones(snap.doc_count(), dtype=bool)
    raise TypeError(f"no evaluation for {q!r}")


_COMPARE = {"=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
            ">=": np.greater_equal}


def passes(snap: Snapshot, conditions: list[Where | Query]) -> np.ndarray:
    """Mask of the documents meeting every condition of parse.filters: a Where on a number column, or a query."""
    from .parse import Where

    mask = np.ones(snap.doc_count(), dtype=bool)
    for condition in conditions:
        if isinstance(condition, Where):
            values = snap.numbers(condition.key)
            with np.errstate(invalid="ignore"):
                mask &= _COMPARE[condition.op](values, condition.value) & ~np.isnan(values)
        else:
            mask &= match(snap, condition)
    return mask
