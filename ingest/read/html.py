"""HTML pages as crawlers save them: the report inline among menus, breadcrumbs and footers.

The report body is the smallest element holding the 表三 table, the other report tables and
the headings around them; the title is taken from just before it when the body lacks one
(sites print it in an <h1> apart from the article). Block elements become lines, data
tables become grids with rowspan and colspan expanded. Parsed with lxml (see pyproject.toml).
"""
import re

import lxml.etree
import lxml.html

from ingest.document import heading_at
from ingest.errors import ReportError
from ingest.numbers import squash
from ingest.schema import Record

from .blocks import LINKED_SHARE, MAX_SPAN, Block, Grid, has_title, is_grid, is_title, read_blocks, tidy, title_within, titled
from .page_meta import page_meta
from .text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Declared names whose real-world use is wider than the name: pages labelled gb2312 hold GBK.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
              "iso-8859-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "iframe", "button"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th", "section",
          "article", "header", "footer", "nav", "aside", "main", "blockquote", "center", "dd", "dt", "dl",
          "pre", "form", "hr", "table", "tbody", "thead", "caption", "address", "figure", "figcaption"}


def decode_html(data: bytes, name: str) -> str:
    """The page as text: the charset its <meta> declares (HTTP headers are gone), else sniffed like text.

    Bytes that are valid UTF-8 are UTF-8 whatever the <meta> says: crawlers store pages
    re-encoded and keep the old gb2312 declaration, and GB18030 would decode them into nonsense.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:META_BYTES])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(_SUPERSETS.get(declared, declared))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: sniff instead
    return decode(data, name)[0]


META_BYTES = 8192  # a page declares its charset in its <head>, within its first few KB
HEADING_ELEMENT_CHARS = 60  # an element holding a report's heading holds little else (a heading wraps to ~40)
TITLE_BLOCK_CHARS = 120  # a block before the body longer than this is text, not the report's title
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _parseable(text):
    """Decoded text as lxml takes it: no XHTML encoding declaration (the text is decoded already)
    and no control characters, which lxml refuses."""
    return _CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1))


def read_html(data: bytes, name: str) -> Record:
    """The record of an HTML report page."""
    root = parse_page(data, name)
    blocks, notes = page_blocks(root)
    return read_blocks(blocks, name, notes, meta=page_meta(root))


def parse_page(data: bytes, name: str) -> lxml.html.HtmlElement:
    """The page's lxml tree; ReportError when nothing in it parses."""
    try:
        return lxml.html.document_fromstring(_parseable(decode_html(data, name)))
    except lxml.etree.ParserError as exc:
        raise ReportError(name, f"an HTML page with nothing in it ({exc})") from None


def page_blocks(root: lxml.html.HtmlElement) -> tuple[list[Block], list[dict]]:
    """(blocks, notes) of a parsed page: its report body, and a title from around it when the body has none."""
    body = report_body(root)
    blocks = to_blocks(body)
    notes = []
    if not has_title(blocks):
        before = _title_before(root, body) if body is not root else []
        page_title = title_within(" ".join(t.text_content() for t in root.iter("title")))
        if before:
            blocks = before + blocks
        elif page_title:
            blocks, notes = titled(blocks, page_title, "the page's <title>")
    return blocks, notes


def _elements(root):
    return (el for el in root.iter() if isinstance(el.tag, str) and el.tag not in _SKIP)


def data_tables(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Tables that hold data: no table nested inside, more than one row and column."""
    return [t for t in root.iter("table") if not t.xpath(".//table") and is_grid(table_grid(t))]


def _marks_report_table(table):
    text = squash(table.text_content())
    return "本年新收" in text or "申请人情况" in text or ("行政复议" in text and "尚未审结" in text) \
        or "对外公开总数量" in text or "本年制发件数" in text


def _heading_element(elements, part, first):
    hits = [el for el in elements if len(el.text_content()) <= HEADING_ELEMENT_CHARS
            and (heading_at([tidy(el.text_content())], 0) or ("",))[0] == part]
    return (hits[-1:] if not first else hits[:1])


def report_body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The smallest element holding the report tables and the 总体情况 / 其他需要报告 headings beside them."""
    tables = [t for t in data_tables(root) if _marks_report_table(t)]
    if not tables:
        return root
    order = {el: i for i, el in enumerate(_elements(root))}
    first, last = order.get(tables[0], 0), order.get(tables[-1], 0)
    before = [el for el, i in order.items() if i < first]
    after = [el for el, i in order.items() if i > last]
    anchors = tables + _heading_element(before, "overview", first=False) + _heading_element(after, "other", first=True)
    common = list(anchors[0].iterancestors())[::-1] + [anchors[0]]
    for el in anchors[1:]:
        chain = set(el.iterancestors()) | {el}
        while common[-1] not in chain:
            common.pop()
    return common[-1]


def _mostly_link(el):
    """Whether an element's text is mostly link text: a link names another page (related reports,
    上一篇/下一篇, an attachment), never the page itself."""
    text = squash(el.text_content())
    linked = "".join(squash(a.text_content()) for a in el.iter("a") if a.get("href"))  # <a name> is a bookmark
    return bool(text) and len(linked) >= LINKED_SHARE * len(text)


def _title_before(root, body):
    """The title line nearest before the body (an <h1> apart from the article), as a one-line block."""
    lines = []
    for el in _elements(root):
        if el is body:
            break
        if el.tag in _BLOCK and len(el.text_content()) <= TITLE_BLOCK_CHARS and not _mostly_link(el):
            lines.append(tidy(el.text_content()))
    return [line for line in lines if is_title(line)][-1:]


def table_grid(table: lxml.html.HtmlElement) -> Grid:
    """<table> → grid rows of (cell element, text), rowspan and colspan expanded."""
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    taken = [{} for _ in trs]  # row → {column: (cell, text)}
    for r, tr in enumerate(trs):
        col = 0
        for cell in tr.xpath("./td|./th"):
            while col in taken[r]:
                col += 1
            text, colspan = cell.text_content(), _span(cell, "colspan")
            for below in taken[r:r + _span(cell, "rowspan")]:
                below.update({c: (cell, text) for c in range(col, col + colspan)})
            col += colspan
    return [[row[c] for c in sorted(row)] for row in taken]


def _span(cell, attr):
    try:
        return max(1, min(int(re.sub(r"\D", "", cell.get(attr, "1")) or 1), MAX_SPAN))
    except ValueError:
        return 1


def to_blocks(element: lxml.html.HtmlElement) -> list[Block]:
    """Block elements → lines (whole paragraphs), data tables → grids, in document order."""
    blocks, buf = [], []

    def flush():
        line = tidy("".join(buf))
        if line:
            blocks.append(line)
        buf.clear()

    def walk(el):
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            return
        if el.tag == "table" and not el.xpath(".//table") and is_grid(grid := table_grid(el)):
            flush()
            blocks.append(grid)
            return
        if el.tag == "br":
            flush()
            return
        block = el.tag in _BLOCK
        if block and _mostly_link(el):
            return  # menus, related reports, 上一篇/下一篇: they name other pages
        if block:
            flush()
        buf.append(el.text or "")
        for child in el:
            walk(child)
            buf.append(child.tail or "")
        if block:
            flush()

    walk(element)
    flush()
    return blocks
