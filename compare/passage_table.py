"""Which bodies print each passage, kept as reports arrive, so a report stored alone is measured with the
boilerplate of the archive as it stands (compare/copying.py decides what a passage and boilerplate are).

    <data>/derived/passages.sqlite   passages(hash, body): one row per passage a body prints

SQLite (the standard library's): millions of rows at 100,000 reports, added a report at a time,
asked about a report's few dozen passages; a JSON file would be rewritten whole every time.
Written under the data folder's lock, like the body registry; `nianbao reindex` rebuilds it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .copying import BOILERPLATE_BODIES

PATH = Path("derived") / "passages.sqlite"
_SIGN = 1 << 63  # SQLite integers are signed 64-bit; passage hashes are unsigned


def _signed(h: int) -> int:
    return h - (1 << 64) if h >= _SIGN else h


def _unsigned(h: int) -> int:
    return h + (1 << 64) if h < 0 else h


class PassageTable:
    """The passages table of one data folder, opened on first use."""

    def __init__(self, root: str | Path) -> None:
        self.path = Path(root) / PATH
        self._db = None

    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA synchronous=OFF")  # derived and rebuilt by reindex: no fsync per report
            self._db.execute("CREATE TABLE IF NOT EXISTS passages (hash INTEGER, body TEXT, PRIMARY KEY (hash, body))"
                             " WITHOUT ROWID")
        return self._db

    def add(self, body: str, hashes: Iterable[int]) -> None:
        with self.db() as db:
            db.executemany("INSERT OR IGNORE INTO passages VALUES (?, ?)", [(_signed(h), body) for h in hashes])

    def add_many(self, rows: Iterable[tuple[str, int]]) -> None:
        """(body, hash) rows in one transaction: a reindex's millions."""
        with self.db() as db:
            db.executemany("INSERT OR IGNORE INTO passages VALUES (?, ?)", ((_signed(h), body) for body, h in rows))

    def boilerplate(self, hashes: Iterable[int]) -> set[int]:
        """Those of `hashes` that BOILERPLATE_BODIES or more bodies print."""
        wanted = [_signed(h) for h in hashes]
        found = set()
        for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[start:start + 500]
            rows = self.db().execute(f"SELECT hash FROM passages WHERE hash IN ({','.join('?' * len(chunk))}) "
                                     "GROUP BY hash HAVING COUNT(*) >= ?", (*chunk, BOILERPLATE_BODIES))
            found |= {_unsigned(h) for (h,) in rows}
        return found

    def clear(self) -> None:
        with self.db() as db:
            db.execute("DELETE FROM passages")
