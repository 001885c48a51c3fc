"""A PDF text dump, as seed 002: narrative wrapped at ~38 characters, labels and headers
broken over lines, a row's numbers on their own line (or after the label, or in the middle
of a wrapped label), page numbers and running headers between pages."""
from .tables import RESULTS
from .wrap import BLANK_MARKS, chunks, ragged

PAGE_NUMBERS = ["- {n} -", "- {n} -", "— {n} —", "－{n}－", "-{n}-", "第 {n} 页", "{n}"]


def title(lines, rng):
    return [[""], *[[line] for line in lines], [""]]


def heading(text, rng):
    return [[("　　" if rng.random() < 0.15 else "") + text]]


def paragraph(text, rng):
    """One block per printed line, so a page may end inside a sentence."""
    width = rng.randint(34, 40)
    indent = "　　" if rng.random() < 0.3 else ""
    lines = chunks(indent + text, width)
    blocks = []
    for i, line in enumerate(lines):
        blocks.append([line])
        if i < len(lines) - 1 and rng.random() < 0.06:
            blocks.append([""])
    if rng.random() < 0.4:
        blocks.append([""])
    return blocks


def _numbers(values, blank):
    return " ".join(blank if v is None else v for v in values)


def _merged(text, rng):
    """A merged label cell (三、本年度办理结果, （三）不予公开) broken as its narrow cell breaks it."""
    return ragged(text, rng, 1, 3) if text == RESULTS else ragged(text, rng, 2, 4)


def _data(row, rng, blank, label_width):
    """A data row's lines: merged labels first, then its own label with the numbers placed
    after it, on their own line, or in the middle of the wrapped label."""
    labels = [c for c in row.labels if c]
    lines = [piece for text in labels[:-1] for piece in _merged(text, rng)]
    numbers = _numbers(row.values, blank)
    if not labels:
        return lines + [numbers]
    own = chunks(labels[-1], label_width) if len(labels[-1]) > label_width else [labels[-1]]
    r = rng.random()
    if len(own) == 1:
        return lines + ([f"{own[0]} {numbers}"] if r < 0.6 else [own[0], numbers])
    if r < 0.35:
        mid = len(own) // 2
        return lines + own[:mid] + [numbers] + own[mid:]
    if r < 0.55:
        return lines + own[:-1] + [f"{own[-1]} {numbers}"]
    return lines + own + [numbers]


def _head(row, rng, narrow):
    cells = [c for c in row.labels if c]
    if not narrow and rng.random() < 0.5:
        return [" ".join(cells)]
    lines = []
    for text in cells:
        lines += ragged(text, rng, 1, 2) if narrow else (ragged(text, rng) if len(text) > 5 else [text])
        if rng.random() < 0.2:
            lines.append("")
    return lines


def table(rows, rng):
    blank = rng.choice(BLANK_MARKS)
    label_width = rng.randint(7, 16)
    blocks = []
    for row in rows:
        if row.kind == "group":
            lines = [row.labels[0]]
        elif row.kind == "head":
            lines = _head(row, rng, narrow=len(row.labels) == 15)
        else:
            lines = _data(row, rng, blank, label_width)
        blocks.append(lines + ([""] if rng.random() < 0.5 else []))
    return blocks


def finish(blocks, record, rng):
    """Paginate: a page number after each page, a running header atop the next one."""
    per_page = rng.randint(30, 46)
    number = rng.choice(PAGE_NUMBERS)
    running = rng.choice([None, None, record["title"], "政府信息公开工作年度报告", record["org"]])
    first = rng.choice([1, 1, 2])
    lines, page, used = [], first, 0
    for block in blocks:
        if used + len(block) > per_page and used:
            lines += ["", number.format(n=page)] + ([""] if rng.random() < 0.5 else [])
            page += 1
            used = 0
            if running:
                lines += [running, ""]
        lines += block
        used += len(block)
    return lines + ["", number.format(n=page), ""]
