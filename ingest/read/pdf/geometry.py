"""Positioned text and ruling lines, whatever produced them: a PDF's text layer today, OCR later.

Everything downstream (grids, column clustering, narrative lines) works on these plain
tuples, never on a PDF library's objects. Coordinates are points, y growing downwards.
"""
from collections.abc import Iterable
from typing import NamedTuple


class Char(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


class Segment(NamedTuple):
    """An axis-aligned ruling line (a drawn line, a thin rectangle, a rectangle's edge)."""
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= self.x1 - self.x0


class Page(NamedTuple):
    number: int
    width: float
    height: float
    chars: list
    segments: list


class Line(NamedTuple):
    """Characters that share a baseline, left to right, with the page they are on and their text."""
    page: int
    chars: list
    text: str

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def middle_y(char: Char) -> float:
    return (char.top + char.bottom) / 2


def middle_x(char: Char) -> float:
    return (char.x0 + char.x1) / 2


def cluster(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted values → the mean of each run whose neighbours lie within `tolerance`."""
    groups = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


SAME_LINE = 0.4  # of a character's height: middles this close share a line (mixed fonts differ in height)
MIN_HEIGHT = 1  # points: the height a zero-height character box counts as
SPACE_GAP = 0.3  # of the font size: a wider gap between two characters is a space the PDF did not draw


def group_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters → lines top to bottom, each left to right. A character joins the line whose
    first character's middle is within 0.4 of that character's height of its own middle, so
    mixed fonts on one baseline (boxes of different heights) stay together."""
    lines = []
    ref = tol = None
    for ch in sorted(chars, key=middle_y):
        y = middle_y(ch)
        if lines and abs(y - ref) <= tol:
            lines[-1].append(ch)
            continue
        lines.append([ch])
        ref, tol = y, SAME_LINE * max(ch.bottom - ch.top, MIN_HEIGHT)
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _gap(prev, ch):
    return ch.x0 - prev.x1 > SPACE_GAP * max(prev.size, ch.size)


def chars_text(chars: Iterable[Char]) -> str:
    """A line's text: a space wherever the characters leave a visible gap."""
    out = []
    prev = None
    for ch in chars:
        if prev is not None and _gap(prev, ch) and not ch.text.isspace() and not prev.text.isspace():
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


def runs(chars: Iterable[Char]) -> list[list[Char]]:
    """A line's characters → runs separated by spaces or gaps: words, numbers, cell texts."""
    out = []
    prev = None
    for ch in chars:
        if ch.text.isspace():
            prev = None
            if out and out[-1]:
                out.append([])
            continue
        if not out or (prev is not None and _gap(prev, ch)):
            out.append([])
        out[-1].append(ch)
        prev = ch
    return [r for r in out if r]
