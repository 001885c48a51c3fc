"""Derived indicators of one report: rates over its 表三 and 表四, the requests it received and their change.

Every indicator is one row of INDICATORS (name, Chinese label, formula over SCHEMA keys, what
it needs), so the formula shown to people (docs/indicators.md, the web pages, `--json`) is the
one computed. A rate whose denominator is 0 or unknown is None, never a guess. Blank cells
inside a sum count 0, as in the template's own checks; a sum all of whose cells are blank or
missing is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass

from ingest.schema import SUM_KEYS, T3_ROWS, Fields

INDEX_PREFIX = "ind."  # an indicator's number column in the search index: `ind.<name>`

_DECIDED = ("t3.total.total",)  # 三(七)总计: the requests decided this year, whatever the outcome
_REVIEW_DECIDED = ("t4.review.upheld", "t4.review.corrected", "t4.review.other")  # 尚未审结 is not decided
_SUIT_GROUPS = ("suit_direct", "suit_after_review")
_SUIT_DECIDED = tuple(f"t4.{g}.{c}" for g in _SUIT_GROUPS for c in ("upheld", "corrected", "other"))


@dataclass(frozen=True)
class Indicator:
    """One derived number: numerator keys summed, over denominator keys summed (None: a count, not a rate).

    `previous`: the numerator is compared with the same body's report for the year before
    (a relative change), so it needs that report.
    """
    name: str
    label: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] | None
    description: str
    previous: bool = False

    @property
    def index_key(self) -> str:
        return INDEX_PREFIX + self.name

    @property
    def formula(self) -> str:
        top = " + ".join(self.numerator)
        if self.previous:
            return f"({top} − previous year's {top}) / previous year's {top}"
        if self.denominator is None:
            return top
        bottom = " + ".join(self.denominator)
        return f"({top}) / ({bottom})" if len(self.numerator) > 1 or len(self.denominator) > 1 else f"{top} / {bottom}"

    @property
    def needs(self) -> str:
        if self.previous:
            return "this report's and the same body's previous-year report's " + ", ".join(self.numerator)
        return ", ".join(dict.fromkeys(self.numerator + (self.denominator or ())))


INDICATORS: tuple[Indicator, ...] = (
    Indicator("granted_share", "公开率（予以公开与部分公开占办结）", ("t3.granted.total", "t3.partial.total"), _DECIDED,
              "share of the requests decided this year that were granted in full or in part"),
    Indicator("denied_share", "不予公开率", ("t3.denied.total",), _DECIDED,
              "share of the decided requests refused (三(三) 不予公开, its eight reasons added up)"),
    Indicator("unable_share", "无法提供率", ("t3.unable.total",), _DECIDED,
              "share of the decided requests the body could not answer (三(四) 无法提供, its three reasons)"),
    Indicator("rejected_share", "不予处理率", ("t3.rejected.total",), _DECIDED,
              "share of the decided requests not processed (三(五) 不予处理, its five reasons)"),
    Indicator("review_corrected", "行政复议纠错率", ("t4.review.corrected",), _REVIEW_DECIDED,
              "share of the decided 行政复议 cases (维持, 纠正, 其他; not 尚未审结) whose result corrected the body"),
    Indicator("suit_corrected", "行政诉讼纠错率", tuple(f"t4.{g}.corrected" for g in _SUIT_GROUPS), _SUIT_DECIDED,
              "share of the decided 行政诉讼 cases, direct and after review, whose result corrected the body"),
    Indicator("requests", "本年新收申请数", ("t3.new.total",), None,
              "information-disclosure requests received this year"),
    Indicator("requests_change", "新收申请数同比变化", ("t3.new.total",), None,
              "relative change of the requests received against the same body's previous report (1.0: doubled)",
              previous=True),
)
BY_NAME = {indicator.name: indicator for indicator in INDICATORS}
INDEX_KEYS = tuple(indicator.index_key for indicator in INDICATORS)


# A 表三 group sum (t3.denied.total …) as the printed cells it adds up: ingest/schema.group_sums' grouping,
# looked up once here, since summing every group of every report took most of an indicator's time.
_PARTS = {key: tuple(f"t3.{row}.{key.rsplit('.', 1)[1]}" for row, _ in T3_ROWS if row.startswith(key.split(".")[1] + "."))
          for key in SUM_KEYS}


def _sum(numbers: dict, keys: tuple[str, ...]) -> float | None:
    """The keys' values added up (a group sum key as its parts), blanks 0; None when none of them has a value."""
    values = [numbers.get(part) for key in keys for part in _PARTS.get(key, (key,))]
    if all(value is None for value in values):
        return None
    return sum(value or 0 for value in values)


def _cases(indicator: Indicator, numbers: dict, previous: dict | None) -> float | None:
    source = previous if indicator.previous else numbers
    return None if source is None else _sum(source, indicator.denominator or indicator.numerator)


def _value(indicator: Indicator, numbers: dict, previous: dict | None) -> float | None:
    top = _sum(numbers, indicator.numerator)
    if top is None:
        return None
    if indicator.previous:
        before = None if previous is None else _sum(previous, indicator.numerator)
        return None if not before else (top - before) / before
    if indicator.denominator is None:
        return top
    bottom = _sum(numbers, indicator.denominator)
    return None if not bottom else top / bottom


def measure(indicator: Indicator, fields: Fields, previous: Fields | None = None) -> tuple[float | None, float | None]:
    """(value, cases) of one report's fields (and the same body's previous report's, for a change): the value None
    when unknown; cases, how many cases it rests on (its denominator, the count itself, or last year's count)."""
    return _value(indicator, fields, previous), _cases(indicator, fields, previous)


def value(indicator: Indicator, fields: Fields, previous: Fields | None = None) -> float | None:
    """The indicator of one report's fields; None when unknown."""
    return measure(indicator, fields, previous)[0]


def cases(indicator: Indicator, fields: Fields, previous: Fields | None = None) -> float | None:
    """How many cases the indicator's value rests on: its denominator (a rate), the count itself, or last year's count."""
    return measure(indicator, fields, previous)[1]


def values(fields: Fields, previous: Fields | None = None) -> dict[str, float | None]:
    """{name: value} of every indicator; those needing the previous report are None without it."""
    return {indicator.name: _value(indicator, fields, previous) for indicator in INDICATORS}


def index_numbers(fields: Fields, previous: Fields | None = None) -> dict[str, float]:
    """{`ind.<name>`: value} of the known indicators: the number columns a search filters and sorts on."""
    return {BY_NAME[name].index_key: number for name, number in values(fields, previous).items() if number is not None}
