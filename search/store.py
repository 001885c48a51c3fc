"""Storing reports: one report's bytes and record into the archive (and the index), many reports from files.

`store_report` is the one way a report enters the archive: `nianbao ingest` calls it for
each file, the web upload for one, and it logs what became of the file (stored, "stored,
tables not read", duplicate, failed). `read_reports` is the one way files are read for it:
the readers run in worker processes, each file under the time limit (ingest/workers.py).

Storing a report and writing the index take the data folder's lock (archive.locked), so two
ingests, or an ingest and an upload, store each report once and keep one index. `ingest`
commits the index in batches and brings it in step with the archive on start, so an
interrupted run (Ctrl-C, kill -9) never loses a report it reported as stored.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from ingest.errors import printable
from ingest.limits import Limits, from_env

from . import archive, backends, dictionary, index
from .manifest import Manifest
from .progress import Progress

if TYPE_CHECKING:
    from whoosh.index import Index

# What a folder walk picks up: every format the readers take (extract.sniff decides the reader from the bytes).
REPORT_SUFFIXES = (".pdf", ".txt", ".text", ".htm", ".html", ".doc", ".docx", ".rtf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
FAILED, DUPLICATE = "failed", "duplicate"


class Outcome(NamedTuple):
    """What became of one file: its log status, the archived entry (stored or the copy already there), why not."""
    status: str  # archive.STORED, archive.STORED_TABLES_NOT_READ, DUPLICATE or FAILED
    entry: dict | None
    reason: str | None  # why it failed, or why its tables were not read


def report_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to ingest: each file named, and every report file under each folder named, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]
            yield from sorted(found)
        else:
            yield path


def read_reports(jobs: Iterable, workers: int = 1, limits: Limits | None = None,
                 extract: Callable | None = None, on_event: Callable | None = None) -> Iterator[tuple]:
    """(key, record, reason) for each (key, (data, name)) of `jobs`, in order, read in `workers` processes
    under `limits` (default: the environment's); a reader stuck past the time limit is killed.

    `extract(data, name)` returns (record, None) or (None, reason); by default the readers under `limits`.
    `on_event(key, event)` hears what a reader tells while reading (ingest.workers.Event: OCR'd pages).
    """
    from ingest.extract import extract_or_reason
    from ingest.workers import run

    limits = limits or from_env()
    extract = extract or partial(extract_or_reason, limits=limits)
    for key, result, error in run(extract, jobs, workers, limits.timeout_s, on_event):
        yield (key, *(result or (None, error)))


def archived_copy(root: Path, name: str | Path, report_id: str) -> Outcome | None:
    """The duplicate outcome, logged, when the report `report_id` is archived already; else None.

    Checked before the readers run (a copy costs no reading) and again under the lock before storing.
    """
    if not archive.has(root, report_id):
        return None
    archive.log(root, name, DUPLICATE, report_id)
    return Outcome(DUPLICATE, archive.load(root, report_id), None)


def store_report(root: Path, data: bytes, name: str | Path, record: dict | None, reason: str | None = None,
                 index_now: bool = False) -> Outcome:
    """Archive one report (its bytes and the record read from them, or the reason there is none) and log the outcome.

    A record that breaks the schema fails; bytes already archived are a duplicate (checked under
    the lock, so two writers store a report once). `index_now` (an upload) indexes it in the
    same hold of the lock, and refuses it whole (index.DictionaryChanged) when the index needs
    rebuilding; otherwise the caller indexes the stored entries in batches (`ingest`).
    """
    report_id = archive.content_id(data)
    index_now = index_now and backends.database(root) is None  # a database indexes a report as it stores it
    if record is not None:
        try:
            index.document({"id": report_id, "record": record})
        except ValueError as exc:
            record, reason = None, f"record breaks the schema: {exc}"
    if record is None:
        archive.log(root, name, FAILED, reason=reason)
        return Outcome(FAILED, None, reason)
    with archive.locked(root):
        if copy := archived_copy(root, name, report_id):  # stored meanwhile by another process
            return copy
        if index_now:
            ix = index.open_index(root)
            index.check_dictionary(root)  # before storing: refuse whole
        entry = archive.store(root, data, name, record)
        if index_now:
            batch = index.Batch(ix)
            batch.add(entry)
            batch.commit()
    status, unread = archive.stored_status(record)
    archive.log(root, name, status, report_id, reason=unread)
    return Outcome(status, entry, unread)


def ingest(paths: Iterable[str | Path], root: Path, workers: int = 1, extract: Callable | None = None,
           stream: TextIO | None = None, limits: Limits | None = None, manifest: Manifest | None = None) -> dict[str, int]:
    """Archive and index every new report among `paths`; return counts {stored, duplicate, failed}.

    `extract` and `limits` as for `read_reports`. `manifest` fills `published` and `url` of the
    files that do not state them.
    """
    root, stream = archive.data_dir(root), stream or sys.stderr
    limits = limits or from_env()
    with archive.locked(root):
        archive.remove_temp_files(root)
        ix = _open_or_rebuild(root, stream)
        added, removed = index.sync(root, ix) if ix is not None else (0, 0)
    if added or removed:
        print(f"nianbao: index brought in step with the archive (+{added} -{removed})", file=stream)
    files = list(report_files(paths))
    counts = {"stored": 0, DUPLICATE: 0, FAILED: 0}
    unread = []  # stored reports whose tables were not read (the log says so for each)
    progress = Progress(len(files), "ingest", "files", stream)
    pending = []

    def failed(path, reason):
        counts[FAILED] += 1
        progress.say(f"nianbao: {printable(path)}: {printable(reason)}")

    def finish(path, data, record, reason):
        if record is not None and manifest is not None:
            record = manifest.fill(record, path)
        outcome = store_report(root, data, path, record, reason)
        if outcome.status == FAILED:
            return failed(path, outcome.reason)
        if outcome.status == DUPLICATE:
            counts[DUPLICATE] += 1
            return
        counts["stored"] += 1
        pending.append(outcome.entry)
        if outcome.reason:
            unread.append(path)
            progress.say(f"nianbao: {printable(path)}: {outcome.status}: {printable(outcome.reason)}")
        if len(pending) >= index.COMMIT_EVERY:
            index_pending(root, ix, pending)

    def jobs():
        """((path, data), (data, name)) of each file to extract; duplicates and unreadable files are settled here."""
        for path in files:
            progress.step()
            try:
                data = path.read_bytes()
            except OSError as exc:
                reason = exc.strerror or str(exc)
                archive.log(root, path, FAILED, reason=reason)
                failed(path, reason)
                continue
            if archived_copy(root, path, archive.content_id(data)):  # a copy within this run: in store_report
                counts[DUPLICATE] += 1
                continue
            yield (path, data), (data, str(path))

    start = time.monotonic()
    try:
        def ocr_progress(job, event):
            if event.kind == "progress":
                done, total = event.value
                progress.detail(f"{printable(job[0])}: OCR page {done}/{total}")

        for (path, data), record, reason in read_reports(jobs(), workers, limits, extract, ocr_progress):
            finish(path, data, record, reason)
    finally:
        index_pending(root, ix, pending)
        progress.close()
    elapsed = time.monotonic() - start
    print(f"nianbao: {len(files)} files in {elapsed:.1f} s: {counts['stored']} stored, "
          f"{counts[DUPLICATE]} duplicate, {counts[FAILED]} failed; "
          f"{len(unread)} of those stored with tables not read", file=stream)
    return counts


def _open_or_rebuild(root, stream):
    """The index, rebuilt from the archive first when it cannot be opened or was cut with another
    dictionary (it holds nothing the archive lacks); None for a database, whose rows are their index."""
    from whoosh.index import IndexError as DamagedIndex

    if (db := backends.database(root)) is not None:
        return db.open_or_rebuild(stream)

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


def index_pending(root: Path, ix: Index | None, pending: list[dict]) -> None:
    """Index the stored entries of `pending` (emptied) in one commit under the lock, skipping any
    another process indexed meanwhile (its start-up sync indexes whatever the archive holds);
    nothing to do for a database (ix None), which indexed each as it stored it."""
    if ix is None:
        pending.clear()
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
