"""Ruling lines found in a page image: long thin runs of ink, by morphological opening.

An opening with a long flat kernel keeps only ink that runs at least that far horizontally
(table rules, never a glyph's stroke); the same upright finds the verticals. Each connected
run becomes one `geometry.Segment`, in the image's pixels.
"""
import cv2
import numpy as np

from ingest.read.pdf.geometry import Segment

# A rule is ink running this far: across, 0.5 inch (36 pt: longer than a title glyph's stroke, shorter
# than any table's column); upright 0.2 inch (a one-row cell's side is ~0.25 inch; body text is 0.15).
RULE_INCHES = {True: 0.5, False: 0.2}
GAP_INCHES = 0.01  # breaks this short in a rule (faint print, JPEG) are closed; wider would join strokes of neighbouring glyphs
END_INCHES = 0.03  # an upright rule's end this close to a horizontal rule meets it (the rules' own thickness, a scan's blur)
MAX_THICK_INCHES = 0.04  # a run thicker than this is a filled block (a seal's ring, a bar), not a rule


def find_rules(ink: np.ndarray, dpi: float) -> list[Segment]:
    """Horizontal and vertical rules of a binarised page (ink 255) whose resolution is `dpi`."""
    return _framed(runs_of_ink(ink, dpi), END_INCHES * dpi)


def runs_of_ink(ink: np.ndarray, dpi: float, directions: tuple = (True, False)) -> list[Segment]:
    """Every long thin run of ink across (True) and upright (False) in `directions`, framed by
    other rules or not: a ruled table photographed at a slant has its upright rules in pieces
    whose ends meet no horizontal rule, yet they still show the table is ruled."""
    gap = max(1, round(GAP_INCHES * dpi))
    thick = MAX_THICK_INCHES * dpi
    out = []
    for horizontal in directions:
        close = (gap, 1) if horizontal else (1, gap)
        length = max(3, round(RULE_INCHES[horizontal] * dpi))
        keep = (length, 1) if horizontal else (1, length)
        mask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, keep))
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if horizontal and h <= thick:
                out.append(Segment(float(x), y + h / 2, float(x + w), y + h / 2))
            elif not horizontal and w <= thick:
                out.append(Segment(x + w / 2, float(y), x + w / 2, float(y + h)))
    return out


def _framed(segments, reach):
    """The horizontals, and the verticals whose two ends meet a horizontal: a table's upright rule
    runs from rule to rule, while a glyph's upright stroke (a title's 丨) stands free."""
    across = [s for s in segments if s.horizontal]

    def meets(x, y):
        return any(h.x0 - reach <= x <= h.x1 + reach and abs(h.top - y) <= reach for h in across)

    return across + [s for s in segments if not s.horizontal and meets(s.x0, s.top) and meets(s.x0, s.bottom)]


def rule_mask(shape: tuple, rules: list[Segment], dpi: float) -> np.ndarray:
    """Where `rules` lie on a page of `shape`, with their blurred edges: what OCR must see as paper
    (a rule's faint edge left beside a digit reads as 1, above a heading as 一)."""
    mask = np.zeros(shape[:2], np.uint8)
    pad = max(1, round(MAX_THICK_INCHES * dpi / 2))
    for s in rules:
        dx, dy = (0, pad) if s.horizontal else (pad, 0)
        cv2.rectangle(mask, (int(s.x0) - dx, int(s.top) - dy), (int(s.x1) + dx, int(s.bottom) + dy), 255, thickness=-1)
    return mask > 0
