"""One page image → a `geometry.Page` (positioned words and ruling lines, in points) and the
OCR reading of every number on it, for the same table recovery a born-digital PDF goes through.

Inside a ruled table each cell is read on its own (its box is known from the rules found in
the image): as text, and, where that text is a number, again as digits only; the two
readings and their confidence decide the cell. A table ruled only across, or not at all, is
given the rules its whitespace stands for (`unruled` draws one between each two of its lines,
`gutters` the upright ones) and is read the same way, cell by cell; a number that stands
across such a made-up boundary leaves its row in doubt. Text outside tables (the narrative,
headings) is read a line at a time where its lines stand apart, with Tesseract's page layout
analysis where they run together; each number among it again as digits in its own box.
"""
from typing import NamedTuple

import cv2
import numpy as np

from ingest.numbers import fold_width, parse_number
from ingest.read.pdf.geometry import Char, Page, Segment
from ingest.read.pdf.grid import find_grids

from .engine import Engine
from .image import binarise, seal_free_grey, skew, straighten
from .gutters import MAX_ROW_INCHES, MIN_GUTTER_INCHES, has_gap, ruled_across, runs, table_rules
from .rules import find_rules, rule_mask, runs_of_ink
from .unruled import MIN_LINE_INCHES, unruled_tables

POINTS_PER_INCH = 72
SAME_EXTENT_INCHES = 0.1  # horizontal rules whose ends lie this close belong to one table ruled only across
MAX_LINE_INCHES = 0.4  # a run of inked rows taller than one line of an 18 pt title (0.25 inch, and its accents) is lines run together
VALUE_COLUMN = 0.5  # share of a table's rows with numbers that hold one in a column of numbers
# Upright runs of ink (longer than any glyph's stroke) outside every grid found that show a table
# ruled both ways is on the page, its grid not found whole (photographed at a slant, a rule broken).
MIN_STRAY_UPRIGHTS = 2
MIN_BAND_RULES = 3  # a table ruled only across draws at least this many rules (two rows); fewer is an underline or a rule under a title
PAD_INCHES = 0.05  # white margin put around a cell before reading it: Tesseract misreads glyphs touching the edge
INSET_INCHES = 0.015  # a cell's box is shrunk by this inside its rules, so no rule remnant is read as 1 or |
MIN_INK = 0.002  # share of a cell's pixels that must be ink for it to hold anything (JPEG specks stay under)
# Of a text line's height: words closer than this are one run of text (a title's letter spacing
# is ~0.6; a column gap is wider).
JOIN_GAP = 0.8
# Of its line's height: a word's box widened by this on each side before its digits are read
# (Tesseract's boxes may cut a glyph; wider takes in the next).
WORD_MARGIN = 0.1
MOSTLY_DIGITS = 0.6  # share of a cell's text reading that, made of digits, makes it a number misread (27了), not a label
ECHO = 0.6  # share of a text line's height within a taller line that makes it a second reading of the same ink
RESCALES = (0.75, 2.0)  # a cell that reads as nothing, or as no number where it should, is read again at these sizes
DISAGREE = 0.5  # the confidence at most of a number whose text reading is no number (引 for 31): flagged, kept
AMBIGUOUS = 0.3  # the confidence at most of a number read as two different numbers (8232 and 8282): left null
NUMBERISH = str.maketrans("", "", "0123456789.,-—－ ")  # a cell whose text is left empty by removing these holds a number


class Reading(NamedTuple):
    """How OCR read one number: where (page number from 0, box in points), what, how sure (0–1),
    and the other reading when the text and digit readings differ."""
    page: int
    box: tuple
    text: str
    confidence: float
    other: str | None
    char: int  # index of its Char in the page's chars
    doubt: str | None = None  # why the cell it stands in is in doubt, whatever OCR made of its digits


def read_page(engine: Engine, image: np.ndarray, number: int, dpi: float) -> tuple[Page, list[Reading]]:
    """The page (points, y down) of a BGR or grey `image` scanned at `dpi`, and its numbers' readings."""
    grey = seal_free_grey(image)
    grey = straighten(grey, skew(binarise(grey)))
    ink = binarise(grey)
    rules = find_rules(ink, dpi)
    scale = POINTS_PER_INCH / dpi
    segments = [_points(s, scale) for s in rules]
    height, width = grey.shape
    page = Page(number, width * scale, height * scale, [], segments)
    grids = find_grids(page)
    drawn = rule_mask(ink.shape, [s for s, p in zip(rules, segments) if s.horizontal or any(_within(p, g.bbox) for g in grids)], dpi)
    glyphs = np.where(drawn, 0, ink)
    clean = np.where(drawn, 255, grey).astype(np.uint8)  # the rules become paper
    loose = [s for s, p in zip(rules, segments) if s.horizontal and not any(_within(p, g.bbox) for g in grids)]
    segments, headings = _made_up_rules(rules, loose, grids, ink, glyphs, dpi)
    ruled, page = grids, page._replace(segments=segments)
    grids = find_grids(page)
    chars, readings = [], []
    outside = clean.copy()
    for grid in grids:
        of_row, doubts, kinds = {}, {}, {}
        for cell in grid.cells:
            box = _pixels((grid.xs[cell.c0], grid.ys[cell.r0], grid.xs[cell.c1 + 1], grid.ys[cell.r1 + 1]), scale, dpi)
            first, written = len(readings), len(chars)
            _read_cell(engine, clean, glyphs, box, dpi, scale, number, chars, readings, tall=cell.r1 > cell.r0)
            of_row.setdefault(cell.r0, []).extend(range(first, len(readings)))
            kinds[cell] = "number" if len(readings) > first else "text" if len(chars) > written else ""
            if grid not in ruled and len(readings) > first:
                doubt = _misplaced(cell, glyphs, box, dpi)
                if doubt:
                    doubts[cell.r0] = doubt
        if grid not in ruled:
            doubts = {**_texts_among_numbers(kinds), **doubts}
        for row, doubt in doubts.items():  # one number of the row in doubt: none of the row's is placed surely
            for index in of_row[row]:
                readings[index] = readings[index]._replace(confidence=0.0, doubt=doubt)
        x0, top, x1, bottom = _pixels(grid.bbox, scale, 0)
        outside[top:bottom, x0:x1] = 255
    loose = [s for s in loose if not any(_within(_points(s, scale), g.bbox) for g in grids)]
    for box in _bands(loose, dpi) + headings:
        _read_block(engine, clean, box, dpi, scale, number, chars, readings)
        x0, top, x1, bottom = box
        outside[top:bottom, x0:x1] = 255
    for box in _text_lines(outside, dpi):
        _read_block(engine, clean, box, dpi, scale, number, chars, readings)
        x0, top, x1, bottom = box
        outside[top:bottom, x0:x1] = 255
    if np.count_nonzero(binarise(outside)):  # lines run together (a page photographed at a slant): the layout analysis parts them
        for word in _joined(_without_echoes(engine.words(outside, dpi, block=False))):
            _read_word(engine, clean, word, dpi, scale, number, chars, readings)
    return page._replace(chars=chars), readings


def _made_up_rules(rules, loose, grids, ink, glyphs, dpi):
    """(the page's rules in points with those its tables ruled only across, or not at all, stand
    for; the boxes in pixels of the headings found between such tables). `rules`: found in the
    image; `loose`: the horizontal ones outside the `grids` they make."""
    scale = POINTS_PER_INCH / dpi
    stray = [u for u in runs_of_ink(ink, dpi, directions=(False,)) if not any(_within(_points(u, scale), g.bbox) for g in grids)]
    if len(stray) >= MIN_STRAY_UPRIGHTS:  # a table ruled both ways whose grid was not found: no rule is made up on its page
        return [_points(s, scale) for s in rules], []
    across, headings = ruled_across(loose, glyphs, dpi)
    stacked = {id(s) for stack in across for s in stack}
    segments = [_points(s, scale) for s in rules if id(s) not in stacked]
    segments += [_points(s, scale) for stack in across for s in table_rules(stack, glyphs, dpi)]
    unread = glyphs.copy()  # tables without any rule are looked for where no table stands
    for grid in find_grids(Page(0, 0, 0, [], segments)):
        x0, top, x1, bottom = _pixels(grid.bbox, scale, 0)
        unread[top:bottom, x0:x1] = 0
    for stack in across:
        unread[round(stack[0].top):round(stack[-1].top) + 1, round(min(s.x0 for s in stack)):round(max(s.x1 for s in stack)) + 1] = 0
    unruled, apart = unruled_tables(unread, dpi)
    segments += [_points(s, scale) for stack in unruled for s in table_rules(stack, glyphs, dpi)]
    return segments, headings + apart


def _texts_among_numbers(kinds):
    """{row: why} of the rows of a grid made up from whitespace that print text in a column of
    numbers beside numbers of their own (a handwritten correction over a struck number, a stamp):
    the table recovery takes the text for the row's label and its values move one column on.
    `kinds`: {cell: "number", "text" or ""}; a column of numbers holds numbers in at least
    VALUE_COLUMN of the rows that print numbers."""
    numbered = {cell.r0 for cell, kind in kinds.items() if kind == "number"}
    counts = {}
    for cell, kind in kinds.items():
        if kind == "number" and cell.c0 == cell.c1:
            counts[cell.c0] = counts.get(cell.c0, 0) + 1
    valued = {c for c, n in counts.items() if n >= VALUE_COLUMN * len(numbered)}
    return {cell.r0: "text stands where the table's column prints numbers (a correction? a stamp?)"
            for cell, kind in kinds.items()
            if kind == "text" and cell.r0 in numbered and set(range(cell.c0, cell.c1 + 1)) <= valued}


def _misplaced(cell, glyphs, box, dpi):
    """Why a number read in `cell` of a grid whose upright rules were synthesised from whitespace
    cannot be placed surely, or None: it spans two columns (its ink crossed where a gutter runs in
    the other rows), or its ink stands in two parts a gutter apart (two numbers no gutter the
    table shows parts). Either way the row's cells are no longer one a column, so its values
    could land one column off."""
    if cell.c1 > cell.c0:
        return "a number stands across a column boundary found from the table's whitespace"
    x0, top, x1, bottom = box
    columns = runs(glyphs[max(top, 0):bottom, max(x0, 0):x1].any(axis=0))
    if has_gap(columns, MIN_GUTTER_INCHES * dpi):
        return "two numbers stand in one cell, no column boundary between them"
    return None


def _points(segment, scale):
    return Segment(segment.x0 * scale, segment.top * scale, segment.x1 * scale, segment.bottom * scale)


def _read_block(engine, clean, box, dpi, scale, number, chars, readings):
    """The words of `box` (pixels) read as one block of text lines, each number again as digits."""
    x0, top, x1, bottom = box
    crop, pad = _crop(clean, box, dpi)
    words = engine.words(crop, dpi) or _words_rescaled(engine, crop, dpi)
    for word in _joined(words):
        word = word._replace(x0=word.x0 + x0 - pad, x1=word.x1 + x0 - pad, top=word.top + top - pad, bottom=word.bottom + top - pad)
        _read_word(engine, clean, word, dpi, scale, number, chars, readings)


def _text_lines(outside, dpi):
    """Boxes (pixels) of the text lines left in `outside` (the page with its tables made paper)
    that stand apart, each to be read on its own: Tesseract's layout analysis of the whole page
    misread a heading's last glyph (情况 as 情,) that it reads right on its own line. Runs of
    rows taller than MAX_LINE_INCHES are lines run together, left to the layout analysis."""
    ink = binarise(outside) > 0
    out = []
    for top, bottom in runs(ink.any(axis=1)):
        if not MIN_LINE_INCHES * dpi <= bottom - top <= MAX_LINE_INCHES * dpi:
            continue
        columns = np.flatnonzero(ink[top:bottom].any(axis=0))
        out.append((int(columns[0]), top, int(columns[-1]) + 1, bottom))
    return out


def _bands(rules, dpi):
    """The rows of a table ruled only across: the boxes (pixels) between consecutive horizontal
    `rules` of the same extent, each read as one block of text lines, which Tesseract reads far
    better than its own layout analysis of a whole page of columns."""
    same, tall = SAME_EXTENT_INCHES * dpi, MAX_ROW_INCHES * dpi
    stacks = []
    for rule in sorted(rules, key=lambda r: r.top):
        stack = next((st for st in stacks if abs(st[-1].x0 - rule.x0) <= same and abs(st[-1].x1 - rule.x1) <= same), None)
        if stack is not None and rule.top - stack[-1].top <= tall:
            stack.append(rule)
        else:
            stacks.append([rule])
    inset = round(INSET_INCHES * dpi)
    return [(round(min(a.x0, b.x0)), round(a.top) + inset, round(max(a.x1, b.x1)), round(b.top) - inset)
            for stack in stacks if len(stack) >= MIN_BAND_RULES for a, b in zip(stack, stack[1:])]


def _within(segment, bbox, slack=3.0):
    """Whether `segment` (points) lies in a grid's `bbox`: an upright run outside every table is a
    glyph's stroke (a title's bold 1 or 丨), never erased."""
    x0, top, x1, bottom = bbox
    return x0 - slack <= segment.x0 and segment.x1 <= x1 + slack and top - slack <= segment.top and segment.bottom <= bottom + slack


def _without_echoes(words):
    """Words without the text lines that lie within a taller line: Tesseract's layout analysis at
    times reads a glyph's stroke again as a line of its own (三's last stroke as 一、, 9 px tall,
    inside the 30 px of 三、). Real text lines never overlap so."""
    lines = {}
    for w in words:
        lines.setdefault((w.top, w.bottom), []).append(w)
    extent = {key: (min(w.x0 for w in line), max(w.x1 for w in line)) for key, line in lines.items()}

    def echo(key, other):
        (top, bottom), (otop, obottom) = key, other
        (x0, x1), (ox0, ox1) = extent[key], extent[other]
        return obottom - otop > bottom - top and min(x1, ox1) > max(x0, ox0) \
            and min(bottom, obottom) - max(top, otop) >= ECHO * (bottom - top)

    return [w for key, line in lines.items() if not any(echo(key, other) for other in lines) for w in line]


def _joined(words):
    """Words of one text line that stand closer than JOIN_GAP of its height, joined into one word,
    numbers apart: Tesseract cuts Chinese into words at will, and a gap between two would become a space."""
    out = []
    for word in words:
        prev = out[-1] if out else None
        if (prev is not None and (prev.top, prev.bottom) == (word.top, word.bottom)
                and word.x0 - prev.x1 <= JOIN_GAP * (word.bottom - word.top)
                and not _numberish(prev.text) and not _numberish(word.text)):
            out[-1] = prev._replace(text=prev.text + word.text, x1=word.x1, confidence=min(prev.confidence, word.confidence))
        else:
            out.append(word)
    return out


def _pixels(box, scale, dpi):
    inset = round(INSET_INCHES * dpi)
    x0, top, x1, bottom = (round(v / scale) for v in box)
    return x0 + inset, top + inset, x1 - inset, bottom - inset


def _crop(grey, box, dpi):
    x0, top, x1, bottom = box
    pad = round(PAD_INCHES * dpi)
    return cv2.copyMakeBorder(grey[max(top, 0):bottom, max(x0, 0):x1], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255), pad


def _numberish(text):
    return bool(text) and not fold_width(text).translate(NUMBERISH) and any(ch.isdigit() for ch in fold_width(text))


def _mostly_digits(text):
    """A reading such as 27了 (277 with its last glyph taken for a character): a number to read again as digits."""
    return sum(ch.isdigit() for ch in fold_width(text)) >= MOSTLY_DIGITS * len(text)


def _read_cell(engine, grey, glyphs, box, dpi, scale, number, chars, readings, tall=False):
    """A ruled cell's text as Chars (one per text line); a number's Reading besides. `glyphs`: the
    page's ink without its rules, which tells a blank cell without reading it. A `tall` cell (one
    spanning rows: 本年度办理结果 printed upright) holds a label, never a value: what it reads
    as is kept as text, so specks read as 0 there cannot push a row's values one column on."""
    x0, top, x1, bottom = box
    region = glyphs[max(top, 0):bottom, max(x0, 0):x1]
    if region.size == 0 or np.count_nonzero(region) < MIN_INK * region.size:
        return
    crop, pad = _crop(grey, box, dpi)
    words = engine.words(crop, dpi) or _words_rescaled(engine, crop, dpi)
    text = "".join(w.text for w in words)
    if not words:
        return
    if not tall and (_numberish(text) or len(text) <= 2 or _mostly_digits(text)):
        digits, confidence = engine.number(crop, dpi)
        for factor in RESCALES:
            if parse_number(digits) is not None:
                break
            digits, confidence = engine.number(_rescaled(crop, factor), dpi * factor)
        if parse_number(digits) is not None or _numberish(text):
            _add_number(chars, readings, number, box, scale, text, digits, confidence, min(w.confidence for w in words))
            return
    for line in _lines(words):
        lx0, ltop, lx1, lbottom = (min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line), max(w.bottom for w in line))
        chars.append(Char("".join(w.text for w in line), (x0 - pad + lx0) * scale, (top - pad + ltop) * scale,
                          (x0 - pad + lx1) * scale, (top - pad + lbottom) * scale, (lbottom - ltop) * scale))


def _rescaled(crop, scale):
    return cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA)


def _words_rescaled(engine, crop, dpi):
    """A cell's words read again at each of RESCALES until some are found, boxes brought back to
    the crop's pixels: Tesseract at times reads a clear label as nothing at one size and whole at another."""
    for scale in RESCALES:
        words = engine.words(_rescaled(crop, scale), dpi * scale)
        if words:
            return [w._replace(x0=int(w.x0 / scale), top=int(w.top / scale), x1=int(w.x1 / scale), bottom=int(w.bottom / scale))
                    for w in words]
    return []


def _lines(words):
    """Words of one cell grouped into its text lines, top to bottom, each left to right."""
    lines = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if lines and abs(middle - lines[-1][0]) <= (word.bottom - word.top) / 2:
            lines[-1][1].append(word)
        else:
            lines.append((middle, [word]))
    return [sorted(words, key=lambda w: w.x0) for _, words in lines]


def _read_word(engine, grey, word, dpi, scale, number, chars, readings):
    """A word of the page outside ruled tables; a number is read again as digits in its own box."""
    box = (word.x0, word.top, word.x1, word.bottom)
    if _numberish(word.text):
        margin = round(WORD_MARGIN * (word.bottom - word.top))
        crop, _ = _crop(grey, (word.x0 - margin, word.top, word.x1 + margin, word.bottom), dpi)
        digits, confidence = engine.number(crop, dpi)
        _add_number(chars, readings, number, box, scale, word.text, digits, confidence, word.confidence, prefer_digits=False)
        return
    chars.append(Char(word.text, word.x0 * scale, word.top * scale, word.x1 * scale, word.bottom * scale,
                      (word.bottom - word.top) * scale))


def _add_number(chars, readings, number, box, scale, text, digits, digit_confidence, text_confidence, prefer_digits=True):
    """The number a cell holds, decided from its two readings: the digit reading where it parses
    (in a ruled cell, whose box is sure; a word's box may cut a glyph or take in its neighbour's,
    so there the text reading goes first), the confidence the lower of the two, and at most
    AMBIGUOUS or DISAGREE when the readings differ."""
    plain = fold_width(text).replace(" ", "").replace(",", "")
    first, second = (digits, plain) if prefer_digits else (plain, digits)
    chosen = first if parse_number(first) is not None else second
    confidence = min(digit_confidence, text_confidence)
    other = None
    if plain != digits:
        other = plain if chosen == digits else digits
        both = parse_number(plain) is not None and parse_number(digits) is not None
        confidence = min(confidence, AMBIGUOUS if both else DISAGREE)
    x0, top, x1, bottom = (v * scale for v in box)
    readings.append(Reading(number, (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)), chosen,
                            round(confidence, 2), other, len(chars)))
    chars.append(Char(chosen, x0, top, x1, bottom, bottom - top))
