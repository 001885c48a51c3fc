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


def place_by_columns(short, fixed, equations, width, budget=20000):
    """(placement, ambiguous rows) for rows short of values, under which every column's rules hold
    exactly; None when no such placement exists (the report's own sums are broken) or the search
    is too long.

    Rules such as 表三's column totals and balance bind one column at a time: each is an
    equation {row: coefficient} that must sum to 0 in every column. Columns are filled left to
    right; in each, the short rows that put their next non-zero value there are chosen row by
    row, dropping a choice as soon as an equation can no longer reach 0, and in the last column
    each row's total must be the sum of its other cells. This finds the
    placement a row-by-row search misses when several rows are misplaced together. A 0 adds
    nothing to any sum, so where a 0 stood among blank cells cannot be known: zeros go to the
    leftmost free cells, and the rows where that was a choice are returned as ambiguous.
    """
    rows = list(short)
    nonzero = [[j for j, raw in enumerate(short[r]) if number(raw)] for r in rows]
    failed, steps = set(), [0]

    def window(i, state):
        """(earliest, latest) column for row i's next non-zero value, or None when it has none left."""
        p, last, _ = state[i]
        if p == len(nonzero[i]):
            return None
        j, before = nonzero[i][p], nonzero[i][p - 1] if p else -1
        return last + 1 + (j - before - 1), width - (len(short[rows[i]]) - j)

    def choices(c, state, must, may):
        """Sets of rows placing their next value in column c under which every equation holds."""
        value = {i: number(short[rows[i]][nonzero[i][state[i][0]]]) for i in must + may}
        base = [sum(coef * number(fixed[r][c]) for r, coef in eq.items() if r in fixed) +
                sum(eq.get(rows[i], 0) * value[i] for i in must) for eq in equations]
        terms = [[eq.get(rows[i], 0) * value[i] for eq in equations] for i in may]
        low = [[0.0] * len(equations) for _ in range(len(may) + 1)]
        high = [[0.0] * len(equations) for _ in range(len(may) + 1)]
        for k in range(len(may) - 1, -1, -1):
            low[k] = [a + min(0, t) for a, t in zip(low[k + 1], terms[k])]
            high[k] = [a + max(0, t) for a, t in zip(high[k + 1], terms[k])]

        def walk(k, sums, chosen):
            steps[0] += 1
            if steps[0] > budget:
                raise _OutOfBudget
            if any(s + lo > 1e-6 or s + hi < -1e-6 for s, lo, hi in zip(sums, low[k], high[k])):
                return
            if k == len(may):
                yield set(must) | chosen
                return
            yield from walk(k + 1, [s + t for s, t in zip(sums, terms[k])], chosen | {may[k]})
            yield from walk(k + 1, sums, chosen)

        return walk(0, base, frozenset())

    def search(c, state):
        if c == width:
            return []
        if (c, state) in failed:
            return None
        windows = [window(i, state) for i in range(len(rows))]
        if any(w and w[1] < c for w in windows):
            return None
        must = [i for i, w in enumerate(windows) if w and w[1] == c]
        may = [i for i, w in enumerate(windows) if w and w[0] <= c < w[1]]
        for placing in choices(c, state, must, may):
            values = {i: number(short[rows[i]][nonzero[i][state[i][0]]]) for i in placing}
            if c == width - 1 and any(abs(values.get(i, 0) - run) > 1e-6 for i, (_, _, run) in enumerate(state)):
                continue  # each row's last cell is the sum of the others
            after = tuple((p + 1, c, run + values[i]) if i in placing else (p, last, run)
                          for i, (p, last, run) in enumerate(state))
            rest = search(c + 1, after)
            if rest is not None:
                return [placing] + rest
        failed.add((c, state))
        return None

    try:
        columns = search(0, ((0, -1, 0),) * len(rows))
    except _OutOfBudget:
        return None
    if columns is None:
        return None
    placed, ambiguous = {}, []
    for i, r in enumerate(rows):
        at = [c for c, placing in enumerate(columns) if i in placing]
        cells, free = _with_zeros(short[r], nonzero[i], at, width)
        if cells is None:
            return None
        placed[r] = cells
        if free:
            ambiguous.append(r)
    return placed, ambiguous


def _with_zeros(values, nonzero, at, width):
    """(cells, whether the zeros had a choice): non-zero values in the columns `at`, each run of
    zeros in the leftmost free cells before the next non-zero value (after the last, at the end)."""
    cells = [None] * width
    bounds = [-1] + at + [width]
    marks = [-1] + nonzero + [len(values)]
    choice = False
    for k in range(len(marks) - 1):
        zeros = values[marks[k] + 1:marks[k + 1]]
        free = bounds[k + 1] - bounds[k] - 1
        if len(zeros) > free:
            return None, False
        choice = choice or 0 < len(zeros) < free
        for n, raw in enumerate(zeros):
            cells[bounds[k] + 1 + n] = raw
        if k < len(at):
            cells[at[k]] = values[nonzero[k]]
    return cells, choice
