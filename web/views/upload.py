"""`/upload`: archive a newly crawled report from the browser and show what was read from it."""
from pathlib import PurePath

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue

from ingest.record import tables_not_read

from .. import store, tables_html

bp = Blueprint("upload", __name__)
STATUS_TITLES = {"stored": "已收录", "duplicate": "档案里已有这份报告", "failed": "无法收录"}


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> ResponseReturnValue:
    """GET: the form. POST (CSRF-checked in csrf.protect): archive the file, or say in words why not."""
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
    if request.method == "GET":
        return render_template("upload.html", limit_mb=limit_mb)
    file = request.files.get("file")
    if file is None or not file.filename:
        return render_template("upload.html", limit_mb=limit_mb, error="请选择要上传的报告文件（PDF 或文本）。"), 400
    data = file.read()
    if not data:
        return render_template("upload.html", limit_mb=limit_mb, error="上传的文件是空的。"), 400
    name = PurePath(file.filename.replace("\\", "/")).name  # recorded as the original name; never a path
    status, entry, reason = store.archive_upload(data, name)
    code = 422 if status == "failed" else 200
    record = entry["record"] if entry else None
    return render_template(
        "upload.html", limit_mb=limit_mb, status=status, status_title=STATUS_TITLES[status], name=name,
        entry=entry, record=record, reason=reason, tables=tables_html.tables(record) if record else [],
        check_label=tables_html.check_label, tables_unread=tables_not_read(record) if record else None,
    ), code
