"""The archive on disk: originals under their sha256, their records, and the ingest log.

Layout of a data folder (the archive is the truth; the index can always be rebuilt from it):

    originals/ab/abcd….         the file's bytes, unchanged, named by their sha256
    records/ab/abcd….json       {"id", "name", "size", "ingested_at", "record": <SCHEMA.md record>}
    ingest-log.jsonl            one line per file met: stored, "stored, tables not read", duplicate or failed (+ reason)
    index-v5/                   the search index (search/index.py; the name changes with its format)
    derived/bodies/             each body and its reports (compare/registry.py), rebuilt by reindex
    userdict.txt                optional: the segmenter's dictionary for this folder (search/dictionary.py)

A report exists once its record file exists. Both files are written to a temp file and
moved into place with os.replace, original first, so an interrupted run leaves either a
whole report or none (at worst an original without a record, which the next ingest of the
same bytes overwrites, and `nianbao verify --repair` re-extracts).

Writers in several processes (two ingests, an upload during an ingest) take turns on the
data folder's lock file (`locked`): storing a report and writing the index happen under it,
so a temp file met while holding the lock was left by a writer that died.
"""
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import backends

PROJECT_DATA = Path(__file__).resolve().parent.parent / "corpus"
TMP_SUFFIX = ".tmp"
LOCK_FILE = "write.lock"


def data_dir(arg: str | Path | None = None) -> Path | str:
    """The data folder: `--data`, else $NIANBAO_DATA, else corpus/ in the project root; a
    postgresql:// URL is kept as it is (search/backends)."""
    value = arg or os.environ.get("NIANBAO_DATA") or PROJECT_DATA
    return value if backends.is_database(value) else Path(value)


def content_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original_path(root: str | Path, report_id: str) -> Path:
    root = backends.files_root(root)
    return Path(root) / "originals" / report_id[:2] / report_id


def record_path(root: str | Path, report_id: str) -> Path:
    root = backends.files_root(root)  # a database keeps records in rows: nothing is ever found here
    return Path(root) / "records" / report_id[:2] / f"{report_id}.json"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@contextmanager
def locked(root: str | Path) -> Iterator[None]:
    """Hold the data folder's write lock (flock: waits for the holder, freed when its process dies, even by kill -9)."""
    if (db := backends.database(root)) is not None:
        with db.locked():
            yield
        return
    Path(root).mkdir(parents=True, exist_ok=True)
    with open(Path(root) / LOCK_FILE, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def has(root: str | Path, report_id: str) -> bool:
    if (db := backends.database(root)) is not None:
        return db.has(report_id)
    return record_path(root, report_id).exists()


def store(root: str | Path, data: bytes, name: str | Path, record: dict) -> dict:
    """Keep `data` and its record under the bytes' sha256; return the entry written.

    The caller decides what is a duplicate (`has`); storing the same bytes again rewrites
    the same two files.
    """
    report_id = content_id(data)
    entry = {
        "id": report_id,
        "name": Path(name).name,
        "size": len(data),
        "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "record": record,
    }
    put(root, data, entry)
    return entry


def put(root: str | Path, data: bytes, entry: dict) -> None:
    """Keep `data` and `entry` (its id the bytes' sha256) as they are: an entry moved from another archive keeps its
    name and time."""
    if (db := backends.database(root)) is not None:
        return db.store(data, entry)
    write_atomic(original_path(root, entry["id"]), data)
    write_atomic(record_path(root, entry["id"]), json.dumps(entry, ensure_ascii=False).encode("utf-8"))


def load(root: str | Path, report_id: str) -> dict:
    """The archived entry of one report (see the layout above)."""
    if (db := backends.database(root)) is not None:
        return db.load(report_id)
    return json.loads(record_path(root, report_id).read_text(encoding="utf-8"))


def report_ids(root: str | Path) -> list[str]:
    """The ids of every archived report, sorted."""
    if (db := backends.database(root)) is not None:
        return db.report_ids()
    records = Path(root) / "records"
    if not records.is_dir():
        return []
    return sorted(p.name[:-len(".json")] for p in records.glob("??/*.json"))


def entries(root: str | Path) -> Iterator[dict]:
    """Every archived entry, in id order."""
    if (db := backends.database(root)) is not None:
        yield from db.entries()
        return
    for report_id in report_ids(root):
        yield load(root, report_id)


def temp_files(root: str | Path) -> list[Path]:
    root = backends.files_root(root)
    return [tmp for sub in ("originals", "records") for tmp in sorted((Path(root) / sub).glob(f"??/*{TMP_SUFFIX}"))]


def remove_temp_files(root: str | Path) -> int:
    """Delete the half-written temp files an interrupted run left (call it under `locked`); return how many."""
    found = temp_files(root)
    for tmp in found:
        tmp.unlink(missing_ok=True)
    return len(found)


STORED = "stored"
STORED_TABLES_NOT_READ = "stored, tables not read"  # archived and indexed, but its record holds no table numbers


def stored_status(record: dict) -> tuple[str, str | None]:
    """(log status, reason) of a report just stored: whether its tables were read, and why not."""
    from ingest.record import tables_not_read

    reason = tables_not_read(record)
    return (STORED_TABLES_NOT_READ, reason) if reason else (STORED, None)


def log(root: str | Path, path: str | Path, status: str, report_id: str | None = None,
        reason: str | None = None) -> None:
    """Append one line to the ingest log: what happened to `path` and why."""
    line = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "path": str(path), "status": status}
    if report_id:
        line["id"] = report_id
    if reason:
        line["reason"] = reason
    append_log(root, line)


def append_log(root: str | Path, line: dict) -> None:
    """Add one line, as `log` makes them, to the ingest log."""
    if (db := backends.database(root)) is not None:
        return db.log(line)
    Path(root).mkdir(parents=True, exist_ok=True)
    with open(Path(root) / "ingest-log.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")


def read_log(root: str | Path) -> list[dict]:
    if (db := backends.database(root)) is not None:
        return db.read_log()
    path = Path(root) / "ingest-log.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
