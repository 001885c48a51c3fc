"""One open searcher per index per process, reused until the index changes on disk.

Opening an index reads its table of contents and every segment's term table, and whoosh
copies a compound segment into memory whole: most of a search's time at 10,000 reports if
done each time. So a serving process (the web app) opens it once; each search only stats
the index folder, and reopens when a commit or a rebuild changed it. The arrays a search derives
from the index (field lengths, number columns, deleted documents) live with the searcher.
Searches take turns on a lock: whoosh's file handles seek and read, so they are not
shared between threads.

A commit writes a new table of contents, then deletes the old one and any segment it merged
away, while another process may be opening them. Every search answers from a whole state:
opening the new state is retried when its files vanish meanwhile, and a process that has
a state open keeps answering from it until the new one opens.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import index
from . import columns

if TYPE_CHECKING:
    import numpy as np
    from whoosh.index import Index

OPEN_ATTEMPTS = 50  # tries to open the newest state while commits replace it (each commit takes one away)
OPEN_RETRY_S = 0.02  # pause between tries: a commit's cleanup takes milliseconds
NUMBER_COLUMNS_KEPT = 32  # float columns cached per searcher (800 KB each at 100,000 reports)
INDEXES_KEPT_OPEN = 4  # data folders whose searcher stays open (a server has one; tests make many)

_LOCK = threading.RLock()
_OPEN = OrderedDict()  # index folder -> Snapshot, least recently used first


class Snapshot:
    """An open searcher of one index state and the numpy arrays derived from it."""

    def __init__(self, ix: Index, stamp: tuple[int, int]) -> None:
        self.stamp = stamp
        self.built_with = index.built_with(ix.storage.folder)  # the dictionary's fingerprint
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self._lengths, self._numbers, self._live = {}, OrderedDict(), None
        self._open_stored_fields()

    def _open_stored_fields(self) -> None:
        """Open every segment's stored-fields file now: whoosh opens a column file on first use and, when a
        commit has deleted it by then, reads nothing (FileNotFoundError here, so the opening is retried)."""
        from whoosh.codec.whoosh3 import STORED_COLUMN

        for leaf, _ in self.reader.leaf_readers():
            if leaf._perdoc._cached_reader("_stored", STORED_COLUMN) is None:
                raise FileNotFoundError(f"{leaf.segment()} went away while it was being opened")

    def intact(self) -> bool:
        """True while every segment of this state is still on disk (a later commit may merge it away)."""
        from whoosh.codec.whoosh3 import W3Codec

        return all(leaf._perdoc._storage.file_exists(leaf.segment().make_filename(W3Codec.POSTS_EXT))
                   for leaf, _ in self.reader.leaf_readers())

    def doc_count(self) -> int:
        return self.reader.doc_count_all()

    def lengths(self, field: str) -> np.ndarray:
        if field not in self._lengths:
            found = columns.field_lengths(self.reader, field)
            if not self.intact():
                raise FileNotFoundError("the index changed while field lengths were read")
            self._lengths[field] = found
        return self._lengths[field]

    def numbers(self, key: str) -> np.ndarray:
        if key in self._numbers:
            self._numbers.move_to_end(key)
        else:
            found = columns.numbers(self.reader, key)
            if not self.intact():  # a column file whoosh could not open reads as absent: not this state's values
                raise FileNotFoundError("the index changed while a column was read")
            self._numbers[key] = found
            if len(self._numbers) > NUMBER_COLUMNS_KEPT:
                self._numbers.popitem(last=False)
        return self._numbers[key]

    def live(self) -> np.ndarray:
        if self._live is None:
            self._live = columns.live(self.reader)
        return self._live

    def close(self) -> None:
        self.searcher.close()


def _stamp(path):
    """What changes when the index does: a commit adds files to the folder, a rebuild swaps the folder."""
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns


def _newer(root, path, snap):
    """A Snapshot of the index state on disk now, or None when `snap` is that state.

    FileNotFoundError when there is no index, or when its files kept vanishing for OPEN_ATTEMPTS tries.
    """
    for attempt in range(OPEN_ATTEMPTS):
        try:
            stamp = _stamp(path)
            if snap is not None and snap.stamp == stamp:
                return None
            return Snapshot(index.open_index(root, create=False), stamp)  # FileNotFoundError naming the command
        except FileNotFoundError:
            if attempt == OPEN_ATTEMPTS - 1 or not index.exists(root):
                raise
            time.sleep(OPEN_RETRY_S)


@contextmanager
def opened(root: str | Path) -> Iterator[Snapshot]:
    """The Snapshot of `root`'s index, for the caller's use under the process lock.

    FileNotFoundError (with what to run) when there is no index; index.DictionaryChanged
    when the data folder's dictionary is not the one the index was built with.
    """
    path = index.index_dir(root).resolve()
    with _LOCK:
        snap = _OPEN.pop(path, None)
        try:
            fresh = _newer(root, path, snap)
        except FileNotFoundError:
            if snap is None:
                raise
            fresh = None  # its files kept vanishing under commits: the state already open answers
        if fresh is not None:
            if snap is not None:
                snap.close()
            snap = fresh
        _OPEN[path] = snap
        while len(_OPEN) > INDEXES_KEPT_OPEN:
            _OPEN.popitem(last=False)[1].close()
        index.checked_dictionary(root, snap.built_with)
        yield snap
