"""What the web pages need from search/, composed from its public functions.

search/ answers searches (query.find.search), keeps the archive (archive.*) and the index
(index.*). The few things a browser needs that it has no single call for — a page of hits,
a report by id, one file's bytes archived and indexed — are put together here, in thin
functions, so nothing of search/ is written twice.
"""
import re
import threading
from pathlib import Path

from flask import abort, current_app

from search import archive, index, store
from search.query.find import search

from .fields import hit_numbers

ID_PATTERN = re.compile(r"^[0-9a-f]{64}$")  # a sha256, as archive.content_id makes it
_WRITE_LOCK = threading.Lock()  # one index writer per process: uploads take turns


def root() -> Path:
    return current_app.config["DATA_DIR"]


def has_index() -> bool:
    return index.exists(root())


def search_page(kwargs: dict, page: int, page_size: int) -> dict:
    """{"total", "hits"} for page `page` (from 1) of `page_size` hits."""
    return search(root(), limit=page_size, offset=(page - 1) * page_size, **kwargs)


def search_all(kwargs: dict) -> dict:
    return search(root(), limit=0, **kwargs)


def entry_or_404(report_id: str) -> dict:
    """The archived entry of `report_id`; 404 unless it is a well-formed id of an archived report.

    The id is checked against the sha256 pattern before it comes near a path.
    """
    if not ID_PATTERN.match(report_id) or not archive.has(root(), report_id):
        abort(404, description="档案里没有这份报告（编号无效或不存在）。")
    return archive.load(root(), report_id)


def derived_profile(entry: dict) -> dict:
    """{"body", "timeliness", "findings", "not_compared"} of an archived report, derived now (compare/derived.py)."""
    from compare.derived import Deriver

    return Deriver(root()).profile(entry)


def original_path(report_id: str) -> Path:
    entry_or_404(report_id)
    return archive.original_path(root(), report_id)


def org_history(org: str | None) -> list[tuple[int, dict[str, float]]]:
    """[(year, record fields and group sums)] of every archived report whose org is exactly `org`, one per year."""
    if not org or not has_index():
        return []
    years = {}
    for hit in search_all({"org": org})["hits"]:
        if hit["org"] == org and hit["year"] is not None:
            years.setdefault(hit["year"], hit_numbers(hit))
    return sorted(years.items())


def archive_upload(data: bytes, name: str) -> tuple[str, dict | None, str | None]:
    """Archive and index one uploaded file as `nianbao ingest` would; (status, entry, reason).

    status is "stored", "duplicate" or "failed". `name` is only recorded, never used as a path:
    archive.store names the file by its sha256.
    """
    data_root = root()
    outcome = store.archived_copy(data_root, name, archive.content_id(data))
    if outcome is None:
        ((_, record, reason),) = store.read_reports([(None, (data, name))])  # a stuck reader is killed
        with _WRITE_LOCK:  # uploads take turns
            outcome = store.store_report(data_root, data, name, record, reason, index_now=True)
    if outcome.status in (store.FAILED, store.DUPLICATE):
        return outcome.status, outcome.entry, outcome.reason
    return "stored", outcome.entry, None
