"""Which numbers the pages put forward, how they are labelled, and how a number or a time is printed."""
from datetime import datetime
from zoneinfo import ZoneInfo

from ingest.schema import ALL_FIELD_KEYS, SUM_KEYS, field_keys, field_label

# The numbers people ask about most: a range filter each on the search page, shown on every hit.
# Short labels, because the full field_label of a 表三 total is a sentence.
KEY_FIELDS = [
    ("t3.new.total", "新收申请"),
    ("t3.granted.total", "予以公开"),
    ("t3.partial.total", "部分公开"),
    ("t3.denied.total", "不予公开"),  # a group sum (SUM_KEYS): 表三 prints only its eight reasons
    ("t3.total.total", "办理总计"),
    ("t4.review.total", "行政复议"),
    ("t4.suit_direct.total", "直接起诉"),
    ("t4.suit_after_review.total", "复议后起诉"),
    ("t2.procurement.items", "采购项目数"),
    ("t2.procurement.amount", "采购金额"),
]
PROCUREMENT_AMOUNT = "t2.procurement.amount"


TABLE_CAPTIONS = {"t2": "表二 主动公开", "t3": "表三 申请办理", "t4": "表四 复议诉讼"}


def key_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every SCHEMA key with its Chinese label, grouped by table, then the group sums, for the key picker."""
    return [(caption, [(key, field_label(key)) for key in ALL_FIELD_KEYS if key.startswith(table + ".")])
            for table, caption in TABLE_CAPTIONS.items()] + [("表三 分组合计", [(key, field_label(key)) for key in SUM_KEYS])]


def hit_numbers(hit: dict) -> dict[str, float]:
    """A hit's printed fields and its group sums, one lookup for the numbers a page shows."""
    return {**hit["fields"], **hit.get("sums", {})}


def format_number(value: float | None) -> str:
    """A field value as data (CSV): blank for null, integers without '.0', money without float noise."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def display_number(value: float | None) -> str:
    """A number as a page shows it: format_number with thousands separators (917,239.69)."""
    raw = format_number(value)
    sign = "-" if raw.startswith("-") else ""
    whole, dot, fraction = raw.removeprefix(sign).partition(".")
    if not whole.isdigit():
        return raw
    return f"{sign}{int(whole):,}{dot}{fraction}"


def in_template(key: str, template: str | None) -> bool | None:
    """Whether the table template of `template` has the field `key` (None when the template is not known).

    The 2021 template dropped 政府集中采购 and others: a report of that template holds no value
    there because there is no such cell, not because the report left it blank."""
    if not template:
        return None
    return key in SUM_KEYS or key in field_keys(template)


LOCAL_TIME = ZoneInfo("Asia/Shanghai")  # the reports' and their readers' time zone
LOCAL_TIME_LABEL = "北京时间"


def local_time(stamp: str | None) -> str:
    """An ISO time with its offset (archive.py writes the server's) as Beijing time, labelled; as
    given when it has no offset or is not a time."""
    try:
        moment = datetime.fromisoformat(stamp or "")
    except ValueError:
        return stamp or ""
    if moment.tzinfo is None:
        return stamp
    return f"{moment.astimezone(LOCAL_TIME):%Y-%m-%d %H:%M:%S}（{LOCAL_TIME_LABEL}）"
