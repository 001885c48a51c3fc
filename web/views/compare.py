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
