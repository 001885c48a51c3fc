"""Text normalisation for parsing, and the numbers a table cell may hold.

Parsing works on normalised text (full-width digits, letters and spaces folded to ASCII);
what is shown to people keeps the original.
"""
import functools
import re
import unicodedata

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH.update({0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: 0x20, 0xFEFF: 0x20})


def fold_width(text: str) -> str:
    """Full-width digits, Latin letters, punctuation and spaces → ASCII; everything else kept.

    One character in, one out, so positions in the folded text are positions in the original.
    """
    return text.translate(_FULLWIDTH)


_PUNCT_AND_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


@functools.lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """Text reduced to what identifies a label: folded width, no spaces, no punctuation."""
    return _PUNCT_AND_SPACE.sub("", fold_width(unicodedata.normalize("NFKC", text)))


_NUMBER = re.compile(
    r"^(?P<sign>[-−+])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<unit>万元|万|元|亿元)?(?:件|条|个|项|次|人|家)?$"
)
# What a report prints in a cell it means to leave empty. Not 无: in a dump, 无 is as often
# the first character of a label wrapped one character a line (无 / 法提供).
BLANK_MARKS = frozenset(["", "-", "—", "——", "－", "/", "／", "\\"])


@functools.lru_cache(maxsize=4096)
def parse_number(raw: str) -> tuple[int | float, str | None] | None:
    """A cell's text → (value, unit) or None when it is not a number.

    `unit` is the unit printed in the cell (万元, 万, 元, 亿元) or None.
    """
    text = fold_width(raw).strip().replace(" ", "")
    m = _NUMBER.match(text)
    if not m:
        return None
    digits = m["num"].replace(",", "")
    value = float(digits) if "." in digits else int(digits)
    if m["sign"] in ("-", "−"):  # a rise may be printed +5 (本年增/减)
        value = -value
    return value, m["unit"]


def is_number(raw: str) -> bool:
    return parse_number(raw) is not None


def is_blank(raw: str | None) -> bool:
    """A cell that holds nothing a person would read as a number."""
    return raw is None or fold_width(raw).strip() in BLANK_MARKS


_UNIT_IN_HEADER = re.compile(r"(?:单位|计量单位)?[:：]?\s*(万元|元|亿元)")


def header_unit(text: str) -> str | None:
    """The money unit a column header or table caption declares (`（单位：元）`, `（万元）`), or None."""
    m = _UNIT_IN_HEADER.search(fold_width(text))
    return m.group(1) if m else None


WAN_DIGITS = 8  # decimals kept in 万元: 元 shifts four places, so every printed 分 stays and float noise goes


def to_wan(value: int | float, unit: str | None) -> int | float:
    """A money value in `unit` → 万元, rounded to drop float noise."""
    factor = {"万元": 1, "万": 1, "元": 1e-4, "亿元": 1e4, None: 1}[unit]
    result = round(value * factor, WAN_DIGITS)
    return int(result) if result == int(result) and isinstance(value, int) and factor >= 1 else result
