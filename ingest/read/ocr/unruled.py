"""Tables printed without any rule, found in a page image by their whitespace, and given the
horizontal rules they lack: one between each two text lines.

A page's text lines are the runs of pixel rows whose ink spans more than a glyph's width
(a glyph of vertical text, 三、本年度办理结果 one character a line, stands in the white
between two rows and must not join them). A table line is one with a wide white gutter inside
it (a label and its numbers, or two numbers, stand apart; a justified paragraph, a centred
title or a heading has none). Consecutive table lines, with the few lines between them that a
table holds without gutters (a header over a group of columns), make a table, never across a
heading. Each of its lines becomes a row, ruled above and below in the middle of the white
between lines (where the fewest pixels are ink); `gutters.table_rules` then adds the columns.
A row whose label wraps over lines without numbers beside them is carried into the next row
with numbers by the table mapper, as in a text dump.
"""
import numpy as np

from ingest.read.pdf.geometry import Segment

from .gutters import CELL_GAP_INCHES, HEADING_USUAL, has_gap, is_heading, runs

CROSSING_INCHES = 0.17  # a pixel row whose ink spans at most this much is white: one glyph of vertical text (10 pt is 0.14 inch)
MIN_LINE_INCHES = 0.04  # a run of rows lower than this is specks, or a rule's remnant, not a line of text (7 pt glyphs are 0.08)
MAX_BRIDGE = 3  # lines without a gutter that a table holds between two of its lines (a header over a column group, wrapped)
MAX_GAP_INCHES = 0.6  # white between two lines of one table is narrower (a table's rows are set close)
MIN_TABLE_LINES = 2  # a table has a head or a row besides a row: one line with a gutter is a signature or a date line
MARGIN_INCHES = 0.03  # the synthetic rules reach this far beyond the table's ink


def unruled_tables(glyphs: np.ndarray, dpi: float) -> tuple[list[list[Segment]], list[tuple]]:
    """The synthetic horizontal rules (pixels) of each table without rules in `glyphs` (a page's
    ink 255, with what is already read as a table erased), one list per table, top to bottom;
    and the boxes (x0, top, x1, bottom) of the headings that end a table, to be read line by line."""
    lines = [(top, bottom) for top, bottom in runs(_wide_rows(glyphs, CROSSING_INCHES * dpi))
             if bottom - top >= MIN_LINE_INCHES * dpi]
    gutter = CELL_GAP_INCHES * dpi
    spans = [_ink_span(glyphs[top:bottom]) for top, bottom in lines]
    tabled = [has_gap(runs(glyphs[top:bottom].any(axis=0)), gutter) for top, bottom in lines]
    heights = [bottom - top for (top, bottom), t in zip(lines, tabled) if t]
    usual = np.percentile(heights, HEADING_USUAL) if heights else 0
    width = (min((s[0] for s, t in zip(spans, tabled) if t), default=0), max((s[1] for s, t in zip(spans, tabled) if t), default=0))
    tables, current, bridge, headings = [], [], [], []
    for index, ((top, bottom), table_line) in enumerate(zip(lines, tabled)):
        gap_ok = current and top - lines[(bridge or current)[-1]][1] <= MAX_GAP_INCHES * dpi
        heading = current and gap_ok and _heading(glyphs, lines[index], width, usual, dpi)
        if heading:
            margin = round(MARGIN_INCHES * dpi)  # its own ink, which may start left of the table's
            headings.append((max(spans[index][0] - margin, 0), top, spans[index][1] + margin, bottom))
        if current and (not gap_ok or heading):
            tables.append(current)
            current, bridge = [], []
        if table_line:
            current += bridge + [index]
            bridge = []
        elif current and len(bridge) < MAX_BRIDGE:
            bridge.append(index)
        elif current:
            tables.append(current)
            current, bridge = [], []
    if current:
        tables.append(current)
    return [_rules(glyphs, [lines[i] for i in table], [spans[i] for i in table], dpi)
            for table in tables if sum(tabled[i] for i in table) >= MIN_TABLE_LINES], headings


def _heading(glyphs, line, width, usual, dpi):
    """Whether `line` is a heading, which ends a table: `width` is (left, right) of the page's
    table lines (a table cut by a page break shows too few of its own to measure it)."""
    (top, bottom), (x0, x1) = line, width
    return is_heading(np.pad(glyphs[top:bottom, x0:x1 + 1], ((1, 1), (0, 0))), usual, dpi)


def _rules(glyphs, lines, spans, dpi):
    """Horizontal Segments above the first line, between each two (at the whitest pixel row, the
    middle of the whitest run), and below the last, across the table's ink and MARGIN_INCHES."""
    margin = round(MARGIN_INCHES * dpi)
    x0, x1 = min(s[0] for s in spans) - margin, max(s[1] for s in spans) + margin
    ys = [max(0, lines[0][0] - margin)]
    for (_, above), (below, _) in zip(lines, lines[1:]):
        ink = np.count_nonzero(glyphs[above:below, max(x0, 0):x1 + 1], axis=1)
        whitest = runs(ink == ink.min())
        a, b = max(whitest, key=lambda r: r[1] - r[0])
        ys.append(above + (a + b - 1) // 2)
    ys.append(min(glyphs.shape[0] - 1, lines[-1][1] + margin))
    return [Segment(float(max(x0, 0)), float(y), float(min(x1, glyphs.shape[1] - 1)), float(y)) for y in ys]


def _wide_rows(glyphs, crossing):
    """Whether each pixel row's ink spans more than `crossing` across (a glyph's top row, one
    stroke of it, still spans its line's width; a glyph of vertical text alone does not)."""
    ink = glyphs > 0
    width = ink.shape[1]
    first, last = ink.argmax(axis=1), width - 1 - ink[:, ::-1].argmax(axis=1)
    return ink.any(axis=1) & (last - first > crossing)


def _ink_span(strip):
    columns = np.flatnonzero(strip.any(axis=0))
    return (int(columns[0]), int(columns[-1])) if columns.size else (0, 0)
