"""Comparing: two reports side by side (`/compare?a=&b=`, `/api/compare?a=&b=`) and a cohort of
bodies ranked on an indicator (`/cohort?…`, `/api/cohort?…`). The work is compare/'s; here only
the parameters are read and the result shown."""
from flask import Blueprint, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ingest.schema import SECTION_LABELS

from .. import store

bp = Blueprint("compare", __name__)


def _comparison(a_id: str, b_id: str) -> dict:
    from compare.diff import compare

    if not a_id or not b_id:
        abort(400, description="比较需要两份报告的编号：a 与 b。")
    a, b = store.entry_or_404(a_id), store.entry_or_404(b_id)
    result = compare(a["record"], b["record"])
    result["a"]["id"], result["b"]["id"] = a["id"], b["id"]
    return result


@bp.get("/api/compare")
def api_compare() -> ResponseReturnValue:
    """`nianbao compare A B --json` over HTTP: a, b (report ids)."""
    return _comparison(request.args.get("a", ""), request.args.get("b", ""))


@bp.get("/compare")
def compare_page() -> str:
    result = _comparison(request.args.get("a", ""), request.args.get("b", ""))
    links = {side: url_for("reports.report", report_id=result[side]["id"]) for side in ("a", "b")}
    return render_template("compare.html", result=result, links=links, section_labels=SECTION_LABELS)


def _cohort() -> dict:
    """The cohort the URL asks for: indicator, level, kind, region, year, min_cases; 400 naming a bad one."""
    from compare import cohort
    from compare.indicators import BY_NAME

    args = request.args
    indicator = BY_NAME.get(args.get("indicator", "granted_share"))
    if indicator is None:
        abort(400, description=f"未知指标 {args.get('indicator')!r}（可用：{', '.join(BY_NAME)}）")
    try:
        year = int(args["year"]) if args.get("year", "").strip() else None
        min_cases = float(args.get("min_cases") or cohort.DEFAULT_MIN_CASES)
    except ValueError:
        abort(400, description="year 与 min_cases 须为数字。")
    chosen = {name: args.get(name, "").strip() or None for name in ("level", "kind", "region")}
    found = cohort.members(store.root(), indicator, year=year, **chosen) if store.has_index() else []
    return cohort.rank(found, indicator, min_cases) | {"filters": {"year": year, **chosen}}


@bp.get("/api/cohort")
def api_cohort() -> ResponseReturnValue:
    """`nianbao cohort --json` over HTTP (`format=csv`: its CSV)."""
    import csv
    import io

    from flask import Response

    from compare.cohort import csv_rows

    result = _cohort()
    if request.args.get("format") != "csv":
        return result
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(result))
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=nianbao-cohort.csv"})


@bp.get("/cohort")
def cohort_page() -> str:
    from compare.indicators import INDICATORS

    from .. import charts

    result = _cohort()
    values = [row["value"] for row in result["ranked"]]
    chart = charts.histogram(values, f"{result['indicator']['label']}的分布", result["indicator"]["name"])
    csv_link = url_for("compare.api_cohort", **request.args.to_dict(), format="csv")
    return render_template("cohort.html", result=result, indicators=INDICATORS, chart=chart, csv_link=csv_link,
                           args=request.args)


@bp.app_context_processor
def measure_definitions() -> dict:
    """What the pages need to show each measure's definition next to its value (the report page's `_measures.html`)."""
    from compare.copying import BOILERPLATE_BODIES, MIN_PASSAGE_CHARS
    from compare.indicators import INDICATORS

    return {"indicator_table": INDICATORS,
            "copying_rules": {"min_chars": MIN_PASSAGE_CHARS, "boilerplate": BOILERPLATE_BODIES}}
