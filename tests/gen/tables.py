"""The three tables of a record as rows of printed cells, independent of any file layout.

Each layout (text or PDF) draws these rows its own way. A row is a `Row(kind, labels, values)`:
kind "group" (a 第二十条第（…）项 band), "head" (header cells) or "data". For data rows,
`labels` holds the label cells left to right: "" is a cell merged into the one above (a
vertical merge, still a cell), None a cell merged into its left neighbour (no cell at all).
`values` are printed strings, None where the record holds a blank.
"""
from dataclasses import dataclass

from ingest.schema import T2_ROWS, T4_COLUMNS, T4_GROUPS

from .money import draw_money_style, money_head, money_text

ARTICLE = {"rules": "一", "normative": "一", "license": "五", "services": "五", "penalty": "六",
           "coercion": "六", "fees": "八", "procurement": "九"}
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEAD = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
RESULTS = "三、本年度办理结果"


@dataclass
class Row:
    kind: str
    labels: list
    values: list = None


def fmt_count(value):
    return None if value is None else str(value)


@dataclass
class Style:
    """Per-document printing habits, drawn once so a report is consistent with itself."""
    ascii_parens: bool
    space_after_dot: bool
    long_partial: bool
    short_law: bool
    money: tuple

    @classmethod
    def draw(cls, record, rng):
        return cls(rng.random() < 0.25, rng.random() < 0.25, rng.random() < 0.7, rng.random() < 0.2,
                   draw_money_style(record, rng))

    def label(self, text):
        if self.ascii_parens:
            text = text.replace("（", "(").replace("）", ") ").replace(") (", ")(").rstrip()
        if self.space_after_dot and text[:1].isdigit():
            text = text.replace(".", ". ", 1)
        return text


def t2_rows(record, style):
    fields, template = record["fields"], record["template"]
    rows, article = [], None
    for row, labels, cols in T2_ROWS[template]:
        if ARTICLE[row] != article:
            article = ARTICLE[row]
            rows.append(Row("group", [f"第二十条第（{article}）项"]))
            heads = [money_head(record, style.money) if c == "amount" else head for c, head in cols]
            rows.append(Row("head", ["信息内容", *heads]))
        label = labels[0] if template == "2019" or row != "normative" else "行政规范性文件"
        values = [money_text(style.money, fields[f"t2.{row}.{c}"]) if c == "amount"
                  else fmt_count(fields[f"t2.{row}.{c}"]) for c, _ in cols]
        rows.append(Row("data", [label], values))
    return rows


def _t3_labels(style, split):
    """(row key, labels) of 表三 in print order."""
    L = style.label
    partial = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" if style.long_partial else "（二）部分公开"
    law = "2.其他法律法规禁止公开" if style.short_law else "2.其他法律行政法规禁止公开"
    items = [
        ("new", ["一、本年新收政府信息公开申请数量", None, None]),
        ("carried_in", ["二、上年结转政府信息公开申请数量", None, None]),
        ("granted", [RESULTS, L("（一）予以公开"), None]),
        ("partial", ["", L(partial), None]),
    ]
    groups = [
        ("denied", "（三）不予公开", ["secret", "law", "safety", "third_party", "internal", "process", "enforcement", "query"],
         ["1.属于国家秘密", law, "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
          "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]),
        ("unable", "（四）无法提供", ["not_held", "need_create", "unclear"],
         ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
        ("rejected", "（五）不予处理", ["petition", "duplicate", "publication", "excessive", "confirm"],
         ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
          "5.要求行政机关确认或重新出具已获取信息"]),
    ]
    if split:
        groups.append(("handled_other", "（六）其他处理", ["overdue_supplement", "unpaid_fee", "misc"],
                       ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]))
    for parent, parent_label, keys, labels in groups:
        for i, (key, label) in enumerate(zip(keys, labels)):
            items.append((f"{parent}.{key}", ["", L(parent_label) if i == 0 else "", L(label)]))
    if not split:
        items.append(("handled_other", ["", L("（六）其他处理"), None]))
    items.append(("total", ["", L("（七）总计"), None]))
    items.append(("carried_out", ["四、结转下年度继续办理", None, None]))
    return items


T3_HEADS = [
    Row("head", [NOTE, "申请人情况", "", "", "", "", "", ""]),
    Row("head", ["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
    Row("head", ["", "", *APPLICANT_HEAD, ""]),
]


def t3_rows(record, style):
    fields = record["fields"]
    split = "t3.handled_other.overdue_supplement.total" in fields
    rows = list(T3_HEADS)
    for key, labels in _t3_labels(style, split):
        values = [fmt_count(fields[f"t3.{key}.{c}"]) for c in
                  ("natural", "commercial", "research", "social", "legal", "other", "total")]
        rows.append(Row("data", labels, values))
    return rows


T4_HEADS = [
    Row("head", ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9),
    Row("head", [c for _, c in T4_COLUMNS] + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
    Row("head", [""] * 5 + [c for _, c in T4_COLUMNS] * 2),
]


def t4_rows(record):
    fields = record["fields"]
    values = [fmt_count(fields[f"t4.{g}.{c}"]) for g, _ in T4_GROUPS for c, _ in T4_COLUMNS]
    return [*T4_HEADS, Row("data", [], values)]
