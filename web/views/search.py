"""The search page `/` and the CSV export of a search: both read the query from the URL."""
import csv
import io

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from ingest.schema import ALL_FIELD_KEYS, MONEY_KEYS, SUM_KEYS, TEMPLATES, field_label
from search.query.parse import QueryError

from .. import charts, params, store
from ..fields import KEY_FIELDS, PROCUREMENT_AMOUNT, format_number, hit_numbers, key_groups

bp = Blueprint("search", __name__)
CHART_MAX_HITS = 5000  # above this the histogram would cost more than the page itself
META_COLUMNS = [("id", "编号"), ("title", "标题"), ("org", "机关"), ("year", "年度"), ("template", "模板"),
                ("published", "发布日期"), ("dated", "成文日期"), ("url", "原文链接"), ("tables_read", "表格已读取")]
DATE_FIELDS = [("published", "发布日期"), ("dated", "成文日期")]  # a date range each on the search page
# Who issued it and when (compare/derived.py), after the numbers: columns a spreadsheet filters and pivots on.
DERIVED_COLUMNS = [("body.id", "机关编号"), ("body.name", "机关"), ("body.region.province", "省"), ("body.region.city", "市"),
                   ("body.region.county", "县区"), ("body.region.town", "乡镇街道"), ("body.level", "层级"),
                   ("body.kind", "职能"), ("timeliness.status", "发布时限"), ("timeliness.late_days", "逾期天数"),
                   ("findings", "跨年核对不符")]
TABLES_READ_CHOICES = [("", "全部"), ("yes", "已读取表格"), ("no", "表格未能读取")]


@bp.get("/")
def index() -> ResponseReturnValue:
    """The search form, the hits of the search in the URL, and how their procurement totals spread."""
    args = request.args
    if params.has_form_extras(args):
        return redirect(url_for("search.index", **params.canonical(args).to_dict(flat=False)))
    ranges, other_where = params.range_values(args, [key for key, _ in KEY_FIELDS + DATE_FIELDS])
    context = {
        "args": args, "ranges": ranges, "other_where": other_where, "key_fields": KEY_FIELDS,
        "key_groups": key_groups(), "templates": TEMPLATES, "sorts": sort_choices(),
        "pick_ops": params.PICK_OPS, "money_keys": MONEY_KEYS, "field_label": safe_label, "params": params,
        "hit_numbers": hit_numbers, "date_fields": DATE_FIELDS, "tables_read_choices": TABLES_READ_CHOICES,
        "result": None, "error": None, "histogram": None, "page": 1, "pages": 0,
    }
    if not store.has_index():
        context["error"] = "档案是空的：还没有收录任何报告。请先上传报告，或用 nianbao ingest 导入。"
        return render_template("search.html", **context)
    try:
        kwargs = params.search_kwargs(args)
        page = params.page_number(args)
        result = store.search_page(kwargs, page, params.PAGE_SIZE)
    except (QueryError, ValueError) as exc:
        context["error"] = f"查询无法执行：{exc}"
        return render_template("search.html", **context), 400
    context.update(result=result, page=page, pages=-(-result["total"] // params.PAGE_SIZE))
    context["histogram"] = procurement_histogram(kwargs, result)
    return render_template("search.html", **context)


def sort_choices() -> list[tuple[str, str]]:
    """Relevance, year, then each key number from the largest value down."""
    return list(params.SORTS.items()) + [(f"-{key}", f"{label}（多→少）") for key, label in KEY_FIELDS]


def csv_value(value: object) -> object:
    """A meta value as a spreadsheet cell: blank for null, 是/否 for a yes-or-no."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


def derived_value(hit: dict, path: str) -> object:
    """The value at a dotted path of a hit's derived data; findings as their rule names."""
    if path == "findings":
        return " ".join(f["rule"] for f in hit.get("findings") or [])
    value = hit
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def safe_label(key: str) -> str:
    """field_label for keys a person typed, which may not be keys at all."""
    if key == "year":
        return "年度"
    if key in dict(DATE_FIELDS):
        return dict(DATE_FIELDS)[key]
    try:
        return field_label(key)
    except (KeyError, ValueError):
        return key


def procurement_histogram(kwargs: dict, result: dict) -> Markup | None:
    if result["total"] > CHART_MAX_HITS or result["total"] < 2:
        return None
    hits = result["hits"] if len(result["hits"]) == result["total"] else store.search_all(kwargs)["hits"]
    amounts = [hit["fields"].get(PROCUREMENT_AMOUNT) for hit in hits]
    return charts.histogram(amounts, "政府集中采购总金额的分布", "万元")


@bp.get("/export.csv")
def export_csv() -> Response:
    """Every hit of the search in the URL, one row a report, UTF-8 with BOM so Excel reads the Chinese.

    The printed fields, then the 表三 group sums (labelled 各项之和) a spreadsheet would otherwise add up."""
    try:
        hits = store.search_all(params.search_kwargs(request.args))["hits"] if store.has_index() else []
    except (QueryError, ValueError) as exc:
        return Response(f"查询无法执行：{exc}\n", status=400, mimetype="text/plain")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([f"{key}（{label}）" for key, label in META_COLUMNS]
                    + [f"{key}（{field_label(key)}）" for key in ALL_FIELD_KEYS + SUM_KEYS]
                    + [f"{key}（{label}）" for key, label in DERIVED_COLUMNS])
    for hit in hits:
        numbers = hit_numbers(hit)
        writer.writerow([csv_value(hit.get(key)) for key, _ in META_COLUMNS]
                        + [format_number(numbers.get(key)) for key in ALL_FIELD_KEYS + SUM_KEYS]
                        + [csv_value(derived_value(hit, key)) for key, _ in DERIVED_COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=nianbao-export.csv"})
