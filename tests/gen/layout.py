"""A record laid out as the national template prints it, for the HTML and Word test builders.

`sample_record` draws the record from tests/gen/record.py.
`layout(record)` gives blocks: ("title"|"heading"|"p", text) or ("table", rows), a table row
being a list of Cell(text, rowspan, colspan) as the template merges them.
"""
from dataclasses import dataclass

from ingest.schema import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS

from .narrative import closing_paragraphs
from .record import random_record


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def sample_record(seed, template="2019", split=False):
    """A random record (tests/gen/record.py) printed with money in 元, some blank cells, and for odd
    seeds broken totals, so wrong columns, lost blanks and lost checks all show."""
    return random_record(seed, template, split_other=split, blanks=0.1, consistent=seed % 2 == 0, bare_unit=False)


def value_text(key, value):
    """A cell as printed: blank for None, money in 元 (251000元), counts as they are."""
    if value is None:
        return ""
    if key.endswith(".amount"):
        return f"{round(value * 10000)}元"
    return str(value)


ARTICLES = {"rules": "一", "normative": "一", "license": "五", "services": "五", "penalty": "六",
            "coercion": "六", "fees": "八", "procurement": "九"}


def t2_table(record):
    """表二: four columns; an article band over each group; a short row's last value spans the rest."""
    fields, rows, article = record["fields"], [], None
    for row, labels, cols in T2_ROWS[record["template"]]:
        if ARTICLES[row] != article:
            article = ARTICLES[row]
            rows.append([Cell(f"第二十条第（{article}）项", colspan=4)])
            heads = [Cell(c) for _, c in cols]
            heads[-1].colspan = 4 - len(cols)
            rows.append([Cell("信息内容")] + heads)
        cells = [Cell(value_text(f"t2.{row}.{c}", fields[f"t2.{row}.{c}"])) for c, _ in cols]
        cells[-1].colspan = 4 - len(cols)
        rows.append([Cell(labels[0])] + cells)
    return rows


def t3_table(record):
    """表三: the header with 申请人情况 over all, 三、本年度办理结果 and （三）-（六） spanning their rows."""
    fields = record["fields"]
    present = [row for row, _ in T3_ROWS if f"t3.{row}.total" in fields]
    results = present[2:-1]
    parents = {"denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理",
               "handled_other": "（六）其他处理"}
    rows = [
        [Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
         Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(label) for _, label in T3_COLUMNS[1:6]],
    ]
    for row in present:
        values = [Cell(value_text(f"t3.{row}.{c}", fields[f"t3.{row}.{c}"])) for c, _ in T3_COLUMNS]
        label = dict(T3_ROWS)[row][0]
        cells = []
        if row == results[0]:
            cells.append(Cell("三、本年度办理结果", rowspan=len(results)))
        parent = row.split(".")[0] if "." in row else None
        if parent is None:
            cells.append(Cell(label, colspan=2 if row in results else 3))
        else:
            siblings = [r for r in results if r.startswith(parent + ".")]
            if row == siblings[0]:
                cells.append(Cell(parents[parent], rowspan=len(siblings)))
            cells.append(Cell(label))
        rows.append(cells + values)
    return rows


def t4_table(record):
    """表四: two header rows with colspan, the column heads, then one row of fifteen values."""
    fields = record["fields"]
    heads = [Cell(label) for _, label in T4_COLUMNS]
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [Cell(h.text, rowspan=2) for h in heads] + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(h.text) for h in heads * 2],
        [Cell(value_text(k, fields[k])) for k in (f"t4.{g}.{c}" for g, _ in T4_GROUPS for c, _ in T4_COLUMNS)],
    ]


def layout(record):
    """The report in reading order as blocks."""
    sections = record["sections"]

    def paras(text):
        return [("p", line) for line in text.split("\n") if line]

    return [
        ("title", record["title"]), *paras(sections["preamble"]),
        ("heading", "一、总体情况"), *paras(sections["overview"]),
        ("heading", "二、主动公开政府信息情况"), ("table", t2_table(record)),
        ("heading", "三、收到和处理政府信息公开申请情况"), ("table", t3_table(record)),
        ("heading", "四、政府信息公开行政复议、行政诉讼情况"), ("table", t4_table(record)),
        ("heading", "五、存在的主要问题及改进情况"), *paras(sections["problems"]),
        ("heading", "六、其他需要报告的事项"), *paras(sections["other"]),
        *paras("\n".join(closing_paragraphs(record))),
    ]

