"""A record as a Word file laid out for print, for LibreOffice to turn into a PDF.

Unlike tests/gen/docx_file.py (which tests the Word reader), this one sets what decides the
printed layout: A4 and margins, fixed column widths, cells centred vertically, vertical
text direction, borders, repeated header rows and a PAGE field in the footer.
"""
import io

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from .look import table_grids
from .narrative import closing_paragraphs
from .text import heading_text, paragraphs, title_lines

SECTION_TEXT = {0: "overview", 4: "problems", 5: "other"}
_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
_SHOWN = {"grid": set(_EDGES), "hrules": {"top", "bottom", "insideH"}, "none": set()}


def _borders(table, rules):
    def edge(name):
        kind = 'w:val="single" w:sz="6" w:space="0" w:color="000000"' if name in _SHOWN[rules] else 'w:val="nil"'
        return f"<w:{name} {kind}/>"

    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{''.join(map(edge, _EDGES))}</w:tblBorders>"))


def _fill(cell, text, grid_cell, look):
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    vertical = grid_cell.vertical and look.vertical != "wrap"
    if vertical and look.vertical == "chars":
        text = "\n".join(text)
    cell.text = text
    if vertical and look.vertical == "css":
        cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:textDirection {nsdecls("w")} w:val="tbRl"/>'))
    for paragraph in cell.paragraphs:
        left = grid_cell.align == "L" and not look.centre_labels
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        if look.table_leading:
            paragraph.paragraph_format.line_spacing = Pt(look.table_pt * look.table_leading)
        for run in paragraph.runs:
            run.font.size = Pt(look.table_pt)


def _table(document, cells, widths, head_rows, look, text_width_mm):
    nrows = max(c.row + c.rows for c in cells)
    table = document.add_table(rows=nrows, cols=len(widths))
    table.autofit = False
    _borders(table, look.rules)
    for i, w in enumerate(widths):
        table.columns[i].width = Mm(text_width_mm * w / 100)
        for cell in table.columns[i].cells:
            cell.width = Mm(text_width_mm * w / 100)
    for grid_cell in cells:
        target = table.cell(grid_cell.row, grid_cell.col)
        if grid_cell.rows > 1 or grid_cell.cols > 1:
            target = target.merge(table.cell(grid_cell.row + grid_cell.rows - 1, grid_cell.col + grid_cell.cols - 1))
        _fill(target, grid_cell.text, grid_cell, look)
    if look.repeat_head:
        for row in table.rows[:head_rows]:
            row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def _footer(section, look):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = look.page_number.split("{n}")
    if before:
        paragraph.add_run(before)
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    if after:
        paragraph._p.append(paragraph.add_run(after)._r)  # after the field, not before it


def _page(document, look):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(look.margin_mm)
    section.left_margin = section.right_margin = Mm(look.margin_mm * 0.85)
    _footer(section, look)
    normal = document.styles["Normal"]
    normal.font.name = look.font
    normal.font.size = Pt(look.body_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), look.font)
    return 210 - 2 * look.margin_mm * 0.85


def record_docx_print(record, look, rng):
    """The .docx bytes; `record` stays the expected output of a perfect reader."""
    document = docx.Document()
    text_width = _page(document, look)
    for line in title_lines(record, rng):
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(line).font.size = Pt(look.body_pt + 6)

    def paragraph(text, indent=2):
        p = document.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(indent * look.body_pt)

    for text in paragraphs(record["sections"]["preamble"]):
        paragraph(text)
    tables = iter(table_grids(record, look))
    for index in range(6):
        paragraph(heading_text(index, rng), rng.choice([0, 2]))
        if index in SECTION_TEXT:
            for text in paragraphs(record["sections"][SECTION_TEXT[index]]) + (closing_paragraphs(record) if index == 5 else []):
                paragraph(text)
        else:
            for grid in next(tables):
                _table(document, *grid, look, text_width)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
