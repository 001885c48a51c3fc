"""The JSON API: `/api/search` takes the CLI's parameters and answers its JSON; `/api/reports/<id>` the record."""
from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue

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
    """The canonical record of one archived report (SCHEMA.md)."""
    return store.entry_or_404(report_id)["record"]
