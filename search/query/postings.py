"""A term's whole posting list as numpy arrays (document numbers, term frequencies).

Whoosh's matchers hand out one posting per Python call, and scoring one more; at 100,000
reports a common word has ~80,000 postings. Here each block of the whoosh3 (W3) codec is
decoded once (zlib, unpickle, then numpy for the delta-decoding), so counting, filtering and
BM25 run over arrays. The format is read as whoosh3 3.54 writes it (the version is pinned).

A segment never changes once written (a deletion is kept beside it), so a decoded list is
kept per (segment, field, term), least recently used out past CACHE_BYTES; it outlives the
commits that add other segments, and most of a search's time was this decoding. A segment is
known by its id and its postings file's identity: whoosh draws ids from the global `random`,
which a seeded process repeats, so two indexes can hold segments of the same id.
"""
from __future__ import annotations

import io
import os
import pickle
import struct
import threading
import weakref
import zlib
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

_INT = struct.Struct("!i")
_MAGIC = b"W3Bl"
CACHE_BYTES = 256 * 2**20  # decoded lists kept per process: ~16 bytes a posting, all the common terms at 100,000 reports
ENTRY_BYTES = 200  # what a kept list costs beyond its arrays (key, tuple, array headers): absent terms are kept too


class _Cache:
    """Decoded posting lists by (segment id, field, term), least recently used first, at most CACHE_BYTES."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size, self.lists, self.lock = limit, 0, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.lists.get(key)
            if found is not None:
                self.lists.move_to_end(key)
            return found

    def put(self, key, value):
        size = _size(value)
        with self.lock:
            if key in self.lists or size > self.limit:
                return
            self.lists[key] = value
            self.size += size
            while self.size > self.limit:
                self.size -= _size(self.lists.popitem(last=False)[1])


def _size(arrays):
    return ENTRY_BYTES + sum(array.nbytes for array in arrays)


_CACHE = _Cache(CACHE_BYTES)
_SEGMENT_KEYS = weakref.WeakKeyDictionary()  # segment reader -> segment_key(reader)


def segment_key(leaf: IndexReader) -> tuple | None:
    """What names one segment's posting lists in the cache; None when its postings file is gone already."""
    from whoosh.codec.whoosh3 import W3Codec

    key = _SEGMENT_KEYS.get(leaf)
    if key is None:
        segment = leaf.segment()
        try:
            st = os.stat(os.path.join(leaf._storage.folder, segment.make_filename(W3Codec.POSTS_EXT)))
        except FileNotFoundError:
            return None
        key = _SEGMENT_KEYS[leaf] = (segment.segment_id(), st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
    return key


def _empty():
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


def _blocks(raw):
    """(id deltas, weights, block starts, block last ids) of one posting list's bytes.

    A W3 list is a magic tag, then blocks of (signed length, info pickle, data pickle); a
    negative length marks the last block.
    """
    if raw[:4] != _MAGIC:
        raise ValueError("not a whoosh3 posting list")
    stream = io.BytesIO(raw)
    pos, deltas, weights, starts, last_ids = 4, [], [], [], []
    while True:
        length = _INT.unpack_from(raw, pos)[0]
        stream.seek(pos + 4)
        count, last_id, _, compression, _, _ = pickle.load(stream)
        end = pos + 4 + abs(length)
        data = raw[stream.tell():end]
        ids, block_weights, _ = pickle.loads(zlib.decompress(data) if compression else data)
        starts.append(len(deltas))
        last_ids.append(last_id)
        deltas += ids
        weights += block_weights if isinstance(block_weights, tuple) else (block_weights or 1.0,) * count
        if length < 0:
            return deltas, weights, starts, last_ids
        pos = end


def _decode(raw):
    deltas, weights, starts, last_ids = _blocks(raw)
    ids = np.array(deltas, dtype=np.int64)
    # every block's ids are deltas from 0: carry the previous block's last id into each block start
    ids[starts[1:]] -= np.array(last_ids[:-1], dtype=np.int64)
    return np.cumsum(ids), np.array(weights, dtype=np.float64)


def leaf_postings(leaf: IndexReader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of `text` in `field` of one segment reader, deleted documents included
    (read-only arrays, shared by every search that asks)."""
    segment = segment_key(leaf)
    if segment is None:
        return _read(leaf, field, text)
    key = (segment, field, text)
    found = _CACHE.get(key)
    if found is None:
        found = _read(leaf, field, text)
        for array in found:
            array.flags.writeable = False
        _CACHE.put(key, found)
    return found


def _read(leaf, field, text):
    from whoosh.reading import TermNotFound

    try:
        info = leaf.term_info(field, text)
    except TermNotFound:
        return _empty()
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    offset, length = info.extent()
    if isinstance(length, tuple):  # whoosh3 3.54 reads the stored length back as a 1-tuple
        (length,) = length
    return _decode(leaf._terms._postfile.get(offset, length))


def postings(reader: IndexReader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of `text` in `field` over every segment of `reader`, docnums ascending."""
    parts = [(ids + base, weights) for leaf, base in reader.leaf_readers()
             for ids, weights in [leaf_postings(leaf, field, text)] if len(ids)]
    if not parts:
        return _empty()
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
