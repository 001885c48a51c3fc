"""A record as a Word .docx, merged cells made with python-docx's `a.merge(b)`."""
import io

import docx

from .layout import layout


def _table(document, rows):
    """Place each cell on the grid, skipping positions a rowspan above already covers, then merge."""
    width = sum(cell.colspan for cell in rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    covered = set()
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in covered:
                col += 1
            covered |= {(r + i, col + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            target = table.cell(r, col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, col + cell.colspan - 1))
            target.text = cell.text
            col += cell.colspan


def record_docx(record):
    """The .docx bytes of `record`."""
    document = docx.Document()
    for kind, value in layout(record):
        if kind == "title":
            document.add_heading(value, level=1)
        elif kind == "table":
            _table(document, value)
        else:
            document.add_paragraph(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
