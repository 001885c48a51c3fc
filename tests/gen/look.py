"""How a report is typeset by someone else's layout engine: one `Look` drawn per document.

The printed HTML (Chromium) and the Word file (LibreOffice) read the same look, so both
producers vary what real reports vary: rules, label column widths (labels wrapping 2–4
lines beside vertically centred numbers), 三、本年度办理结果 written vertically, header rows
repeated when 表三 runs onto the next page, labels left-aligned or centred, fonts, sizes,
margins and the page-number form.
"""
from dataclasses import dataclass

from .pdf_tables import t2_grid, t2_item_grids, t3_grid, t4_grid
from .tables import Style

RULES = ("grid", "grid", "hrules", "none")
VERTICAL = ("css", "chars", "wrap")  # writing-mode, one character a line, a narrow column's own wrap
PAGE_NUMBERS = ("- {n} -", "- {n} -", "— {n} —", "第 {n} 页", "{n}")


@dataclass
class Look:
    rules: str
    vertical: str
    repeat_head: bool
    font: str
    body_pt: float
    table_pt: float
    margin_mm: float
    t3_labels: tuple  # widths of 表三's three label columns, in % of the table
    t2_label: float  # width of 表二's label column, in %
    page_number: str
    style: Style
    centre_labels: bool  # 表三's labels centred in their cells, as many reports print them
    t2_per_item: bool = False  # 表二 as one small table per 第二十条 item, each with its own columns
    table_leading: float = None  # line pitch in tables in em (2.0: 9 pt text on 18 pt lines); None: the engine's own


def draw_look(record, rng, fonts):
    """A look for `record`; `fonts` are the CJK font families to choose from."""
    return Look(
        rules=rng.choice(RULES),
        vertical=rng.choice(VERTICAL),
        repeat_head=rng.random() < 0.5,
        font=rng.choice(fonts),
        body_pt=rng.choice([10.5, 12, 12, 14, 16]),
        table_pt=rng.choice([9, 10, 10.5, 12]),
        margin_mm=rng.choice([20, 25, 28, 31.8]),
        t3_labels=(rng.uniform(4, 8), rng.uniform(8, 14), rng.uniform(11, 22)),
        t2_label=rng.uniform(18, 34),
        page_number=rng.choice(PAGE_NUMBERS),
        style=Style.draw(record, rng),
        centre_labels=rng.random() < 0.4,
    )


def table_grids(record, look):
    """For 表二, 表三 and 表四, the tables that print it, each (cells, column widths in %, header rows),
    merges as the template prints them."""
    t2_cells, _, t2_head = t2_grid(record, look.style, 100)
    t2_widths = [look.t2_label] + [(100 - look.t2_label) / 3] * 3
    t3_cells, t3_widths, t3_head = t3_grid(record, look.style, 100, look.t3_labels)
    t4_cells, t4_widths, t4_head = t4_grid(record, 100)
    t2 = t2_item_grids(record, look.style, 100, look.t2_label) if look.t2_per_item else [(t2_cells, t2_widths, t2_head)]
    return [t2, [(t3_cells, t3_widths, t3_head)], [(t4_cells, t4_widths, t4_head)]]
