"""Ruled tables: ruling lines → a grid of cells (merged cells span several squares) → rows.

The ruling lines of one table touch each other, so a table is a connected set of
horizontal and vertical segments. Its column and row boundaries are the clustered
positions of those segments; two neighbouring squares belong to one cell when no segment
separates them. A character belongs to the cell its middle falls in.
"""
from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

from .geometry import Char, Page, Segment, chars_text, cluster, group_lines, middle_x, middle_y

TOLERANCE = 2.5  # points: ruling lines this close are one line; WPS draws cell fills beside rules


class Cell(NamedTuple):
    r0: int
    r1: int
    c0: int
    c1: int


class Grid(NamedTuple):
    page: int
    xs: list  # column boundaries, left to right
    ys: list  # row boundaries, top to bottom
    cells: list

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, char: Char) -> bool:
        x, y = middle_x(char), middle_y(char)
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]


def _touch(h, v):
    return (h.x0 - TOLERANCE <= v.x0 <= h.x1 + TOLERANCE) and (v.top - TOLERANCE <= h.top <= v.bottom + TOLERANCE)


def _components(hs, vs):
    """Connected sets of segments: (horizontals, verticals) per set."""
    parent = list(range(len(hs) + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups = {}
    for i, seg in enumerate(hs + vs):
        groups.setdefault(find(i), ([], []))[0 if i < len(hs) else 1].append(seg)
    return [g for g in groups.values() if g[0] and g[1]]


def _covers(segments, at, lo, hi, position, span):
    """Whether a segment at `at` (within tolerance) covers the middle of lo..hi."""
    mid = (lo + hi) / 2
    return any(abs(position(s) - at) <= TOLERANCE and span(s)[0] - TOLERANCE <= mid <= span(s)[1] + TOLERANCE
               for s in segments)


def _grid(page, hs, vs):
    xs = cluster([v.x0 for v in vs] + [min(h.x0 for h in hs), max(h.x1 for h in hs)], TOLERANCE)
    ys = cluster([h.top for h in hs] + [min(v.top for v in vs), max(v.bottom for v in vs)], TOLERANCE)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 2:
        return None
    parent = list(range(nr * nc))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(vs, xs[c + 1], ys[r], ys[r + 1], lambda s: s.x0, lambda s: (s.top, s.bottom)):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not _covers(hs, ys[r + 1], xs[c], xs[c + 1], lambda s: s.top, lambda s: (s.x0, s.x1)):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    spans = {}
    for i in range(nr * nc):
        r, c = divmod(i, nc)
        r0, r1, c0, c1 = spans.get(find(i), (r, r, c, c))
        spans[find(i)] = (min(r0, r), max(r1, r), min(c0, c), max(c1, c))
    cells = sorted((Cell(*s) for s in spans.values()), key=lambda c: (c.r0, c.c0))
    if len(cells) < 2 or all(c.c0 == 0 and c.c1 == nc - 1 for c in cells):
        return None
    return Grid(page, xs, ys, cells)


def merge_collinear(segments: Iterable[Segment], horizontal: bool) -> list[Segment]:
    """Segments on one line that touch or overlap, joined: producers draw a rule per cell side,
    and fewer, longer segments make the grid search cheap."""
    pos = (lambda s: s.top) if horizontal else (lambda s: s.x0)
    lo = (lambda s: s.x0) if horizontal else (lambda s: s.top)
    hi = (lambda s: s.x1) if horizontal else (lambda s: s.bottom)
    lines = []
    for seg in sorted(segments, key=pos):
        if lines and pos(seg) - pos(lines[-1][0]) <= TOLERANCE:
            lines[-1].append(seg)
        else:
            lines.append([seg])
    out = []
    for line in lines:
        merged = []
        for seg in sorted(line, key=lo):
            if merged and lo(seg) <= hi(merged[-1]) + TOLERANCE:
                end = max(hi(merged[-1]), hi(seg))
                merged[-1] = merged[-1]._replace(x1=end) if horizontal else merged[-1]._replace(bottom=end)
            else:
                merged.append(seg)
        out += merged
    return out


def find_grids(page: Page) -> list[Grid]:
    """The ruled tables on a page, top to bottom."""
    hs = merge_collinear([s for s in page.segments if s.horizontal], True)
    vs = merge_collinear([s for s in page.segments if not s.horizontal], False)
    grids = [_grid(page.number, h, v) for h, v in _components(hs, vs)]
    return sorted((g for g in grids if g), key=lambda g: g.ys[0])


def grid_rows(grid: Grid, chars: Iterable[Char]) -> list[tuple[float, list[str]]]:
    """[(top, cell texts)] per grid row that holds text: the cells that start in that row,
    left to right, a cell's lines joined. A cell spanning rows speaks in its first row."""
    nc = len(grid.xs) - 1
    owner = {}
    for cell in grid.cells:
        for r in range(cell.r0, cell.r1 + 1):
            for c in range(cell.c0, cell.c1 + 1):
                owner[r * nc + c] = cell
    inside = {}
    for ch in chars:
        r = bisect_right(grid.ys, middle_y(ch)) - 1
        c = bisect_right(grid.xs, middle_x(ch)) - 1
        if 0 <= r < len(grid.ys) - 1 and 0 <= c < nc:
            inside.setdefault(owner[r * nc + c], []).append(ch)
    rows = []
    for r in range(len(grid.ys) - 1):
        cells = [c for c in grid.cells if c.r0 == r]
        texts = ["".join(chars_text(line) for line in group_lines(inside.get(c, []))).strip() for c in cells]
        if any(texts):
            rows.append((grid.ys[r], texts))
    return rows
