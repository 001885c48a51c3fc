"""The cells OCR was unsure of, laid over the page images they were read from, so a person can
check each against the original.

An OCR'd record carries `ocr` (ingest/read/ocr/reader.py): {"pages": n, "cells": {key: {"page": p
(from 1, as people count), "box": [x0, y0, x1, y1] in points from the page's top left, as PyMuPDF
measures the page, "confidence": c (0–1), "text": what OCR read}}}. A cell is flagged when its
confidence is under the reader's own LOW_CONFIDENCE, the cells the reader writes a note on: the
reader decides what is too unsure, this page only shows it.
"""
from ingest.read.ocr.reader import LOW_CONFIDENCE
from ingest.schema import field_label

from . import pdf_pages


def flagged_cells(record: dict) -> list[dict]:
    """[{key, label, page, box, confidence, text, value, note}] of the unsure OCR cells, in page order,
    top to bottom; each numbered from 1 as its box is on the page image."""
    cells = (record.get("ocr") or {}).get("cells") or {}
    notes = {}
    for note in record.get("notes") or []:
        notes.setdefault(note.get("key"), []).append(note.get("note", ""))
    flagged = [
        {"key": key, "label": field_label(key), "page": cell["page"], "box": cell["box"],
         "confidence": cell.get("confidence"), "text": cell.get("text", ""),
         "value": (record.get("fields") or {}).get(key), "note": "；".join(notes.get(key, []))}
        for key, cell in cells.items() if cell.get("confidence") is not None and cell["confidence"] < LOW_CONFIDENCE
    ]
    flagged.sort(key=lambda c: (c["page"], c["box"][1], c["box"][0]))
    for number, cell in enumerate(flagged, 1):
        cell["number"] = number
    return flagged


def review_pages(record: dict, path) -> list[dict]:
    """[{page, index, width, height, cells}] of each page holding a flagged cell (`index`: the page
    from 0, as the page images are numbered; `width` and `height` in points). The page shows its
    cells' boxes in an SVG laid over the image with the page's own coordinates as its viewBox, so
    a box stays over its digits at any width the image is shown, with no inline style for the
    Content-Security-Policy to refuse."""
    pages = {}
    for cell in flagged_cells(record):
        pages.setdefault(cell["page"], []).append(cell)
    out = []
    for page, cells in sorted(pages.items()):
        try:
            width, height = pdf_pages.page_size(path, page - 1)
        except IndexError:
            continue  # the record names a page the original lacks: the list still shows the cell
        out.append({"page": page, "index": page - 1, "width": width, "height": height, "cells": cells})
    return out


def table_pages(record: dict) -> dict[str, list[int]]:
    """{table id: [pages from 0]} from where OCR found each table's cells: a scan has no text to search
    for the tables' headings."""
    found = {}
    for key, cell in ((record.get("ocr") or {}).get("cells") or {}).items():
        found.setdefault(key.split(".")[0], set()).add(cell["page"] - 1)
    return {table: sorted(pages) for table, pages in found.items() if table in pdf_pages.TABLE_IDS}
