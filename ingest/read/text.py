"""Text reports as extraction tools leave them: decode the bytes, then recover table rows per layout.

Layouts seen in the wild, told apart line by line within a table:
- tab-separated cells, one row a line (blank cells are real cells);
- one cell a line, indented by a tab, rows separated by blank lines, a cell's text wrapped
  onto lines without the tab;
- one cell a line with neither tabs nor form feeds, as LibreOffice saves a Word file as text:
  an empty line is a blank cell (or a merged cell's continuation), rows follow one another;
- markdown pipe tables;
- cells separated by runs of spaces, or a PDF text dump where a row's numbers stand on a
  line of their own and labels break anywhere (blank cells invisible);
- a crawler's page text, every cell of a row run together (`glued_text`), after the crawler's
  header lines and among the site's chrome (`crawler_text`).
"""
import codecs
import re

from ingest.document import (
    blank_page_numbers,
    display_width,
    find_headings,
    page_number_lines,
    split_at_headings,
    split_parts,
    split_run_on_headings,
)
from ingest.errors import ReportError
from ingest.numbers import fold_width, is_blank, is_number
from ingest.record import build_record
from ingest.schema import Record
from ingest.tables.mapping import Row

from .blocks import TABLE_PARTS
from .crawler_text import page_text
from .glued_text import MIN_PIPES, glued_rows, is_glued

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


# Bytes of a file whose zero bytes are counted: text in UTF-16 has one in every other byte
# from the start (ASCII in CJK text), so a few KB tell it apart from 8-bit text.
UTF16_SAMPLE = 4000
UTF16_ZERO_EVERY = 5  # more than one zero byte in this many is UTF-16: 8-bit text holds none
# Characters checked for control characters: a report has tens of KB of text; the start shows its encoding.
TEXT_SAMPLE = 20000
MAX_CONTROL_SHARE = 0.01  # of the sample: text decoded wrongly (or binary) is full of control characters


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): BOMs first, then strict UTF-8, UTF-16 by its zero bytes, GB18030, UTF-8 and GB18030
    line by line (mixed), then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReportError(name, f"starts with a {encoding} byte-order mark but does not decode as {encoding}") from None
    candidates = ["utf-8"]
    zeros = data[:UTF16_SAMPLE].count(0)
    if zeros > len(data[:UTF16_SAMPLE]) // UTF16_ZERO_EVERY:
        even_zeros = data[:UTF16_SAMPLE:2].count(0)
        candidates.insert(0, "utf-16-be" if even_zeros > zeros // 2 else "utf-16-le")
    candidates.append("gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _looks_like_text(text):
            return text, encoding
    text = _by_line(data) if zeros == 0 else None
    if text is not None and _looks_like_text(text):
        return text, "utf-8+gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _looks_like_text(str(best)):
        return str(best), best.encoding
    raise ReportError(name, "not text in any encoding tried (UTF-8, UTF-16, GB18030, detection)")


def _by_line(data):
    """Text pasted together from pieces in different encodings: each line UTF-8, else GB18030; None when neither."""
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
    return "\n".join(lines)


def _looks_like_text(text):
    sample = text[:TEXT_SAMPLE]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return control / len(sample) < MAX_CONTROL_SHARE


GLUED_NOTE = ("the text runs each table row's cells together with no separator (a crawler's page text); "
              "a row's digits were handed on as one run, to be split by the template's sums")


def read_text(data: bytes, name: str) -> Record:
    """The record of a text report; a crawler's header lines fill `meta`, its page chrome is dropped."""
    text, _ = decode(data, name)
    meta, notes, lines = page_text(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    glued = is_glued(lines)
    lines = split_at_headings(_space_cells([blank_page_numbers(line) for line in lines]))
    page_numbers = page_number_lines(lines)
    exports = {} if "\f" in text or glued else _cell_exports(lines, page_numbers)  # pdftotext ends every page with \f
    in_exports = {i for span in exports.values() for i in span}
    # Where an empty line is a cell, a page number is cut out rather than blanked, and a bare number is a cell.
    lines = ["" if i in page_numbers and i not in in_exports else line for i, line in enumerate(lines)
             if not (i in page_numbers and i in in_exports and not line.strip().isdigit())]
    parts = split_parts(split_run_on_headings(lines))
    if glued:
        notes.append({"key": "tables", "note": GLUED_NOTE})
        tables = {part: glued_rows(parts[part]) for part in TABLE_PARTS}
    else:
        tables = {part: _cell_export_rows(parts[part]) if part in exports else table_rows(parts[part]) for part in TABLE_PARTS}
    return build_record(parts, tables, name, notes, meta=meta)


_PIPE_SEPARATOR = re.compile(r"^\|?[\s:|\-]+\|?$")
_ONE_CELL = re.compile(r"^\t[^\t]*$")
CELL_PER_LINE_SHARE = 0.5  # of a table's lines: when at least this many are one tab-indented cell, the table is written a cell a line


def table_rows(lines: list[str]) -> list[Row]:
    """The rows of one table region, in the layout the region is written in."""
    nonempty = [line for line in lines if line.strip()]
    if not nonempty:
        return []
    one_cell = sum(1 for line in nonempty if _ONE_CELL.match(line))
    if one_cell >= CELL_PER_LINE_SHARE * len(nonempty):
        return _cell_per_line_rows(lines)
    closing = any(_piped(line.strip()) and not line.strip().startswith("|") for line in nonempty)
    return min(([row for line in lines for row in _by_values(_line_row(line, measure, closing))] for measure in _MEASURES),
               key=_misalignment)


def _space_cells(lines):
    """A dump that puts each cell on its own line (PyMuPDF) keeps a blank cell that printed a space
    (`&nbsp;` in a printed web page) as a line of spaces between values: it becomes a printed blank
    (—), so the values after it stay in their columns, and no number beside it passes for a page
    number standing alone. An empty line is never a cell."""
    spaces = [bool(line) and not line.strip() and "\t" not in line for line in lines]
    out = list(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and spaces[j]:
            j += 1
        if j > i and 0 < i and j < len(lines) and lines[i - 1].strip() and lines[j].strip() \
                and (is_number(lines[i - 1].strip()) or is_number(lines[j].strip())):
            out[i:j] = ["—"] * (j - i)
        i = j + 1
    return out


def _clean_cell(cell):
    return fold_width(cell).replace("**", "").strip()


def _line_row(line, measure, closing=False):
    """One line → one row: split on tabs, pipes, or whitespace, whichever the line uses; `measure`
    gives the columns a piece of text takes, to place aligned cells. `closing`: the table closes
    every cell with a pipe and opens none, so a pipe at the start closes an empty first cell."""
    if not line.strip() or _PIPE_SEPARATOR.match(line.strip()) and "-" in line:
        return None
    if "\t" in line:
        return Row([_clean_cell(c) for c in line.rstrip("\r\n").split("\t")], blanks_known=True)
    original = line.replace("**", "").rstrip()
    folded = fold_width(original)
    if _piped(folded.strip()):
        cells = folded.strip().split("|")
        start = 0 if closing else cells[0] == ""
        return Row([c.strip() for c in cells[start:len(cells) - (cells[-1] == "")]], blanks_known=True)
    if "  " not in folded.strip():
        return Row([piece for _, piece in _pieces(folded.strip())], blanks_known=False)
    # Columns aligned with runs of spaces: keep where each cell stands, measured on the
    # original characters (a full-width digit is two columns wide on the screen it was aligned for).
    cells, xs = [], []
    for m in re.finditer(r"\S+(?: \S+)*", folded):
        for offset, piece in _pieces(m.group(), bool(cells) and is_number(cells[-1])):
            at = m.start() + offset
            cells.append(piece)
            xs.append(measure(original[:at]) + measure(original[at:at + len(piece)]) / 2)
    return Row(cells, blanks_known=False, xs=xs)


_GLUED = re.compile(r"^(\d+)(?=[\u4e00-\u9fff])")


def _pieces(run, after_number=False):
    """(offset, cell) for a run of single-spaced words: each number a cell, neighbouring words of
    text one cell; a number glued to the text after it (`235三、本年`, where PyMuPDF left out the
    space between two cells) split off when a number stands before it (in the run, or before the
    run when `after_number`)."""
    out, offset, last = [], 0, "number" if after_number else None
    for word in run.split(" "):
        glued = _GLUED.match(word) if last == "number" and not is_number(word) else None
        if glued:
            out.append((offset, glued.group(1)))
            offset, word = offset + glued.end(), word[glued.end():]
        kind = "number" if is_number(word) else "blank" if is_blank(word) else "text"
        if kind == "text" and last == "number" and out and is_number(out[-1][1] + word):  # `902294627 元`: a unit after a gap
            out[-1] = (out[-1][0], f"{out[-1][1]} {word}")
            kind = "number"
        elif kind == "text" and last == "text":
            out[-1] = (out[-1][0], f"{out[-1][1]} {word}")
        else:
            out.append((offset, word))
        last = kind
        offset += len(word) + 1
    return out


def _by_values(row):
    """A line of a dump without cell boundaries → its rows: text that follows values starts a new
    row (a sorted dump puts a wrapped label's last line, or the next row, after a row's numbers)."""
    if row is None:
        return []
    if row.blanks_known:
        return [row]
    rows, start = [], 0
    for i in range(1, len(row.cells)):
        if _is_text(row.cells[i]) and not _is_text(row.cells[i - 1]):
            rows.append(Row(row.cells[start:i], False, row.xs[start:i] if row.xs else None))
            start = i
    return rows + [Row(row.cells[start:], False, row.xs[start:] if row.xs else None)]


def _is_text(cell):
    return not (is_blank(cell) or is_number(cell))


def _piped(text):
    """A table row written with pipes: markdown (`| a | b |`), or as crawlers flatten pages to
    text, every cell closed by a pipe and none opening the row (`行政许可 | 0 | ||`)."""
    return text.count("|") >= MIN_PIPES and (text.endswith("|") or text.startswith("|"))


# Text aligned in an editor lines up with CJK characters two columns wide (display_width);
# pdftotext -layout lines a page up one character a column, CJK or not.
_MEASURES = (display_width, len)


def _misalignment(rows):
    """How far the values of rows printing the same number of values stand from their column's median
    position: small under the measure the dump was aligned with."""
    groups = {}
    for row in rows:
        if row.xs:
            xs = [x for cell, x in zip(row.cells, row.xs) if not _is_text(cell)]
            groups.setdefault(len(xs), []).append(xs)
    spread = 0.0
    for group in groups.values():
        for column in zip(*group):
            mid = sorted(column)[len(column) // 2]
            spread += sum(abs(x - mid) for x in column)
    return spread


def _cell_exports(lines, page_numbers):
    """{part: indices of its lines} for the table parts written one cell a line with an empty line
    for an empty cell (`_is_cell_export`, judged without the `page_numbers` lines)."""
    found = find_headings(lines)
    starts = sorted(start for start, _, _ in found.values())
    out = {}
    for part in TABLE_PARTS:
        if part in found:
            body = found[part][1]
            span = range(body, next((s for s in starts if s >= body), len(lines)))
            if _is_cell_export([lines[i] for i in span if i not in page_numbers]):
                out[part] = span
    return out


def _is_cell_export(lines):
    """Whether a table region is written one cell a line, an empty line standing for an empty cell
    (LibreOffice's Word → text export): no tabs, every line a single cell, and an empty line beside a
    value. A dump that drops blank cells leaves no empty line among them; plain pdftotext, which does
    leave empty lines between a table's blocks of cells, is told by its form feeds (`read_text`)."""
    if any("\t" in line for line in lines):
        return False
    cells = [_clean_cell(line) for line in lines]
    if not all(_single_cell(cell) for cell in cells if cell):
        return False
    values = [bool(cell) and not _is_text(cell) for cell in cells]
    return any(not cell and (values[i - 1] or values[i + 1]) for i, cell in enumerate(cells[1:-1], 1))


def _single_cell(cell):
    """One value, or text without a value among its words (`1.属于国家秘密` is text)."""
    if "  " in cell:
        return False
    pieces = [piece for _, piece in _pieces(cell)]
    return len(pieces) == 1 or all(_is_text(piece) for piece in pieces)


def _cell_export_rows(lines):
    """Rows of a table written one cell a line: a line of text after a row's values starts the next
    row; every line after a row's label, empty or not, is a cell of it. The empty lines a merged
    label leaves before the next row's label end up after this row's values, where `tables.mapping.align`
    drops the surplus blanks."""
    rows, cells = [], []
    for line in lines:
        cell = _clean_cell(line)
        if cell and _is_text(cell) and any(not _is_text(c) for c in cells):
            rows.append(Row(cells, blanks_known=True))
            cells = []
        if cell or cells:
            cells.append(cell)
    return rows + ([Row(cells, blanks_known=True)] if cells else [])


def _cell_per_line_rows(lines):
    """Rows separated by blank lines; a tab starts a cell, a line without one continues it."""
    rows, cells = [], []
    for line in lines + [""]:
        if not line.strip() and not line.startswith("\t"):
            if cells:
                rows.append(Row([_clean_cell(c) for c in cells], blanks_known=True))
            cells = []
        elif line.startswith("\t"):
            cells.append(line[1:])
        elif cells:
            cells[-1] += line
        else:
            cells.append(line)
    return rows
