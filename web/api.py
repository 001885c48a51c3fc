"""The JSON API: `/api/search` takes the CLI's parameters and answers its JSON; `/api/reports/<id>` the record."""
from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue

from compare.history import body_history, list_bodies
from search.query.parse import QueryError

from . import params, store

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search() -> ResponseReturnValue:
    """`nianbao search` over HTTP: q, where (repeatable), year, template, org, tables_read (yes/no), sort,
    limit (default 20; 0 = all)."""
    if not store.has_index():
        return {"total": 0, "hits": []}
    try:
        kwargs = params.search_kwargs(request.args)
        limit = int(request.args.get("limit", 20))
        if limit < 0:
            raise ValueError("limit must be 0 or more")
        if limit == 0:
            return store.search_all(kwargs)
        return store.search_page(kwargs, 1, limit)
    except (QueryError, ValueError) as exc:
        abort(400, description=str(exc))


@bp.get("/reports/<report_id>")
def api_report(report_id: str) -> dict:
    """The canonical record of one archived report (SCHEMA.md), with its body, timeliness and cross-year
    findings (compare/derived.py)."""
    entry = store.entry_or_404(report_id)
    return {**entry["record"], **store.derived_profile(entry)}


@bp.get("/bodies")
def api_bodies() -> list:
    """`nianbao bodies --json`: region, level, kind filter as there."""
    return list_bodies(store.root(), **{key: request.args.get(key) or None for key in ("region", "level", "kind")})


@bp.get("/bodies/<body_id>")
def api_body(body_id: str) -> dict:
    """`nianbao body ID --json`: the body and its reports by year."""
    history = body_history(store.root(), body_id)
    if history is None:
        abort(404, description="档案里没有这个机关。")
    return history
