"""A cohort: bodies of one level, function and region in one year, ranked on one indicator, with the
distribution of its values (quantiles; the web page draws its histogram with web/charts.py) and the
outliers marked by a robust rule.

Outliers: a value farther than OUTLIER_K scaled MADs from the median (the median absolute
deviation times MAD_SCALE, which makes it the standard deviation for normally spread values):
one extreme body cannot hide the others as it would move a mean and a standard deviation.
A body whose indicator rests on fewer than `min_cases` cases (compare/indicators.py `cases`)
is left out and listed, never ranked: one request refused out of two is not a 50 % refusal rate.
"""
from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from . import indicators
from .indicators import Indicator

OUTLIER_K = 3.0  # how many scaled MADs from the median an outlier lies: the usual robust cut (Iglewicz and Hoaglin use 3.5)
MAD_SCALE = 1.4826  # MAD × this estimates the standard deviation of normally spread values
DEFAULT_MIN_CASES = 10  # below it one case moves a rate by 10 points or more
QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)
RANKED, TOO_FEW, NO_VALUE = "ranked", "too_few_cases", "no_value"


@dataclass(frozen=True)
class Member:
    """One body's report in the cohort: the body, the report, its fields and its previous year's fields."""
    body: dict  # {id, name, region, level, kind}
    report: str
    org: str
    year: int | None
    fields: dict
    previous: dict | None = None


def quantile(values: list[float], q: float) -> float:
    """The q-quantile of sorted `values`, linear between neighbours (numpy's default method)."""
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def outlier_bounds(values: list[float]) -> tuple[float, float, float, float] | None:
    """(median, MAD, low bound, high bound) of `values`; None when there are none."""
    if not values:
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(value - median) for value in values)
    spread = OUTLIER_K * MAD_SCALE * mad
    return median, mad, median - spread, median + spread


def rank(members: Iterable[Member], indicator: Indicator, min_cases: float = DEFAULT_MIN_CASES) -> dict:
    """The cohort of `members` on `indicator`: ranked bodies (highest first), those left out and why,
    the distribution and the outlier rule, as JSON-ready data."""
    rows = []
    for member in members:
        value, cases = indicators.measure(indicator, member.fields, member.previous)
        status = NO_VALUE if value is None else TOO_FEW if (cases or 0) < min_cases else RANKED
        rows.append({**{f"body_{key}": member.body.get(key) for key in ("id", "name", "level", "kind")},
                     "region": member.body.get("region"), "report": member.report, "org": member.org,
                     "year": member.year, "value": value, "cases": cases, "status": status, "outlier": None, "rank": None})
    ranked = sorted((row for row in rows if row["status"] == RANKED), key=lambda row: (-row["value"], row["body_id"] or ""))
    values = sorted(row["value"] for row in ranked)
    bounds = outlier_bounds(values)
    for position, row in enumerate(ranked, 1):
        row["rank"] = position
        if bounds and row["value"] > bounds[3]:
            row["outlier"] = "high"
        elif bounds and row["value"] < bounds[2]:
            row["outlier"] = "low"
    left_out = sorted((row for row in rows if row["status"] != RANKED), key=lambda row: (row["status"], row["body_id"] or ""))
    return {
        "indicator": {"name": indicator.name, "label": indicator.label, "formula": indicator.formula,
                      "description": indicator.description},
        "min_cases": min_cases,
        "outlier_rule": f"value outside median ± {OUTLIER_K:g} × {MAD_SCALE} × MAD (median absolute deviation)",
        "median": bounds[0] if bounds else None,
        "mad": bounds[1] if bounds else None,
        "bounds": [bounds[2], bounds[3]] if bounds else None,
        "quantiles": {f"p{round(q * 100)}": quantile(values, q) for q in QUANTILES} if values else {},
        "ranked": ranked,
        "left_out": left_out,
    }


CSV_COLUMNS = ("rank", "status", "outlier", "value", "cases", "body_id", "body_name", "level", "kind", "region",
               "report", "org", "year")


def csv_rows(result: dict) -> list[list]:
    """The cohort as CSV rows (header first): the ranked bodies, then those left out with the reason in `status`."""
    out = [list(CSV_COLUMNS)]
    for row in result["ranked"] + result["left_out"]:
        region = row["region"] or {}
        values = {**row, "level": row["body_level"], "kind": row["body_kind"],
                  "region": " ".join(part for part in region.values() if part) if isinstance(region, dict) else region}
        out.append(["" if values.get(column) is None else values[column] for column in CSV_COLUMNS])
    return out


def _matches(body: dict, level: str | None, kind: str | None, region: str | None) -> bool:
    places = body.get("region") or {}
    return ((level is None or body.get("level") == level) and (kind is None or body.get("kind") == kind)
            and (region is None or any(region in (place or "") for place in places.values())))


def members(root, indicator: Indicator, year: int | None = None, level: str | None = None, kind: str | None = None,
            region: str | None = None) -> list[Member]:
    """The cohort's members from the search index: one report a body (its latest year when `year` is None),
    with the same body's previous report's fields when the indicator needs them."""
    from search.query.find import search

    def by_body(hits):
        found = {}
        for hit in sorted(hits, key=lambda h: (h["year"] or 0, h["id"])):
            body = hit.get("body") or {}
            if body.get("id") and _matches(body, level, kind, region):
                found.setdefault(body["id"], {})[hit["year"]] = hit
        return found

    hits = by_body(search(root, year=year, limit=0)["hits"])
    earlier = by_body(search(root, year=year - 1, limit=0)["hits"]) if indicator.previous and year is not None else {}
    out = []
    for body_id, years in hits.items():
        latest = max(years)
        hit = years[latest]
        before = (earlier.get(body_id) or years).get(latest - 1 if latest is not None else None)
        out.append(Member({**hit["body"], "name": hit["body"].get("name") or hit["org"]}, hit["id"], hit["org"], hit["year"],
                          hit["fields"], before["fields"] if before else None))
    return out


def _number(value: float | None, indicator: dict) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if indicator["name"] != "requests" else f"{value:g}"


def render(result: dict) -> list[str]:
    """The cohort as lines for a terminal: the indicator and its formula, the rule, the ranking, who was left out."""
    ind = result["indicator"]
    lines = [f"{ind['name']} {ind['label']} = {ind['formula']}",
             f"{len(result['ranked'])} bodies ranked; {len(result['left_out'])} left out (fewer than {result['min_cases']:g} cases, "
             f"or no value); outliers: {result['outlier_rule']}"]
    if result["median"] is not None:
        lines.append(f"median {_number(result['median'], ind)}, outside [{_number(result['bounds'][0], ind)}, "
                     f"{_number(result['bounds'][1], ind)}] is an outlier; quantiles "
                     + ", ".join(f"{name} {_number(value, ind)}" for name, value in result["quantiles"].items()))
    lines.append("")
    for row in result["ranked"]:
        mark = {"high": "  ▲ outlier", "low": "  ▼ outlier"}.get(row["outlier"], "")
        lines.append(f"{row['rank']:>4}  {_number(row['value'], ind):>8}  {row['cases']:>6g} cases  {row['body_name']}  "
                     f"{row['year']}  {row['report'][:12]}{mark}")
    for row in result["left_out"]:
        reason = "no value" if row["status"] == NO_VALUE else f"{row['cases']:g} cases"
        lines.append(f"   -  {'':>8}  {row['body_name']}  {row['year']}  left out: {reason}")
    return lines
