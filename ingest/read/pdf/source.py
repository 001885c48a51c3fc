"""A PDF's text layer and ruling lines, read with PyMuPDF into plain `geometry` tuples.

The only module that knows PyMuPDF. It also decides which PDFs cannot be read at all
(damaged, encrypted, absurdly large) and says so as a ReportError.
"""
import pymupdf

from ingest.errors import ReportError

from .geometry import Char, Page, Segment

MAX_CHARS_PER_PAGE = 200_000
MAX_PATHS_PER_PAGE = 50_000
THIN = 3.0  # points: a filled rectangle this thin is drawn as a line
EOF_BYTES = 2048  # a whole PDF ends with %%EOF within its last bytes (line ends, a producer's trailing junk)
REASON_CHARS = 120  # MuPDF's message cut to this, so the error stays the one line a person reads
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def read_pages(data: bytes, name: str, max_pages: int) -> list[Page]:
    """Every page's characters and ruling lines; the document is closed before returning."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own types for every kind of damage
        raise ReportError(name, f"damaged or truncated PDF ({_reason(exc)})") from None
    with doc:
        if doc.is_repaired and b"%%EOF" not in data[-EOF_BYTES:]:
            raise ReportError(name, "truncated PDF (damaged and cut short before its end)")
        if doc.needs_pass:
            raise ReportError(name, "encrypted PDF (needs a password); cannot be read")
        count = doc.page_count
        if count == 0:
            raise ReportError(name, "PDF has no pages")
        if count > max_pages:
            raise ReportError(name, f"PDF has {count} pages, over the {max_pages}-page limit for a report")
        pages = []
        for number in range(count):
            try:
                pages.append(_page(doc[number], number, name))
            except ReportError:
                raise
            except Exception as exc:
                raise ReportError(name, f"damaged or truncated PDF: page {number + 1} cannot be read ({_reason(exc)})") from None
        if doc.is_repaired and not any(page.chars for page in pages):
            raise ReportError(name, "damaged PDF: MuPDF had to repair it and no text survived")
        return pages


MIN_RENDER_DPI = 200  # a page image is rendered at its own scan resolution, at least this (Tesseract reads 10 pt Chinese from ~200 dpi)
MAX_RENDER_DPI = 300  # and at most this: more costs OCR time and gains nothing


def page_images(data: bytes, numbers: list[int]) -> list[tuple[object, float]]:
    """(BGR numpy array, dpi) of each page in `numbers`, rendered at the resolution of the image it holds."""
    import numpy as np

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        out = []
        for number in numbers:
            page = doc[number]
            dpi = round(min(MAX_RENDER_DPI, max(MIN_RENDER_DPI, _scan_dpi(page))))
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
            rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
            out.append((np.ascontiguousarray(rgb[:, :, ::-1]), dpi))
        return out


def _scan_dpi(page):
    """The resolution of the largest image on `page` as placed there (0 when it holds none)."""
    best = (0, 0.0)
    for info in page.get_image_info():
        x0, _, x1, _ = info["bbox"]
        if x1 > x0:
            best = max(best, (info["width"] * info["height"], info["width"] / ((x1 - x0) / 72)))
    return best[1]


def _reason(exc):
    return str(exc).strip().splitlines()[0][:REASON_CHARS] if str(exc).strip() else type(exc).__name__


def _page(page, number, name):
    chars = _chars(page)
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise ReportError(name, f"page {number + 1} holds {len(chars)} characters, too many for a report page")
    paths = page.get_cdrawings()
    if len(paths) > MAX_PATHS_PER_PAGE:
        raise ReportError(name, f"page {number + 1} draws {len(paths)} paths, too many for a report page")
    rect = page.rect
    return Page(number, rect.width, rect.height, chars, _segments(paths))


def _chars(page):
    chars = []
    for block in page.get_text("rawdict", flags=_TEXT_FLAGS)["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                size = span["size"]
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    if x1 >= x0 and y1 >= y0:
                        chars.append(Char(ch["c"], x0, y0, x1, y1, size))
    return chars


def _segments(paths):
    """Axis-aligned lines: drawn lines, thin rectangles, and the edges of stroked rectangles.

    A filled rectangle that is not thin is a background (WPS shades every paragraph line
    white, Word shades header cells), never a rule: its edges would glue text into tables.
    """
    out = []
    for path in paths:
        stroked = "s" in path["type"]
        for item in path["items"]:
            kind = item[0]
            if kind == "l":
                (ax, ay), (bx, by) = item[1], item[2]
                if abs(ay - by) < 1 or abs(ax - bx) < 1:
                    out.append(_line(ax, ay, bx, by))
            elif kind in ("re", "qu"):
                x0, y0, x1, y1 = _bounds(item[1], kind)
                if y1 - y0 <= THIN or x1 - x0 <= THIN:
                    out.append(_line(x0, y0, x1, y1))
                elif stroked:
                    out += [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1),
                            Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)]
    return out


def _bounds(shape, kind):
    if kind == "re":
        x0, y0, x1, y1 = shape
    else:
        xs = [p[0] for p in shape]
        ys = [p[1] for p in shape]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _line(ax, ay, bx, by):
    """A segment collapsed onto its axis: a horizontal has one y, a vertical one x."""
    x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    if x1 - x0 >= y1 - y0:
        y = (y0 + y1) / 2
        return Segment(x0, y, x1, y)
    x = (x0 + x1) / 2
    return Segment(x, y0, x, y1)
