"""Draw a table given as grid cells onto fpdf2 pages: wrapped text, merged cells, numbers
vertically centred, rows paginated (header rows repeated or not), rules full, horizontal or none.

A cell is `Cell(row, col, text, rows=1, cols=1, align="C", vertical=False, clip=False)`.
"""
from dataclasses import dataclass

PAD = 1.0  # mm inside a cell


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    align: str = "C"
    vertical: bool = False
    clip: bool = False


def wrap_cell(pdf, text, width):
    """Lines of `text` as a cell `width` mm wide breaks it (mid-word, as CJK does)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = pdf.get_string_width(ch)
        if line and used + w > width - 2 * PAD:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return lines + [line] if line or not lines else lines


def clipped(pdf, text, width):
    """What survives of a label whose cell is too narrow: its head and its last characters,
    the middle hidden (`2.其他法律行政止公开`)."""
    fits = len(wrap_cell(pdf, text, width)[0])
    return text[:fits - 3] + text[-3:] if fits < len(text) else text


def cell_lines(pdf, cell, width):
    if cell.vertical:
        return list(cell.text)
    if cell.clip:
        return [clipped(pdf, cell.text, width)]
    return wrap_cell(pdf, cell.text, width)


def row_heights(pdf, cells, widths, nrows, line_h):
    heights = [line_h + 2 * PAD] * nrows
    for cell in sorted(cells, key=lambda c: c.rows):
        w = sum(widths[cell.col:cell.col + cell.cols])
        need = len(cell_lines(pdf, cell, w)) * line_h + 2 * PAD
        span = range(cell.row, cell.row + cell.rows)
        have = sum(heights[r] for r in span)
        if need > have:
            heights[span[-1]] += need - have
    return heights


def paginate(heights, top, bottom, first_y, head_rows, repeat_head):
    """[(page offset, row, y)] for every drawn row; header rows appear again on later pages if asked."""
    placed, page, y = [], 0, first_y
    for r, h in enumerate(heights):
        if y + h > bottom and (r == 0 or r >= head_rows):
            page, y = page + 1, top
            if repeat_head and r:
                for hr in range(head_rows):
                    placed.append((page, hr, y))
                    y += heights[hr]
        placed.append((page, r, y))
        y += h
    return placed, y


def draw_grid(doc, cells, widths, rules, head_rows=0, repeat_head=True, line_h=4.6):
    """Draw at the document's cursor; `doc` is a PdfDoc (new_page, y, x0, top, bottom)."""
    pdf = doc.pdf
    heights = row_heights(pdf, cells, widths, 1 + max(c.row + c.rows - 1 for c in cells), line_h)
    placed, end_y = paginate(heights, doc.top, doc.bottom, doc.y, head_rows, repeat_head)
    xs = [doc.x0 + sum(widths[:i]) for i in range(len(widths) + 1)]
    pages = {}
    for page, r, y in placed:
        pages.setdefault(page, []).append((r, y))
    for page in sorted(pages):
        if page:
            doc.new_page()
        ys = dict(pages[page])
        for cell in cells:
            seg = [r for r in range(cell.row, cell.row + cell.rows) if r in ys]
            if not seg:
                continue
            top, bottom = ys[seg[0]], ys[seg[-1]] + heights[seg[-1]]
            if cell.row in ys:  # a merged cell split by a page break has its text where it starts
                _text(pdf, cell, cell_lines(pdf, cell, xs[cell.col + cell.cols] - xs[cell.col]), xs, top, bottom, line_h)
            if rules == "ruled":
                _box(pdf, xs, cell, top, bottom)
        if rules == "hrules":
            for _, y in pages[page]:
                pdf.line(xs[0], y, xs[-1], y)
            last, y = pages[page][-1]
            pdf.line(xs[0], y + heights[last], xs[-1], y + heights[last])
    doc.y = end_y + 4


def _box(pdf, xs, cell, top, bottom):
    pdf.rect(xs[cell.col], top, xs[cell.col + cell.cols] - xs[cell.col], bottom - top)


def _text(pdf, cell, lines, xs, top, bottom, line_h):
    left, right = xs[cell.col], xs[cell.col + cell.cols]
    y = top + (bottom - top - len(lines) * line_h) / 2 + line_h * 0.78
    for line in lines:
        w = pdf.get_string_width(line)
        x = left + PAD if cell.align == "L" else left + (right - left - w) / 2
        pdf.text(x, y, line)
        y += line_h
