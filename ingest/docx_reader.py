"""Word .docx reports: paragraphs and tables in the order the document body holds them.

python-docx repeats a merged cell's object at every grid position it covers (gridSpan across,
vMerge down); the underlying `_tc` element is the cell's identity, which `blocks.grid_rows`
uses to give a cell merged across columns once per row.
"""
import io
import zipfile

from .blocks import read_blocks, tidy
from .errors import ReportError


def read_docx(data, name):
    """The record of a .docx report."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError(name, f"not a readable Word document ({exc})") from None
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.append([[(cell._tc, cell.text) for cell in row.cells] for row in item.rows])
        else:
            blocks.append(tidy(item.text))
    return read_blocks(blocks, name)
