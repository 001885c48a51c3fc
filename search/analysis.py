"""Chinese text → index terms: jieba (rjieba) words in search mode, positioned so phrases work.

rjieba segments ~31× faster than jieba with near-identical words, and jieba is most of the
indexing time. Each word of the precise cut takes one position; every dictionary word inside
it (政务 and 公开 inside 政务公开) is added at the same position, as jieba's search mode does
but for every length. So `政务公开` is one term, `政务` alone still finds it, and a query term
that jieba splits (公开工作 → 公开 工作) is a phrase over consecutive positions. HMM guessing of
unknown words is off, in the index and in queries alike, so both cut a string the same way.

The user dictionary is the data folder's (search/dictionary.py, jieba's format). Its terms
are also found by plain substring search and indexed wherever they occur, even where jieba
cut across them (信息|公开申请): a domain term is found exactly where its characters are.

Adjacent words are also indexed as one pair term (`pair_terms`), so a two-word phrase is a
single posting list instead of a position check over every report holding both words.

Words alone miss what a reader types when the segmenter cuts it otherwise (依申请 inside
依申请公开). So every run of GRAM_SIZES characters of the narrative is a term as well
(`gram_terms`): a fragment of two or three characters is one posting list holding exactly the
reports whose text holds it, a longer one the AND of its three-character runs (every report
holding it, and rarely one holding its runs apart). Text is width-folded and lower-cased
before either cut, so `２０２０` and `2020` are the same term.
"""
from __future__ import annotations

import bisect
import functools
from collections import Counter
from typing import TYPE_CHECKING

from whoosh.analysis import Token, Tokenizer

from ingest.numbers import fold_width

if TYPE_CHECKING:
    import rjieba

    from .dictionary import Dictionary

Term = tuple[str, int, int, int]  # (term, position, first char, char after it) in a field value
SEGMENTERS_KEPT = 4  # dictionaries whose segmenter stays loaded (a server has one; tests make several)


@functools.lru_cache(maxsize=SEGMENTERS_KEPT)
def segmenter(dictionary: Dictionary) -> rjieba.Jieba:
    """An rjieba instance with the stock dictionary plus `dictionary`'s words (search/dictionary.py)."""
    import rjieba

    jieba = rjieba.Jieba()
    for word, freq in dictionary.words.items():
        jieba.add_word(word, freq, dictionary.tags.get(word))
    return jieba


def _is_word(word):
    return any(ch.isalnum() for ch in word)


def words(text: str, dictionary: Dictionary) -> list[str]:
    """The precise cut of `text` as search words (lower-cased, punctuation and spaces dropped): how a query term is read."""
    return [w.lower() for w in segmenter(dictionary).cut(fold_width(text), hmm=False) if _is_word(w)]


SECTION_BREAK = "\x1e"  # joins sections into the all-text field; a phrase never spans it


def field_terms(value: str, dictionary: Dictionary) -> list[Term]:
    """terms() of a field value whose parts are joined by SECTION_BREAK, each part cut once.

    The all-text field repeats the sections; the cache hands it the terms the section
    fields already computed, so indexing segments each text once.
    """
    out, pos, offset = [], 0, 0
    for part in value.split(SECTION_BREAK):
        found = _cached_terms(part, dictionary)
        out += [(term, pos + p, offset + start, offset + end) for term, p, start, end in found]
        pos += (found[-1][1] + 2) if found else 1
        offset += len(part) + 1
    return out


@functools.lru_cache(maxsize=16)
def _cached_terms(text, dictionary):
    return terms(text, dictionary)


def terms(text: str, dictionary: Dictionary) -> list[Term]:
    """(term, position, startchar, endchar) for every index term of `text`.

    Whitespace takes no position (a PDF line break inside a sentence must not break a
    phrase); punctuation does (a phrase does not run across a comma).
    """
    jieba = segmenter(dictionary)
    text = fold_width(text)  # one character for one: positions and offsets stay the original's
    out = []
    pos = 0
    word_starts = []  # start of the word at each position
    for word, start, end in jieba.tokenize(text, mode="default", hmm=False):
        if word.isspace():
            continue
        word_starts.append(start)
        if _is_word(word):
            lower = word.lower()
            n = len(word)
            if n > 2:
                for size in range(2, n):
                    for i in range(n - size + 1):
                        part = lower[i:i + size]
                        if jieba.has_word(part):
                            out.append((part, pos, start + i, start + i + size))
            out.append((lower, pos, start, end))
        pos += 1
    found = {(start, end) for _, _, start, end in out}
    lowered = text.lower()
    for word in dictionary.words:
        start = lowered.find(word)
        while start >= 0:
            end = start + len(word)
            if (start, end) not in found:
                out.append((word, bisect.bisect_right(word_starts, start) - 1, start, end))
            start = lowered.find(word, start + 1)
    out.sort(key=lambda term: (term[1], term[2]))
    return out


PAIR_SEP = "\x1f"  # joins the two words of a pair term; never inside a word


def pair(first: str, second: str) -> str:
    return f"{first}{PAIR_SEP}{second}"


def pair_terms(value: str, dictionary: Dictionary) -> list[Term]:
    """(pair, position, start, end) of every two terms at consecutive positions of a field value.

    Every term at a position pairs with every term at the next, so the pairs hold exactly
    the two-word phrases a positional phrase query would match there.
    """
    at = {}
    for term, pos, start, end in field_terms(value, dictionary):
        at.setdefault(pos, {}).setdefault(term, (start, end))
    out = []
    for pos in sorted(at):
        for second, (_, end) in at.get(pos + 1, {}).items():
            out += [(pair(first, second), pos, start, end) for first, (start, _) in at[pos].items()]
    return out


GRAM_SIZES = (2, 3)  # 2: any query of two characters; 3: longer ones as an AND of runs rare enough to be selective


def gram_text(text: str) -> str:
    """`text` as grams and fragments read it: width-folded, lower-cased, whitespace dropped (a PDF
    line break inside a word must not hide it)."""
    return "".join(fold_width(text).lower().split())


def gram_terms(value: str) -> Counter:
    """{gram: occurrences} of every run of GRAM_SIZES word characters in each SECTION_BREAK part of `value`."""
    out = Counter()
    for part in value.split(SECTION_BREAK):
        text = gram_text(part)
        for size in GRAM_SIZES:
            out.update(text[i:i + size] for i in range(len(text) - size + 1))
    return Counter({gram: n for gram, n in out.items() if gram.isalnum()})


def fragment_grams(fragment: str) -> list[str]:
    """The grams every text holding `fragment` (gram_text'ed, at least 2 characters) holds: the
    fragment itself up to the longest gram, else each of its runs of that length."""
    size = GRAM_SIZES[-1]
    if len(fragment) <= size:
        return [fragment]
    return list(dict.fromkeys(fragment[i:i + size] for i in range(len(fragment) - size + 1)))


class GramTokenizer(Tokenizer):
    """Whoosh tokenizer over `gram_terms()`: each gram once, its count as the token's boost (the
    posting's weight), so indexing makes one token per distinct gram rather than per character."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, count in gram_terms(value).items():
            token.text = text
            token.boost = float(count)
            token.stopped = False
            if keeporiginal:
                token.original = text
            yield token


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer over `terms()` (or `pair_terms()`); no stemmer, no stop list, no TF-IDF tables.

    The index's schema (pickled in it) holds the tokenizer but not its dictionary: the data
    folder decides that, and index.writer hands it to the tokenizers of each writer.
    """

    dictionary = None

    def __init__(self, pairs: bool = False) -> None:
        self.pairs = pairs

    def __eq__(self, other):
        return type(self) is type(other) and self.pairs == other.pairs

    def __getstate__(self):
        return {"pairs": self.pairs}

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if self.dictionary is None:
            raise RuntimeError("JiebaTokenizer has no dictionary: index documents through search.index.writer")
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in (pair_terms if self.pairs else field_terms)(value, self.dictionary):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def analyzer(pairs: bool = False) -> JiebaTokenizer:
    return JiebaTokenizer(pairs)
