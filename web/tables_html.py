"""The three tables of a record laid out as the national template prints them.

A table comes out as rows of cell dicts — `{"text"}` for a label, `{"key", "value", "checks",
"notes"}` for a number — each with its `rowspan`/`colspan`, so one Jinja macro can draw any of
them. Labels come from ingest/schema.py; only the grouping the template prints around them
(第二十条第（一）项, 申请人情况, 三、本年度办理结果, 行政诉讼) lives here.
"""
from ingest.schema import (T2_ROWS, T3_COLUMNS, T3_HANDLED_OTHER_PARTS, T3_PARENT_LABELS, T3_ROWS,
                           T4_COLUMNS, T4_GROUPS, field_label)

Cell = dict[str, object]  # a label {"text"} or a number {"key", "value", …}, with rowspan, colspan and kind

# 表二: the 第二十条 item each group of rows is printed under, per template.
T2_ARTICLES = {
    "2019": [("第二十条第（一）项", ("rules", "normative")),
             ("第二十条第（五）项", ("license", "services")),
             ("第二十条第（六）项", ("penalty", "coercion")),
             ("第二十条第（八）项", ("fees",)),
             ("第二十条第（九）项", ("procurement",))],
    "2021": [("第二十条第（一）项", ("rules", "normative")),
             ("第二十条第（五）项", ("license",)),
             ("第二十条第（六）项", ("penalty", "coercion")),
             ("第二十条第（八）项", ("fees",))],
}
T2_WIDTH = 4  # 信息内容 + at most three numbers
T3_RESULTS_LABEL = "三、本年度办理结果"
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_HEAD = "申请人情况"
T3_LEGAL_HEAD = "法人或其他组织"


def label(text: str, rowspan: int = 1, colspan: int = 1, kind: str = "label") -> Cell:
    return {"text": text, "rowspan": rowspan, "colspan": colspan, "kind": kind}


def number(record: dict, key: str, colspan: int = 1) -> Cell:
    """One value cell: the number, whether the report has the key at all, and what it says about it."""
    fields = record.get("fields", {})
    return {
        "key": key,
        "value": fields.get(key),
        "present": key in fields,
        "checks": [c for c in record.get("checks", []) if check_key(c["rule"]) == key],
        "notes": [n["note"] for n in record.get("notes", []) if n.get("key") == key],
        "rowspan": 1,
        "colspan": colspan,
        "kind": "value",
    }


def check_key(rule: str) -> str:
    """The cell a failed rule belongs on: the printed value it disagrees with (ingest/tables/checks.py
    names rules after that key, except the 表三 balance rule, which is judged on （七）总计)."""
    parts = rule.split(".")
    if parts[:2] == ["t3", "balance"]:
        return f"t3.total.{parts[2]}"
    return rule


def check_label(rule: str) -> str:
    """A failed rule in words: the cell's Chinese label, or the 表三 balance it breaks."""
    parts = rule.split(".")
    if parts[:2] == ["t3", "balance"]:
        return f"表三勾稽关系（一+二=三+四）·{dict(T3_COLUMNS)[parts[2]]}"
    return field_label(rule)


def t2_rows(record: dict) -> list[list[Cell]]:
    """表二 as printed: per 第二十条 item, a heading row, a column-header row, then its rows."""
    template = record.get("template")
    if template not in T2_ROWS:
        return []
    rows_by_key = {row: (labels, cols) for row, labels, cols in T2_ROWS[template]}
    out = []
    for article, row_keys in T2_ARTICLES[template]:
        out.append([label(article, colspan=T2_WIDTH, kind="group")])
        cols = rows_by_key[row_keys[0]][1]
        out.append(_fill([label("信息内容", kind="head")] + [label(c, kind="head") for _, c in cols]))
        for row_key in row_keys:
            labels, cols = rows_by_key[row_key]
            label_text = "规范性文件" if template == "2019" and row_key == "normative" else labels[0]
            cells = [label(label_text)] + [number(record, f"t2.{row_key}.{col}") for col, _ in cols]
            out.append(_fill(cells))
    return out


def _fill(cells):
    """Widen the last cell so every 表二 row spans the table's four columns."""
    cells[-1] = dict(cells[-1], colspan=cells[-1]["colspan"] + T2_WIDTH - len(cells))
    return cells


def t3_row_keys(record: dict) -> list[str]:
    """表三 rows this report prints: the single （六）其他处理 row, or its three 2021 parts."""
    fields = record.get("fields", {})
    split = any(f"t3.{part}.total" in fields for part in T3_HANDLED_OTHER_PARTS)
    dropped = {"handled_other"} if split else set(T3_HANDLED_OTHER_PARTS)
    return [row for row, _ in T3_ROWS if row not in dropped]


def t3_rows(record: dict) -> list[list[Cell]]:
    """表三 as printed: a three-row applicant header, the label area three columns wide, with
    三、本年度办理结果 and each （三）…（六） spanning the rows under it."""
    labels = dict(T3_ROWS)
    rows = t3_row_keys(record)
    columns = [col for col, _ in T3_COLUMNS]
    heads = dict(T3_COLUMNS)
    out = [
        [label(T3_CORNER, rowspan=3, colspan=3, kind="corner"), label(T3_APPLICANT_HEAD, colspan=7, kind="head")],
        [label(heads["natural"], rowspan=2, kind="head"), label(T3_LEGAL_HEAD, colspan=5, kind="head"),
         label(heads["total"], rowspan=2, kind="head")],
        [label(heads[c], kind="head") for c in columns[1:-1]],
    ]
    results = [r for r in rows if r not in ("new", "carried_in", "carried_out")]
    for row in rows:
        values = [number(record, f"t3.{row}.{col}") for col in columns]
        cells = []
        if row == results[0]:
            cells.append(label(T3_RESULTS_LABEL, rowspan=len(results), kind="group"))
        if row in ("new", "carried_in", "carried_out"):
            cells.append(label(labels[row][0], colspan=3))
        elif "." in row:
            parent = row.split(".")[0]
            siblings = [r for r in rows if r.startswith(parent + ".")]
            if row == siblings[0]:
                cells.append(label(T3_PARENT_LABELS[parent], rowspan=len(siblings)))
            cells.append(label(labels[row][0]))
        else:
            cells.append(label(labels[row][0], colspan=2))
        out.append(cells + values)
    return out


def t4_rows(record: dict) -> list[list[Cell]]:
    """表四 as printed: 行政复议 | 行政诉讼 over their groups, the review columns spanning two header rows."""
    review, *suits = T4_GROUPS
    columns = [label(c, kind="head") for _, c in T4_COLUMNS]
    width = len(T4_COLUMNS)
    return [
        [label(review[1], colspan=width, kind="head"), label("行政诉讼", colspan=width * len(suits), kind="head")],
        [dict(c, rowspan=2) for c in columns] + [label(name.split("·")[-1], colspan=width, kind="head")
                                                 for _, name in suits],
        [dict(c) for _ in suits for c in columns],
        [number(record, f"t4.{group}.{col}") for group, _ in T4_GROUPS for col, _ in T4_COLUMNS],
    ]


def tables(record: dict) -> list[dict]:
    """The three tables with their official captions, for the report page."""
    return [
        {"id": "t2", "caption": "二、主动公开政府信息情况", "rows": t2_rows(record)},
        {"id": "t3", "caption": "三、收到和处理政府信息公开申请情况", "rows": t3_rows(record)},
        {"id": "t4", "caption": "四、政府信息公开行政复议、行政诉讼情况", "rows": t4_rows(record)},
    ]
