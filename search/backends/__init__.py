"""Where an archive lives: a data folder (the default, today's search/archive.py and search/index.py)
or a PostgreSQL database, named by a `postgresql://` URL given as `--data` or $NIANBAO_DATA.

`database(data)` is the one seam: each entry point that reads or writes an archive (archive.load,
store.store_report, query.find.search, verify.verify, …) asks it first and hands the work to the
database it returns; None means a data folder, and the entry point goes on as it always has.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .postgres import Postgres

URL_SCHEMES = ("postgresql://", "postgres://")


class BackendError(Exception):
    """The database cannot be used as given (unreachable, no originals folder); str() is the one line a user sees."""

_OPEN: dict[tuple[int, str], Postgres] = {}  # (process id, URL) -> its database: a forked worker opens its own


def is_database(data: object) -> bool:
    """Whether `data` (a --data value) names a PostgreSQL database rather than a data folder."""
    return isinstance(data, str) and data.startswith(URL_SCHEMES)


def database(data: object) -> Postgres | None:
    """The database `data` names, opened once per process; None when `data` is a data folder."""
    if not is_database(data):
        return None
    key = (os.getpid(), data)
    if key not in _OPEN:
        from .postgres import Postgres

        _OPEN[key] = Postgres(data)
    return _OPEN[key]


def files_root(data: str | Path) -> Path:
    """The folder holding the originals (and the web app's key and page cache): the data folder
    itself, or the shared folder a database URL names."""
    db = database(data)
    return db.files if db is not None else Path(data)


def display(data: str | Path) -> str:
    """`data` for a message: a database URL without its password."""
    db = database(data)
    return db.safe_url() if db is not None else str(data)
