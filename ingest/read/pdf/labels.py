"""Which row of numbers each line of a label belongs to, in a table whose rows no rule separates.

A label that wraps over several lines has its row's numbers beside its middle, so its first
line can stand nearer the row above than its own. Lines of one label column (lines that
start at the same x, or share their centre, as left-aligned and centred cells do) are
therefore cut into consecutive groups, one group per row at most, rows in order, so that
each group's middle lies as close as possible to its row's numbers, no group reaches past
another row's numbers, and groups part where lines stand further apart than the column's
leading. A line that no row is near enough is left to the caller.
"""
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # columns imports this module: Token is imported for the hints alone
    from .columns import Token

ALIGNED = 1.5  # points: lines starting (or centred) this close are one column
LONGEST = 8  # lines one label may wrap over
NEAR = 0.25  # of a line height: a group this close to another row's numbers reaches them
GAP_WEIGHT = 2.0  # cost of a gap inside a group, per line height it is wider than the leading
STACKED = 1.6  # line heights: lines of one wrapped cell at most this far apart at usual leading
PITCH_SLACK = 1.1  # of the table's line pitch: lines this close are consecutive lines, however loose the leading


def _columns(labels):
    """Label tokens grouped into columns, each top to bottom: tokens on different lines that
    start at the same x (left-aligned cells) are linked, and so are tokens on neighbouring
    lines that share their centre (a centred cell; centres far apart agree by chance). Lines are
    neighbours within 1.6 line heights, or within the table's own line pitch where it sets its
    text on looser lines (9 pt on 18 pt)."""
    group = list(range(len(labels)))
    pitch = _line_pitch(labels)
    for i, a in enumerate(labels):
        for j in range(i):
            b = labels[j]
            stacked = abs(a.middle - b.middle) <= max(STACKED * (a.bottom - a.top), PITCH_SLACK * pitch)  # one wrapped cell
            linked = abs(a.x0 - b.x0) <= ALIGNED or stacked and abs(a.centre - b.centre) <= ALIGNED
            if a.line != b.line and linked and group[i] != group[j]:
                gone = group[i]
                group = [group[j] if g == gone else g for g in group]
    groups = {}
    for tok, g in zip(labels, group):
        groups.setdefault(g, []).append(tok)
    return [sorted(g, key=lambda t: t.middle) for g in groups.values()]


def _line_pitch(labels):
    """The table's line pitch: the median distance from a label line to the nearest line below it
    that overlaps it (within a wrapped cell, or to the next row's label)."""
    steps = []
    for a in labels:
        below = [b.middle - a.middle for b in labels if b.line != a.line and b.middle > a.middle
                 and a.x0 < b.x1 and b.x0 < a.x1]
        if below:
            steps.append(min(below))
    return sorted(steps)[len(steps) // 2] if steps else 0.0


def _assign(toks, middles, reach):
    """Row index (or None) per token: consecutive tokens to one row, rows in order, the sum of
    the squared distances (in line heights) from each group's middle to its row's middle
    minimal; a token left out costs 1. No group reaches past another row's middle. Since a
    group one line shorter at both ends keeps its middle, a gap inside a group wider than
    the column's leading (cell padding: two cells meet there) costs too."""
    n, k = len(toks), len(middles)
    height = sorted(t.bottom - t.top for t in toks)[n // 2] or 1
    gaps = [b.top - a.bottom for a, b in zip(toks, toks[1:])]
    leading = min((g for g in gaps if g >= 0), default=0)  # vertical text's boxes overlap: no leading
    spread = [0.0]  # spread[e] - spread[i]: how much wider than the leading the gaps inside toks[i:e] are
    for gap in gaps:
        spread.append(spread[-1] + GAP_WEIGHT * max(0.0, gap - leading) / height)
    inf = float("inf")
    best = [[inf] * (k + 1) for _ in range(n + 1)]
    back = [[None] * (k + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(k + 1):
            cost = best[i][j]
            if cost == inf:
                continue
            moves = [] if j == k else [(i, j + 1, 0.0, None)]  # row j takes no label here
            if i < n:
                moves.append((i + 1, j, 1.0, None))  # token i joins no row
            for end in range(i + 1, min(n, i + LONGEST) + 1) if j < k else ():
                top, bottom = toks[i].top, toks[end - 1].bottom
                if any(top - NEAR * height < m < bottom + NEAR * height for m in middles[:j] + middles[j + 1:]):
                    break  # a cell holds its own row's numbers only; longer groups hold more
                off = abs((top + bottom) / 2 - middles[j]) / height
                if off <= reach:
                    moves.append((end, j + 1, off * off + spread[end - 1] - spread[i], j))
            for ni, nj, step, row in moves:
                if cost + step < best[ni][nj]:
                    best[ni][nj] = cost + step
                    back[ni][nj] = (i, j, row)
    rows, i, j = [None] * n, n, min(range(k + 1), key=lambda j: best[n][j])
    while (i, j) != (0, 0):
        pi, pj, row = back[i][j]
        for t in range(pi, i):
            rows[t] = row
        i, j = pi, pj
    return rows


def attach(labels: Iterable["Token"], rows: Iterable[dict], reach: float) -> dict[int, dict]:
    """{id(token): row} for the label tokens that join a row; `rows` are dicts with "middle",
    all on one page between the same rules as `labels`; `reach` in line heights."""
    rows = sorted(rows, key=lambda r: r["middle"])
    middles = [r["middle"] for r in rows]
    out = {}
    for column in _columns(labels):
        for tok, index in zip(column, _assign(column, middles, reach)):
            if index is not None:
                out[id(tok)] = rows[index]
    return out
