"""Scanned reports: page images → OCR'd `geometry.Page`s → the record, through the PDF reader's
own table recovery (`pdf.reader.record_from_pages`), with where and how surely each number was read.

Which table cell became which field is found by reading the pages a second time through the
same recovery with every OCR'd number replaced by a tag of its own: the field holding a tag
came from that number's box. Numbers read with a confidence below LOW_CONFIDENCE are named
in `notes`; a broken template rule that adds up such a number says so too. Values are never
changed to make a rule hold.
"""
from collections.abc import Sequence

import numpy as np

from ingest.errors import ReportError
from ingest.limits import Limits
from ingest.read.pdf.geometry import Page
from ingest.read.pdf.reader import record_from_pages
from ingest.schema import MONEY_KEYS, Record
from ingest.tables.checks import check_fields, rules
from ingest.workers import tell

from .engine import Engine, MissingEngine
from .page import Reading, read_page

LOW_CONFIDENCE = 0.80  # a number read less surely than this is flagged for a person to check (clean 200 dpi digits read ≥ 0.85)
# Below this the reading is no reading: the value is left null (with the note). A cell whose two
# readings are different numbers stands at page.AMBIGUOUS, under it; one whose text reading is no
# number at all (引 for 31) at page.DISAGREE, above it, kept and flagged.
UNSURE = 0.4
TAG_BASE = 900_000_000  # tags stand far above any count a report prints, so a tag is never a real value
MONEY_SCALES = (1, 10_000)  # a tag under a 元 header reaches its field divided by 10,000 (万元)
NO_TEXT = "no text layer (scanned image PDF?), and OCR read no text on its scanned pages"
A4_INCHES = 8.27  # an image file states no resolution OpenCV reads: its width is taken as an A4 page's


def ocr_pages(images: Sequence[np.ndarray], numbers: Sequence[int], dpis: Sequence[float], name: str,
              seconds_per_page: float) -> tuple[list[Page], list[Reading]]:
    """The Pages of page `images` (BGR or grey, scanned at `dpis`) and their numbers' readings.
    Run in a worker (ingest.workers), it asks for `seconds_per_page` more per page and tells each page done."""
    tell("more_time", len(images) * seconds_per_page)
    try:
        engine = Engine()
    except MissingEngine as exc:
        raise ReportError(name, str(exc)) from None
    pages, readings = [], []
    try:
        for done, (image, number, dpi) in enumerate(zip(images, numbers, dpis), 1):
            page, found = read_page(engine, image, number, dpi)
            pages.append(page)
            readings += found
            tell("progress", (done, len(images)))
    finally:
        engine.close()
    return pages, readings


def read_image(data: bytes, name: str, limits: Limits) -> Record:
    """The record of an image file (PNG, JPEG, TIFF; a TIFF may hold every page)."""
    from .image import decode

    images = decode(data, name)
    if len(images) > limits.max_pages:
        raise ReportError(name, f"image file has {len(images)} pages, over the {limits.max_pages}-page limit for a report")
    numbers = list(range(len(images)))
    pages, readings = ocr_pages(images, numbers, [image.shape[1] / A4_INCHES for image in images], name, limits.ocr_page_s)
    return record_from_ocr(pages, readings, name, len(pages))


def record_from_ocr(pages: Sequence[Page], readings: Sequence[Reading], name: str, ocr_pages_count: int) -> Record:
    """The record of `pages` (born-digital and OCR'd alike), with the `ocr` part and notes of the OCR'd numbers."""
    if not any(page.chars for page in pages):
        raise ReportError(name, NO_TEXT)
    record = record_from_pages(pages, name)
    cells = _cells_of_fields(pages, readings, name)
    flagged = [key for key in record["fields"] if key in cells and cells[key].confidence < LOW_CONFIDENCE]
    broken = {check["rule"] for check in record["checks"]}
    unread, doubted = set(), set()
    for key in flagged:
        reading = cells[key]
        breaks = sorted(rule.name for rule in rules(record["fields"]) if rule.name in broken and key in rule.terms())
        note = f"OCR confidence {reading.confidence:.2f} below {LOW_CONFIDENCE:.2f}; check page {reading.page + 1}"
        if reading.doubt is not None:
            note = f"OCR: {reading.doubt}; check page {reading.page + 1}"
            doubted.add(key.rsplit(".", 1)[0])
        elif reading.other is not None:
            note += f" (read as {reading.text}, and as {reading.other} without the digit-only reading)"
        if reading.confidence < UNSURE:
            note += f"; {reading.text} is too unsure to keep, left null"
            record["fields"][key] = None
            unread.add(key)
        if breaks:
            note += f"; it takes part in the broken rule{'s' if len(breaks) > 1 else ''} {', '.join(breaks)}"
        record["notes"].append({"key": key, "note": note})
    for row in sorted(doubted):  # the row's cells may have moved by one: a value its row lost is unknown, not blank
        record["notes"].append({"key": row, "note": "OCR: the row's numbers could not be placed in their columns surely; "
                                                    "its values are left null"})
        for key in record["fields"]:
            if key.rsplit(".", 1)[0] == row and record["fields"][key] is not None:
                record["fields"][key] = None
                unread.add(key)
    if unread:  # a rule adding up a cell left null is no finding: its sum would be a guess
        unknown = unread | {n["key"] for n in record["notes"] if record["fields"].get(n["key"], 0) is None}
        record["checks"] = check_fields(record["fields"], unknown)
    record["ocr"] = {"pages": ocr_pages_count, "cells": {
        key: {"page": r.page + 1, "box": list(r.box), "confidence": r.confidence, "text": r.text}
        for key, r in cells.items() if key in record["fields"]}}
    return record


def _cells_of_fields(pages, readings, name):
    """{field key: Reading} for every field that an OCR'd number became."""
    if not readings:
        return {}
    by_page = {}
    for index, reading in enumerate(readings):
        by_page.setdefault(reading.page, {})[reading.char] = index
    tagged = []
    for page in pages:
        tags = by_page.get(page.number, {})
        tagged.append(page._replace(chars=[ch._replace(text=str(TAG_BASE + tags[i])) if i in tags else ch
                                           for i, ch in enumerate(page.chars)]))
    try:
        fields = record_from_pages(tagged, name)["fields"]
    except ReportError:
        return {}
    out = {}
    for key, value in fields.items():
        if value is None:
            continue
        for scale in (MONEY_SCALES if key in MONEY_KEYS else MONEY_SCALES[:1]):
            index = round(value * scale) - TAG_BASE
            if 0 <= index < len(readings):
                out[key] = readings[index]
                break
    return out
