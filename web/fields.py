"""Which numbers the pages put forward, how they are labelled, and how a number is printed."""
from ingest.schema import ALL_FIELD_KEYS, SUM_KEYS, field_label

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
    """A field value as a person reads it: blank for null, integers without '.0', money without float noise."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)
