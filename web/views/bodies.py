"""Bodies: `/bodies` (every body, filtered by region, level, kind) and `/bodies/<id>` (one body's years
side by side, each number with its change, charts over the years, cross-year findings, links to reports)."""
from flask import Blueprint, abort, render_template, request
from markupsafe import Markup

from compare.bodies import LEVELS
from compare.history import body_history, list_bodies
from ingest.schema import field_label

from .. import charts, store
from ..fields import KEY_FIELDS

bp = Blueprint("bodies", __name__)
FINDING_LABELS = {
    "yoy.t3.carried_in": "二、上年结转 与上年报告的 四、结转下年度继续办理 不一致",
    "yoy.t2.rules.in_force": "规章现行有效件数 ≠ 上年现行有效件数 + 本年制发 − 本年废止（提示：文件也会失效）",
    "yoy.t2.normative.in_force": "规范性文件现行有效件数 ≠ 上年现行有效件数 + 本年制发 − 本年废止（提示：文件也会失效）",
}


def finding_label(rule: str) -> str:
    """A cross-year finding in words: which rule, and for 表三 which column."""
    if rule.startswith("yoy.t3.carried_in."):
        column = rule.rsplit(".", 1)[1]
        return f"{FINDING_LABELS['yoy.t3.carried_in']}（{field_label('t3.carried_in.' + column).split('·')[-1]}）"
    return FINDING_LABELS.get(rule, rule)


@bp.get("/bodies")
def index() -> str:
    filters = {key: request.args.get(key) or None for key in ("region", "level", "kind")}
    return render_template("bodies.html", bodies=list_bodies(store.root(), **filters), filters=filters, levels=LEVELS)


def columns(history: dict) -> list[dict]:
    """One column a report, in year order: {year, report}."""
    return [{"year": year["year"], "report": report} for year in history["years"] for report in year["reports"]]


def rows(cols: list[dict]) -> list[tuple[str, str, list]]:
    """(key, label, [(value, change) per column]) of every field any of the reports prints."""
    keys = dict.fromkeys(key for col in cols for key in col["report"]["fields"])
    return [(key, field_label(key), [(col["report"]["fields"].get(key), col["report"]["change"].get(key)) for col in cols])
            for key in keys]


def year_charts(name: str, cols: list[dict]) -> list[tuple[str, Markup | None]]:
    """The key numbers over the years, one chart each (the first report of a year where it has several)."""
    by_year = {}
    for col in cols:
        by_year.setdefault(col["year"], col["report"]["fields"])
    out = []
    for key, label in KEY_FIELDS:
        points = [(year, fields.get(key)) for year, fields in by_year.items() if year is not None]
        if any(value for _, value in points):
            out.append((label, charts.by_year(points, f"{name} · {label}")))
    return [(label, chart) for label, chart in out if chart is not None]


@bp.get("/bodies/<body_id>")
def body(body_id: str) -> str:
    history = body_history(store.root(), body_id)  # None for an unknown or malformed id
    if history is None:
        abort(404, description="档案里没有这个机关。")
    cols = columns(history)
    return render_template("body.html", history=history, body=history["body"], cols=cols, rows=rows(cols),
                           charts=year_charts(history["body"]["name"], cols), finding_label=finding_label)
