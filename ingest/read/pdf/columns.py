"""Tables without a full grid (horizontal rules only, or no rules at all), from positioned text.

Value columns are where numbers stand (their horizontal extents, overlapping ones merged);
a row is a line of numbers; the label runs left of the value columns join rows of numbers
beside their middle (`labels`), never across a horizontal rule. Text that joins no row (headers, captions) becomes a row without values,
which the table mapper carries into the next row's label.
"""
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from ingest.numbers import is_blank, parse_number

from .geometry import Line, chars_text, runs
from .labels import attach

UNITS = ("万元", "元", "万", "亿元")
ATTACH_LINES = 2.5  # a label run joins a row of numbers at most this many line heights away
HEADER_WIDTH = 1.5  # column pitches: a header wider than this heads a group of columns, not a blank one
NEXT_COLUMN = (0.75, 1.25)  # column pitches: a header this far from the nearest column of numbers heads the column beside it
SAME_ROW = 0.5  # of a value's height: values whose middles are this close stand on one row
WRAPPED_VALUE = 0.9  # of a line height: a short row of values this near a fuller one is a number that wrapped in its cell
SPACED_GAP = 1.5  # line heights: label runs a space character parts, this close, are one cell's text
UNSPACED_GAP = 0.6  # line heights: runs with no space character between them this close are one cell; wider, two cells


class Token(NamedTuple):
    line: int
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    spaced: bool = False  # a space character, not just a gap, stands before it on its line

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def tokens(lines: Sequence[Line]) -> list[Token]:
    """Each line's runs as tokens; a unit printed apart from its number stays with it."""
    out = []
    for n, line in enumerate(lines):
        prev = None
        spaces = [c.x0 for c in line.chars if c.text.isspace()]
        for run in runs(line.chars):
            text = chars_text(run)
            spaced = prev is not None and any(prev.x1 - 1 <= x <= run[0].x0 for x in spaces)
            tok = Token(n, line.page, run[0].x0, min(c.top for c in run), run[-1].x1, max(c.bottom for c in run), text,
                        spaced)
            if prev is not None and text in UNITS and parse_number(prev.text):
                out[-1] = prev = prev._replace(x1=tok.x1, text=prev.text + text)
                continue
            out.append(tok)
            prev = tok
    return out


def value_columns(numbers: Iterable[Token]) -> list[list[float]]:
    """Horizontal extents of the value columns: number extents, overlapping ones merged."""
    cols = []
    for tok in sorted(numbers, key=lambda t: t.x0):
        if cols and tok.x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], tok.x1)
        else:
            cols.append([tok.x0, tok.x1])
    return cols


def header_columns(cols: list[list[float]], headers: Iterable[Token], labels: Collection[Token]) -> list[list[float]]:
    """Columns whose every cell is blank, found from their header: a header narrower than the
    column pitch, one pitch away from the nearest column that holds numbers (a blank 总计 of
    表四); columns of a table's value area are evenly spaced, label columns are not. A header
    above the labels of rows with values (表二's 信息内容) heads the label column instead."""
    if len(cols) < 2:
        return cols
    centres = [(a + b) / 2 for a, b in cols]
    pitch = sorted(b - a for a, b in zip(centres, centres[1:]))[(len(centres) - 2) // 2]
    added = True
    while added:
        added = False
        for tok in headers:
            nearest = min(abs(tok.centre - c) for c in centres)
            over_labels = any(t.x0 < tok.x1 and tok.x0 < t.x1 for t in labels)
            if tok.x1 - tok.x0 <= HEADER_WIDTH * pitch and NEXT_COLUMN[0] * pitch <= nearest <= NEXT_COLUMN[1] * pitch \
                    and not over_labels:
                cols = sorted(cols + [[tok.x0, tok.x1]])
                centres = [(a + b) / 2 for a, b in cols]
                added = True
    return cols


def headed_columns(cols: list[list[float]], toks: Sequence[Token]) -> list[list[float]]:
    """`cols` and a column under each lowest header cell before the table's first value that no
    column of numbers lies under: where no row prints every column (表三 with only 总计 filled),
    the numbers alone show too few columns. Only header cells right of every row's label count:
    the others head the label column, or are the part's heading."""
    values = [t for t in toks if _is_value(t, cols)]
    if not values:
        return cols
    first = min(values, key=lambda t: (t.page, t.top))
    value_lines = {t.line for t in values}
    row_labels = [t for t in toks if t.line in value_lines and not _is_value(t, cols)]
    head = [t for t in toks if (t.page, t.bottom) <= (first.page, first.top) and t.line not in value_lines]
    leaves = [t for t in head if not any((o.page, o.top) >= (t.page, t.bottom - 1) and _overlap(o, t)
                                         for o in head if o is not t)]
    label_end = max((t.x1 for t in row_labels), default=float("-inf"))
    added = [[t.x0, t.x1] for t in leaves if t.x0 >= label_end and not any(t.x0 <= x1 and x0 <= t.x1 for x0, x1 in cols)]
    return sorted(cols + added) if len(leaves) > len(cols) else cols


def _overlap(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1


def _column(cols, tok):
    x = tok.centre
    for i, (x0, x1) in enumerate(cols):
        if x0 - 1 <= x <= x1 + 1:
            return i
    return None


def _edge(cols):
    """Where the label area ends: left of the first value column."""
    return cols[0][0] - 1 if cols else float("inf")


def _is_value(tok, cols):
    return tok.centre >= _edge(cols) and (parse_number(tok.text) or is_blank(tok.text)) and _column(cols, tok) is not None


def _header_lines(toks, cols):
    """Lines that print text but no value in the value columns: header rows, never a row's label.
    Text right of every row's label, or reaching past the first value column's left edge, is a
    caption across the table (表二's 第二十条第（五）项 centred over a label column more than twice
    a value column's width), not a label."""
    edge = _edge(cols)
    value_lines = {t.line for t in toks if _is_value(t, cols)}
    label_end = max((t.x1 for t in toks if t.line in value_lines and not _is_value(t, cols)), default=edge)
    texts = {t.line for t in toks if (t.centre >= edge or t.x1 > edge + 1 or t.x0 > label_end) and not _is_value(t, cols)}
    return texts - value_lines


def _band(rules, tok):
    """Which gap between horizontal rules a token stands in (`rules` sorted per page)."""
    return bisect_left(rules.get(tok.page, ()), tok.middle)


def _head_ends(toks, headers, cols):
    """{page: where the header block that opens the table on that page ends}: the last header
    line above the page's first value. Label-area text up there (the 勾稽关系 note beside the
    column heads) is header too, so a head repeated on a later page reads as the first did."""
    first_value = {}
    for tok in toks:
        if _is_value(tok, cols):
            first_value[tok.page] = min(first_value.get(tok.page, tok.top), tok.top)
    ends = {}
    for tok in toks:
        if tok.line in headers and tok.bottom <= first_value.get(tok.page, float("inf")):
            ends[tok.page] = max(ends.get(tok.page, 0), tok.bottom)
    return ends


def free_rows(lines: Sequence[Line], rules: dict[int, list[float]]) -> list[tuple[int, float, list[str]]]:
    """[(page, top, cells)] in reading order; `rules` maps a page to the y of its horizontal rules."""
    toks = tokens(lines)
    cols = headed_columns(value_columns([t for t in toks if parse_number(t.text)]), toks)
    headers = _header_lines(toks, cols)
    value_lines = {t.line for t in toks if _is_value(t, cols)}
    row_labels = [t for t in toks if t.line in value_lines and not _is_value(t, cols)]
    cols = header_columns(cols, [t for t in toks if t.line in headers], row_labels)
    edge = _edge(cols)
    head = _head_ends(toks, headers, cols)
    header_cells = [t for t in toks if t.line in headers and t.centre >= edge]
    values, labels, loose = [], [], []
    for tok in toks:
        if _is_value(tok, cols):
            values.append(tok)
        elif tok.centre < edge and tok.line not in headers and tok.middle > head.get(tok.page, 0):
            labels.append(tok)
        else:
            loose.append(tok)
    rows = _value_rows(values, rules, cols)
    blank, spaces = {}, {}
    for tok in _joined(labels):
        spaces.setdefault((tok.page, _band(rules, tok)), []).append(tok)
    for (page, band), toks in spaces.items():
        near = [r for r in rows if r["page"] == page and r["band"] == band]
        joins = attach(toks, near, ATTACH_LINES)
        for tok in toks:
            if id(tok) in joins:
                joins[id(tok)]["labels"].append(tok)
            elif not near and 0 < band < len(rules.get(page, ())):
                blank.setdefault((page, band), []).append(tok)  # a ruled row whose every cell is blank
            else:
                loose.append(tok)
    used = _block_columns(rows, header_cells, cols)
    out = [(r["page"], r["top"], _label_cells(r["labels"]) + _value_cells(r["values"], cols, used[id(r)])) for r in rows]
    out += [(page, min(t.top for t in toks), _label_cells(toks) + [""] * len(cols)) for (page, _), toks in blank.items()]
    heads = [t for t in loose if t.middle <= head.get(t.page, 0)]  # a head block ends where its page's head does
    for part in (heads, [t for t in loose if t.middle > head.get(t.page, 0)]):
        out += [(block[0].page, block[0].top, _label_cells(block)) for block in _blocks(part, rows)]
    return sorted(out, key=lambda row: (row[0], row[1]))


def _value_rows(values, rules, cols):
    """Value tokens → rows: tokens on one page and in one rule band whose middles are close."""
    rows = []
    for tok in sorted(values, key=lambda t: (t.page, t.middle)):
        row = rows[-1] if rows else None
        if row and row["page"] == tok.page and row["band"] == _band(rules, tok) \
                and abs(tok.middle - row["middle"]) <= SAME_ROW * (tok.bottom - tok.top):
            row["values"].append(tok)
            continue
        rows.append({"page": tok.page, "band": _band(rules, tok), "middle": tok.middle, "top": tok.top,
                     "values": [tok], "labels": []})
    return _rejoin_wrapped(rows, cols)


def _rejoin_wrapped(rows, cols):
    """A number too wide for its cell wraps (`1042` over `1`) around the middle of its row: a
    short row whose cells are all empty in a fuller row less than a line away is part of it."""
    printed = [({_column(cols, t) for t in r["values"]}, len(r["values"])) for r in rows]
    for i in sorted(range(len(rows)), key=lambda i: printed[i][1]):
        row = rows[i]
        height = max(t.bottom - t.top for t in row["values"])
        hosts = [r for r, (used, n) in zip(rows, printed) if r is not row and r["values"] and r["page"] == row["page"]
                 and r["band"] == row["band"] and n > printed[i][1]
                 and abs(r["middle"] - row["middle"]) < WRAPPED_VALUE * height and not used & printed[i][0]]
        if hosts:
            host = min(hosts, key=lambda r: abs(r["middle"] - row["middle"]))
            host["values"] += row["values"]
            row["values"] = []
    return [r for r in rows if r["values"]]


def _value_cells(values, cols, used):
    """The row's cells in the columns `used` by its block."""
    cells = [""] * len(cols)
    for tok in sorted(values, key=lambda t: (t.middle, t.x0)):
        i = _column(cols, tok)
        cells[i] = cells[i] + tok.text
    return [cell for i, cell in enumerate(cells) if i in used]


def _block_columns(rows, heads, cols):
    """{id(row): the columns of its block}: the rows under one header (表二 printed as a small
    table per 第二十条 item, each with its own column widths) use the columns their header cells
    stand over, or hold a value in; the columns of the other blocks are none of theirs, so a row
    whose first cell is blank keeps its values in place. A header that heads fewer columns than
    a row of its block prints values (a repeated head's stray fragment) restricts nothing."""
    centres = [(a + b) / 2 for a, b in cols]
    blocks = []
    marks = sorted([((t.page, t.middle), 0, t) for t in heads] + [((r["page"], r["middle"]), 1, r) for r in rows],
                   key=lambda m: (m[0], m[1]))
    for _, kind, item in marks:
        if not blocks or kind == 0 and blocks[-1][1]:
            blocks.append((set(), []))
        if kind == 0:
            blocks[-1][0].add(min(range(len(cols)), key=lambda c: abs(centres[c] - item.centre)))
        else:
            blocks[-1][1].append(item)
    used = {}
    for headed, members in blocks:
        filled = [{_column(cols, tok) for tok in r["values"]} for r in members]
        complete = len(headed) >= max(map(len, filled), default=0)
        for row in members:
            used[id(row)] = headed | set().union(*filled) if complete else set(range(len(cols)))
    return used


def _label_cells(labels):
    """Runs as cells: a run continues the cell whose last run stands just above it and overlaps
    it horizontally (a wrapped label, vertical text, `采购总金额（单位：万` over `元）`); a run
    under several cells, or under none, starts a cell. Cells left to right, each top to bottom."""
    cells = []
    for tok in sorted(_joined(labels), key=lambda t: (t.middle, t.x0)):
        above = [c for c in cells if c[-1].x0 < tok.x1 and tok.x0 < c[-1].x1]
        if len(above) == 1:
            above[0].append(tok)
        else:
            cells.append([tok])
    return ["".join(t.text for t in cell) for cell in sorted(cells, key=lambda c: (min(t.x0 for t in c), c[0].middle))]


def _joined(labels):
    """Label runs of one line that only a space parts (`2. 其他法律法规禁止公`) as one run, so
    the label's next line (`开`), which starts under the first, joins the same cell. A gap
    without a space character wider than a space is two cells side by side (`(三) 不` beside
    `1. 属于` in a table without rules): kept apart."""
    out = []
    for tok in sorted(labels, key=lambda t: (t.line, t.x0)):
        prev = out[-1] if out else None
        gap, height = tok.x0 - prev.x1 if prev else 0, tok.bottom - tok.top
        if prev and prev.line == tok.line and gap <= (SPACED_GAP if tok.spaced else UNSPACED_GAP) * height:
            out[-1] = prev._replace(x1=tok.x1, top=min(prev.top, tok.top), bottom=max(prev.bottom, tok.bottom),
                                    text=prev.text + tok.text)
        else:
            out.append(tok)
    return out


def _blocks(loose, rows):
    """Tokens that joined no row, in runs not interrupted by a row of values or a page break:
    a header block whose cells wrap around one another (`采购总金额（单位：万` … `元）`)."""
    stops = sorted((r["page"], r["middle"]) for r in rows)
    blocks = []
    for tok in sorted(loose, key=lambda t: (t.page, t.middle, t.x0)):
        prev = blocks[-1][-1] if blocks else None
        if prev is None or prev.page != tok.page or any(
                (prev.page, prev.middle) < stop < (tok.page, tok.middle) for stop in stops):
            blocks.append([])
        blocks[-1].append(tok)
    return blocks
