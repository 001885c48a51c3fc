"""Page furniture in positioned lines: page numbers and running headers/footers, found by where
they stand (the top or bottom margin, the same place page after page), dropped before the
lines are read as narrative or table rows.
"""
from collections.abc import Iterable

from ingest.document import is_furniture, plain, signature_org
from ingest.numbers import squash

from .geometry import Line, Page, chars_text

MARGIN = 0.15  # of the page height, at the top and at the bottom
SAME_PLACE = 3.0  # points: furniture's top on two pages differs by no more than this
SAME_SPOT_X = 10  # points: a page number this close to where another page prints it (or its mirror) stands at its spot
ISLAND_GAP = 1.5  # of a character's size: characters this close are one piece of text (a page number apart from a cell)


def strip_furniture(lines: list[Line], pages: Iterable[Page]) -> list[Line]:
    """`lines` (reading order) without page numbers and running headers and footers."""
    height = {page.number: page.height for page in pages}
    width = {page.number: page.width for page in pages}
    marginal = [line for line in lines if _in_margin(line, height[line.page])]
    spots = [(line.page, line.top, _centre(line.chars)) for line in marginal if is_furniture(line.text)]
    running = _running(marginal, _signature(lines))
    in_margin = {id(line) for line in marginal}
    out = []
    for line in lines:
        if id(line) in in_margin:
            text = line.text.strip()
            if is_furniture(text) and (not text.isdigit() or _at_spot(line.chars, spots, width[line.page], line.page)) \
                    or (squash(line.text), line.page, line.top) in running:
                continue
            chars = _without_page_number(line.chars, spots, width[line.page], line.page)
            if not chars:
                continue
            if len(chars) < len(line.chars):
                line = Line(line.page, chars, chars_text(chars))
        out.append(line)
    return out


def _in_margin(line, height):
    return line.top < MARGIN * height or line.bottom > (1 - MARGIN) * height


def _centre(chars):
    return (chars[0].x0 + chars[-1].x1) / 2


def _without_page_number(chars, spots, width, page):
    """A margin line without a page number that shares its baseline with other text (a table
    that runs low meets the footer `- 1 -`). A bare number is dropped only where page numbers
    stand on other pages (or mirrored there, as odd and even pages put them), since it could
    be a table value."""
    islands = []
    for ch in chars:
        if islands and ch.x0 - islands[-1][-1].x1 <= ISLAND_GAP * ch.size:
            islands[-1].append(ch)
        else:
            islands.append([ch])
    kept = []
    for island in islands:
        text = chars_text(island).strip()
        if not (text and is_furniture(text) and (not text.isdigit() or _at_spot(island, spots, width, page))):
            kept += island
    return kept


def _at_spot(chars, spots, width, page):
    """Whether `chars` stand where furniture stands on another page than `page`, or
    mirrored there, as odd and even pages put page numbers. A bare number alone on its line in a
    margin elsewhere is a table value a page break pushed there, not a page number."""
    x = _centre(chars)
    return any(p != page and abs(chars[0].top - top) <= SAME_PLACE and min(abs(x - at), abs(width - x - at)) <= SAME_SPOT_X
               for p, top, at in spots)


def _signature(lines):
    """The line that signs the report (the body's name above the date, at the end), or None."""
    texts = [line.text for line in lines if not is_furniture(line.text)]
    org = signature_org(texts)
    return next((line for line in reversed(lines) if org and plain(line.text) == org), None)


def _running(marginal, signature=None):
    """(text, page, top) of margin lines whose text recurs at the same height on another page;
    the title on page 1 sits elsewhere and stays. The `signature` line is no recurrence: a title
    whose first line is the body's name alone meets it at the same height when the signature
    falls at the top of the last page."""
    seen = {}
    for line in marginal:
        if line is not signature:
            seen.setdefault(squash(line.text), []).append((line.page, line.top))
    return {(text, page, top) for text, places in seen.items() for page, top in places
            if any(p != page and abs(t - top) <= SAME_PLACE for p, t in places)}
