"""The JSON API: `/api/search` takes the CLI's parameters and answers its JSON; `/api/reports/<id>` the record."""
from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue

from search.query.messages import user_message
from search.query.parse import QueryError, whole_number

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
        limit = whole_number("limit", "每页条数", request.args.get("limit", "20"), minimum=0)
        if limit == 0:
            return store.search_all(kwargs)
        return store.search_page(kwargs, 1, limit)
    except (QueryError, ValueError) as exc:
        abort(400, description=user_message(exc))


@bp.get("/reports/<report_id>")
def api_report(report_id: str) -> dict:
    """The canonical record of one archived report (SCHEMA.md)."""
    return store.entry_or_404(report_id)["record"]
