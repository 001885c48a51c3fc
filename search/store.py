"""`nianbao ingest`: read report files, archive the new ones, index them, log every file.

Extraction runs in worker processes, each file under the time limit (ingest/workers.py);
archiving, logging and the index writer stay in this process. Storing a report and writing
the index take the data folder's lock (archive.locked), so two ingests, or an ingest and an
upload, store each report once and keep one index. The index is committed in batches and
brought in step with the archive on start, so an interrupted run (Ctrl-C, kill -9) never
loses a report it reported as stored.
"""
import sys
import time
from functools import partial
from pathlib import Path

from ingest.errors import printable
from ingest.limits import from_env

from . import archive, dictionary, index
from .progress import Progress

# What a folder walk picks up: every format the readers take (extract.sniff decides the reader from the bytes).
REPORT_SUFFIXES = (".pdf", ".txt", ".text", ".htm", ".html", ".doc", ".docx", ".rtf")


def report_files(paths):
    """The files to ingest: each file named, and every report file under each folder named, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]
            yield from sorted(found)
        else:
            yield path


def extract_report(data, name, limits=None):
    """The record of a file's bytes, or the reason there is none (for any reader failure)."""
    from ingest.errors import ReportError
    from ingest.extract import extract_bytes

    try:
        return extract_bytes(data, name, limits), None
    except ReportError as exc:
        return None, exc.reason
    except Exception as exc:  # a reader bug must not stop the batch; the log names it
        return None, f"reader failed: {type(exc).__name__}: {exc}"


def ingest(paths, root, workers=1, extract=None, stream=None, limits=None, manifest=None):
    """Archive and index every new report among `paths`; return counts {stored, duplicate, failed}.

    `extract(data, name)` returns (record, None) or (None, reason); by default the readers
    under `limits` (ingest.limits.Limits, default: the environment's). `manifest` (search.manifest.Manifest)
    fills `published` and `url` of the files that do not state them.
    """
    root, stream = Path(root), stream or sys.stderr
    limits = limits or from_env()
    extract = extract or partial(extract_report, limits=limits)
    root.mkdir(parents=True, exist_ok=True)
    with archive.locked(root):
        archive.remove_temp_files(root)
        ix = _open_or_rebuild(root, stream)
        added, removed = index.sync(root, ix)
    if added or removed:
        print(f"nianbao: index brought in step with the archive (+{added} -{removed})", file=stream)
    files = list(report_files(paths))
    counts = {"stored": 0, "duplicate": 0, "failed": 0}
    unread = []  # stored reports whose tables were not read (the log says so for each)
    progress = Progress(len(files), "ingest", "files", stream)
    pending = []

    def fail(path, reason):
        counts["failed"] += 1
        archive.log(root, path, "failed", reason=reason)
        progress.say(f"nianbao: {printable(path)}: {printable(reason)}")

    def duplicate(path, report_id):
        counts["duplicate"] += 1
        archive.log(root, path, "duplicate", report_id)

    def finish(path, data, report_id, record, reason):
        if record is None:
            return fail(path, reason)
        if manifest is not None:
            record = manifest.fill(record, path)
        try:
            index.document({"id": report_id, "record": record})
        except ValueError as exc:
            return fail(path, f"record breaks the schema: {exc}")
        with archive.locked(root):
            if archive.has(root, report_id):  # stored meanwhile by another process
                return duplicate(path, report_id)
            pending.append(archive.store(root, data, path, record))
        counts["stored"] += 1
        status, reason = archive.stored_status(record)
        archive.log(root, path, status, report_id, reason=reason)
        if reason:
            unread.append(path)
            progress.say(f"nianbao: {printable(path)}: {status}: {printable(reason)}")
        if len(pending) >= index.COMMIT_EVERY:
            index_pending(root, ix, pending)

    def jobs():
        """((path, data, id), (data, name)) of each file to extract; duplicates and unreadable files are settled here."""
        for path in files:
            progress.step()
            try:
                data = path.read_bytes()
            except OSError as exc:
                fail(path, exc.strerror or str(exc))
                continue
            report_id = archive.content_id(data)
            if archive.has(root, report_id):  # a copy within this run is caught in finish, once the first is stored
                duplicate(path, report_id)
                continue
            yield (path, data, report_id), (data, str(path))

    from ingest.workers import run

    start = time.monotonic()
    try:
        for (path, data, report_id), result, error in run(extract, jobs(), workers, limits.timeout_s):
            finish(path, data, report_id, *(result or (None, error)))
    finally:
        index_pending(root, ix, pending)
        progress.close()
    elapsed = time.monotonic() - start
    print(f"nianbao: {len(files)} files in {elapsed:.1f} s: {counts['stored']} stored, "
          f"{counts['duplicate']} duplicate, {counts['failed']} failed; "
          f"{len(unread)} of those stored with tables not read", file=stream)
    return counts


def _open_or_rebuild(root, stream):
    """The index, rebuilt from the archive first when it cannot be opened or was cut with another
    dictionary (it holds nothing the archive lacks)."""
    from whoosh.index import IndexError as DamagedIndex

    try:
        ix = index.open_index(root)
        index.check_dictionary(root)
        return ix
    except DamagedIndex as exc:
        why = f"the index cannot be opened ({exc})"
    except index.DictionaryChanged:
        why = f"the index was cut with another dictionary than {dictionary.path_for(root)}"
    print(f"nianbao: {why}; rebuilt it from the archive: {index.rebuild(root)} reports", file=stream)
    return index.open_index(root)


def index_pending(root, ix, pending):
    """Index the stored entries of `pending` (emptied) in one commit under the lock, skipping any
    another process indexed meanwhile (its start-up sync indexes whatever the archive holds)."""
    if not pending:
        return
    with archive.locked(root):
        present = index.indexed_ids(ix)
        batch = index.Batch(ix)
        for entry in pending:
            if entry["id"] not in present:
                batch.add(entry)
        batch.commit()
    pending.clear()
