"""表二/三/四 as grid cells with the national template's merges, for pdf_grid.draw_grid."""
from ingest.schema import T4_COLUMNS

from .pdf_grid import Cell
from .tables import APPLICANT_HEAD, NOTE, RESULTS, t2_rows, t3_rows, t4_rows


def _values(row_index, first_col, values, span=1):
    return [Cell(row_index, first_col + i * span, v or "", cols=span) for i, v in enumerate(values)]


def t2_grid(record, style, width):
    """4 columns: 信息内容 and up to three value columns (one value spans all three)."""
    cells = []
    for r, row in enumerate(t2_rows(record, style)):
        if row.kind == "group":
            cells.append(Cell(r, 0, row.labels[0], cols=4))
            continue
        first, rest = row.labels[0], (row.labels[1:] if row.kind == "head" else row.values)
        cells.append(Cell(r, 0, first, align="C" if row.kind == "head" else "L"))
        span = 3 if len(rest) == 1 else 1
        cells += _values(r, 1, rest, span)
        cells += [Cell(r, 1 + i, "") for i in range(len(rest) * span, 3)]
    label = width * 0.34
    return cells, [label] + [(width - label) / 3] * 3, 0


def t2_item_grids(record, style, width, label_width):
    """表二 as one small table per 第二十条 item, each its own columns (label, then its values
    evenly across the rest), so an item with two value columns puts them at other x than the
    items with three: [(cells, widths, header rows)]."""
    grids = []
    for row in t2_rows(record, style):
        if row.kind == "group":
            grids.append([[row.labels[0]]])
        else:
            grids[-1].append([row.labels[0], *(row.labels[1:] if row.kind == "head" else row.values)])
    out = []
    for caption, *rows in grids:
        n = max(len(r) for r in rows) - 1
        cells = [Cell(0, 0, caption[0], cols=n + 1)]
        for r, row in enumerate(rows, 1):
            cells.append(Cell(r, 0, row[0], align="C" if r == 1 else "L"))
            cells += _values(r, 1, row[1:], n if len(row) == 2 else 1)
        label = width * label_width / 100
        out.append((cells, [label] + [(width - label) / n] * n, 0))
    return out


def t3_grid(record, style, width, label_widths, clip_rows=()):
    """3 label columns (vertical 三、本年度办理结果, parents, items) and 7 value columns."""
    cells = [Cell(0, 0, NOTE, rows=3, cols=3, align="L"), Cell(0, 3, "申请人情况", cols=7),
             Cell(1, 3, "自然人", rows=2), Cell(1, 4, "法人或其他组织", cols=5), Cell(1, 9, "总计", rows=2)]
    cells += [Cell(2, 4 + i, text) for i, text in enumerate(APPLICANT_HEAD)]
    open_cells = {}
    data = [row for row in t3_rows(record, style) if row.kind == "data"]
    for i, row in enumerate(data):
        r = 3 + i
        for j, label in enumerate(row.labels):
            if label is None:
                continue
            if label == "" and j in open_cells:
                open_cells[j].rows += 1
                continue
            span = 1
            while j + span < 3 and row.labels[j + span] is None:
                span += 1
            cell = Cell(r, j, label, cols=span, align="L", vertical=label == RESULTS, clip=i in clip_rows and j == 2)
            open_cells[j] = cell
            cells.append(cell)
        cells += _values(r, 3, row.values)
    value_w = (width - sum(label_widths)) / 7
    return cells, list(label_widths) + [value_w] * 7, 3


def t4_grid(record, width):
    names = [c for _, c in T4_COLUMNS]
    cells = [Cell(0, 0, "行政复议", cols=5), Cell(0, 5, "行政诉讼", cols=10),
             Cell(1, 5, "未经复议直接起诉", cols=5), Cell(1, 10, "复议后起诉", cols=5)]
    cells += [Cell(1, i, n, rows=2) for i, n in enumerate(names)]
    cells += [Cell(2, 5 + i, n) for i, n in enumerate(names * 2)]
    cells += _values(3, 0, t4_rows(record)[-1].values)
    return cells, [width / 15] * 15, 3
