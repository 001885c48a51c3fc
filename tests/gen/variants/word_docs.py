"""Report .docx files written the way Word, WPS and converters write them, not through python-docx's merge().

- "docx-word": tables as WordprocessingML with gridSpan and vMerge restart/continue cells,
  a label broken into several paragraphs of its cell, headings and table items numbered by
  Word's list numbering (the number is not in the text), the header rows of 表三 printed again where the
  table went on to the next page.
- "docx-box": tables in text boxes (mc:AlternateContent with the DrawingML box and its VML
  fallback, both holding the table), or nested in a one-cell frame table.
- "docx-unmerged": no merges at all: every grid position its own cell repeating the merged
  text, as PDF-to-Word converters write tables.
- "docx-office": what drafting in Word leaves in the markup (word_markup.Office).
- "docx-chunk" (chunk_docx): a web system's export: the page as an HTML w:altChunk.
"""
import io

import docx
from docx.oxml import parse_xml

from .official import HEADINGS, Habits, grid, report, split_table, title_lines
from .word_markup import Office, Plain, run

PLAIN = Plain()

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _para(text, center=False, markup=PLAIN):
    text, numbering = markup.number(text)
    props = ("<w:jc w:val=\"center\"/>" if center else "") + numbering
    return f"<w:p><w:pPr>{props}</w:pPr>{markup.runs(text)}</w:p>"


def _cell(text, width, span=1, vmerge=None, markup=PLAIN):
    props = f'<w:tcW w:w="{width * span}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
    if vmerge:
        props += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    paras = "".join(_para(line, True, markup=markup) for line in text.split("\n")) if text and vmerge != "continue" else _para("")
    return f"<w:tc><w:tcPr>{props}<w:vAlign w:val=\"center\"/></w:tcPr>{markup.cell_content(paras)}</w:tc>"


def _trailing_gap(row):
    """Empty cells closing a short row (never merged cells) that w:gridAfter can stand for."""
    n = 0
    while n < len(row) - 1 and row[-1 - n].text == "" and row[-1 - n].colspan == 1 and row[-1 - n].rowspan == 1:
        n += 1
    return n


def table_xml(rows, merged=True, markup=PLAIN):
    """A w:tbl: merged cells as Word writes them (gridSpan, vMerge), or every position its own cell."""
    taken = grid(rows)
    height = max(r for r, _ in taken) + 1
    width = max(c for _, c in taken) + 1
    col_w = 9000 // width
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>'
           '<w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
           '<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
           '</w:tblBorders></w:tblPr><w:tblGrid>' + f'<w:gridCol w:w="{col_w}"/>' * width + "</w:tblGrid>"]
    for r in range(height):
        cells, c = [], 0
        while c < width:
            cell, top, _ = taken.get((r, c), (None, r, c))
            if cell is None:
                cells.append(_cell("", col_w))
                c += 1
            elif not merged:
                cells.append(_cell(cell.text, col_w, markup=markup))
                c += 1
            else:
                vmerge = None if cell.rowspan == 1 else ("restart" if top == r else "continue")
                cells.append(_cell(cell.text, col_w, cell.colspan, vmerge, markup))
                c += cell.colspan
        props = "<w:tblHeader/>" if all(cell.head for cell in rows[r]) and rows[r] else ""
        gap = _trailing_gap(rows[r]) if markup.gap_after and merged else 0
        if gap:
            cells, props = cells[:-gap], props + f'<w:gridAfter w:val="{gap}"/>'
        out.append(markup.row(f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"))
    return "".join(out) + "</w:tbl>"


def text_box(inner):
    """A paragraph anchoring a text box: the DrawingML box and the VML fallback each hold `inner`."""
    box = f"<w:txbxContent>{inner}</w:txbxContent>"
    return (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            '<wp:extent cx="5800000" cy="4000000"/><wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
            f'<wps:spPr/><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>'
            f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:456pt;height:315pt"><v:textbox>{box}'
            "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")


def frame(inner):
    """A one-cell table around `inner` (body XML), as some offices frame a whole report."""
    return (f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>'
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/></w:tcPr>{inner}{_para("")}</w:tc></w:tr></w:tbl>')


def _tables(rows, rng, variant, markup):
    """Body XML of one table; in docx-word 表三 sometimes cut in two by a page, header printed again."""
    merged = variant != "docx-unmerged"
    if variant == "docx-word" and len(rows) > 20 and rng.random() < 0.5:
        first, second = split_table(rows, rng.randint(1, 18), rng.random() < 0.5)
        return table_xml(first, merged, markup) + rng.choice(["", _para("")]) + table_xml(second, merged, markup)
    tbl = table_xml(rows, merged, markup)
    if variant == "docx-box":
        return rng.choice([text_box, frame, lambda x: x])(tbl)
    return tbl


def body_xml(record, rng, variant):
    """The report as body XML: paragraphs, headings (Word-numbered in docx-word now and then), tables."""
    habits = Habits.draw(rng)
    markup = Office(rng) if variant == "docx-office" else Plain(numbered=variant == "docx-word" and rng.random() < 0.5)
    items = [_para(line, center=True, markup=markup) for line in title_lines(record, rng)]
    if variant == "docx-word" and rng.random() < 0.3:  # a table of contents: links to the headings' bookmarks
        items += [_para("目录", center=True)] + [
            f'<w:p><w:hyperlink w:anchor="_Toc{k}">{run(h)}<w:r><w:tab/></w:r>{run(str(k))}</w:hyperlink></w:p>'
            for k, h in enumerate(HEADINGS, 1)]
    for kind, value in report(record, habits):
        if kind in ("heading", "p"):
            items.append(_para(value, markup=markup))
        else:
            items.append(_tables(value, rng, variant, markup))
    if variant == "docx-box" and rng.random() < 0.3:
        return items[0] + frame("".join(items[1:]))  # the title's first line stays outside the frame
    return "".join(items)


def record_docx(record, rng, variant):
    document = docx.Document()
    body = document.element.body
    for element in parse_xml(f"<w:body {NS}>{body_xml(record, rng, variant)}</w:body>"):
        body.sectPr.addprevious(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def chunk_docx(page):
    """A web system's 'export to Word': an empty document whose body is one w:altChunk holding the page."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html", page, document.part.package)
    rid = document.part.relate_to(chunk, RELATIONSHIP_TYPE.A_F_CHUNK)
    document.element.body.sectPr.addprevious(parse_xml(
        f'<w:altChunk {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"/>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


VARIANTS = ("docx-word", "docx-box", "docx-unmerged", "docx-office")
