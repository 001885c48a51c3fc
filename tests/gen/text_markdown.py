"""Markdown, as document converters write it: `#` headings, `**一是…**` bold, pipe tables."""
from . import text_tsv
from .wrap import emphasize, flatten

finish = flatten


def title(lines, rng):
    mark = rng.choice(["# ", "# ", ""])
    return [[mark + line for line in lines] + [""]]


def heading(text, rng):
    return [[rng.choice(["## ", "# ", "### ", ""]) + text, ""]]


def paragraph(text, rng):
    if len(text) < 20 and text.startswith("（") and rng.random() < 0.5:
        text = rng.choice(["### " + text, f"**{text}**"])
    return [[emphasize(text, rng, 0.6), ""]]


def _pipe(cells):
    return "| " + " | ".join(cells) + " |"


def table(rows, rng):
    if rng.random() < 0.3:
        return text_tsv.table(rows, rng)
    grid = []
    for row in rows:
        cells = ["" if c is None else c for c in row.labels] + ["" if v is None else v for v in (row.values or [])]
        grid.append(cells)
    cols = max(len(c) for c in grid)
    lines = [_pipe(cells + [""] * (cols - len(cells))) for cells in grid]
    lines.insert(1, _pipe(["---"] * cols))
    return [[line] for line in lines] + [[""]]
