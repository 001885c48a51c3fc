"""The body registry: which archived reports each body issued, derived from the archive and rebuilt by reindex.

    <data>/derived/bodies/<body id>.json   {"id", "name", "region", "level", "kind", "evidence", "notes",
                                            "names": {name as written: [years]}, "reports": {report id: year}}

One small file per body, so storing a report rewrites one file, and finding a body's other
years reads one. Written under the data folder's lock (every index writer holds it). On a
PostgreSQL archive the same entries are rows of one table (search/backends/postgres.py), written
in the transaction that stores the report.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from search import backends

from .bodies import ID_PATTERN, Body

FOLDER = Path("derived") / "bodies"


def folder(root: str | Path) -> Path:
    return Path(root) / FOLDER


def _path(root, body_id):
    return folder(root) / f"{body_id}.json"


def valid_id(body_id: str) -> bool:
    """Whether `body_id` can name a registry file (checked before it comes near a path)."""
    return bool(ID_PATTERN.match(body_id))


def load(root: str | Path, body_id: str) -> dict | None:
    """The registry entry of one body, None when there is none or the id cannot be one."""
    if not valid_id(body_id):
        return None
    if (db := backends.database(root)) is not None:
        return db.body_entry(body_id)
    try:
        return json.loads(_path(root, body_id).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _write(root, entry):
    if (db := backends.database(root)) is not None:
        return db.put_body(entry)
    path = _path(root, entry["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _add(entry, report_id, year, written_name):
    entry["reports"][report_id] = year
    years = entry["names"].setdefault(written_name, [])
    if year is not None and year not in years:
        years.append(year)
        years.sort()


def add(root: str | Path, body: Body, report_id: str, year: int | None, written_name: str) -> None:
    """Record that `body` issued report `report_id` for `year`, under the name it wrote (idempotent)."""
    entry = load(root, body.id) or {"names": {}, "reports": {}}
    entry.update(body.as_dict())
    _add(entry, report_id, year, written_name)
    _write(root, entry)


def write(root: str | Path, body: Body, reports: list[tuple[str, int | None, str]]) -> None:
    """Write `body`'s entry afresh with its (report id, year, name as written) `reports` (a reindex)."""
    entry = {**body.as_dict(), "names": {}, "reports": {}}
    for report in reports:
        _add(entry, *report)
    _write(root, entry)


def clear(root: str | Path) -> None:
    """Forget every body (reindex registers them again from the archive)."""
    if (db := backends.database(root)) is not None:
        return db.clear_bodies()
    shutil.rmtree(folder(root), ignore_errors=True)


def entries(root: str | Path) -> Iterator[dict]:
    """Every body's registry entry, in id order."""
    if (db := backends.database(root)) is not None:
        yield from db.body_entries()
        return
    for path in sorted(folder(root).glob("*.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def reports_in(root: str | Path, body_id: str, year: int) -> list[str]:
    """The ids of the reports `body_id` issued for `year`, sorted."""
    entry = load(root, body_id) or {"reports": {}}
    return sorted(rid for rid, y in entry["reports"].items() if y == year)


def find(root: str | Path, id_or_name: str) -> list[dict]:
    """The bodies an id or a name means: the id; else every body with that name (canonical or as written)."""
    if (by_id := load(root, id_or_name)) is not None:
        return [by_id]
    wanted = "".join(id_or_name.split())
    return [e for e in entries(root) if e["name"] == wanted or wanted in e["names"]]
