"""The pages of an archived PDF as images, so a reader can check a table against the original.

Pages are rendered with pymupdf on first request and cached under the data folder by report
id and page number; a table's page is the first whose text holds the table's heading.
"""
import re
from pathlib import Path

from ingest.schema import HEADING_VARIANTS

CACHE_DIR = "web-cache/pages"
ZOOM = 1.5  # 108 dpi: the table's digits stay legible beside the HTML table
TABLE_IDS = ("t2", "t3", "t4")


def is_pdf(path):
    with open(path, "rb") as f:
        return b"%PDF-" in f.read(1024)


def table_pages(path):
    """{table id: 0-based page number} for each table whose heading is found in the PDF's page text."""
    import pymupdf

    found = {}
    with pymupdf.open(path) as doc:
        texts = ["".join(page.get_text().split()) for page in doc]
    for table in TABLE_IDS:
        pattern = re.compile(HEADING_VARIANTS[table])
        page = next((i for i, text in enumerate(texts) if pattern.search(text)), None)
        if page is not None:
            found[table] = page
    return found


def page_count(path):
    import pymupdf

    with pymupdf.open(path) as doc:
        return doc.page_count


def page_png(data_dir, report_id, path, page):
    """The cached PNG of page `page` (0-based) of the PDF at `path`; IndexError for a page it lacks."""
    import pymupdf

    cached = Path(data_dir) / CACHE_DIR / report_id[:2] / f"{report_id}-{page}.png"
    if not cached.exists():
        with pymupdf.open(path) as doc:
            if not 0 <= page < doc.page_count:
                raise IndexError(page)
            png = doc[page].get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM)).tobytes("png")
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(png)
        tmp.replace(cached)
    return cached
