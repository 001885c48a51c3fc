"""`/upload`: archive a newly crawled report from the browser and show what was read from it;
`/api/upload`: the same for a script, answered in JSON. Who may upload is upload_guard's."""
from pathlib import PurePath

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import TooManyRequests

from ingest.record import tables_not_read

from .. import store, tables_html, upload_guard

bp = Blueprint("upload", __name__)
STATUS_TITLES = {"stored": "已收录", "duplicate": "档案里已有这份报告", "failed": "无法收录"}
READ_ONLY_MESSAGE = "这个站点是只读的：不接受上传。"


def _admit() -> None:
    """Refuse an upload in read-only mode (403) or over the client's rate (429 with Retry-After)."""
    if upload_guard.read_only():
        abort(403, description=READ_ONLY_MESSAGE)
    limit = upload_guard.rate_limit()
    wait = limit.retry_after(request.remote_addr or "")
    if wait:
        error = TooManyRequests(description=f"上传太频繁：每 {limit.window:g} 秒最多 {limit.limit} 次。请 {wait} 秒后再试。")
        error.retry_after = wait
        raise error


def _archive(file) -> tuple[str, dict | None, str | None, str]:
    """(status, entry, reason, name) of archiving an uploaded file; ValueError in words when there is none."""
    if file is None or not file.filename:
        raise ValueError("请选择要上传的报告文件（PDF 或文本）。")
    data = file.read()
    if not data:
        raise ValueError("上传的文件是空的。")
    name = PurePath(file.filename.replace("\\", "/")).name  # recorded as the original name; never a path
    return *store.archive_upload(data, name), name


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> ResponseReturnValue:
    """GET (and HEAD): the form. POST (CSRF-checked in csrf.protect): archive the file, or say in words why not."""
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
    form = {"limit_mb": limit_mb, "token_required": upload_guard.token_required()}
    if request.method != "POST":
        if upload_guard.read_only():
            abort(403, description=READ_ONLY_MESSAGE)
        return render_template("upload.html", **form)
    _admit()
    if form["token_required"] and not upload_guard.token_matches(request.form.get(upload_guard.TOKEN_FIELD, "")):
        return render_template("upload.html", **form, error="上传口令不对：请向管理员索取。"), 403
    try:
        status, entry, reason, name = _archive(request.files.get("file"))
    except ValueError as exc:
        return render_template("upload.html", **form, error=str(exc)), 400
    record = entry["record"] if entry else None
    return render_template(
        "upload.html", **form, status=status, status_title=STATUS_TITLES[status], name=name,
        entry=entry, record=record, reason=reason, tables=tables_html.tables(record) if record else [],
        check_label=tables_html.check_label, tables_unread=tables_not_read(record) if record else None,
    ), 422 if status == "failed" else 200


@bp.post("/api/upload")
def api_upload() -> ResponseReturnValue:
    """A multipart `file` with `Authorization: Bearer TOKEN`: {status, id, reason}. Needs the operator's
    token even on loopback: the header is what makes it safe from cross-site forms (csrf.EXEMPT)."""
    _admit()
    if not upload_guard.token_matches(upload_guard.bearer_token()):
        reason = "需要上传口令（Authorization: Bearer）。" if upload_guard.token_required() else \
            "服务器没有设置上传口令（--upload-token），不接受 API 上传。"
        return {"error": reason, "status": 401}, 401, {"WWW-Authenticate": "Bearer"}
    try:
        status, entry, reason, _ = _archive(request.files.get("file"))
    except ValueError as exc:
        return {"error": str(exc), "status": 400}, 400
    return {"status": status, "id": entry["id"] if entry else None, "reason": reason}, 422 if status == "failed" else 200
