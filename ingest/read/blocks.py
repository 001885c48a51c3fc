"""Structured documents (HTML pages, Word files): what their readers share once they have blocks.

Such a reader knows paragraphs and table cells exactly. It hands over the document's blocks
in reading order, each either a line of text (a whole paragraph) or a table as a grid: one
list per table row of (cell identity, text) per grid column, a merged cell showing up under
the same identity in every grid position it covers. This module turns grids into the
`tables.mapping.Row`s the mapper reads, assigns each table to 表二/三/四 by the heading it follows,
and builds the record.
"""
import re
from collections.abc import Iterable

from ingest.document import find_headings, heading_at, split_head, split_parts
from ingest.numbers import fold_width, squash
from ingest.record import build_record
from ingest.schema import Record
from ingest.tables.mapping import Row, detect_template, rows_text

_SPACE = re.compile(r"\s+")
_CJK = r"[\u2010-\u206f\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK}) (?={_CJK})")
TABLE_PARTS = ("t2", "t3", "t4")
MIN_GRID = 2  # rows, and cells in one row: a table with fewer is a layout box around text, not data
MAX_SPAN = 100  # cells one merged cell may span: a report's tables have under 20 columns; a misprinted span would blow the grid up
# A table as a reader hands it over: per row, (cell identity, text) per grid column, a merged
# cell under the same identity in every position it covers; a block is a line of text or a table.
Grid = list[list[tuple[object, str]]]
Block = str | Grid
LINKED_SHARE = 0.5  # of a paragraph's text: at least this much link text points away from the report (a menu, another report)


def tidy(text: str) -> str:
    """Text as the document means it: whitespace runs (source line breaks, &nbsp;, 　) are one
    space, and none is left between two CJK characters, where only a source line break puts one."""
    return _CJK_GAP.sub("", _SPACE.sub(" ", text).strip())


def is_title(line: str) -> bool:
    """Whether a line is a whole report title: one naming the body and the year."""
    return bool(line) and all(split_head([line])[1:3])


_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|--|—+|\s-\s)\s*")


def title_within(text: str | None) -> str:
    """The report title in a page's <title> or a file's title property, which add the site's
    name (`…报告_某某政府网`, `… - 某某门户网站`), or ""."""
    return next((part for part in _TITLE_SEPARATORS.split(tidy(text or "")) if is_title(part)), "")


def has_title(blocks: Iterable[Block]) -> bool:
    return bool(split_head([b for b in blocks if isinstance(b, str)])[0])


def titled(blocks: Iterable[Block], title: str, source: str) -> tuple[list[Block], list[dict]]:
    """`blocks` with a title found outside the text put first, and the note saying where it came from."""
    return [title, *blocks], [{"key": "title", "note": f"the text prints no title; {title} taken from {source}"}]


def is_grid(grid: Grid) -> bool:
    """Whether a table holds tabular data: a one-column or one-row table is a layout box around text."""
    return len(grid) >= MIN_GRID and any(len({id(ident) for ident, _ in row}) >= MIN_GRID for row in grid)


def grid_rows(grid: Grid) -> list[Row]:
    """Grid → mapper rows: a cell merged across columns once per row, a cell merged down the rows
    on every row it spans (so each row carries its labels, which the mapper matches by their ending)."""
    rows = []
    for grid_row in grid:
        seen, cells = set(), []
        for ident, text in grid_row:
            if id(ident) not in seen:
                seen.add(id(ident))
                cells.append(fold_width(tidy(text)))
        rows.append(Row(cells, blanks_known=True))
    return rows


def grid_lines(grid: Grid) -> list[str]:
    """The text of a layout table, one line per distinct cell in reading order."""
    seen, lines = set(), []
    for grid_row in grid:
        for ident, text in grid_row:
            if id(ident) not in seen and tidy(text):
                seen.add(id(ident))
                lines.append(tidy(text))
    return lines


def split_grid_at_headings(grid: Grid) -> list[Block]:
    """A table that holds the report's headings as full-width rows (all three tables in one
    <table>) → its pieces in order: each heading a line, the rows between a grid."""
    pieces, rows = [], []
    for grid_row in grid:
        texts = {tidy(text) for _, text in grid_row} - {""}
        if len(texts) == 1 and heading_at(list(texts), 0):
            pieces += [rows] if rows else []
            pieces.append(texts.pop())
            rows = []
        else:
            rows.append(grid_row)
    return pieces + ([rows] if rows else [])


def _part_by_content(rows):
    """Which table rows are when no heading says so (a heading printed inside the table itself)."""
    text = squash(rows_text(rows))
    if "本年新收" in text or "申请人情况" in text:
        return "t3"
    if "行政复议" in text and "尚未审结" in text:
        return "t4"
    return "t2" if detect_template(text) else None


def read_blocks(blocks: Iterable[Block], name: str, notes: Iterable[dict] = (), meta: dict[str, str] | None = None) -> Record:
    """The record of a document given as blocks: `str` lines and tables (lists of grid rows);
    `meta` is what the source states outside them (record.build_record)."""
    lines, placed = [], []
    pieces = (piece for block in blocks for piece in ([block] if isinstance(block, str) else split_grid_at_headings(block)))
    for block in pieces:
        if isinstance(block, str):
            lines.append(block)
        elif is_grid(block):
            placed.append((len(lines), grid_rows(block)))
        else:
            lines.extend(grid_lines(block))
    heads = sorted((start, body, part) for part, (start, body, *_) in find_headings(lines).items())
    spans = {part: (body, heads[n + 1][0] if n + 1 < len(heads) else len(lines))
             for n, (_, body, part) in enumerate(heads)}
    tables = {part: [] for part in TABLE_PARTS}
    for part in TABLE_PARTS:
        if part in spans:
            body, end = spans[part]
            tables[part] = [(2 * i + 1, [Row([lines[i]])]) for i in range(body, end) if lines[i]]
    for position, rows in placed:
        part = next((p for p, (body, end) in spans.items() if body <= position <= end), None)
        if part not in TABLE_PARTS:
            part = _part_by_content(rows)
        if part:
            tables[part].append((2 * position, rows))
    ordered = {part: [row for _, rows in sorted(items, key=lambda item: item[0]) for row in rows]
               for part, items in tables.items()}
    return build_record(split_parts(lines), ordered, name, notes, narrative_is_paragraphs=True, meta=meta)
