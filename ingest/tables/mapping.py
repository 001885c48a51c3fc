"""Map recovered table rows onto SCHEMA keys: the one place that knows how 表二, 表三 and 表四 read.

Every reader (text layouts, PDF geometry, HTML and Word) hands over the rows it
recovered, in reading order, as `Row(cells, blanks_known)`: the row's cells left to right,
label cells and value cells alike. `blanks_known` says whether an empty cell is really a
cell of the table (a tab-separated line, a PDF grid) or whether empty cells are invisible in
that source (a plain text dump), which decides how values are aligned to columns.

Labels break across rows in most sources (a wrapped label, header rows above a row, a
vertical 本年度办理结果), so the text of rows without values is carried into the next row
with values, and a row is recognised by the label its text *ends* with, among the rows the
template prints from the last recognised one on.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.numbers import header_unit, is_blank, parse_number, squash, to_wan
from ingest.schema import MONEY_KEYS, T2_ROWS, T3_COLUMNS, T3_HANDLED_OTHER_PARTS, T3_ROWS, T4_COLUMNS, T4_GROUPS, TEMPLATE_MARKERS

from .checks import rules, t3_expected_rows
from .placement import Slot, column_positions, column_steps, column_under, place, value


@dataclass
class Row:
    cells: list
    blanks_known: bool = True
    xs: list = None  # each cell's horizontal centre, where the source has positions
    glued: bool = False  # a value cell is a run of digits that may hold several cells run together (crawler text)


@dataclass
class Match:
    """A recovered row recognised as row `index` of a table's spec."""
    index: int
    values: list
    blanks_known: bool
    label: str
    xs: list = None
    glued: bool = False


@dataclass
class TableResult:
    fields: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    unknown: set = field(default_factory=set)  # keys left null: the source did not say which cell a value stood in
    unfit: int = 0  # rows whose own total holds under no arrangement of their values
    missing: int = 0  # rows the template prints that the source did not show


def split_label(cells: Sequence[str | None], glued: bool = False) -> tuple[str, list[str | None]]:
    """(label text, value cells): the value cells are those after the last cell that holds text
    (in a glued row, those after the first: a run such as `12-315` is no number until split)."""
    if glued:
        return "".join(c for c in cells[:1] if c), [c for c in cells[1:] if c]
    last_text = -1
    for i, cell in enumerate(cells):
        if not (is_blank(cell) or parse_number(cell)):
            last_text = i
    label = "".join(c for c in cells[: last_text + 1] if c and not is_blank(c))
    return label, list(cells[last_text + 1:])


# How far before its end a row's text is searched for a label: the label's length and one
# character more per LABEL_SLACK_PER of it, at least LABEL_SLACK_MIN (characters a dump sets
# inside a label: a vertical label's, a stray mark).
LABEL_SLACK_MIN = 2
LABEL_SLACK_PER = 4
CLIPPED_FLOOR = 0.6  # a label whose cell cut out its middle scores from this (head and end only) to 1 (all of it)
# A label matched at least STRONG_SCORE is the row's own, not a neighbour's words; the row the
# template prints next needs only NEXT_ROW_SCORE, since taking a row further on skips rows.
STRONG_SCORE = 0.75
NEXT_ROW_SCORE = 0.6
BLANK_ROW_SCORE = 0.9  # a row printing no value is recognised by its label alone: nearly all of it
# A label wrapped around its row's numbers: each piece is at least STRADDLE_PIECE characters, is
# searched for STRADDLE_SLACK characters past its own length, and at least STRADDLE_MATCH of it is found.
STRADDLE_PIECE = 2
STRADDLE_SLACK = 2
STRADDLE_MATCH = 0.5
# Label text carried over to the next row with values: longer than any label with the header
# rows above it, short enough that a whole table's text is not searched for every row.
PENDING_CHARS = 400


def _lcs(a, b):
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def label_score(text: str, labels: Iterable[str]) -> float:
    """How well `text` ends with one of `labels` (0..1), tolerant of clipped and reordered characters."""
    tail_all = squash(text)
    best = 0.0
    for label in labels:
        want = squash(label)
        if not want:
            continue
        tail = tail_all[-(len(want) + max(LABEL_SLACK_MIN, len(want) // LABEL_SLACK_PER)):]
        if want in tail:
            return 1.0
        best = max(best, _lcs(want, tail) / len(want), clipped_score(tail, want))
    return best


def clipped_score(tail: str, want: str) -> float:
    """A label whose cell cut out its middle keeps its head and its end, side by side
    (`2.其他法律行政止公开`): scored 0.6..1 when `tail` ends with at least two characters
    of each; 0 otherwise."""
    for b in range(min(len(want) - 1, len(tail)), 1, -1):
        if tail.endswith(want[-b:]):
            rest = tail[:-b]
            a = next((k for k in range(len(want) - b, 1, -1) if rest.endswith(want[:k])), 0)
            if a:
                return CLIPPED_FLOOR + (1 - CLIPPED_FLOOR) * (a + b) / len(want)
    return 0.0


def _strong(score, is_next):
    return score >= (NEXT_ROW_SCORE if is_next else STRONG_SCORE)


def _numbers(cells):
    return [c for c in cells if not is_blank(c)]


def _printed(cells):
    """Cells that hold something: a number, or a printed blank mark such as — or /."""
    return [c for c in cells if c and c.strip()]


def align(cells: Sequence[str | None], n: int) -> tuple[list[str | None], str | None]:
    """Value cells of a row whose blank cells are real cells → exactly `n` raw cells (None for
    blank), and a note when that took a guess."""
    vals = [None if is_blank(c) else c for c in cells]
    while len(vals) > n and vals[-1] is None:
        vals.pop()
    if len(vals) > n and None not in (vals[0], vals[-1]) and vals[n - 1:] == vals[-1:] * (len(vals) - n + 1) \
            and (n == 1 or vals[n - 2] != vals[-1]):
        # A converter that undid a merge writes the merged cell's number into each column it
        # spans: the surplus is exactly one run of copies at the end (a leading blank is
        # rather a pad cell, dropped below).
        return vals[:n], f"{len(vals)} values for {n} columns; the last {vals[-1]} read as one cell repeated"
    while len(vals) > n and vals[0] is None:
        vals.pop(0)
    if len(vals) > n and len([v for v in vals if v is not None]) <= n:
        vals = [v for v in vals if v is not None]
    if len(vals) > n:
        return vals[-n:], f"{len(vals)} values for {n} columns; the last {n} kept"
    return vals + [None] * (n - len(vals)), None


def _store(result, key, raw, unit_text=""):
    if is_blank(raw):
        result.fields[key] = None
        return
    value, unit = parse_number(raw)
    if key in MONEY_KEYS:
        declared = unit or header_unit(unit_text)
        if declared is None and value:
            result.notes.append({"key": key, "note": f"unit not printed; 万元 assumed for {raw.strip()}"})
        value = to_wan(value, declared)
    result.fields[key] = value


def straddle_score(before: str, after: str, labels: Iterable[str]) -> float:
    """How well a label reads as ending `before` and going on at the start of `after` (0..1).

    A text dump of a PDF puts a row's numbers beside the middle of its wrapped label, so
    the label's first lines come before the numbers and its last lines after them.
    """
    head, tail_all = squash(after), squash(before)
    best = 0.0
    for label in labels:
        want = squash(label)
        for cut in range(STRADDLE_PIECE, len(want) - STRADDLE_PIECE + 1):
            first, rest = want[:cut], want[cut:]
            got_first = _lcs(first, tail_all[-(len(first) + STRADDLE_SLACK):])
            got_rest = _lcs(rest, head[: len(rest) + STRADDLE_SLACK])
            if got_first >= STRADDLE_MATCH * len(first) and got_rest >= STRADDLE_MATCH * len(rest):
                best = max(best, (got_first + got_rest) / len(want))
    return best


def _text_after(rows):
    """For each row: the label text that follows it up to the next row with values."""
    after, text = [""] * len(rows), ""
    for i in range(len(rows) - 1, -1, -1):
        after[i] = text
        label, values = split_label(rows[i].cells, rows[i].glued)
        text = label if _printed(values) else label + text
    return after


def _best(spec, pointer, score):
    """(score, index) of the best-scoring spec row from `pointer` on; the earliest wins a tie."""
    best = None
    for i in range(pointer, len(spec)):
        s = score(spec[i][0])
        if s == 1.0:
            return s, i
        if _strong(s, i == pointer) and (best is None or s > best[0]):
            best = s, i
    return best


def _sequential(rows, spec):
    """Walk rows; yield (spec index, value cells, blanks_known, label text) for each recognised row.

    `spec` is a list of (labels, number of values). A row with no values lends its text to
    the next; a row with values but no label of its own continues the previous row while that
    one is short of values (a dump that put each number on its own line).
    """
    pending = ""
    pointer = 0
    current = None
    after = _text_after(rows)
    for n, row in enumerate(rows):
        label, values = split_label(row.cells, row.glued)
        xs = row.xs[len(row.cells) - len(values):] if row.xs and not row.glued else None
        has_values = bool(_printed(values)) or (row.blanks_known and values and label == "")
        if not has_values:
            if row.blanks_known and values and label:
                # A row whose every cell is blank: recognised by its own label alone.
                scores = [(label_score(label, spec[i][0]), i) for i in range(pointer, len(spec))]
                score, idx = max(scores, key=lambda s: (s[0], -s[1]), default=(0, None))
                if idx is not None and score >= BLANK_ROW_SCORE:
                    if current:
                        yield current
                    current = Match(idx, values, row.blanks_known, label, xs, row.glued)
                    pointer = idx + 1
                    pending = ""
                    continue
            pending = (pending + label)[-PENDING_CHARS:]
            continue
        if not label and current is not None and len(current.values) < spec[current.index][1] and not pending:
            current.values = current.values + values
            current.xs = current.xs + xs if current.xs and xs else None
            continue
        text = pending + label
        if current:
            yield current
            current = None
        best = _best(spec, pointer, lambda labels: label_score(text, labels))
        if best is None and after[n]:
            best = _best(spec, pointer, lambda labels: straddle_score(text, after[n], labels))
        pending = ""
        if best is None:
            continue
        yield from (Match(i, [], row.blanks_known, "") for i in _label_only_rows(text, spec, pointer, best[1]))
        current = Match(best[1], values, row.blanks_known, text, xs, row.glued)
        pointer = best[1] + 1
    if current:
        yield current
    yield from (Match(i, [], rows[-1].blanks_known, "") for i in _label_only_rows(pending, spec, pointer, len(spec)))


def _own_label_start(flat, owns):
    """Where a row's own label starts in `flat`, the squashed text it was recognised by: the last
    whole occurrence, else the start of the longest head of the label that `flat` ends with (the
    label's rest follows the numbers), else as far back as the shortest form of the label reaches."""
    starts = [flat.rfind(own) for own in owns if own in flat]
    if starts:
        return max(starts)
    heads = [k for own in owns for k in range(len(own) - 1, 1, -1) if flat.endswith(own[:k])]
    return len(flat) - (max(heads) if heads else min(map(len, owns)))


def _label_only_rows(text, spec, start, end):
    """Spec rows start..end-1 whose whole label stands in `text` before row `end`'s own label: rows
    printed with their label and every cell blank, where blank cells leave no trace (a text dump,
    a borderless PDF), so the label ran into the text of the next row with values. Whole labels
    only, in template order: a wrapped label's first line is never one."""
    flat = squash(text)
    if end < len(spec):
        flat = flat[:_own_label_start(flat, [squash(label) for label in spec[end][0]])]
    found, pos = [], 0
    for i in range(start, end):
        hits = [hit for want in map(squash, spec[i][0]) if want for hit in [_find_label(flat, want, pos)] if hit]
        if hits:
            found.append(i)
            pos = min(hits)[1]
    rows = {*found, end}
    return [i for i in found if not any(k in rows for k in _parts_of(spec, i))]


_T3_LABELS = dict(T3_ROWS)


def _parts_of(spec, i):
    """Indices of the spec rows that are parts of row i (表三's (六) split in three): where they are
    printed, row i's label is their heading, not a row."""
    if spec[i][0] != _T3_LABELS["handled_other"]:
        return []
    parts = [_T3_LABELS[part] for part in T3_HANDLED_OTHER_PARTS]
    return [k for k, (labels, _) in enumerate(spec) if labels in parts]


INTERLEAVED = 2  # characters of a vertical label (三、本年度办理结果) a dump may set inside a row's label


def _find_label(flat, want, pos):
    """(start, end) of the first place from `pos` where `want` stands whole, or with at most
    INTERLEAVED characters of another cell set among its own; None where it does not."""
    at = flat.find(want, pos)
    if at >= 0:
        return at, at + len(want)
    for at in (k for k in range(pos, len(flat)) if flat[k] == want[0]):
        k, end = 0, at
        while end < len(flat) and end - at < len(want) + INTERLEAVED and k < len(want):
            k += flat[end] == want[k]
            end += 1
        if k == len(want):
            return at, end
    return None


def detect_template(text: str) -> str | None:
    """'2019' or '2021' from the column headers 表二 prints, or None when neither shows."""
    flat = squash(text)
    counts = {t: sum(squash(m) in flat for m in marks) for t, marks in TEMPLATE_MARKERS.items()}
    if counts["2019"] == counts["2021"]:
        return None
    return max(counts, key=counts.get)


def rows_text(rows: Iterable[Row]) -> str:
    return "".join("".join(c for c in row.cells if c) for row in rows)


def map_t2(rows: Sequence[Row], template: str) -> TableResult:
    """表二 rows → fields of `template`."""
    result = TableResult()
    spec_rows = T2_ROWS[template]
    matches = list(_sequential(rows, [(labels, len(cols)) for _, labels, cols in spec_rows]))
    # 表二 is one grid: rows of three values share their columns, whatever group they are in.
    positions = column_positions([(m.values, m.xs) for m in matches], 3)
    entries = []
    for match in matches:
        row_key, _, cols = spec_rows[match.index]
        keys = [f"t2.{row_key}.{col}" for col, _ in cols]
        entries.append((match, keys, f"t2.{row_key}", positions if len(cols) == 3 else (None, None)))
    raws, slots = _read_rows(result, entries)
    _place(result, raws, slots, [])
    units = {f"t2.{spec_rows[m.index][0]}.{col}": m.label for m in matches for col, _ in spec_rows[m.index][2]}
    for key, raw in raws.items():
        _store(result, key, raw, units[key])
    return result


def _slot(match, keys, note_key, positions=(None, None)):
    """The row as a placement.Slot when the source did not keep its cells apart, else None.
    `positions` is the table's (pitch, anchors) from placement.column_positions."""
    printed = _printed(match.values)
    if match.blanks_known or not printed:
        return None
    if len(printed) == len(keys) and not match.glued:
        if not _total_below_a_part(printed, keys):
            return None
        return Slot(keys, printed, note_key, stray=True)
    pitch, anchors = positions
    steps = columns = None
    if pitch and match.xs and not match.glued and len(printed) < len(keys):
        xs = [x for v, x in zip(match.values, match.xs) if v and v.strip()]
        steps = column_steps(xs, pitch)
        columns = column_under(xs, pitch, anchors) if anchors else None
    return Slot(keys, printed, note_key, match.glued, steps=steps, columns=columns)


def _total_below_a_part(printed, keys):
    """A row whose last cell is its total printed less than one of its other cells: impossible for
    counts, so one of its values is likely no cell of it (a page number a dump set beside it)."""
    values = [value(raw) for raw in printed]
    one_row = len({key.rsplit(".", 1)[0] for key in keys}) == 1
    return one_row and keys[-1].startswith(("t3.", "t4.")) and keys[-1].endswith(".total") and min(values) >= 0 \
        and values[-1] < max(values[:-1])


def _fixed(match, n):
    """(cells, note) of a row whose cells are certain: kept apart by the source, every cell printed,
    or none (a row printed with its label alone)."""
    if match.blanks_known:
        return align(match.values, n)
    printed = _printed(match.values)
    if printed:
        return printed, None
    return [None] * n, "printed with its label alone, no value beside it: its cells read as blank"


def _read_rows(result, entries):
    """(raws {key: cell}, slots): each entry (match, its keys, note key, column positions) as cells
    the source kept certain, or as a placement.Slot to place; notes on the certain ones into `result`."""
    raws, slots = {}, []
    for match, keys, note_key, positions in entries:
        slot = _slot(match, keys, note_key, positions)
        if slot:
            slots.append(slot)
            continue
        cells, note = _fixed(match, len(keys))
        raws.update(zip(keys, cells))
        if note:
            result.notes.append({"key": note_key, "note": note})
    return raws, slots


def _place(result, raws, slots, rules):
    """Each slot's cells into `raws` (its uncertain ones as None, listed in `result.unknown`), with its note."""
    for s, placed in place(slots, raws, rules).items():
        raws.update(zip(slots[s].keys, placed.cells))
        result.unknown |= placed.unknown
        result.unfit += placed.unfit
        if placed.note:
            result.notes.append({"key": slots[s].note_key, "note": placed.note})


def map_t3(rows: Sequence[Row]) -> TableResult:
    """表三 rows → fields; rows the report does not print are left out."""
    result = TableResult()
    width = len(T3_COLUMNS)
    matches = list(_sequential(rows, [(labels, width) for _, labels in T3_ROWS]))
    positions = column_positions([(m.values, m.xs) for m in matches], width)
    placed = TableResult()  # its notes are put in the order of the table's rows below
    entries = []
    for match in matches:
        row_key = T3_ROWS[match.index][0]
        entries.append((match, [f"t3.{row_key}.{col}" for col, _ in T3_COLUMNS], f"t3.{row_key}", positions))
    raws, slots = _read_rows(placed, entries)
    _place(placed, raws, slots, rules([*raws, *(key for slot in slots for key in slot.keys)]))
    result.unknown, result.unfit = placed.unknown, placed.unfit
    notes = {n["key"].split(".", 1)[1]: n["note"] for n in placed.notes}
    printed = {key[3:].rsplit(".", 1)[0] for key in raws}
    for row_key, _ in T3_ROWS:
        keys = [f"t3.{row_key}.{col}" for col, _ in T3_COLUMNS]
        if keys[0] not in raws:
            if row_key in t3_expected_rows(printed) and printed:
                result.missing += 1
                result.notes.append({"key": f"t3.{row_key}", "note": "row not found in the source; its cells are left out"})
            continue
        for key in keys:
            _store(result, key, raws[key])
        if notes.get(row_key):
            result.notes.append({"key": f"t3.{row_key}", "note": notes[row_key]})
    return result


# Words of 表四's column heads that no row label holds (its 总计 is often worded 合计).
T4_HEADER_WORDS = ("维持", "纠正", "审结")


def map_t4(rows: Sequence[Row]) -> TableResult:
    """表四 rows → fields: one run of 15 values, or a row of 5 per group where a report prints it so."""
    result = TableResult()
    width = len(T4_COLUMNS)
    pending = ""
    per_group = {}
    run, run_blanks_known, run_glued = [], True, False
    for row in rows:
        label, values = split_label(row.cells, row.glued)
        if any(word in squash(label) for word in T4_HEADER_WORDS) and run and not run_blanks_known and not per_group:
            # 表四's values are one row, never split by its header: what came before a header
            # printed again (the head repeated over a page break) is not of the row.
            result.notes.append({"key": "t4", "note": f"{' '.join(_printed(run))} before the table's header "
                                 "(a page number a dump set there?): left out"})
            run, run_blanks_known = [], True
        if not _printed(values) and not (row.blanks_known and values and not label):
            pending = (pending + label)[-PENDING_CHARS:]
            continue
        text, pending = pending + label, ""
        scores = [label_score(text, (group_label,)) for _, group_label in T4_GROUPS]
        best = max(range(len(T4_GROUPS)), key=scores.__getitem__)
        if label and scores[best] >= STRONG_SCORE and len(_printed(values)) <= width and not row.glued:
            per_group[best] = Match(best, values, row.blanks_known, text)
        else:
            run += values
            run_blanks_known = run_blanks_known and row.blanks_known
            run_glued = run_glued or row.glued
    keys = {g: [f"t4.{group}.{col}" for col, _ in T4_COLUMNS] for g, (group, _) in enumerate(T4_GROUPS)}
    if run or not per_group:
        per_group = {}
        if _numbers(run):
            all_keys = [key for g in sorted(keys) for key in keys[g]]
            run_match = Match(0, run, run_blanks_known, "", None, run_glued)
            groups = {"t4": (run_match, all_keys)}
        else:
            groups = {}
    else:
        groups = {f"t4.{T4_GROUPS[g][0]}": (match, keys[g]) for g, match in sorted(per_group.items())}
    raws, slots = _read_rows(result, [(match, group_keys, note_key, (None, None))
                                      for note_key, (match, group_keys) in groups.items()])
    _place(result, raws, slots, rules(key for _, group_keys in groups.values() for key in group_keys))
    for g in sorted(keys):
        for key in keys[g]:
            if key in raws:
                _store(result, key, raws[key])
    return result
