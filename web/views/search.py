"""The search page `/` and the CSV export of a search: both read the query from the URL."""
import csv
import io
from collections.abc import Iterator
from functools import lru_cache

from flask import Blueprint, Response, redirect, render_template, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from ingest.schema import ALL_FIELD_KEYS, MONEY_KEYS, SUM_KEYS, TEMPLATES, field_label
from search.query.messages import user_message
from search.query.parse import QueryError

from .. import charts, params, store, tables_html
from ..fields import KEY_FIELDS, PROCUREMENT_AMOUNT, format_number, hit_numbers, key_groups

bp = Blueprint("search", __name__)
META_COLUMNS = [("id", "编号"), ("title", "标题"), ("org", "机关"), ("year", "年度"), ("template", "模板"),
                ("published", "发布日期"), ("dated", "成文日期"), ("url", "原文链接"), ("tables_read", "表格已读取")]
DATE_FIELDS = [("published", "发布日期"), ("dated", "成文日期")]  # a date range each on the search page
RANGE_FIELDS = [("year", "年度")] + DATE_FIELDS  # ranges of the record's own values, above the number ranges
# Who issued it and when (compare/derived.py), after the numbers: columns a spreadsheet filters and pivots on.
DERIVED_COLUMNS = [("body.id", "机关编号"), ("body.name", "机关"), ("body.region.province", "省"), ("body.region.city", "市"),
                   ("body.region.county", "县区"), ("body.region.town", "乡镇街道"), ("body.level", "层级"),
                   ("body.kind", "职能"), ("timeliness.status", "发布时限"), ("timeliness.late_days", "逾期天数"),
                   ("findings", "跨年核对不符")]
TABLES_READ_CHOICES = [("", "全部"), ("yes", "已读取表格"), ("no", "表格未能读取")]
# Facets beside the results: (index field, URL parameter that filters on a value, heading).
# A field the index holds as a number column or a keyword field is one more line here.
FACETS = [
    ("year", "year", "年度"),
    ("template", "template", "模板"),
    ("checks", "check", "核对不符"),
    ("tables_read", "tables_read", "表格"),
    ("level", "level", "机关层级"),
    ("kind", "kind", "机关职能"),
    ("region", "region", "地区"),
    ("timeliness", "timeliness", "发布时限"),
]
KEY_OPTIONS_KEPT = 64  # key pickers rendered and kept, one per sort key in use (each ~20 KB)
FACET_VALUES_SHOWN = 12  # a facet lists its most frequent values; the rest are a count
# The columns of the table view: (sort key or None, heading); a sortable heading links its sort.
# "" is relevance, the order of a search without `sort`.
TABLE_COLUMNS = [("", "相关度"), (None, "标题"), ("year", "年度"), (None, "模板"), ("published", "发布日期")] + KEY_FIELDS


@bp.get("/")
def index() -> ResponseReturnValue:
    """The search form, one page of hits, facet counts and how the hits' procurement totals spread.

    Facets and the histogram come from the matches' index arrays, not from built hits, so the
    page costs one search of PAGE_SIZE hits, as the API's does, plus rendering."""
    args = request.args
    if params.has_form_extras(args):
        return redirect(url_for("search.index", **params.canonical(args).to_dict(flat=False)))
    ranges, other_where = params.range_values(args, [key for key, _ in KEY_FIELDS + RANGE_FIELDS])
    context = {
        "args": args, "ranges": ranges, "other_where": other_where, "key_fields": KEY_FIELDS,
        "key_options": key_options, "templates": TEMPLATES, "sort_key": args.get("sort", "").lstrip("-"),
        "sort_desc": args.get("sort", "").startswith("-"), "table_columns": TABLE_COLUMNS,
        "check_label": safe_check_label, "pick_ops": params.PICK_OPS, "money_keys": MONEY_KEYS, "field_label": safe_label, "params": params,
        "hit_numbers": hit_numbers, "range_fields": RANGE_FIELDS, "tables_read_choices": TABLES_READ_CHOICES,
        "result": None, "error": None, "histogram": None, "facets": [], "page": 1, "pages": 0,
    }
    if not store.has_index():
        context["error"] = "档案是空的：还没有收录任何报告。请先上传报告，或用 nianbao ingest 导入。"
        return render_template("search.html", **context)
    try:
        kwargs = params.search_kwargs(args)
        page = params.page_number(args)
        result = store.search_window(kwargs, (page - 1) * params.PAGE_SIZE, params.PAGE_SIZE,
                                     facets=[field for field, _, _ in FACETS], values=[PROCUREMENT_AMOUNT])
    except (QueryError, ValueError) as exc:
        context["error"] = f"查询无法执行：{user_message(exc)}"
        return render_template("search.html", **context), 400
    context.update(result=result, page=page, pages=-(-result["total"] // params.PAGE_SIZE),
                   facets=facet_links(args, result["facets"]))
    amounts = result["values"][PROCUREMENT_AMOUNT]
    context["with_amount"] = len(amounts)  # the 2021 template has no 政府集中采购: its reports are not in the chart
    if result["total"] >= 2:
        context["histogram"] = charts.histogram(amounts.tolist(), "政府集中采购总金额的分布", "万元")
    return render_template("search.html", **context)


@lru_cache(maxsize=KEY_OPTIONS_KEPT)
def key_options(selected: str) -> Markup:
    """The <optgroup>s of every SCHEMA key for the pickers, `selected` chosen: some 230 options, escaped
    once per process and selection instead of on every page (they were most of its rendering)."""
    return Markup("").join(
        Markup('<optgroup label="{}">{}</optgroup>').format(caption, Markup("").join(
            Markup('<option value="{}"{}>{}</option>').format(key, Markup(" selected") if key == selected else "", label)
            for key, label in choices))
        for caption, choices in key_groups())


def facet_label(field: str, value: str | float) -> str:
    """A facet value as a person reads it."""
    if field == "year":
        return f"{int(value)} 年度"
    if field == "template":
        return f"{value} 版" if value else "未识别"
    if field == "checks":
        return safe_check_label(value)
    if field == "tables_read":
        return dict(TABLES_READ_CHOICES).get(value, value)
    return str(value)


def facet_links(args, counts: dict) -> list[dict]:
    """[{"label", "values": [(text, count, url, chosen)], "more"}] for each facet: a value's link filters
    on it, the chosen value's link takes the filter off."""
    out = []
    for field, name, heading in FACETS:
        values = []
        for value, count in counts[field][:FACET_VALUES_SHOWN]:
            raw = str(int(value)) if isinstance(value, float) else value
            chosen = args.get(name) == raw
            url = url_for("search.index", **params.replaced(args, **{name: "" if chosen else raw}).to_dict(flat=False))
            values.append((facet_label(field, value), count, url, chosen))
        if values:
            out.append({"label": heading, "values": values, "more": len(counts[field]) - len(values)})
    return out


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
    if key in dict(RANGE_FIELDS):
        return dict(RANGE_FIELDS)[key]
    try:
        return field_label(key)
    except (KeyError, ValueError):
        return key


def safe_check_label(rule: str) -> str:
    """tables_html.check_label for a rule from the URL, which anyone may have typed."""
    try:
        return tables_html.check_label(rule)
    except (KeyError, ValueError, IndexError):
        return rule


@bp.get("/export.csv")
def export_csv() -> ResponseReturnValue:
    """Every hit of the search in the URL, one row a report, UTF-8 with BOM so Excel reads the Chinese.

    The printed fields, then the 表三 group sums (labelled 各项之和) a spreadsheet would otherwise add up.
    Streamed a batch of hits at a time: memory stays one batch however many reports match."""
    try:
        kwargs = params.search_kwargs(request.args)
        has_index = store.has_index()
        if has_index:
            store.search_window(kwargs, 0, 1)  # a bad query fails here, before the download starts
    except (QueryError, ValueError) as exc:
        return Response(f"查询无法执行：{user_message(exc)}\n", status=400, mimetype="text/plain")
    rows = csv_rows(store.every_hit(kwargs) if has_index else iter(()))
    return Response(stream_with_context(rows), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=nianbao-export.csv"})


def csv_rows(hits: Iterator[dict]) -> Iterator[str]:
    """The CSV text of `hits`: the BOM and the header, then a line a hit, as it is read."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"{key}（{label}）" for key, label in META_COLUMNS]
                    + [f"{key}（{field_label(key)}）" for key in ALL_FIELD_KEYS + SUM_KEYS]
                    + [f"{key}（{label}）" for key, label in DERIVED_COLUMNS])
    yield "\ufeff" + out.getvalue()
    for hit in hits:
        out.seek(0)
        out.truncate()
        numbers = hit_numbers(hit)
        writer.writerow([csv_value(hit.get(key)) for key, _ in META_COLUMNS]
                        + [format_number(numbers.get(key)) for key in ALL_FIELD_KEYS + SUM_KEYS]
                        + [csv_value(derived_value(hit, key)) for key, _ in DERIVED_COLUMNS])
        yield out.getvalue()
