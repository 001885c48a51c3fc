"""A narrative cut into sentences, and the form two sentences are compared in.

Comparing two reports and measuring copying both work sentence by sentence: a sentence is
what a writer copies, keeps or rewrites. The comparison form folds full-width characters
and drops spaces and punctuation (what a PDF or a retyping changes without changing the
text); the sentence itself is kept for display.
"""
import re

from ingest.numbers import squash

_END = re.compile(r"(?<=[。！？；!?;])|\n+")  # a sentence ends at 。！？； or a line break (a list item, a heading)
_DIGITS = re.compile(r"\d+")


def sentences(text: str | None) -> list[str]:
    """The sentences of a narrative, stripped, empty ones left out."""
    return [part.strip() for part in _END.split(text or "") if part and part.strip()]


def comparable(sentence: str) -> str:
    """A sentence reduced to what a copy keeps: folded width, no spaces or punctuation."""
    return squash(sentence)


def skeleton(sentence: str) -> str:
    """The comparable form with every number replaced by `#`: last year's sentence with this year's
    figures filled in is the same sentence (`共收到申请12件` / `共收到申请15件`)."""
    return _DIGITS.sub("#", comparable(sentence))
