"""Merging the index's segments: a bound on what any commit merges, and `nianbao optimize` for the rest.

Whoosh's default policy lets a commit merge whatever its heuristic picks: after a reindex
(21 segments at 100,000 reports) the second one-report commit merged them all, 570 s under
the write lock with 6.2 GB of temporary files. Here a commit (`bounded`) merges only segments
of one size class (a power of MERGE_FACTOR documents) once MERGE_FACTOR of them are there,
and never more than COMMIT_MERGE_DOCS documents, so it takes seconds at any archive size
and small segments do not pile up. Bigger segments (a reindex writes them) are merged only
by `optimize`, one group at a time, each group in its own hold of the data folder's lock,
so ingests and uploads wait at most for one group; its temporary disk is the group's new
segment, written beside the old ones until the commit deletes them.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import archive, index
from .progress import Progress

if TYPE_CHECKING:
    from whoosh.codec.base import Segment
    from whoosh.writing import IndexWriter

MERGE_FACTOR = 10  # segments of one size class merged together: the count of small segments stays under 10 a class
COMMIT_MERGE_DOCS = 2000  # most documents one commit merges: ~2 s at ~1,000 documents/s (bench_search.py)
OPTIMIZE_SEGMENT_DOCS = 50_000  # optimize's largest segment: 20 segments at 1,000,000 reports; one group's temp disk


def size_class(docs: int) -> int:
    """0 for up to MERGE_FACTOR - 1 documents, 1 up to MERGE_FACTOR² - 1, and so on."""
    found = 0
    while docs >= MERGE_FACTOR:
        docs //= MERGE_FACTOR
        found += 1
    return found


def _docs(segment: Segment) -> int:
    return segment.doc_count_all()


def _merge(writer: IndexWriter, chosen: list[Segment], segments: list[Segment]) -> list[Segment]:
    """Add the documents of `chosen` to the writer's new segment; the segments kept as they are."""
    from whoosh.reading import SegmentReader

    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in chosen]


def _smallest_within(segments: list, limit: int, docs=_docs) -> list:
    """The smallest segments whose documents (`docs(segment)`) add up to at most `limit`, smallest first."""
    chosen, total = [], 0
    for segment in sorted(segments, key=docs):
        if total + docs(segment) > limit:
            break
        chosen.append(segment)
        total += docs(segment)
    return chosen


def bounded(writer: IndexWriter, segments: list[Segment]) -> list[Segment]:
    """Whoosh merge policy of every commit (writer.commit(mergetype=bounded)): in the smallest size class
    holding MERGE_FACTOR segments, merge its smallest ones up to COMMIT_MERGE_DOCS documents; else nothing."""
    classes = {}
    for segment in segments:
        classes.setdefault(size_class(_docs(segment)), []).append(segment)
    for size in sorted(classes):
        if len(classes[size]) >= MERGE_FACTOR:
            chosen = _smallest_within(classes[size], COMMIT_MERGE_DOCS)
            if len(chosen) > 1:
                return _merge(writer, chosen, segments)
    return segments


def _next_group(segments: list, docs=_docs) -> list:
    """The smallest segments adding up to at most OPTIMIZE_SEGMENT_DOCS documents, when two or more."""
    chosen = _smallest_within(segments, OPTIMIZE_SEGMENT_DOCS, docs)
    return chosen if len(chosen) > 1 else []


def _planned_docs(sizes: list[int]) -> int:
    """How many documents optimize will merge, group after group, starting from segments of `sizes`."""
    total = 0
    while group := _next_group(sizes, docs=int):
        for size in group:
            sizes.remove(size)
        sizes.append(sum(group))
        total += sum(group)
    return total


def optimize(root: str | Path, stream: TextIO | None = None) -> tuple[int, int]:
    """Merge the index's segments into as few as OPTIMIZE_SEGMENT_DOCS allows, a group at a time, saying
    each on `stream`; return (groups merged, segments left)."""
    stream = stream or sys.stderr
    planned = _planned_docs([_docs(segment) for segment in index.open_index(root, create=False)._segments()])
    progress = Progress(max(planned, 1), "optimize", "reports", stream)
    groups = 0
    try:
        while True:
            with archive.locked(root):
                ix = index.open_index(root, create=False)
                group = _next_group(list(ix._segments()))
                if not group:
                    return groups, len(ix._segments())
                start = time.monotonic()
                index.writer(ix).commit(mergetype=lambda writer, segments: _merge(writer, group, segments))
                left = len(index.open_index(root, create=False)._segments())
            groups += 1
            progress.step(sum(map(_docs, group)))
            progress.say(f"nianbao: optimize: merged {len(group)} segments ({sum(map(_docs, group)):,} reports) "
                         f"in {time.monotonic() - start:.1f} s; {left} segments now")
    finally:
        progress.close()
