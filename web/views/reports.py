"""One report: `/reports/<id>` (meta, narrative, the three tables as printed, checks, notes, charts,
for a scan the cells OCR was unsure of boxed on their page), its original file and the images of
its PDF or scanned pages."""
from flask import Blueprint, Response, abort, render_template, send_file
from markupsafe import Markup

from ingest.record import tables_not_read
from ingest.schema import MONEY_KEYS, SECTION_LABELS, SECTIONS

from .. import charts, ocr_review, pdf_pages, store, tables_html
from ..fields import KEY_FIELDS, TABLE_CAPTIONS, in_template

bp = Blueprint("reports", __name__)
BEFORE_TABLES = ("preamble", "overview")  # the report's own order: 一 总体情况, 二–四 the tables, 五, 六


@bp.get("/reports/<report_id>")
def report(report_id: str) -> str:
    entry = store.entry_or_404(report_id)
    record = entry["record"]
    path = store.original_path(report_id)
    pages = pdf_pages.table_pages(path) if pdf_pages.is_pdf(path) else {}
    pages = pages or ocr_review.table_pages(record)  # a scan has no text to find the headings in
    texts = record.get("sections") or {}
    sections = [(s, SECTION_LABELS[s], texts[s]) for s in SECTIONS if texts.get(s)]
    return render_template(
        "report.html", entry=entry, record=record,
        sections_before=[s for s in sections if s[0] in BEFORE_TABLES],
        sections_after=[s for s in sections if s[0] not in BEFORE_TABLES],
        tables=tables_html.tables(record), pages=pages, history=history_charts(record),
        check_label=tables_html.check_label, table_captions=TABLE_CAPTIONS, tables_unread=tables_not_read(record),
        derived=store.derived_profile(entry),
        ocr_pages=ocr_review.review_pages(record, path) if pdf_pages.has_pages(path) else [],
        ocr_cells=ocr_review.flagged_cells(record),
    )


def history_charts(record: dict) -> list[tuple[str, Markup | None]]:
    """The key numbers of this org across the years the archive holds, one small chart each."""
    history = store.org_history(record.get("org"))
    if len(history) < 2:
        return []
    out = []
    for key, label in KEY_FIELDS:
        points = [(year, fields.get(key), in_template(key, template)) for year, template, fields in history]
        if any(value for _, value, _ in points):
            unit = "万元" if key in MONEY_KEYS else ""  # counts are counts; money is printed in 万元
            out.append((label, charts.by_year(points, f"{record['org']} · {label}", unit)))
    return out


@bp.get("/reports/<report_id>/original")
def original(report_id: str) -> Response:
    """The file as it was archived: a PDF opens in the browser; anything else (text in an unknown
    encoding) downloads under its archived name, which is only a suggestion to the browser."""
    entry = store.entry_or_404(report_id)
    path = store.original_path(report_id)
    if pdf_pages.is_pdf(path):
        return send_file(path, mimetype="application/pdf", download_name=entry.get("name") or f"{report_id}.pdf")
    image = pdf_pages.image_type(path)
    if image:
        return send_file(path, mimetype=f"image/{image}", download_name=entry.get("name") or f"{report_id}.{image}")
    return send_file(path, mimetype="application/octet-stream", as_attachment=True,
                     download_name=entry.get("name") or f"{report_id}.txt")


@bp.get("/reports/<report_id>/pages/<int:page>.png")
def page_image(report_id: str, page: int) -> Response:
    path = store.original_path(report_id)
    if not pdf_pages.has_pages(path):
        abort(404, description="这份报告的原件不是 PDF 或扫描图像，没有页面图像。")
    try:
        png = pdf_pages.page_png(store.root(), report_id, path, page)
    except IndexError:
        abort(404, description="原件没有这一页。")
    return send_file(png, mimetype="image/png", max_age=86400)
