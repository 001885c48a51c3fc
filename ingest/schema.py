"""The canonical record (schema v1; docs/record.md is written from this module): every key, its Chinese labels, its order.

Every reader, the index, the web pages and the tests take keys and labels from here and
nowhere else. A table is described as data: its rows in the order the template prints them,
each with the labels it is printed under (as printed, as abbreviated, as clipped), and the
columns each row holds.
"""
from collections.abc import Collection
from typing import Any

SCHEMA_VERSION = 1
Number = int | float  # a field's value: a count, or money in 万元
Fields = dict[str, Number | None]  # a record's `fields`: key → value, None for a blank or unread cell
Record = dict[str, Any]  # the canonical record: docs/record.md gives its keys
TEMPLATES = ("2019", "2021")
SECTIONS = ("preamble", "overview", "problems", "other")
SECTION_LABELS = {
    "preamble": "引言",
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
# The six headings of the report body, in order. Tables sit under 二, 三 and 四.
HEADINGS = (
    ("overview", "总体情况"),
    ("t2", "主动公开政府信息情况"),
    ("t3", "收到和处理政府信息公开申请情况"),
    ("t4", "政府信息公开行政复议、行政诉讼情况"),
    ("problems", "存在的主要问题及改进情况"),
    ("other", "其他需要报告的事项"),
)
# How reports actually word those headings (regular expressions over text without spaces).
HEADING_VARIANTS = {
    "overview": r"(?:(?:工作)?总体情况|概述)",  # 概述: how the reports before 2019 head it
    "t2": r"主动公开(?:政府)?信息(?:的)?情况",
    "t3": r"收到(?:和|及|与)处理政府信息公开申请(?:的)?情况",
    "t4": r"(?:因?政府信息公开(?:工作)?(?:被申请)?)?(?:行政)?复议[、和及与]?(?:提起)?(?:行政)?诉讼(?:的)?情况",
    "problems": r"(?:政府信息公开工作)?(?:存在的?)?主要问题(?:及|和|与|以及)?(?:改进|整改)(?:情况|措施|方向)?",
    "other": r"其他需要报告的事项",
}
MONEY_KEYS = ("t2.procurement.amount", "t2.fees.amount")
# The optional `ocr` part of a record read (wholly or partly) by OCR from page images:
# {"pages": pages read by OCR, "cells": {field key: {name: value}}}, one entry per field an OCR'd number became.
OCR_CELL = {
    "page": "the page the number stands on, from 1",
    "box": "its box on that page, `[x0, top, x1, bottom]` in points (1/72 inch) from the top left corner",
    "confidence": "how surely OCR read it, 0 to 1: below `LOW_CONFIDENCE` (ingest/read/ocr/reader.py) the field is "
                  "named in `notes`, below `UNSURE` it is left `null` with that note",
    "text": "what OCR read there",
}

# 表二: (row key, labels, [(column key, column label), ...]) per template.
_MADE = [("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total", "对外公开总数量")]
_PREV = [("prev", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")]
_ISSUED = [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")]
_DECIDED = [("decisions", "本年处理决定数量")]
T2_ROWS = {
    "2019": [
        ("rules", ("规章",), _MADE),
        ("normative", ("规范性文件", "行政规范性文件"), _MADE),
        ("license", ("行政许可",), _PREV),
        ("services", ("其他对外管理服务事项",), _PREV),
        ("penalty", ("行政处罚",), _PREV),
        ("coercion", ("行政强制",), _PREV),
        ("fees", ("行政事业性收费",), _PREV[:2]),
        ("procurement", ("政府集中采购",), [("items", "采购项目数量"), ("amount", "采购总金额（万元）")]),
    ],
    "2021": [
        ("rules", ("规章",), _ISSUED),
        ("normative", ("行政规范性文件", "规范性文件"), _ISSUED),
        ("license", ("行政许可",), _DECIDED),
        ("penalty", ("行政处罚",), _DECIDED),
        ("coercion", ("行政强制",), _DECIDED),
        ("fees", ("行政事业性收费",), [("amount", "本年收费金额（万元）")]),
    ],
}
# Column headers that only one template prints: how a report tells which layout it follows.
TEMPLATE_MARKERS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "采购总金额"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
}

T3_COLUMNS = [
    ("natural", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
    ("social", "社会公益组织"), ("legal", "法律服务机构"), ("other", "其他"), ("total", "总计"),
]
# 表三 rows; a label list holds every way reports print the row, longest first.
T3_ROWS = [
    ("new", ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量")),
    ("carried_in", ("二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量")),
    ("granted", ("（一）予以公开", "予以公开")),
    ("partial", ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开", "部分公开")),
    ("denied.secret", ("1.属于国家秘密", "属于国家秘密")),
    ("denied.law", ("2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开", "其他法律法规禁止公开")),
    ("denied.safety", ("3.危及“三安全一稳定”", "危及三安全一稳定")),
    ("denied.third_party", ("4.保护第三方合法权益", "保护第三方合法权益")),
    ("denied.internal", ("5.属于三类内部事务信息", "属于三类内部事务信息")),
    ("denied.process", ("6.属于四类过程性信息", "属于四类过程性信息")),
    ("denied.enforcement", ("7.属于行政执法案卷", "属于行政执法案卷")),
    ("denied.query", ("8.属于行政查询事项", "属于行政查询事项")),
    ("unable.not_held", ("1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息")),
    ("unable.need_create", ("2.没有现成信息需要另行制作", "没有现成信息需要另行制作")),
    ("unable.unclear", ("3.补正后申请内容仍不明确", "补正后申请内容仍不明确")),
    ("rejected.petition", ("1.信访举报投诉类申请", "信访举报投诉类申请")),
    ("rejected.duplicate", ("2.重复申请", "重复申请")),
    ("rejected.publication", ("3.要求提供公开出版物", "要求提供公开出版物")),
    ("rejected.excessive", ("4.无正当理由大量反复申请", "无正当理由大量反复申请")),
    ("rejected.confirm", ("5.要求行政机关确认或重新出具已获取信息", "要求行政机关确认或重新出具已获取信息")),
    ("handled_other", ("（六）其他处理", "其他处理")),
    ("handled_other.overdue_supplement",
     ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
      "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请", "申请人无正当理由逾期不补正")),
    ("handled_other.unpaid_fee",
     ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
      "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请", "申请人逾期未按收费通知要求缴纳费用")),
    ("handled_other.misc", ("3.其他",)),
    ("total", ("（七）总计",)),
    ("carried_out", ("四、结转下年度继续办理", "结转下年度继续办理")),
]
T3_PARENT_LABELS = {
    "denied": "（三）不予公开", "unable": "（四）无法提供", "rejected": "（五）不予处理",
    "handled_other": "（六）其他处理",
}
T3_RESULT_ROWS = tuple(k for k, _ in T3_ROWS if k not in ("new", "carried_in", "total", "carried_out"))
T3_HANDLED_OTHER_PARTS = ("handled_other.overdue_supplement", "handled_other.unpaid_fee", "handled_other.misc")

T4_GROUPS = [
    ("review", "行政复议"), ("suit_direct", "行政诉讼·未经复议直接起诉"), ("suit_after_review", "行政诉讼·复议后起诉"),
]
T4_COLUMNS = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"), ("total", "总计")]


def t2_keys(template: str) -> list[str]:
    """表二 keys of one template, in print order."""
    return [f"t2.{row}.{col}" for row, _, cols in T2_ROWS[template] for col, _ in cols]


def t3_keys(rows: Collection[str] | None = None) -> list[str]:
    """表三 keys, in print order; `rows` narrows to the row keys a report has."""
    return [f"t3.{row}.{col}" for row, _ in T3_ROWS if rows is None or row in rows for col, _ in T3_COLUMNS]


def t4_keys() -> list[str]:
    return [f"t4.{group}.{col}" for group, _ in T4_GROUPS for col, _ in T4_COLUMNS]


def field_keys(template: str) -> list[str]:
    """Every key a report of `template` may hold, in print order.

    表三 lists both the single 其他处理 row and its three 2021 parts; a report has one or the
    other, and the reader leaves out the rows it does not have.
    """
    return t2_keys(template) + t3_keys() + t4_keys()


ALL_FIELD_KEYS = tuple(dict.fromkeys(field_keys("2019") + field_keys("2021")))


# The group totals people ask about (how many were denied?) that 表三 prints only as parts:
# (三)不予公开, (四)无法提供, (五)不予处理, each column summed over its sub-rows. Search and the
# web filter, sort and show them like a key; a record never holds them (SCHEMA.md lists the
# printed cells only).
T3_GROUPS = ("denied", "unable", "rejected")
SUM_KEYS = tuple(f"t3.{group}.{col}" for group in T3_GROUPS for col, _ in T3_COLUMNS)


def group_sums(fields: Fields) -> dict[str, Number]:
    """{sum key: total} of the groups whose parts `fields` prints (blank parts count 0, as in the checks)."""
    sums = {}
    for group in T3_GROUPS:
        for col, _ in T3_COLUMNS:
            parts = [fields.get(f"t3.{row}.{col}") for row, _ in T3_ROWS if row.startswith(group + ".")]
            if any(part is not None for part in parts):
                sums[f"t3.{group}.{col}"] = sum(part or 0 for part in parts)
    return sums


def field_label(key: str) -> str:
    """A Chinese label for any field key, for people: `t3.denied.law.total` → 不予公开·2.其他法律行政法规禁止公开·总计."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    if table == "t2":
        for template in TEMPLATES:
            for row_key, labels, cols in T2_ROWS[template]:
                for col_key, col_label in cols:
                    if row_key == row and col_key == col:
                        return f"{labels[0]}·{col_label}"
    if table == "t3" and row in T3_GROUPS:
        return f"{T3_PARENT_LABELS[row]}（各项之和）·{dict(T3_COLUMNS)[col]}"
    if table == "t3":
        labels = dict(T3_ROWS)[row]
        parent = T3_PARENT_LABELS.get(row.split(".")[0]) if "." in row else None
        row_label = f"{parent}·{labels[0]}" if parent else labels[0]
        return f"{row_label}·{dict(T3_COLUMNS)[col]}"
    if table == "t4":
        return f"{dict(T4_GROUPS)[row]}·{dict(T4_COLUMNS)[col]}"
    raise KeyError(key)


def is_field_key(key: str) -> bool:
    return key in _ALL_FIELD_SET


_ALL_FIELD_SET = frozenset(ALL_FIELD_KEYS)
