"""Tab-separated cells, as seeds 000/001: stray empty cells, shifted rows, trailing tabs."""
from .wrap import BLANK_MARKS, emphasize, flatten, spaced

finish = flatten


def title(lines, rng):
    return [["", *[x for line in lines for x in (line, "")]]]


def heading(text, rng):
    return [["", text, ""]]


def paragraph(text, rng):
    return [[emphasize(text, rng, 0.3), ""]]


def row_cells(row, rng, blank=""):
    """One table row as cells, with the shifts real tab dumps show; rows with blanks stay exact,
    since an empty cell there is a value's place."""
    if row.kind == "group":
        return [row.labels[0]] + [""] * rng.choice([0, 3, 3])
    if row.kind == "head":
        cells = [spaced(c, rng) for c in row.labels]
        return ([""] if rng.random() < 0.3 else []) + cells
    labels = [c for c in row.labels if c is not None]
    values = [blank if v is None else v for v in row.values]
    if None in row.values:
        return labels + values
    r = rng.random()
    if r < 0.1 and labels and labels[0] == "":
        labels = [c for c in labels if c] + [""]
    elif r < 0.25 and labels:
        labels = labels + [""]
    return labels + values + ([""] if rng.random() < 0.3 else [])


def table(rows, rng):
    blank = "" if rng.random() < 0.8 else rng.choice(BLANK_MARKS)
    blocks = []
    for row in rows:
        line = "\t".join(row_cells(row, rng, blank))
        blocks.append([line, ""] if rng.random() < 0.05 else [line])
    blocks.append([""])
    return blocks
