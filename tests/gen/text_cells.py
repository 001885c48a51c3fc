"""One cell per line, as seeds 003/004: a tab before each cell, rows apart by blank lines,
wrapped cell text continued on lines without a tab, blank cells as a tab and a space."""
from .tables import RESULTS
from .wrap import chunks, flatten, ragged

finish = flatten


def title(lines, rng):
    return [[*lines]]


def heading(text, rng):
    return [[text]]


def paragraph(text, rng):
    return [[text, ""]] if rng.random() < 0.4 else [[text]]


def _cell(text, rng, parts=None):
    parts = parts or [text]
    return ["\t" + parts[0], *parts[1:]]


def _label(text, rng):
    if text == RESULTS and rng.random() < 0.6:
        return _cell(text, rng, list(text))
    if len(text) > 14 and rng.random() < 0.3:
        return _cell(text, rng, chunks(text, rng.randint(8, 14)))
    return _cell(text, rng)


def _value(text, rng, pad):
    if text is None:
        return ["\t "]
    return ["\t" + (rng.choice(["", " "]) + text + rng.choice(["", " "]) if pad else text)]


def table(rows, rng):
    pad = rng.random() < 0.5
    blocks = []
    for row in rows:
        lines = []
        if row.kind == "group":
            lines = _cell(row.labels[0], rng)
        elif row.kind == "head":
            for text in row.labels:
                wrap = 3 < len(text) <= 8 and rng.random() < 0.5
                lines += _cell(text, rng, ragged(text, rng) if wrap else None)
        else:
            for text in row.labels:
                if text is not None:
                    lines += _label(text, rng)
            for value in row.values:
                lines += _value(value, rng, pad)
        blocks.append(lines + [""])
    blocks.append([""])
    return blocks
