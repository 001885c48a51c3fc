"""The three report tables as the official 2019 and 2021 layouts merge their cells, drawn anew
for the web and Word variants (independent of tests/gen/layout.py, which the readers were built beside).

A table is a list of rows; a row a list of `Cell`s as a page or Word file writes them: a cell
covered by a rowspan above takes no place in the rows below. Printing habits (money unit,
blank marks, full-width digits, labels broken over lines) are drawn once per document in `Habits`.
"""
from dataclasses import dataclass

from ingest.schema import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS
from tests.gen.narrative import closing_paragraphs

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
PARENTS = {"denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理", "handled_other": "（六）其他处理"}
ARTICLES = {"rules": "一", "normative": "一", "license": "五", "services": "五", "penalty": "六",
            "coercion": "六", "fees": "八", "procurement": "九"}
# (cell text of 251000 yuan, header suffix): how offices print the money column.
MONEY = {"yuan": ("{yuan}元", ""), "wanyuan": ("{wan}万元", ""), "wan": ("{wan}万", ""),
         "head_wan": ("{wan}", "（单位：万元）"), "head_yuan": ("{yuan}", "（单位：元）")}


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    head: bool = False


@dataclass
class Habits:
    """One office's printing habits. blank: what an empty cell holds ("" or a mark such as — or /);
    money: a MONEY key; wide: digits printed full-width; commas: 1,234; broken: labels broken over
    lines (vertical 三、本年度办理结果, long labels in two); pad: a short row padded with empty
    cells instead of a colspan; results_span: rows the vertical 三、本年度办理结果 cell covers
    ("results" or "with_total"); signed: a rise printed +5; flat_head: 表三's header in two rows,
    without the 法人或其他组织 band; extra_table: 总体情况 holds a table of its own (posts per channel)."""
    blank: str = ""
    money: str = "head_wan"
    wide: bool = False
    commas: bool = False
    broken: bool = False
    pad: bool = False
    results_span: str = "with_total"
    signed: bool = False
    flat_head: bool = False
    extra_table: bool = False

    @classmethod
    def draw(cls, rng):
        return cls(rng.choice(["", "", "—", "/", "-"]), rng.choice(list(MONEY)), rng.random() < 0.2,
                   rng.random() < 0.3, rng.random() < 0.5, rng.random() < 0.3, rng.choice(["results", "with_total"]),
                   rng.random() < 0.3, rng.random() < 0.3, rng.random() < 0.3)

    def count(self, value, signed=False):
        if value is None:
            return self.blank
        text = f"{value:,}" if self.commas else str(value)
        text = "+" + text if signed and self.signed and value > 0 else text
        return text.translate(FULL_WIDTH) if self.wide else text

    def money_text(self, value):
        if value is None:
            return self.blank
        yuan = round(value * 10000)
        wan = f"{value:.4f}".rstrip("0").rstrip(".")
        text = MONEY[self.money][0].format(yuan=yuan, wan=wan)
        return text.translate(FULL_WIDTH) if self.wide else text

    def label(self, text):
        """A long label as a narrow cell wraps it, when the office breaks lines by hand."""
        if not self.broken or len(text) < 12:
            return text
        return text[: len(text) // 2] + "\n" + text[len(text) // 2:]


def _short_row(first, cells, habits, width=4):
    """A row with fewer cells than the table: the last spans the rest, or empty cells pad it."""
    cells = list(cells)
    if habits.pad:
        return [first, *cells, *(Cell("") for _ in range(width - 1 - len(cells)))]
    cells[-1].colspan = width - len(cells)
    return [first, *cells]


def t2_table(record, habits):
    fields, template = record["fields"], record["template"]
    rows, article = [], None
    for row, labels, cols in T2_ROWS[template]:
        if ARTICLES[row] != article:
            article = ARTICLES[row]
            rows.append([Cell(f"第二十条第（{article}）项", colspan=4, head=True)])
            heads = [Cell(h.replace("（万元）", "") + (MONEY[habits.money][1] if c == "amount" else ""), head=True)
                     for c, h in cols]
            rows.append(_short_row(Cell("信息内容", head=True), heads, habits))
        label = "行政规范性文件" if row == "normative" and template == "2021" else labels[0]
        values = [Cell(habits.money_text(fields[f"t2.{row}.{c}"]) if c == "amount"
                       else habits.count(fields[f"t2.{row}.{c}"], signed=c == "change")) for c, _ in cols]
        rows.append(_short_row(Cell(label), values, habits))
    return rows


def _vertical(text, habits):
    return "\n".join(text) if habits.broken else text


def t3_table(record, habits):
    """The 3-row header, 三、本年度办理结果 down the left, （三）-（六） spanning their items."""
    fields = record["fields"]
    present = [row for row, _ in T3_ROWS if f"t3.{row}.total" in fields]
    results = present[2:-2] + (["total"] if habits.results_span == "with_total" else [])
    rows = [
        [Cell(CORNER, rowspan=3, colspan=3, head=True), Cell("申请人情况", colspan=7, head=True)],
        [Cell("自然人", rowspan=2, head=True), Cell("法人或其他组织", colspan=5, head=True), Cell("总计", rowspan=2, head=True)],
        [Cell(label, head=True) for _, label in T3_COLUMNS[1:6]],
    ]
    if habits.flat_head:
        rows = [[Cell(CORNER, rowspan=2, colspan=3, head=True), Cell("申请人情况", colspan=7, head=True)],
                [Cell(label, head=True) for _, label in T3_COLUMNS]]
    labels = dict(T3_ROWS)
    for row in present:
        values = [Cell(habits.count(fields[f"t3.{row}.{c}"])) for c, _ in T3_COLUMNS]
        label = labels[row][0]
        cells = []
        if row == results[0]:
            cells.append(Cell(_vertical("三、本年度办理结果", habits), rowspan=len(results)))
        parent = row.split(".")[0] if "." in row else None
        if parent is None:
            cells.append(Cell(habits.label(label), colspan=2 if row in results else 3))
        else:
            siblings = [r for r in present if r.startswith(parent + ".")]
            if row == siblings[0]:
                cells.append(Cell(habits.label(PARENTS[parent]), rowspan=len(siblings)))
            cells.append(Cell(habits.label(label)))
        rows.append(cells + values)
    return rows


def t4_table(record, habits):
    fields = record["fields"]
    heads = [label for _, label in T4_COLUMNS]
    return [
        [Cell("行政复议", colspan=5, head=True), Cell("行政诉讼", colspan=10, head=True)],
        [Cell(h, rowspan=2, head=True) for h in heads]
        + [Cell("未经复议直接起诉", colspan=5, head=True), Cell("复议后起诉", colspan=5, head=True)],
        [Cell(h, head=True) for h in heads * 2],
        [Cell(habits.count(fields[f"t4.{g}.{c}"])) for g, _ in T4_GROUPS for c, _ in T4_COLUMNS],
    ]


HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def title_lines(record, rng):
    """The title as a cover prints it: one line, or the body on a line of its own above the rest."""
    title, org = record["title"], record["org"]
    if rng.random() < 0.3 and title.startswith(org):
        return [org, title[len(org):]]
    return [title]


def report(record, habits):
    """The report body in reading order: ("p", text), ("heading", text) or ("table", rows)."""
    sections = record["sections"]

    def paras(name):
        return [("p", line) for line in sections[name].split("\n") if line]

    tables = {1: t2_table, 2: t3_table, 3: t4_table}
    out = paras("preamble")
    for i, heading in enumerate(HEADINGS):
        out.append(("heading", heading))
        if i in tables:
            out.append(("table", tables[i](record, habits)))
        else:
            out += paras(("overview", None, None, None, "problems", "other")[i])
            out += [("p", line) for line in closing_paragraphs(record)] if i == 5 else []
        if i == 0 and habits.extra_table:
            out.append(("table", channel_table(record)))
    return out


def channel_table(record):
    """A table many reports add to 总体情况: what was published where, with numbers of its own."""
    n = len(record["title"])
    rows = [[Cell("发布渠道", head=True), Cell("信息数量（条）", head=True), Cell("占比", head=True)]]
    for k, channel in enumerate(["政府网站", "政务微博", "政务微信", "政务头条号"], 1):
        rows.append([Cell(channel), Cell(str(n * k * 37)), Cell(f"{k * 10}%")])
    return rows


def grid(rows):
    """Rows of Cells → the full grid: every position → (cell, row, col of its top-left corner)."""
    taken = {}
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            for i in range(cell.rowspan):
                for j in range(cell.colspan):
                    taken[(r + i, col + j)] = (cell, r, col)
            col += cell.colspan
    return taken


def split_table(rows, at, repeat_text):
    """The table cut before body row `at` as a page break cuts it, the header rows printed again
    on top of the second part; a cell running across the cut goes on in the second part, its
    text printed again or not (`repeat_text`)."""
    heads = [r for r, row in enumerate(rows) if all(c.head for c in row)]
    cut = heads[-1] + 1 + at
    taken = grid(rows)
    first = [[Cell(c.text, min(c.rowspan, cut - r), c.colspan, c.head) for c in row] for r, row in enumerate(rows[:cut])]
    carried = {}
    for (r, c), (cell, top, left) in taken.items():
        if r == cut and top < cut and left == c:
            carried[c] = Cell(cell.text if repeat_text else "", cell.rowspan - (cut - top), cell.colspan)
    second = [list(rows[cut])]
    own = iter(rows[cut])
    second[0], col = [], 0
    width = max(c for _, c in taken) + 1
    while col < width:
        if col in carried:
            second[0].append(carried[col])
            col += carried[col].colspan
        else:
            cell = next(own)
            second[0].append(cell)
            col += cell.colspan
    return first, [rows[h] for h in heads] + second + rows[cut + 1:]
