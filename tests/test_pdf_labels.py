"""Label lines of a table without rules join the row of numbers beside their middle (ingest.read.pdf.labels)."""
from ingest.read.pdf.columns import Token
from ingest.read.pdf.labels import attach

LINE, LEADING, PADDING = 12.0, 2.0, 6.0


def _cells(x0, sizes, top=100.0):
    """Tokens of consecutive cells in one column, `sizes` lines each; and each cell's middle."""
    toks, middles, y, n = [], [], top, 0
    for size in sizes:
        start = y
        for _ in range(size):
            toks.append(Token(n, 0, x0, y, x0 + 60, y + LINE, f"line{n}"))
            n += 1
            y += LINE + LEADING
        middles.append((start + y - LEADING) / 2)
        y += PADDING
    return toks, middles


def _rows(middles):
    return [{"middle": m, "labels": []} for m in middles]


def test_wrapped_label_joins_the_row_at_its_middle_not_the_nearest():
    """The first line of a four-line label stands nearer the row above than its own numbers."""
    toks, middles = _cells(60, [1, 4, 1])
    rows = _rows(middles)
    joins = attach(toks, rows, 2.5)
    assert [rows.index(joins[id(t)]) for t in toks] == [0, 1, 1, 1, 1, 2]


def test_equal_middles_are_told_apart_by_the_padding_between_cells():
    """A label cut by a page break has its numbers below its visible middle, which pulls the
    rows above to take one line too many at each end (their middles stay put); only the wider
    gaps between cells say where each label ends."""
    toks, middles = _cells(60, [2, 3, 3, 3])
    middles[-1] += 8
    rows = _rows(middles)
    joins = attach(toks, rows, 2.5)
    assert [rows.index(joins[id(t)]) for t in toks] == [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]


def test_header_lines_far_from_any_row_join_none():
    head, _ = _cells(60, [2], top=20.0)
    toks, middles = _cells(60, [2, 2])
    joins = attach(head + toks, _rows(middles), 2.5)
    assert not any(id(t) in joins for t in head) and all(id(t) in joins for t in toks)
