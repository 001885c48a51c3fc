"""`nianbao verify [--repair]`: does the archive hold together, and does the index agree with it?

Checked: every original's bytes hash to its name, every original has its record and every
record its original, every record reads back as a valid entry, no temp file is left, the
index opens and holds each archived report exactly once and nothing else.

Repaired: a missing or broken record is extracted again from its original; a report whose
original no longer matches its hash, or whose original is gone, moves to quarantine/
(kept for a person, logged); temp files are deleted; the index gets what it lacks, loses
what the archive lacks, and is rebuilt when it cannot be opened. Everything runs under the
data folder's lock, so a running ingest waits rather than being judged half-way.
"""
import shutil
from pathlib import Path
from typing import NamedTuple

from . import archive, backends, dictionary, index, progress

QUARANTINE = "quarantine"


class Problem(NamedTuple):
    kind: str  # one of DESCRIPTIONS
    subject: str  # a report id, or a path for a temp file
    detail: str = ""


DESCRIPTIONS = {
    "temp-file": "temp file left by an interrupted write",
    "bad-hash": "original's bytes do not match its sha256",
    "no-record": "original without a record",
    "bad-record": "record cannot be used",
    "no-original": "record without its original",
    "no-index": "index cannot be opened",
    "dictionary-changed": "index was cut with another dictionary",
    "not-indexed": "archived but not indexed",
    "stale-index": "indexed but not archived",
    "indexed-twice": "indexed more than once",
}


def verify(root: str | Path, repair: bool = False) -> dict:
    """{"counts", "found", "repaired", "remaining"}: the problems found, what was done about each, what is left."""
    root = archive.data_dir(root)
    with archive.locked(root):
        counts, found = {}, []
        found += archive_problems(root, counts)
        found += index_problems(root, counts)
        repaired = []
        if repair and found:
            repaired += repair_archive(root, [p for p in found if p.kind not in INDEX_KINDS])
            repaired += repair_index(root, index_problems(root, {}))
            remaining = archive_problems(root, {}) + index_problems(root, {})
        else:
            remaining = found
    return {"root": backends.display(root), "counts": counts, "found": found, "repaired": repaired, "remaining": remaining}


def archive_problems(root: Path, counts: dict[str, int]) -> list[Problem]:
    """Problems of originals, records and temp files; `counts` gets how many of each were read."""
    found = [Problem("temp-file", str(tmp)) for tmp in archive.temp_files(root)]
    folder = backends.files_root(root) / "originals"
    originals = {p.name for p in folder.glob("??/*") if not p.name.endswith(archive.TMP_SUFFIX)}
    records = set(archive.report_ids(root))
    counts.update(originals=len(originals), records=len(records))
    good = set()
    for report_id in progress.tracked(sorted(originals), len(originals), "verify: hashing originals"):
        actual = archive.content_id(archive.original_path(root, report_id).read_bytes())
        if actual != report_id:
            found.append(Problem("bad-hash", report_id, f"its bytes hash to {actual[:12]}…"))
        elif report_id not in records:
            found.append(Problem("no-record", report_id))
        else:
            good.add(report_id)
    for report_id in sorted(records - originals):
        found.append(Problem("no-original", report_id))
    for report_id in progress.tracked(sorted(good), len(good), "verify: reading records"):
        if reason := _record_fault(root, report_id):
            found.append(Problem("bad-record", report_id, reason))
    return found


def _record_fault(root, report_id):
    """Why a record file cannot be used, or None."""
    try:
        entry = archive.load(root, report_id)
        if entry.get("id") != report_id:
            return f"it names report {str(entry.get('id'))[:12]}…"
        index.document(entry)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # truncated JSON, a record breaking the schema
        return f"{type(exc).__name__}: {exc}"
    return None


INDEX_KINDS = ("no-index", "dictionary-changed", "not-indexed", "stale-index", "indexed-twice")
REBUILD_KINDS = ("no-index", "dictionary-changed")  # what only a rebuild from the archive repairs


def index_problems(root: Path, counts: dict[str, int]) -> list[Problem]:
    """How the index differs from the archive's records (a database's rows are their index: only its dictionary can differ)."""
    if (db := backends.database(root)) is not None:
        counts["indexed"] = db.count()
        try:
            db.check_dictionary()
            return []
        except index.DictionaryChanged as exc:
            return [Problem("dictionary-changed", db.safe_url(), str(exc))]
    records = set(archive.report_ids(root))
    try:
        indexed = index.indexed_counts(index.open_index(root, create=False))
    except Exception as exc:  # whoosh raises its own types for a damaged table of contents or segment
        counts["indexed"] = 0
        missing = not index.index_dir(root).is_dir()
        if missing and not records:
            return []
        return [Problem("no-index", str(index.index_dir(root)), "missing" if missing else f"{type(exc).__name__}: {exc}")]
    counts["indexed"] = sum(indexed.values())
    try:
        index.check_dictionary(root)
        changed = []
    except index.DictionaryChanged:
        changed = [Problem("dictionary-changed", str(index.index_dir(root)),
                           f"{dictionary.path_for(root)} changed since it was built")]
    return (changed
            + [Problem("not-indexed", i) for i in sorted(records - set(indexed))]
            + [Problem("stale-index", i) for i in sorted(set(indexed) - records)]
            + [Problem("indexed-twice", i, f"{n} times") for i, n in sorted(indexed.items()) if n > 1])


def repair_archive(root: Path, problems: list[Problem]) -> list[tuple[Problem, str]]:
    """[(problem, action)] for archive problems: temp files deleted, records re-extracted, the rest quarantined."""
    done = []
    for problem in problems:
        if problem.kind == "temp-file":
            Path(problem.subject).unlink(missing_ok=True)
            done.append((problem, "deleted"))
        elif problem.kind in ("bad-hash", "no-original"):
            done.append((problem, quarantine(root, problem.subject, DESCRIPTIONS[problem.kind])))
    again = [p for p in problems if p.kind in ("no-record", "bad-record")]
    for problem, (record, reason) in zip(again, _extract_again(root, [p.subject for p in again])):
        if record is None:
            done.append((problem, quarantine(root, problem.subject, f"cannot be extracted again: {reason}")))
        else:
            data = archive.original_path(root, problem.subject).read_bytes()
            archive.store(root, data, _known_name(root, problem.subject), record)
            done.append((problem, "record extracted again from the original"))
    return done


def _extract_again(root, report_ids):
    """(record, reason) per id, read from its original by the readers under the usual limits and deadline."""
    from .store import read_reports

    jobs = ((i, (archive.original_path(root, i).read_bytes(), _known_name(root, i))) for i in report_ids)
    return [(record, reason) for _, record, reason in read_reports(jobs)]


def _known_name(root, report_id):
    """The file name the report came in under, from its record or the ingest log; else its id."""
    try:
        return archive.load(root, report_id)["name"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    names = [Path(line["path"]).name for line in archive.read_log(root) if line.get("id") == report_id]
    return names[-1] if names else report_id


def quarantine(root: str | Path, report_id: str, reason: str) -> str:
    """Move a report's original and record out of the archive into quarantine/, and log why."""
    target = backends.files_root(root) / QUARANTINE
    target.mkdir(parents=True, exist_ok=True)
    if (db := backends.database(root)) is not None:
        db.delete(report_id)
    for path, name in ((archive.original_path(root, report_id), report_id),
                       (archive.record_path(root, report_id), f"{report_id}.json")):
        if path.exists():
            shutil.move(path, target / name)
    archive.log(root, report_id, "quarantined", report_id, reason)
    return f"moved to {QUARANTINE}/"


def repair_index(root: Path, problems: list[Problem]) -> list[tuple[Problem, str]]:
    """[(problem, action)]: a rebuild when the index cannot be opened, else the missing added and the extra dropped."""
    if any(p.kind in REBUILD_KINDS for p in problems):
        count = index.rebuild(root)
        return [(p, f"index rebuilt from the archive ({count} reports)") for p in problems]
    if not problems:
        return []
    batch = index.Batch(index.open_index(root))
    for problem in problems:
        if problem.kind in ("stale-index", "indexed-twice"):
            batch.delete(problem.subject)
        if problem.kind in ("not-indexed", "indexed-twice"):
            batch.add(archive.load(root, problem.subject))
    batch.commit()
    actions = {"not-indexed": "indexed", "stale-index": "dropped from the index", "indexed-twice": "indexed once"}
    return [(p, actions[p.kind]) for p in problems]


def render(report: dict) -> list[str]:
    """The summary lines `nianbao verify` prints: what was found (and done about it), then the verdict."""
    c = report["counts"]
    lines = [f"nianbao: {report['root']}: {c.get('originals', 0)} originals, {c.get('records', 0)} records, "
             f"{c.get('indexed', 0)} index entries"]
    shown = report["repaired"] or [(p, None) for p in report["found"]]
    lines += [_line(p) + (f" -> {action}" if action else "") for p, action in shown]
    remaining = report["remaining"]
    if not report["found"]:
        lines.append("nianbao: consistent")
    elif not remaining:
        lines.append(f"nianbao: {len(report['found'])} problems found, all repaired; consistent")
    elif report["repaired"]:
        lines.append(f"nianbao: {len(remaining)} problems remain after repair")
        lines += [_line(p) for p in remaining]
    else:
        lines.append(f"nianbao: {len(remaining)} problems (nianbao verify --repair fixes what it can)")
    return lines


def _line(problem):
    return f"  {problem.subject}: {DESCRIPTIONS[problem.kind]}" + (f" ({problem.detail})" if problem.detail else "")
