"""What the web pages need from search/, composed from its public functions.

search/ answers searches (find.search), keeps the archive (archive.*) and the index
(index.*). The few things a browser needs that it has no single call for — a page of hits,
a report by id, one file's bytes archived and indexed — are put together here, in thin
functions, so nothing of search/ is written twice.
"""
import re
import threading

from flask import abort, current_app

from ingest import workers
from ingest.limits import from_env
from search import archive, index
from search.batch import extract_report
from search.find import search

from .fields import hit_numbers

ID_PATTERN = re.compile(r"^[0-9a-f]{64}$")  # a sha256, as archive.content_id makes it
_WRITE_LOCK = threading.Lock()  # one index writer per process: uploads take turns


def root():
    return current_app.config["DATA_DIR"]


def has_index():
    return index.exists(root())


def search_page(kwargs, page, page_size):
    """{"total", "hits"} for page `page` (from 1) of `page_size` hits."""
    return search(root(), limit=page_size, offset=(page - 1) * page_size, **kwargs)


def search_all(kwargs):
    return search(root(), limit=0, **kwargs)


def entry_or_404(report_id):
    """The archived entry of `report_id`; 404 unless it is a well-formed id of an archived report.

    The id is checked against the sha256 pattern before it comes near a path.
    """
    if not ID_PATTERN.match(report_id) or not archive.has(root(), report_id):
        abort(404, description="档案里没有这份报告（编号无效或不存在）。")
    return archive.load(root(), report_id)


def original_path(report_id):
    entry_or_404(report_id)
    return archive.original_path(root(), report_id)


def org_history(org):
    """[(year, record fields and group sums)] of every archived report whose org is exactly `org`, one per year."""
    if not org or not has_index():
        return []
    years = {}
    for hit in search_all({"org": org})["hits"]:
        if hit["org"] == org and hit["year"] is not None:
            years.setdefault(hit["year"], hit_numbers(hit))
    return sorted(years.items())


def archive_upload(data, name):
    """Archive and index one uploaded file as `nianbao ingest` would; (status, entry, reason).

    status is "stored", "duplicate" or "failed". `name` is only recorded, never used as a path:
    archive.store names the file by its sha256.
    """
    data_root = root()
    report_id = archive.content_id(data)
    if archive.has(data_root, report_id):
        return _duplicate(data_root, name, report_id)
    limits = from_env()
    job = [(None, (data, name, limits))]
    _, result, error = next(workers.run(extract_report, job, 1, limits.timeout_s))  # a stuck reader is killed
    record, reason = result or (None, error)
    if record is None:
        archive.log(data_root, name, "failed", reason=reason)
        return "failed", None, reason
    try:
        index.document({"id": report_id, "record": record})
    except ValueError as exc:
        reason = f"record breaks the schema: {exc}"
        archive.log(data_root, name, "failed", reason=reason)
        return "failed", None, reason
    with _WRITE_LOCK, archive.locked(data_root):  # uploads take turns, and with any ingest
        if archive.has(data_root, report_id):
            return _duplicate(data_root, name, report_id)
        ix = index.open_index(data_root)
        index.check_dictionary(data_root)  # before storing: refuse whole
        entry = archive.store(data_root, data, name, record)
        batch = index.Batch(ix)
        batch.add(entry)
        batch.commit()
    status, unread = archive.stored_status(entry["record"])
    archive.log(data_root, name, status, report_id, reason=unread)
    return "stored", entry, None


def _duplicate(data_root, name, report_id):
    archive.log(data_root, name, "duplicate", report_id)
    return "duplicate", archive.load(data_root, report_id), None
