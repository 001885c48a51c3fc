"""The pages of an archived PDF (or a scan's image file) as images, so a reader can check a table against the original.

Pages are rendered with pymupdf on first request and cached under the data folder by report
id and page number. A table starts on the first page whose text holds its heading and runs to
the page where the next heading is found (a table often breaks across a page).
"""
import functools
import re
from pathlib import Path

from ingest.schema import HEADING_VARIANTS
from search import backends

CACHE_DIR = "web-cache/pages"
ZOOM = 1.5  # 108 dpi: the table's digits stay legible beside the HTML table
TABLE_IDS = ("t2", "t3", "t4")
FOLLOWING = {"t2": ("t3", "t4", "problems"), "t3": ("t4", "problems"), "t4": ("problems", "other")}
MAX_PAGES_PER_TABLE = 3  # a heading not found after a table must not pull in the rest of the report


# An archived original's first bytes → the file type PyMuPDF is told to open it as (the archive
# names files by hash, without a suffix to guess from). Scans come as PDFs or as these images.
IMAGE_MAGIC = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}


def is_pdf(path: str | Path) -> bool:
    with open(path, "rb") as f:
        return b"%PDF-" in f.read(1024)


def image_type(path: str | Path) -> str | None:
    """"png", "jpeg" or "tiff" when the file is a page image (a scan), else None."""
    with open(path, "rb") as f:
        head = f.read(4)
    return next((kind for magic, kind in IMAGE_MAGIC.items() if head.startswith(magic)), None)


def has_pages(path: str | Path) -> bool:
    """Whether the original can be shown as page images: a PDF or a scan's image file."""
    return is_pdf(path) or image_type(path) is not None


def _open(path):
    import pymupdf

    return pymupdf.open(path, filetype=image_type(path) or "pdf")


def page_size(path: str | Path, page: int) -> tuple[float, float]:
    """(width, height) of page `page` (0-based) in points, as PyMuPDF measures it; IndexError for a page it lacks."""
    with _open(path) as doc:
        if not 0 <= page < doc.page_count:
            raise IndexError(page)
        rect = doc[page].rect
        return rect.width, rect.height


@functools.lru_cache(maxsize=256)
def table_pages(path: str | Path) -> dict[str, list[int]]:
    """{table id: [0-based page numbers]} for each table whose heading is found in the PDF's page text.

    Cached by path: an archived original is named by its content hash and never changes.
    """
    with _open(path) as doc:
        texts = ["".join(page.get_text().split()) for page in doc]

    def first_page(heading, start=0):
        pattern = re.compile(HEADING_VARIANTS[heading])
        return next((i for i in range(start, len(texts)) if pattern.search(texts[i])), None)

    found = {}
    for table in TABLE_IDS:
        first = first_page(table)
        if first is None:
            continue
        ends = [p for p in (first_page(h, first) for h in FOLLOWING[table]) if p is not None]
        last = min(ends + [first + MAX_PAGES_PER_TABLE - 1])
        found[table] = list(range(first, last + 1))
    return found


def page_png(data_dir: str | Path, report_id: str, path: str | Path, page: int) -> Path:
    """The cached PNG of page `page` (0-based) of the PDF or page image at `path`; IndexError for a page it lacks."""
    import pymupdf

    cached = backends.files_root(data_dir) / CACHE_DIR / report_id[:2] / f"{report_id}-{page}.png"
    if not cached.exists():
        with _open(path) as doc:
            if not 0 <= page < doc.page_count:
                raise IndexError(page)
            png = doc[page].get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM)).tobytes("png")
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(png)
        tmp.replace(cached)
    return cached
