"""Where a row's values go when the source did not keep its cells apart.

Two kinds of source lose a row's cell boundaries: a text dump or a borderless PDF drops blank
cells without a trace (`5 3 8` for seven columns), and crawler text runs a row's cells
together into one run of digits (`963000099`). Such a row is a `Slot`: the field keys its
cells fill and what was printed. Every way to lay what was printed over the cells is a
candidate arrangement; positions on the page, where the source kept them, narrow each value
to the columns it stands under; the template's sums (`checks.rules`) keep the arrangements
under which every rule holds. A cell is kept only where every arrangement that fits puts the
same thing in it; elsewhere it is null and the note lists the candidates.

Nothing is moved to make a rule hold: when the sums across rows hold under no arrangement (the
report's own slip), a row whose values kept their order is decided by its own total alone (a
glued run never: its many splits meet a misprinted total by chance); otherwise, and when even
its own total holds under none, only what every arrangement shares is kept.
"""
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ingest.numbers import is_blank, parse_number

from .checks import Rule

# Arrangements of one row that fit its own sums enumerated before giving up on it (its cells
# are then left null): a row of seven cells with three values has 35, a 15-digit run of 表四 a
# few thousand at most once its group sums prune it.
MAX_CANDIDATES = 20000
# Arrangements enumerated regardless of the sums, for when the report's own sums hold under none
# (then only what all of them share is kept): past this many they share nothing worth the time.
MAX_ARRANGEMENTS = 2000
# Steps of the joint search over a table's rows before giving up (about a second of Python):
# a report with many short rows whose sums fit in many ways is left null rather than slow.
MAX_STEPS = 200000
# How many of the arrangements that fit a note lists for a person to check.
MAX_LISTED = 4
# The longest integer part a glued number may have: 亿-scale amounts in 元 have ten digits.
MAX_INTEGER_DIGITS = 10
# How far from a whole number of columns two values may stand apart and still be read as that
# many columns apart: numbers of different lengths, right-aligned, sit off their column's
# centre by a character or two, a quarter of a column at most.
STEP_TOLERANCE = 0.2
# Full rows needed to trust column positions, how far their widths may disagree (as a share),
# and how far their first columns may (as a share of a column): columns aligned in an editor
# or by pdftotext keep a table's rows the same width, and its first column in place, to within
# a character.
MIN_POSITION_ROWS = 2
PITCH_AGREEMENT = 0.05
ANCHOR_AGREEMENT = 0.25
_EPS = 1e-6

# A number inside a glued run: no leading zero, thousands commas allowed, a decimal part; a money
# unit only at the run's end (where _glued_pieces allows it).
_GLUED_NUMBER = re.compile(rf"-?(?:0|[1-9]\d{{0,2}}(?:,\d{{3}})+|[1-9]\d{{0,{MAX_INTEGER_DIGITS - 1}}})(?:\.\d+)?")
_UNIT = re.compile(r"(?:万元|万|元|亿元)$")
_NO_UNIT = re.compile("").match("")


@dataclass
class Slot:
    """One row (or one run of a table) whose cells the source did not keep apart."""
    keys: list              # the field keys its cells fill, left to right
    tokens: list            # what was printed, in order: values, blank marks, or digit runs
    note_key: str           # what its note is filed under (`t3.new`, `t4`)
    glued: bool = False     # each token is a run of digits that may hold several cells
    stray: bool = False     # its first or last token may not be the row's (a page number a dump set beside it)
    steps: list = None      # per pair of neighbouring tokens, how many columns apart they stand (None: unknown)
    columns: list = None    # per token, the column it stands under (None: unknown)


@dataclass
class Placed:
    cells: list                               # raw cell text or None, one per key
    unknown: set = field(default_factory=set)  # keys left null: the arrangements that fit disagree
    note: str = None
    unfit: bool = False  # the row's own sums (its total) hold under none of its arrangements


def value(raw: str | None) -> int | float:
    """A cell's number for the sums: blank cells count 0, as in the checks."""
    parsed = None if raw is None or is_blank(raw) else parse_number(raw)
    return parsed[0] if parsed else 0


def column_positions(rows: Iterable[tuple[list, list | None]], width: int) -> tuple[float | None, list[float | None] | None]:
    """(pitch, anchors) from the rows that print every column: the distance between neighbouring
    columns, and each column's centre where the rows agree on it (else None); (None, None)
    without positions, or when those rows disagree on the pitch. `rows` are (values, xs) pairs.

    Distances are trusted before places: a text dump lines each row up on its own, so one row's
    first column can stand a whole column to the right of another's (pdftotext -layout beside
    vertical labels), while the distances within rows stay; a dump that also shifts columns
    within rows shows in rows of different widths.
    """
    full = [xs for values, xs in rows
            if xs and width > 1 and len(values) == width and not any(is_blank(v) for v in values)]
    spans = sorted((xs[-1] - xs[0]) / (width - 1) for xs in full)
    if len(spans) < MIN_POSITION_ROWS or spans[-1] - spans[0] > PITCH_AGREEMENT * spans[len(spans) // 2]:
        return None, None
    pitch = spans[len(spans) // 2]
    firsts = [xs[0] for xs in full]
    anchors = None
    if max(firsts) - min(firsts) <= ANCHOR_AGREEMENT * pitch:
        anchors = [sorted(xs[c] for xs in full)[len(full) // 2] for c in range(width)]
    return pitch, anchors


def column_steps(xs: Sequence[float], pitch: float) -> list[int | None]:
    """Per pair of neighbouring values, how many columns apart they stand (None where the
    distance is no clear whole number of columns)."""
    steps = []
    for a, b in zip(xs, xs[1:]):
        ratio = (b - a) / pitch
        steps.append(round(ratio) if round(ratio) >= 1 and abs(ratio - round(ratio)) <= STEP_TOLERANCE else None)
    return steps


def column_under(xs: Iterable[float], pitch: float, anchors: Sequence[float]) -> list[int | None]:
    """Per value, the column it stands under (None where it stands between columns)."""
    out = []
    for x in xs:
        near = min(range(len(anchors)), key=lambda c: abs(anchors[c] - x))
        out.append(near if abs(anchors[near] - x) <= STEP_TOLERANCE * pitch else None)
    return out


class _TooMany(Exception):
    pass


def _glued_pieces(digits, end, unit):
    """The numbers `digits[:end]` (a run of digits, with `unit` after it) may end with, as
    (start, piece): no leading zero, a decimal point or thousands comma inside a number, the
    money unit on the run's last number only."""
    for start in range(end - 1, -1, -1):
        piece = digits[start:end]
        if _GLUED_NUMBER.fullmatch(piece) and piece != "-0" and digits[start - 1:start] not in (".", ","):
            yield start, piece + (unit if end == len(digits) else "")


def candidates(slot: Slot, local_rules: Sequence[tuple], cap: int = MAX_CANDIDATES) -> list[tuple]:
    """Every arrangement of the slot's printed tokens over its cells under which `local_rules`
    hold, as tuples of raw cells; raises _TooMany past `cap`.

    `local_rules` are (terms [(cell index, coef)], constant): the rule holds when they add up to 0.
    Cells are filled right to left, so a row's total comes first and, the counts being
    non-negative, the cells before it can never add up past it: most partial arrangements are
    dropped long before the row is full.
    """
    width, tokens = len(slot.keys), slot.tokens
    if slot.stray:
        kept = [tuple(tokens)] if _hold(tokens, local_rules) else []
        for rest in (tokens[1:], tokens[:-1]):
            kept += candidates(replace(slot, tokens=rest, stray=False, steps=None, columns=None), local_rules, cap)
        return list(dict.fromkeys(kept))
    if not slot.glued and len(tokens) > width:
        # More values than cells (a page number or a label's stray digit caught in the row):
        # each run of `width` consecutive values is a candidate.
        windows = [tuple(tokens[i:i + width]) for i in range(len(tokens) - width + 1)]
        return [w for w in windows if _hold(w, local_rules)]
    counts = all(value(token) >= 0 for token in tokens) if not slot.glued else all("-" not in t for t in tokens)
    runs = [(_UNIT.sub("", token), (_UNIT.search(token) or _NO_UNIT).group()) for token in tokens]
    member = [[] for _ in range(width)]  # per cell: (rule, coef)
    for r, (terms, _) in enumerate(local_rules):
        for j, coef in terms:
            member[j].append((r, coef))
    # Per rule and cell: the signs of the rule's terms on cells left of it (still to fill), and
    # whether those terms are every cell left of it.
    ahead = [[{1 if coef > 0 else -1 for j, coef in terms if j < i} for i in range(width)] for terms, _ in local_rules]
    covers = [[set(range(i)) <= {j for j, _ in terms} for i in range(width)] for terms, _ in local_rules]
    digits_only = slot.glued and all(run.isdigit() for run, _ in runs)
    before = [sum(len(run) for run, _ in runs[:t]) for t in range(len(runs))]  # digits in the runs before each
    partial = [const for _, const in local_rules]
    out, cells, at = [], [None] * width, [None] * len(tokens)  # at: the cell each token went to

    def settle(i, number, rest):
        """Add cell i's number to its rules; False when one of them can no longer hold. `rest`:
        how many digits are still to place left of cell i, where the runs are digits only."""
        ok = True
        for r, coef in member[i]:
            partial[r] += coef * number
            signs = ahead[r][i]
            if not signs:
                ok = ok and abs(partial[r]) < _EPS
            elif counts and signs == {-1}:
                ok = ok and partial[r] > -_EPS
                if rest is not None and covers[r][i]:
                    ok = ok and partial[r] >= _least_sum(rest, i) - _EPS
            elif counts and signs == {1}:
                ok = ok and partial[r] < _EPS
        return ok

    def unsettle(i, number):
        for r, coef in member[i]:
            partial[r] -= coef * number

    def place_cell(i, raw, then, rest=None):
        number = value(raw)
        cells[i] = raw
        if settle(i, number, rest):
            then()
        unsettle(i, number)

    def walk(i, t, end):
        """Fill cells i, i-1, … 0 with tokens t, t-1, … 0 (token t's digits up to `end` still to place)."""
        if t + 1 > i + 1:
            return
        if i < 0:
            out.append(tuple(cells))
            if len(out) > cap:
                raise _TooMany
            return
        if t + 1 < i + 1:  # this cell may be one whose blank left no trace
            rest = before[t] + (len(runs[t][0]) if end is None else end) if digits_only and t >= 0 else None
            place_cell(i, None, lambda: walk(i - 1, t, end), rest)
        if t < 0 or (slot.steps and t + 1 < len(tokens) and slot.steps[t] and at[t + 1] - i != slot.steps[t]) \
                or (slot.columns and slot.columns[t] is not None and slot.columns[t] != i):
            return
        if not slot.glued:
            at[t] = i
            place_cell(i, tokens[t], lambda: walk(i - 1, t - 1, None))
            return
        digits, unit = runs[t]
        for start, piece in _glued_pieces(digits, len(digits) if end is None else end, unit):
            place_cell(i, piece, lambda: walk(i - 1, t - 1, None) if start == 0 else walk(i - 1, t, start),
                       before[t] + start if digits_only else None)

    walk(width - 1, len(tokens) - 1, None)
    return out


def _least_sum(digits, cells):
    """The least that `digits` digits split into at most `cells` numbers (no leading zeros) can add
    up to: some number has at least ceil(digits / cells) of them."""
    if digits == 0:
        return 0
    if cells == 0:
        return float("inf")
    longest = -(-digits // cells)
    return 10 ** (longest - 1) if longest > 1 else 0


def _hold(cells, local_rules):
    return all(abs(const + sum(coef * value(cells[j]) for j, coef in terms)) < _EPS for terms, const in local_rules)


def place(slots: Sequence[Slot], fixed: dict[str, str | None], rules: Iterable[Rule]) -> dict[int, Placed]:
    """{slot index: Placed} for `slots`, given the table's other cells `fixed` {key: raw} and the
    template's `rules` (checks.Rule) over the table.

    Rules whose cells all lie outside the slots say nothing about placement. A rule inside one
    slot narrows that slot's arrangements on its own; rules across slots bind one column at a
    time (表三's column sums and balance) and are searched column by column over all slots
    together. Where the rules across rows hold under no arrangement (the report's slip), a slot
    is decided by its own total alone where that is safe (_own_total_decides); a slot whose own
    total holds under none keeps only what every arrangement shares.
    """
    at = {key: (s, i) for s, slot in enumerate(slots) for i, key in enumerate(slot.keys)}
    own, bound, cross = {s: [] for s in range(len(slots))}, {s: [] for s in range(len(slots))}, []
    for rule in rules:
        if rule.key not in fixed and rule.key not in at:
            continue  # a total the table does not print is not checked (checks.check_fields)
        terms = rule.terms()
        const = sum(coef * value(fixed.get(key)) for key, coef in terms.items() if key not in at)
        inside = [(at[key], coef) for key, coef in terms.items() if key in at]
        owners = {s for (s, _), _ in inside}
        if len(owners) == 1:
            (s,) = owners
            # the row's own total, or a rule across rows whose other cells are all certain
            (own if len(inside) == len(terms) else bound)[s].append(([(i, coef) for (_, i), coef in inside], const))
        elif owners:
            cross.append((inside, const))
    alone, fitting, own_broken = {}, {}, set()
    for s, slot in enumerate(slots):
        alone[s] = _capped(slot, own[s], MAX_CANDIDATES) if own[s] else _capped(slot, [], MAX_ARRANGEMENTS)
        if alone[s] == []:  # the row's own total holds under no arrangement: it decides nothing
            alone[s] = _capped(slot, [], MAX_ARRANGEMENTS)
            own_broken.add(s)
        fitting[s] = _capped(slot, own[s] + bound[s], MAX_CANDIDATES) if bound[s] and s not in own_broken else alone[s]
    joint = _joint(slots, fitting, cross)
    placed = {}
    for s, slot in enumerate(slots):
        across = bool(bound[s]) or s in joint  # rules across rows bind it
        if s in own_broken:
            placed[s] = _shared(slot, alone[s])
        elif fitting[s] is None or alone[s] is None:
            placed[s] = _unplaced(slot, "too many ways to arrange it to check")
        elif across and fitting[s] and joint.get(s, True):
            chosen = fitting[s] if s not in joint else [fitting[s][i] for i in sorted(joint[s])]
            placed[s] = _settle(slot, chosen, FIT)
        elif across and _own_total_decides(slot):
            # the table's sums across rows hold under no arrangement (the report's slip): its own total decides
            placed[s] = _settle(slot, alone[s], OWN)
        elif across:
            placed[s] = _shared(slot, _capped(slot, [], MAX_ARRANGEMENTS))
        else:
            placed[s] = _settle(slot, alone[s], FIT if own[s] else UNBOUND)
        placed[s].unfit = s in own_broken
    return placed


def _shared(slot, every):
    """Where the report's own sums hold under no arrangement: only what `every` arrangement shares."""
    if every is None:
        return _unplaced(slot, f"the report's own sums hold under none of its arrangements, and there are more "
                               f"than {MAX_ARRANGEMENTS} of them")
    return _settle(slot, every, BROKEN)


def _own_total_decides(slot):
    """Whether a row's own total may decide it when the sums across rows cannot: for values that
    kept their order (the total only fixes where the last one goes), never for a glued run, whose
    many splits add up to a misprinted total by chance (bench_glued: 12 wrong cells in 9,328)."""
    return not slot.glued


def _capped(slot, local_rules, cap):
    """The slot's arrangements under `local_rules`, or None when there are more than `cap`."""
    if not local_rules and slot.glued and _glued_count(slot) > cap:
        return None  # counted, not listed: a long run has millions
    try:
        return candidates(slot, local_rules, cap)
    except _TooMany:
        return None


def _glued_count(slot):
    """How many ways the slot's digit runs can be split and laid over its cells, whatever the sums."""
    width = len(slot.keys)
    runs = [(_UNIT.sub("", token), (_UNIT.search(token) or _NO_UNIT).group()) for token in slot.tokens]

    @functools.cache
    def ways(i, t, end):
        if t + 1 > i + 1:
            return 0
        if i < 0:
            return 1
        total = ways(i - 1, t, end) if t + 1 < i + 1 else 0
        if t >= 0:
            digits, unit = runs[t]
            for start, _ in _glued_pieces(digits, len(digits) if end is None else end, unit):
                total += ways(i - 1, t - 1, None) if start == 0 else ways(i - 1, t, start)
        return total

    return ways(width - 1, len(runs) - 1, None)


# Why the arrangements left are the ones left, for the note.
FIT, OWN, BROKEN, UNBOUND = "fit", "own", "broken", "unbound"


def _joint(slots, fitting, cross):
    """{slot: indexes of its arrangements that some arrangement of all slots fitting every cross
    rule uses}, an empty set for each when none fits; slots bound by no cross rule are left out."""
    by_column = {}
    for inside, const in cross:
        columns = {i for (_, i), _ in inside}
        if len(columns) != 1 or any(fitting[s] is None for (s, _), _ in inside):
            continue  # a rule these slots cannot be searched on (or whose slot is unplaced) binds nothing
        by_column.setdefault(columns.pop(), []).append(([(s, coef) for (s, _), coef in inside], const))
    if not by_column:
        return {}
    members = sorted({s for rules in by_column.values() for terms, _ in rules for s, _ in terms})
    width = max(len(slots[s].keys) for s in members)
    if any(len(slots[s].keys) != width for s in members):
        return {}
    tries = {s: _Trie(fitting[s]) for s in members}
    position = {s: k for k, s in enumerate(members)}
    memo, steps = {}, [0]

    def support(c, nodes):
        """Per member, the arrangements reachable from these trie nodes that fit every rule from column c on."""
        if c == width:
            return tuple(tries[s].leaves[n] for s, n in zip(members, nodes))
        if (c, nodes) in memo:
            return memo[(c, nodes)]
        found = None
        for step in _column_choices(c, nodes):
            sub = support(c + 1, step)
            if sub is not None:
                found = sub if found is None else tuple(a | b for a, b in zip(found, sub))
        memo[(c, nodes)] = found
        return found

    def _column_choices(c, nodes):
        options = [list(tries[s].children[n].items()) for s, n in zip(members, nodes)]
        rules = [({position[s]: coef for s, coef in terms}, const) for terms, const in by_column.get(c, ())]
        low = [[0.0] * len(rules) for _ in range(len(members) + 1)]
        high = [[0.0] * len(rules) for _ in range(len(members) + 1)]
        for k in range(len(members) - 1, -1, -1):
            for r, (coefs, _) in enumerate(rules):
                coef = coefs.get(k, 0)
                spans = [coef * v for v, _ in options[k]] or [0.0]
                low[k][r] = low[k + 1][r] + min(spans)
                high[k][r] = high[k + 1][r] + max(spans)

        def walk(k, sums, chosen):
            steps[0] += 1
            if steps[0] > MAX_STEPS:
                raise _TooMany
            if any(s + lo > _EPS or s + hi < -_EPS for s, lo, hi in zip(sums, low[k], high[k])):
                return
            if k == len(members):
                yield tuple(chosen)
                return
            for v, child in options[k]:
                yield from walk(k + 1, [s + coefs.get(k, 0) * v for s, (coefs, _) in zip(sums, rules)], chosen + [child])

        return walk(0, [const for _, const in rules], [])

    try:
        found = support(0, tuple(0 for _ in members))
    except _TooMany:
        return {s: set(range(len(fitting[s]))) for s in members}  # too hard to search: the sums decide nothing
    if found is None:
        return {s: set() for s in members}
    return dict(zip(members, found))


class _Trie:
    """A slot's arrangements as a tree over their cells' numbers, left to right: arrangements
    that differ only in where a 0 or a blank stands share a path (they add the same)."""

    def __init__(self, arrangements):
        self.children, self.leaves = [{}], {}
        for index, cells in enumerate(arrangements):
            node = 0
            for raw in cells:
                v = value(raw)
                if v not in self.children[node]:
                    self.children.append({})
                    self.children[node][v] = len(self.children) - 1
                node = self.children[node][v]
            self.leaves.setdefault(node, frozenset())
            self.leaves[node] = self.leaves[node] | {index}


def _settle(slot, survivors, why):
    """Placed cells from the arrangements still possible: a cell kept where they all agree."""
    width = len(slot.keys)
    cells, unknown = [None] * width, set()
    for i in range(width):
        seen = {None if raw is None or is_blank(raw) else raw for raw in (arrangement[i] for arrangement in survivors)}
        if len(seen) == 1:
            cells[i] = survivors[0][i]
        else:
            unknown.add(slot.keys[i])
    what = _what(slot)
    if not unknown:
        if why == OWN:
            return Placed(cells, note=f"{what}; the table's sums across rows hold under no arrangement (the report's "
                                      "own slip), and of the ways to lay them over the columns only this one adds up "
                                      "to the row's own total")
        if why != FIT:
            return Placed(cells, note=f"{what}; read as the only way they fit the columns" if slot.glued else None)
        return Placed(cells, note=f"{what}; of the ways to lay them over the columns, only this one fits the template's sums")
    columns = ", ".join(key.rsplit(".", 1)[1] for key in slot.keys if key in unknown)
    reason = {
        FIT: f"{len(survivors)} ways to lay them over the columns fit the template's sums",
        OWN: f"the table's sums across rows hold under no arrangement (the report's own slip), and {len(survivors)} "
             "ways to lay them over the columns add up to the row's own total",
        BROKEN: f"the report's own sums hold under none of the {len(survivors)} ways to lay them over the columns, "
                "so they decide nothing",
        UNBOUND: f"no sum of the template binds this row, and it can be laid over the columns {len(survivors)} ways",
    }[why]
    likeliest = sorted(survivors, key=lambda arrangement: sum(c is None or is_blank(c) for c in arrangement))
    listed = "; ".join(" ".join("·" if c is None or is_blank(c) else c for c in arrangement)
                       for arrangement in likeliest[:MAX_LISTED])
    more = f" (and {len(survivors) - MAX_LISTED} more)" if len(survivors) > MAX_LISTED else ""
    return Placed(cells, unknown, f"{what}; {reason}: {columns} not known, left null; candidates: {listed}{more}")


def _unplaced(slot, why):
    return Placed([None] * len(slot.keys), set(slot.keys), f"{_what(slot)}; {why}: left null")


def _what(slot):
    if slot.stray:
        return (f"{len(slot.tokens)} values for {len(slot.keys)} columns ({' '.join(slot.tokens)}), its total less than "
                "one of its parts: a page number or a stray digit may stand first or last")
    if slot.glued:
        return f"cells run together in the source ({' / '.join(slot.tokens)})"
    printed = len(slot.tokens)
    if printed > len(slot.keys):
        return f"{printed} values for {len(slot.keys)} columns ({' '.join(slot.tokens)})"
    return f"{printed} values for {len(slot.keys)} columns ({' '.join(slot.tokens)}), its blank cells not shown in the source"
