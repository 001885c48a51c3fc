"""Where a row's values go when its blank cells left no trace, as in a plain text dump of a PDF.

Where the source kept positions (aligned columns, x in a PDF), the columns the values stand
under decide. Otherwise the table's own arithmetic does: of all ways to spread k printed
values over n columns in order, keep those under which the template's sums hold. Whatever
was chosen is said in a note; nothing is guessed silently.
"""
from itertools import combinations, product

from .numbers import is_blank, parse_number

MAX_JOINT = 512  # placements of several short rows tried together before going row by row


def column_anchors(rows, width):
    """Each column's horizontal centre, from the rows that print every column; None without positions.

    `rows` are (values, xs) pairs.
    """
    full = [xs for values, xs in rows if xs and len(values) == width and not any(is_blank(v) for v in values)]
    if not full:
        return None
    return [sorted(xs[c] for xs in full)[len(full) // 2] for c in range(width)]


def by_position(values, xs, anchors):
    """A short row's values put under the columns they stand beneath; the other cells blank."""
    cells = [None] * len(anchors)
    for raw, x in zip(values, xs):
        if is_blank(raw):
            continue
        col = min(range(len(anchors)), key=lambda c: (cells[c] is not None, abs(anchors[c] - x)))
        cells[col] = raw
    return cells


def spreads(values, width):
    """Every way to put `values` (in order) into `width` columns, the rest blank.

    Ordered so that the likeliest comes first: the last column (a total) filled, then
    values packed to the left.
    """
    out = []
    for where in combinations(range(width), len(values)):
        cells = [None] * width
        for col, raw in zip(where, values):
            cells[col] = raw
        out.append(cells)
    return sorted(out, key=lambda cells: cells[-1] is None)


def number(raw):
    parsed = None if raw is None else parse_number(raw)
    return parsed[0] if parsed else 0


def sums_hold(cells, group=None):
    """Whether the last cell is the sum of the others, for each group of `group` cells (all, by default)."""
    group = group or len(cells)
    return [abs(sum(number(c) for c in cells[i:i + group - 1]) - number(cells[i + group - 1])) < 1e-6
            for i in range(0, len(cells), group)]


def place_run(values, width, group):
    """(cells, note) for one run of values short of `width`, placed where the most group sums hold."""
    options = spreads(values, width)
    scored = [sum(sums_hold(cells, group)) for cells in options]
    return options[scored.index(max(scored))], note(len(values), width)


def best_window(values, width, group):
    """(cells, note) for a run with more values than columns (a page number or a label's stray
    digit caught in it): the `width` consecutive values under which the most group sums hold,
    the last such window on a tie."""
    windows = [values[i:i + width] for i in range(len(values) - width + 1)]
    scored = [sum(sums_hold(w, group)) for w in windows]
    best = max(range(len(windows)), key=lambda i: (scored[i], i))
    dropped = values[:best] + values[best + width:]
    return windows[best], f"{len(values)} values for {width} columns; {' '.join(dropped)} left out where the sums hold"


def place_rows(short, fixed, error, width):
    """{row: cells} for rows short of values, so that the table's sums come out closest.

    `short` maps a row key to its printed values; `fixed` maps the other rows to their cells;
    `error(grid)` measures over a whole grid {row: cells} how far the rules are from holding.
    Each short row first keeps the spreads under which its own total holds. Few short rows
    are placed jointly; many, one at a time until no row's move lowers the error.
    """
    options = {}
    for row, values in short.items():
        every = spreads(values, width)
        options[row] = [cells for cells in every if all(sums_hold(cells))] or every
    rows = list(options)

    def cost(pick):
        return error({**fixed, **{r: options[r][i] for r, i in zip(rows, pick)}})

    joint = 1
    for row in rows:
        joint *= len(options[row])
    if joint <= MAX_JOINT:
        choices = list(min(product(*(range(len(options[r])) for r in rows)), key=lambda pick: (cost(pick), pick)))
    else:
        choices = [0] * len(rows)
        for _ in range(10):
            before = list(choices)
            for pos, row in enumerate(rows):
                choices[pos] = min(range(len(options[row])),
                                   key=lambda i: (cost(choices[:pos] + [i] + choices[pos + 1:]), i))
            if choices == before:
                break
    placed = {row: options[row][i] for row, i in zip(rows, choices)}
    return placed, {row: note(len(short[row]), width) for row in rows}


def note(printed, width):
    """What a placement by the table's sums says about a row."""
    return (f"{printed} values for {width} columns, its blank cells not shown in the source; "
            "placed where the most of the table's own sums hold")


class _OutOfBudget(Exception):
    pass


def place_by_columns(short, fixed, column_error, width, budget=5000):
    """{row: cells} for rows short of values under which every column's rules hold exactly, or
    None when no such placement exists (the report's own sums are broken) or the search is too long.

    Rules such as 表三's column totals and balance bind one column at a time, so columns are
    filled left to right: each short row either puts its next value in the column or leaves
    the cell blank, and a choice goes on only when that column's rules hold. Searching this
    way finds the placement a row-by-row search misses when several rows are misplaced
    together. `column_error(c, {row: raw})` measures column c.
    """
    rows = list(short)
    failed, steps = set(), [0]

    def search(c, ptrs):
        left = width - c
        if left == 0:
            return []
        if (c, ptrs) in failed:
            return None
        must = [i for i, r in enumerate(rows) if len(short[r]) - ptrs[i] == left]
        may = [i for i, r in enumerate(rows) if 0 < len(short[r]) - ptrs[i] < left]
        for flags in product((True, False), repeat=len(may)):
            steps[0] += 1
            if steps[0] > budget:
                raise _OutOfBudget
            placing = set(must) | {i for i, f in zip(may, flags) if f}
            cells = [short[r][ptrs[i]] if i in placing else None for i, r in enumerate(rows)]
            if column_error(c, {**{r: f[c] for r, f in fixed.items()}, **dict(zip(rows, cells))}) > 1e-6:
                continue
            rest = search(c + 1, tuple(p + (i in placing) for i, p in enumerate(ptrs)))
            if rest is not None:
                return [cells] + rest
        failed.add((c, ptrs))
        return None

    try:
        columns = search(0, (0,) * len(rows))
    except _OutOfBudget:
        return None
    if columns is None:
        return None
    placed = {r: [column[i] for column in columns] for i, r in enumerate(rows)}
    return placed if all(all(sums_hold(cells)) for cells in placed.values()) else None
