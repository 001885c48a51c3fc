"""The JSON API: `/api/search` takes the CLI's parameters and answers its JSON a page at a time;
`/api/reports/<id>` the record."""
from flask import Blueprint, abort, request, url_for
from flask.typing import ResponseReturnValue

from search.query.messages import user_message
from compare.history import body_history, list_bodies
from search.query.parse import QueryError

from . import params, store

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def api_search() -> ResponseReturnValue:
    """`nianbao search` over HTTP: q, where (repeatable), year, template, org, tables_read (yes/no), check,
    sort; `limit` hits (default 20, at most params.MAX_LIMIT) from `offset`, or of page `page`.

    The answer says where it stands (total, page, offset, limit) and links the pages around it
    (next, prev: null at either end), so a client walks a listing without doing arithmetic."""
    try:
        kwargs = params.search_kwargs(request.args)
        offset, limit = params.window(request.args)
        result = store.search_window(kwargs, offset, limit) if store.has_index() else {"total": 0, "hits": []}
    except (QueryError, ValueError) as exc:
        abort(400, description=user_message(exc))
    total = result["total"]
    return {"total": total, "page": offset // limit + 1, "offset": offset, "limit": limit,
            "next": window_url(offset + limit, limit) if offset + limit < total else None,
            "prev": window_url(max(0, offset - limit), limit) if offset > 0 else None,
            "hits": result["hits"], "hint": result.get("hint")}


def window_url(offset: int, limit: int) -> str:
    """This request's URL moved to another window of hits."""
    args = params.replaced(request.args, offset=str(offset), limit=str(limit))
    return url_for("api.api_search", _external=True, **args.to_dict(flat=False))


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
