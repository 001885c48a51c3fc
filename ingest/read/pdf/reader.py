"""Born-digital PDF reports: characters and ruling lines → narrative lines and table rows → record.

Ruled tables are rebuilt as grids (`grid`); text outside them becomes the report's lines,
top to bottom, page after page, in which `document` finds the title and headings. A grid
belongs to the part whose heading precedes it, so 表三 split over two pages is simply two
grids in part t3, their rows in reading order. Tables without a full grid are rebuilt from
the same lines by column clustering (`columns`).
"""
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from ingest.document import find_headings, is_furniture, split_parts
from ingest.errors import ReportError
from ingest.limits import Limits
from ingest.numbers import parse_number, squash
from ingest.record import build_record
from ingest.schema import Record
from ingest.tables.mapping import Row

from .columns import free_rows
from .furniture import strip_furniture
from .geometry import Line, Page, chars_text, group_lines
from .grid import find_grids, grid_rows
from .source import page_images, read_pages

TABLE_PARTS = ("t2", "t3", "t4")
HEAD_CHARS = 8
MIN_READABLE = 0.5  # share of a text layer's characters that must be readable; below, its fonts map no Unicode


def read_pdf(data: bytes, name: str, limits: Limits | None = None) -> Record:
    """The record of a PDF report within `limits` (pages; time per OCR'd page). Pages without a
    text layer (a scan) are read by OCR, the others as they are: a born-digital page is never OCR'd."""
    limits = limits or Limits()
    pages = read_pages(data, name, limits.max_pages)
    text = [c.text for page in pages for c in page.chars if not c.text.isspace()]
    if text and sum(map(_readable, text)) < MIN_READABLE * len(text):
        raise ReportError(name, "text layer is unreadable (fonts without a Unicode map?)")
    scanned = [page.number for page in pages if not any(not c.text.isspace() for c in page.chars)]
    if not scanned:
        return record_from_pages(pages, name)
    from ingest.read.ocr.reader import ocr_pages, record_from_ocr

    images = page_images(data, scanned)
    read, readings = ocr_pages([image for image, _ in images], scanned, [dpi for _, dpi in images], name, limits.ocr_page_s)
    by_number = {page.number: page for page in read}
    pages = [by_number.get(page.number, page) for page in pages]
    return record_from_ocr(pages, readings, name, len(scanned))


def record_from_pages(pages: Sequence[Page], name: str) -> Record:
    """The record from positioned characters and ruling lines, whatever produced them."""
    lines, tables = [], []
    for page in pages:
        grids = find_grids(page)
        outside = [c for c in page.chars if not any(g.contains(c) for g in grids)]
        lines += [Line(page.number, chars, chars_text(chars)) for chars in group_lines(outside)
                  if any(not c.text.isspace() for c in chars)]
        tables += [(page.number, top, cells) for g in grids for top, cells in grid_rows(g, page.chars)]
    lines = strip_furniture(lines, pages)
    texts = [line.text for line in lines]
    headings = find_headings(texts)
    part_of = _part_of_lines(texts, headings)
    rules = {page.number: sorted(s.top for s in page.segments if s.horizontal) for page in pages}
    rows = {part: [] for part in TABLE_PARTS}
    positions = [(line.page, line.top) for line in lines]
    for page, top, cells in tables:
        part = part_of[bisect_right(positions, (page, top)) - 1] if positions and positions[0] <= (page, top) else "head"
        if part in rows:
            rows[part].append((page, top, cells))
    for part in TABLE_PARTS:
        own = [line for line, p in zip(lines, part_of) if p == part and not _page_mark(line.text)]
        rows[part] += free_rows(own, rules)
    titles = {part: "".join(texts[start:body]) for part, (start, body, _) in headings.items()}
    tables = {part: [Row(cells, blanks_known=True) for _, _, cells in _without_repeated_heads(found, titles.get(part, ""))]
              for part, found in rows.items()}
    return build_record(split_parts(texts), tables, name)


def _without_repeated_heads(rows, heading):
    """(page, top, cells) rows in reading order, without the header rows a table prints again at
    the top of each later page (Word's 重复标题行, HTML's <thead>): a row without numbers on a
    later page whose characters (at least HEAD_CHARS, so no stray label fragment) all occur in
    the rows before the table's first number, however a layout ordered them, the part's
    `heading` (三、收到和处理政府信息公开申请情况) left out: its words are the labels' words.
    Left in, repeated heads would split a label that a page break cut in two."""
    rows = sorted(rows, key=lambda r: (r[0], r[1]))
    numbered = [r for r in rows if any(parse_number(c) for c in r[2] if c)]
    if not numbered:
        return rows
    first = numbered[0]
    head = Counter(squash("".join("".join(r[2]) for r in rows if (r[0], r[1]) < (first[0], first[1]))))
    head -= Counter(squash(heading))
    out = []
    for page, top, cells in rows:
        text = squash("".join(cells))
        if page > first[0] and len(text) >= HEAD_CHARS and not any(parse_number(c) for c in cells if c) \
                and not Counter(text) - head:
            continue
        out.append((page, top, cells))
    return out


def _page_mark(text):
    """`- 3 -` or `第3页` left among a table's lines. A bare number is not one here: margin page
    numbers are gone already (`strip_furniture`), and inside a table it is a value, or the
    last digit of one that wrapped in its cell (`1344` over `1`)."""
    return is_furniture(text) and not text.strip().isdigit()


def _readable(ch):
    return "\u4e00" <= ch <= "\u9fff" or " " < ch <= "~" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _part_of_lines(texts, headings):
    """The part (of `document.PARTS`) each line falls in, by the `headings` found."""
    starts = sorted((start, part) for part, (start, _, _) in headings.items())
    out, current, k = [], "head", 0
    for i in range(len(texts)):
        while k < len(starts) and starts[k][0] <= i:
            current = starts[k][1]
            k += 1
        out.append(current)
    return out
