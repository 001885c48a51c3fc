"""Word .docx reports: paragraphs and tables in the order the document body holds them.

The body XML is read directly, because offices put text where python-docx's paragraphs,
cells and rows do not look: runs inside tracked insertions, table formulas (w:fldSimple),
smart tags and content controls; cells and rows inside content controls; tables in text
boxes (written twice: DrawingML and its VML fallback) and inside a one-cell frame table; and
web systems export a page 'to Word' as an HTML chunk (w:altChunk), read by the HTML reader.
Deleted text (w:delText) and field codes (w:instrText) are not text the page shows.

A table becomes a grid like an HTML one: each row's cells left to right, a cell spanning
columns (gridSpan, hMerge) or continuing the cell above (vMerge) under the same identity
(its first w:tc element), which `blocks.grid_rows` uses to give it once per row.
"""
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ingest.errors import ReportError
from ingest.schema import Record

from .blocks import LINKED_SHARE, MAX_SPAN, Block, Grid, has_title, read_blocks, tidy, title_within, titled

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers whose children belong to the level they stand in (a block, a row, a cell, a run).
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins", _W + "moveTo"}
# Subtrees whose text is not the paragraph's own: text boxes (read as blocks of their own),
# the VML copy of a drawing, deleted and moved-away text, properties.
_NOT_OWN = {_W + "txbxContent", _FALLBACK, _W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "sdtPr"}


def read_docx(data: bytes, name: str) -> Record:
    """The record of a .docx report."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError(name, f"not a readable Word document ({exc})") from None
    notes = []
    blocks = list(body_blocks(document.element.body, document.part, notes))
    if not has_title(blocks) and title_within(document.core_properties.title):
        blocks, notes = titled(blocks, title_within(document.core_properties.title), "the document's title property")
    return read_blocks(blocks, name, notes)


def _children(el, tags):
    """Children of `el` with one of `tags`, looking through content controls and other wrappers."""
    for child in el.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def body_blocks(container: etree._Element, part: Any, notes: list[dict]) -> Iterator[Block]:
    """Blocks of a body, cell or text box, in order: lines and table grids. `part` is the document
    part (it holds embedded chunks); what reading them assumed goes into `notes`."""
    for child in _children(container, (_W + "p", _W + "tbl", _W + "altChunk")):
        if child.tag == _W + "tbl":
            yield from _table_blocks(child, part, notes)
        elif child.tag == _W + "altChunk":
            yield from _chunk_blocks(part.related_parts.get(child.get(_R + "id")), notes)
        else:
            if not _mostly_link(child):
                yield tidy(text_of(child))
            for box in _text_boxes(child):
                yield from body_blocks(box, part, notes)


_HTML_CHUNKS = ("text/html", "application/xhtml+xml")


def _chunk_blocks(chunk, notes):
    """An embedded chunk (w:altChunk): web systems that export a report 'to Word' put the whole page
    in one, as HTML, for Word to convert when it opens the file."""
    if chunk is None:
        return []
    if chunk.content_type in _HTML_CHUNKS:
        from .html import page_blocks, parse_page

        blocks, chunk_notes = page_blocks(parse_page(chunk.blob, str(chunk.partname)))
        notes.extend(chunk_notes)
        return blocks
    notes.append({"key": "document", "note": f"an embedded {chunk.content_type} chunk ({chunk.partname}) was not read"})
    return []


def text_of(el: etree._Element) -> str:
    """The text an element shows: every w:t below it outside _NOT_OWN, tabs and line breaks kept."""
    out = []
    for child in el.iterchildren():
        if child.tag == _W + "t":
            out.append(child.text or "")
        elif child.tag in (_W + "tab", _W + "br", _W + "cr"):
            out.append("\t" if child.tag == _W + "tab" else "\n")
        elif child.tag not in _NOT_OWN and isinstance(child.tag, str):
            out.append(text_of(child))
    return "".join(out)


def _mostly_link(paragraph):
    """A paragraph that is mostly a link (a menu item, another report, an attachment) points away
    from the report; a page saved as .docx is full of them, and they look like titles."""
    text = len(text_of(paragraph).strip())
    linked = sum(len(text_of(link).strip()) for link in paragraph.iter(_W + "hyperlink"))
    return bool(text) and linked >= LINKED_SHARE * text


def _text_boxes(paragraph):
    """The text boxes anchored in a paragraph, each once: Word writes a box twice (DrawingML and its
    VML fallback), and a box inside a box is read with the box holding it."""
    for box in paragraph.iter(_W + "txbxContent"):
        if not [a for a in box.iterancestors() if a is not paragraph and a.tag in (_W + "txbxContent", _FALLBACK)]:
            yield box


def _cell_text(tc):
    return "\n".join(text_of(p) for p in _children(tc, (_W + "p",)))


def _val(el, path, default=None):
    found = el.find(path)
    return default if found is None else found.get(_W + "val", "")


def _count(el, path, default):
    """A count property (gridSpan, gridBefore): a number a broken file misprints is the default."""
    try:
        return max(0, min(int(_val(el, path, default)), MAX_SPAN))
    except ValueError:
        return default


def _empty(tr, where):
    """The grid positions a row leaves without cells before or after its own (gridBefore, gridAfter): blank cells."""
    return [(object(), "") for _ in range(_count(tr, f"{_W}trPr/{_W}{where}", 0))]


def table_grid(tbl: etree._Element) -> Grid:
    """w:tbl → grid rows of (cell identity, text), merged cells under one identity."""
    grid = []
    for tr in _children(tbl, (_W + "tr",)):
        row = _empty(tr, "gridBefore")
        for tc in _children(tr, (_W + "tc",)):
            col, span = len(row), _count(tc, f"{_W}tcPr/{_W}gridSpan", 1)
            vmerge, hmerge = _val(tc, f"{_W}tcPr/{_W}vMerge"), _val(tc, f"{_W}tcPr/{_W}hMerge")
            if vmerge not in (None, "restart") and grid and col < len(grid[-1]):
                cell = grid[-1][col]
            elif hmerge not in (None, "restart") and row:
                cell = row[-1]
            else:
                cell = (tc, _cell_text(tc))
            row += [cell] * max(1, span)
        grid.append(row + _empty(tr, "gridAfter"))
    return grid


def _table_blocks(tbl, part, notes):
    """A data table as one grid; a table holding tables (a frame around the report) as its cells' contents."""
    if tbl.find(f".//{_W}tc//{_W}tbl") is None:
        yield table_grid(tbl)
        return
    seen = set()
    for row in table_grid(tbl):
        for tc, _ in row:
            if id(tc) not in seen and getattr(tc, "tag", None) == _W + "tc":
                seen.add(id(tc))
                yield from body_blocks(tc, part, notes)
