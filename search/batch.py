"""`nianbao ingest`: read report files, archive the new ones, index them, log every file.

Extraction may run in worker processes; archiving, logging and the index writer stay in
this process, so there is one writer. The index is committed in batches and brought in step
with the archive on start, so an interrupted run (Ctrl-C, kill -9) never loses a report it
reported as stored.
"""
import sys
import time
from collections import deque
from pathlib import Path

from . import archive, index

REPORT_SUFFIXES = (".pdf", ".txt", ".text", ".htm", ".html", ".doc", ".docx")  # what a folder walk picks up
IN_FLIGHT_PER_WORKER = 2  # files handed to workers ahead of the writer, bounding memory


def report_files(paths):
    """The files to ingest: each file named, and every report file under each folder named, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]
            yield from sorted(found)
        else:
            yield path


def extract_report(data, name):
    """The record of a file's bytes, or the reason there is none (for any reader failure)."""
    from ingest.errors import ReportError
    from ingest.extract import extract_bytes

    try:
        return extract_bytes(data, name), None
    except ReportError as exc:
        return None, exc.reason
    except Exception as exc:  # a reader bug must not stop the batch; the log names it
        return None, f"reader failed: {type(exc).__name__}: {exc}"


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total, stream):
        self.total, self.done, self.stream = total, 0, stream
        self.on = stream.isatty()

    def step(self, name):
        self.done += 1
        if self.on:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} {name[-40:]:<40}")
            self.stream.flush()

    def say(self, line):
        if self.on:
            self.stream.write("\r\033[K")
        print(line, file=self.stream, flush=True)

    def close(self):
        if self.on:
            self.stream.write("\r\033[K")
            self.stream.flush()


def ingest(paths, root, workers=1, extract=extract_report, stream=None):
    """Archive and index every new report among `paths`; return counts {stored, duplicate, failed}.

    `extract(data, name)` returns (record, None) or (None, reason); the CLI uses the readers.
    """
    root, stream = Path(root), stream or sys.stderr
    root.mkdir(parents=True, exist_ok=True)
    archive.remove_temp_files(root)
    ix = index.open_index(root)
    added, removed = index.sync(root, ix)
    if added or removed:
        print(f"nianbao: index brought in step with the archive (+{added} -{removed})", file=stream)
    files = list(report_files(paths))
    counts = {"stored": 0, "duplicate": 0, "failed": 0}
    progress = Progress(len(files), stream)
    batch = index.Batch(ix)
    seen = set()

    def fail(path, reason):
        counts["failed"] += 1
        archive.log(root, path, "failed", reason=reason)
        progress.say(f"nianbao: {path}: {reason}")

    def finish(path, data, report_id, result):
        record, reason = result
        if record is None:
            return fail(path, reason)
        entry = {"id": report_id, "record": record}
        try:
            index.document(entry)
        except ValueError as exc:
            return fail(path, f"record breaks the schema: {exc}")
        entry = archive.store(root, data, path, record)
        batch.add(entry)
        counts["stored"] += 1
        archive.log(root, path, "stored", report_id)

    def jobs():
        """(path, data, id) of each file to extract; duplicates and unreadable files are settled here."""
        for path in files:
            progress.step(str(path))
            try:
                data = path.read_bytes()
            except OSError as exc:
                fail(path, exc.strerror or str(exc))
                continue
            report_id = archive.content_id(data)
            if report_id in seen or archive.has(root, report_id):
                counts["duplicate"] += 1
                archive.log(root, path, "duplicate", report_id)
                continue
            seen.add(report_id)
            yield path, data, report_id

    start = time.monotonic()
    try:
        if workers <= 1:
            for path, data, report_id in jobs():
                finish(path, data, report_id, extract(data, str(path)))
        else:
            _run_pool(jobs(), workers, extract, finish)
    finally:
        batch.commit()
        progress.close()
    elapsed = time.monotonic() - start
    print(f"nianbao: {len(files)} files in {elapsed:.1f} s: {counts['stored']} stored, "
          f"{counts['duplicate']} duplicate, {counts['failed']} failed", file=stream)
    return counts


def _run_pool(jobs, workers, extract, finish):
    """Extract in `workers` processes, finishing results in file order with a bounded number in flight."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        pending = deque()
        for path, data, report_id in jobs:
            pending.append((path, data, report_id, pool.submit(extract, data, str(path))))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                path, data, report_id, future = pending.popleft()
                finish(path, data, report_id, future.result())
        while pending:
            path, data, report_id, future = pending.popleft()
            finish(path, data, report_id, future.result())
    finally:
        pool.shutdown(cancel_futures=True)
