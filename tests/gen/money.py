"""How a report prints its money cell (SCHEMA: the record holds 万元).

A style is (kind, header suffix). Kinds: "head_wan" (header says 万元), "cell_wan" (905万),
"cell_wanyuan" (24万元), "cell_yuan" (251000元), "head_yuan" (header 单位：元, bare 251000),
"bare" (no unit anywhere: only when the record carries the note saying 万元 was assumed).
"""
from ingest.schema import MONEY_KEYS

HEAD_SUFFIX = {
    "head_wan": ["（万元）", "（单位：万元）", "（单位：万元，保留4位小数）", "(万元)"],
    "head_yuan": ["（单位：元）", "（元）"],
}
KINDS = ("head_wan", "head_wan", "cell_wan", "cell_wanyuan", "cell_yuan", "head_yuan")


def money_key(record):
    return next(k for k in MONEY_KEYS if k in record["fields"])


def draw_money_style(record, rng):
    if any(n["key"] == money_key(record) for n in record.get("notes", [])):
        return ("bare", "")
    kind = rng.choice(KINDS)
    return kind, rng.choice(HEAD_SUFFIX.get(kind, [""]))


def fmt_wan(value):
    """905 → "905", 4453.4018 → "4453.4018", 7730.28 → "7730.28"."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def money_head(record, style):
    name = "采购总金额" if money_key(record) == "t2.procurement.amount" else "本年收费金额"
    return name + style[1]


def money_text(style, value):
    if value is None:
        return None
    yuan = str(round(value * 10000))
    return {"head_wan": fmt_wan(value), "bare": fmt_wan(value), "cell_wan": fmt_wan(value) + "万",
            "cell_wanyuan": fmt_wan(value) + "万元", "cell_yuan": yuan + "元", "head_yuan": yuan}[style[0]]
