"""Aligned columns, as `pdftotext -layout` and Word's plain-text export leave them: cells
apart by runs of 2+ spaces (sometimes full-width), full-width digits, `　　` indents."""
from .wrap import BLANK_MARKS, FULLWIDTH_DIGITS, flatten, width

finish = flatten


def title(lines, rng):
    return [[" " * rng.randint(0, 20) + line for line in lines] + [""]]


def heading(text, rng):
    return [[("　　" if rng.random() < 0.5 else "") + text]]


def paragraph(text, rng):
    return [[("　　" if rng.random() < 0.7 else "") + text] + ([""] if rng.random() < 0.5 else [])]


def _pad(text, cols, right=False):
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill


def table(rows, rng):
    gap = rng.choice(["  ", "   ", "    ", "　　"])
    digits = FULLWIDTH_DIGITS if rng.random() < 0.3 else str.maketrans("", "")
    blank = rng.choice(BLANK_MARKS)
    wrap_at = rng.choice([None, 24, 30])
    labels = {id(r): gap.join(c for c in r.labels if c is not None) for r in rows if r.kind == "data"}
    label_cols = max([width(x) for x in labels.values()] + [0])
    if wrap_at:
        label_cols = min(label_cols, wrap_at * 2)
    blocks = []
    for row in rows:
        if row.kind != "data":
            blocks.append([gap.join(c for c in row.labels if c)])
            continue
        values = [(blank if v is None else v).translate(digits) for v in row.values]
        numbers = gap.join(_pad(v, 6, right=True) for v in values)
        label = labels[id(row)]
        if width(label) <= label_cols:
            blocks.append([_pad(label, label_cols) + gap + numbers] if label else [numbers])
            continue
        head, rest = _split(label, label_cols)
        indent = " " * (width(label) - width(label.lstrip()))
        if rng.random() < 0.6:
            blocks.append([_pad(head, label_cols) + gap + numbers, indent + rest])
        else:
            blocks.append([head, _pad(indent + rest, label_cols) + gap + numbers])
    blocks.append([""])
    return blocks


def _split(label, cols):
    """A label too wide for its column: the part that fits, and the rest for the next line."""
    used, cut = 0, len(label)
    for i, ch in enumerate(label):
        used += width(ch)
        if used > cols:
            cut = i
            break
    return label[:cut], label[cut:]
