"""Word .docx reports: paragraphs and tables in the order the document body holds them.

python-docx repeats a merged cell's object at every grid position it covers (gridSpan across,
vMerge down); the underlying `_tc` element is the cell's identity, which `blocks.grid_rows`
uses to give a cell merged across columns once per row.

python-docx's own iteration sees only the body's top level, but offices put tables where it
does not look: in text boxes (the box's text is not the paragraph's text), inside a one-cell
frame table (a cell's text leaves its nested tables out) and in content controls. The body is
walked here instead, into each of those.
"""
import io
import zipfile

from .blocks import has_title, read_blocks, tidy, title_within, titled
from .errors import ReportError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_docx(data, name):
    """The record of a .docx report."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError(name, f"not a readable Word document ({exc})") from None
    blocks, notes = list(body_blocks(document.element.body, document)), []
    if not has_title(blocks) and title_within(document.core_properties.title):
        blocks, notes = titled(blocks, title_within(document.core_properties.title), "the document's title property")
    return read_blocks(blocks, name, notes)


def body_blocks(container, parent):
    """Blocks of a body, cell, text box or content control, in order: lines and table grids."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == _W + "p":
            paragraph = Paragraph(child, parent)
            if not _mostly_link(paragraph):
                yield tidy(paragraph.text)
            for box in _text_boxes(child):
                yield from body_blocks(box, parent)
        elif child.tag == _W + "tbl":
            yield from _table_blocks(Table(child, parent))
        elif child.tag == _W + "sdt" and child.find(_W + "sdtContent") is not None:
            yield from body_blocks(child.find(_W + "sdtContent"), parent)


def _mostly_link(paragraph):
    """A paragraph that is mostly a link (a menu item, another report, an attachment) points away
    from the report; a page saved as .docx is full of them, and they look like titles."""
    text = len(paragraph.text.strip())
    return bool(text) and 2 * sum(len(link.text.strip()) for link in paragraph.hyperlinks) >= text


def _text_boxes(paragraph):
    """The text boxes anchored in a paragraph, each once: Word writes a box twice (DrawingML and its
    VML fallback), and a box inside a box is read with the box holding it."""
    for box in paragraph.iter(_W + "txbxContent"):
        outer = [a for a in box.iterancestors() if a is not paragraph and a.tag in (_W + "txbxContent", _FALLBACK)]
        if not outer:
            yield box


def _table_blocks(table):
    """A data table as one grid; a table holding tables (a frame around the report) as its cells' contents."""
    rows = [[(cell._tc, cell) for cell in row.cells] for row in table.rows]
    if table._tbl.find(f".//{_W}tc//{_W}tbl") is None:
        yield [[(tc, cell.text) for tc, cell in row] for row in rows]
        return
    seen = set()
    for row in rows:
        for tc, cell in row:
            if id(tc) not in seen:
                seen.add(id(tc))
                yield from body_blocks(tc, cell)
