"""Dates as reports and their sources print them → ISO `YYYY-MM-DD`.

A report signs itself with `2021年1月20日` or `二〇二一年一月二十日`; pages and crawlers
write `2025-03-12 09:20`, `2021/01/20` or `2021-01-20T08:00:00+08:00`. A date that does
not exist (`2021年2月30日`) is no date: None, never a guess.
"""
import datetime
import re

from .numbers import fold_width

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零Ｏ一二三四五六七八九十"
_ARABIC = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
                     r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))")
_CHINESE = re.compile(rf"(?P<y>[{_CN}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,2}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日")
_COMPACT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")  # 20210120 in a page's meta


def _cn_number(text):
    """一 … 三十一 (a month or a day) as an int; None for anything else."""
    if "十" not in text:
        return _CN_DIGIT.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = (_CN_DIGIT.get(tens) if tens else 1) if len(tens) <= 1 else None
    ones_value = (_CN_DIGIT.get(ones) if ones else 0) if len(ones) <= 1 else None
    if not tens_value or ones_value is None or (ones and not ones_value):
        return None
    return tens_value * 10 + ones_value


def _iso(year, month, day):
    try:
        return datetime.date(year, month, day).isoformat()
    except (TypeError, ValueError):
        return None


def _from_match(m):
    if m.re is _CHINESE:
        year = int("".join(str(_CN_DIGIT[ch]) for ch in m["y"]))
        return _iso(year, _cn_number(m["m"]), _cn_number(m["d"]))
    month, day = m["m"] or m.groupdict().get("m2"), m["d"] or m.groupdict().get("d2")
    return _iso(int(m["y"]), int(month), int(day))


def find_date(text: str | None) -> str | None:
    """The ISO date of the first date written anywhere in `text`, or None."""
    folded = fold_width(text or "")
    found = [m for pattern in (_ARABIC, _CHINESE) for m in [pattern.search(folded)] if m]
    if not found:
        m = _COMPACT.match(folded.strip())
        return _iso(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
    return _from_match(min(found, key=lambda m: m.start()))


def date_line(text: str | None) -> tuple[str, str] | None:
    """(ISO date, what stands before it) when a line is a date and nothing after it: a report's
    signing line (`2021年1月20日`, `红椿镇人民政府  2021年1月20日`); else None."""
    folded = re.sub(r"\s+", " ", fold_width(text or "")).strip()
    for pattern in (_ARABIC, _CHINESE):
        for m in pattern.finditer(folded):
            if not folded[m.end():].strip(" 。."):
                iso = _from_match(m)
                return (iso, folded[:m.start()].strip()) if iso else None
    return None


def date_number(iso: str | datetime.date) -> int:
    """An ISO date as the number YYYYMMDD, which orders as the dates do (the index's range filters);
    ValueError for anything that is not a real ISO date."""
    return int(datetime.date.fromisoformat(str(iso)).strftime("%Y%m%d"))
