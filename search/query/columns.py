"""Per-document columns of the index as numpy arrays over global document numbers.

Whoosh keeps a fixed-width column as one big-endian array per segment (the tail of
documents without a value left out), so a whole column is one read and one numpy view:
a filter or a sort over 100,000 reports costs a millisecond instead of a range query
walking index terms. numpy (pinned in pyproject.toml) is the array library everything
here leans on: compiled, well kept, and already what whoosh's columns map onto directly.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..index import field_name, number_column

if TYPE_CHECKING:
    from whoosh.reading import IndexReader


def _fixed(creader, doccount, dtype, default):
    """The values of one segment's fixed-width column reader (whoosh's `FixedBytesColumn.Reader`)."""
    out = np.full(doccount, default, dtype=dtype.newbyteorder("="))
    count = min(creader._count, doccount)
    if count:
        raw = creader._dbfile.get(creader._basepos, count * dtype.itemsize)
        out[:count] = np.frombuffer(raw, dtype=dtype)
    return out


def numbers(reader: IndexReader, key: str) -> np.ndarray:
    """float64 array of `key` (year or a SCHEMA key) for every document; NaN where absent."""
    name = field_name(key)
    parts = []
    for leaf, _ in reader.leaf_readers():
        doccount = leaf.doc_count_all()
        if leaf.has_column(name):
            creader = leaf.column_reader(name, number_column(), translate=False)
            parts.append(_fixed(creader, doccount, np.dtype(">f8"), np.nan))
        else:
            parts.append(np.full(doccount, np.nan))
    return np.concatenate(parts) if parts else np.zeros(0)


def _length_table():
    from whoosh.util.numeric import byte_to_length

    return np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


LENGTHS = _length_table()  # whoosh stores a field length as one lossy byte; BM25 reads it back the same way


def field_lengths(reader: IndexReader, field: str) -> np.ndarray:
    """float64 array of each document's length of `field`, as whoosh's BM25F scorer sees it."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    parts = []
    for leaf, _ in reader.leaf_readers():
        doccount = leaf.doc_count_all()
        creader = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if creader is None:
            parts.append(np.zeros(doccount, dtype=np.uint8))
        else:
            parts.append(_fixed(creader, doccount, np.dtype("u1"), 0))
    return LENGTHS[np.concatenate(parts)] if parts else np.zeros(0)


def live(reader: IndexReader) -> np.ndarray:
    """bool array: True for every document not deleted."""
    mask = np.ones(reader.doc_count_all(), dtype=bool)
    for leaf, base in reader.leaf_readers():
        if leaf.has_deletions():
            mask[base + np.array(sorted(leaf.deleted_docs_set), dtype=np.int64)] = False
    return mask
