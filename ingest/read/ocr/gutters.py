"""The missing upright rules of a scanned table ruled only across (or, with the horizontal rules
`unruled` draws, not ruled at all), drawn where its whitespace runs.

A table whose rows are ruled but whose columns are not still keeps its columns apart by white
gutters. Each row band (between two consecutive rules) shows its gutters as runs of x without
ink; a column boundary is a place that lies in a gutter of the bands that print on both sides
of it. The boundaries are chosen narrowest gutter first (a narrow gutter pins a boundary down;
a wide one, beside a blank cell or a short label, already holds one), and each is drawn as a
`Segment` in every band where no ink crosses it, so a cell that spans columns there (a header
over a group of columns, a long label) stays one cell, as it does in a ruled table. The same
table recovery then reads them as it reads found rules: synthetic rules are rules.
"""
import numpy as np

from ingest.read.pdf.geometry import Segment

# A gutter is at least this wide: wider than the space inside a label (a full-width space or a
# comma's white, ~0.07 inch at 9–10 pt), narrower than the white between a label and a number
# or between two numbers (~0.25 inch and more in the reports' tables).
MIN_GUTTER_INCHES = 0.09
# Rows are read this far inside their rules, so the rules' blurred edges count as paper.
BAND_INSET_INCHES = 0.02
MAX_ROW_INCHES = 1.2  # consecutive rules further apart bound no table row (a row of 3–4 wrapped label lines is ~0.8)
MIN_RULES = 2  # a table ruled only across draws at least two rules (one row: the last of a table a page break cut); one is an underline
# A heading between two tables ruled only across: one line starting within HEADING_START of the
# table's width from its left edge (a heading may be indented two characters, a header is centred), ending
# short of HEADING_END (a row prints values on its right), at least HEADING_LINE times as tall as
# the table's usual line (headings are set 1.2–1.5 times the table's size), the usual line being
# the HEADING_USUAL percentile of the runs of ink rows (two wrapped lines can run into one).
HEADING_START = 0.12
HEADING_END = 0.75
HEADING_LINE = 1.1
HEADING_USUAL = 25
CELL_GAP_INCHES = 0.25  # white this wide inside a line parts two cells (a heading leaves up to 0.2 inch after its 、, a space 0.05)
OVERLAP = 0.8  # share of the shorter of two rules that the longer must cover for both to rule one table


def ruled_across(rules: list[Segment], glyphs: np.ndarray, dpi: float) -> tuple[list[list[Segment]], list[tuple]]:
    """The horizontal `rules` (pixels) grouped into tables ruled only across, top to bottom: rules
    one under another, at most MAX_ROW_INCHES apart, whose extents overlap (a glyph standing on
    a rule may cut a piece off its end, so extents need not be equal), parted where a heading
    stands between two tables (`_headings`); and the boxes (x0, top, x1, bottom) of those headings,
    to be read line by line. `glyphs`: the page's ink (255), rules erased."""
    tall = MAX_ROW_INCHES * dpi
    stacks = []
    for rule in sorted(rules, key=lambda r: r.top):
        stack = next((st for st in reversed(stacks) if _overlap(st[-1], rule) and rule.top - st[-1].top <= tall), None)
        if stack is None:
            stacks.append([rule])
        else:
            stack.append(rule)
    parted, headings = [], []
    for stack in stacks:
        cuts = _headings(stack, glyphs, dpi)
        parted += [stack[a + 1:b + 1] for a, b in zip([-1] + cuts, cuts + [len(stack) - 1])]
        x0, x1 = round(min(r.x0 for r in stack)), round(max(r.x1 for r in stack))
        headings += [(x0, round(stack[i].top), x1, round(stack[i + 1].top)) for i in cuts]
    return [stack for stack in parted if len(stack) >= MIN_RULES], headings


def _headings(stack, glyphs, dpi):
    """Indices i of the bands (between rules i and i+1) of `stack` that hold a heading, not a row
    (`is_heading`): the rules above and below such a band are two tables' edges."""
    x0, x1 = round(min(r.x0 for r in stack)), round(max(r.x1 for r in stack))
    inset = max(1, round(BAND_INSET_INCHES * dpi))
    bands = [glyphs[round(a.top) + inset:round(b.top) - inset, x0:x1 + 1] for a, b in zip(stack, stack[1:])]
    heights = [b - a for band in bands for a, b in runs(band.any(axis=1))]
    usual = np.percentile(heights, HEADING_USUAL) if heights else 0
    return [i for i, band in enumerate(bands) if is_heading(band, usual, dpi)]


def is_heading(band: np.ndarray, usual: float, dpi: float) -> bool:
    """Whether `band` (ink 255, the table's width) holds a part's heading: one line of text, clear
    of the band's edges (text crossing a rule is a cell's, spanning rows), starting at the table's
    left edge and ending short of HEADING_END of its width (a row prints its values to the right),
    at least HEADING_LINE times the table's `usual` line height (headings are set larger), and
    one run of text: no white as wide as CELL_GAP_INCHES inside it."""
    rows, columns = runs(band.any(axis=1)), runs(band.any(axis=0))
    width = band.shape[1]
    return (len(rows) == 1 and rows[0][0] > 0 and rows[0][1] < band.shape[0]
            and columns[0][0] <= HEADING_START * width and columns[-1][1] <= HEADING_END * width
            and rows[0][1] - rows[0][0] >= HEADING_LINE * usual and not has_gap(columns, CELL_GAP_INCHES * dpi))


def has_gap(columns: list[tuple[int, int]], width: float) -> bool:
    """Whether white at least `width` wide parts two of the runs of ink `columns` (left to right)."""
    return any(b[0] - a[1] >= width for a, b in zip(columns, columns[1:]))


def _overlap(a, b):
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    return shared >= OVERLAP * min(a.x1 - a.x0, b.x1 - b.x0)


def runs(ink: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D array, end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ink.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def table_rules(stack: list[Segment], glyphs: np.ndarray, dpi: float) -> list[Segment]:
    """The rules (pixels) that make `stack`, a table ruled only across, a grid: its rules, each
    drawn across the table's whole width (a piece lost under a glyph left the label column
    unruled), its two sides, and the synthetic upright rules of its gutters. `glyphs`: the
    page's ink (255) with its rules erased."""
    x0, x1 = round(min(r.x0 for r in stack)), round(max(r.x1 for r in stack))
    ys = sorted({round(r.top) for r in stack})
    inset = max(1, round(BAND_INSET_INCHES * dpi))
    bands = [(top, bottom, _gutters(glyphs[top + inset:bottom - inset, x0:x1 + 1], x0, dpi))
             for top, bottom in zip(ys, ys[1:]) if bottom - top > 2 * inset]
    boundaries = _boundaries([g for _, _, gutters in bands for g in gutters], (x0, x1))
    out = [Segment(float(x0), float(y), float(x1), float(y)) for y in ys]
    out += [Segment(float(x), float(ys[0]), float(x), float(ys[-1])) for x in (x0, x1)]
    for top, bottom, gutters in bands:
        out += [Segment(float(x), float(top), float(x), float(bottom))
                for x in boundaries if any(a <= x <= b for a, b in gutters)]
    return out


def _gutters(band: np.ndarray, left: int, dpi: float) -> list[tuple[int, int]]:
    """The runs of columns without ink in `band` at least MIN_GUTTER_INCHES wide, as (first, last)
    x on the page (`left` is the band's own x 0). A band without ink is all one gutter."""
    return [(left + a, left + b - 1) for a, b in runs(~band.any(axis=0)) if b - a >= MIN_GUTTER_INCHES * dpi]


def _boundaries(gutters: list[tuple[int, int]], sides: tuple[int, int]) -> list[int]:
    """Column boundaries inside the table: the middle of each gutter, narrowest first, that holds
    no boundary yet (the table's `sides` count as boundaries: a row's margin holds one)."""
    chosen = list(sides)
    for a, b in sorted(gutters, key=lambda g: g[1] - g[0]):
        if not any(a <= x <= b for x in chosen):
            chosen.append((a + b) // 2)
    return sorted(x for x in chosen if x not in sides)
