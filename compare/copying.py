"""Copying: how much of a report's narrative repeats the same body's previous report, and which other
bodies' reports share long passages with it, template boilerplate recognised and not counted.

A passage is a sentence of at least MIN_PASSAGE_CHARS characters in its skeleton form (folded
width, no spaces or punctuation, every number `#`: last year's sentence with this year's figures
is the same sentence). A passage that BOILERPLATE_BODIES or more bodies print is the template's
or a higher office's wording, not a copy: it counts neither for nor against anyone.

- `copied`: the characters of a report's own passages (boilerplate left out) that its body's
  previous report also prints, over all its own passages' characters. None without a previous
  report, or without a passage of its own.
- `shared`: other bodies' reports found by MinHash LSH Ensemble (datasketch: containment, "how
  much of this report's set of own passages the other prints", which a long report lifting a few
  passages keeps where plain Jaccard drowns it), then checked exactly: those that print at least
  SHARED_MIN_CHARS characters of its passages. LSH finds the candidates in time that grows with
  the archive, never pairwise; a report sharing less than SHARED_CONTAINMENT of its own passages
  is not looked for.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ingest.schema import SECTIONS

from .sentences import sentences, skeleton

MIN_PASSAGE_CHARS = 15  # shorter sentences (无。 / 一、总体情况 / 全年未收到申请) say nothing about who wrote them
BOILERPLATE_BODIES = 5  # a passage this many bodies print is template wording, not one body copying another
NUM_PERM = 64  # MinHash permutations: similarity estimated within ~±0.12 (1/√64), enough to pick candidates (checked exactly after)
SHARED_CONTAINMENT = 0.15  # LSH Ensemble threshold: the other prints at least this share of a report's own passages
LSH_PARTITIONS = 8  # LSH Ensemble partitions by set size: a report has 5–100 own passages, 8 ranges are fine enough
LSH_M = 4  # LSH indexes per partition (datasketch default 8): half the time of every insert and query, recall kept in the tests
SHARED_MIN_CHARS = 100  # what counts as a long shared passage (about two sentences); checked exactly
MAX_SHARED = 10  # other bodies' reports listed per report, most shared first


@dataclass(frozen=True)
class Narrative:
    """What copying needs of one report: its id, its body's id, its year and its passages (`passages`)."""
    id: str
    body: str
    year: int | None
    passages: dict[int, int]

    @classmethod
    def of(cls, report_id: str, body: str, year: int | None, sections: dict) -> Narrative:
        return cls(report_id, body, year, passages(sections))


@dataclass
class Copying:
    """One report's copying: `copied` share and the previous report it was measured against, and the
    other bodies' reports sharing passages [{id, body, year, chars, share}]."""
    copied: float | None = None
    previous: str | None = None
    shared: list[dict] = field(default_factory=list)


def passage_hash(passage: str) -> int:
    """A passage's 64-bit id: collisions among millions of passages are one in ~10^7."""
    return int.from_bytes(hashlib.blake2b(passage.encode("utf-8"), digest_size=8).digest(), "little")


def passages(sections: dict) -> dict[int, int]:
    """{passage hash: characters} of a narrative's passages (each counted once)."""
    found = {}
    for section in SECTIONS:
        for sentence in sentences(sections.get(section)):
            form = skeleton(sentence)
            if len(form) >= MIN_PASSAGE_CHARS:
                found[passage_hash(form)] = len(form)
    return found


def boilerplate(narratives: list[Narrative], all_passages: list[dict[int, int]]) -> set[int]:
    """The passages BOILERPLATE_BODIES or more bodies print: counted over arrays of (passage, body) pairs,
    since a set of bodies per passage would hold millions of sets at 100,000 reports."""
    body_number = {}
    bodies = np.fromiter((body_number.setdefault(n.body, len(body_number)) for n, found in zip(narratives, all_passages)
                          for _ in found), dtype=np.int64)
    hashes = np.fromiter((h for found in all_passages for h in found), dtype=np.uint64, count=len(bodies))
    order = np.lexsort((bodies, hashes))
    hashes, bodies = hashes[order], bodies[order]
    first_of_pair = np.ones(len(hashes), dtype=bool)
    first_of_pair[1:] = (hashes[1:] != hashes[:-1]) | (bodies[1:] != bodies[:-1])
    distinct, counts = np.unique(hashes[first_of_pair], return_counts=True)
    return set(distinct[counts >= BOILERPLATE_BODIES].tolist())


def previous_reports(narratives: list[Narrative]) -> dict[str, str]:
    """{report id: the id of the same body's report for the year before}, where it has exactly one (two
    reports of one body and year leave the next year's copying unknown, not measured against either)."""
    by_year = defaultdict(list)
    for n in narratives:
        if n.year is not None:
            by_year[(n.body, n.year)].append(n.id)
    return {n.id: by_year[(n.body, n.year - 1)][0] for n in narratives
            if n.year is not None and len(by_year.get((n.body, n.year - 1), ())) == 1}


def copied_share(own: dict[int, int], previous: dict[int, int]) -> float | None:
    """Characters of `own` passages that `previous` prints too, over all of `own`'s; None when `own` is empty."""
    total = sum(own.values())
    return None if not total else sum(chars for h, chars in own.items() if h in previous) / total


def _minhashes(own_sets: list[dict[int, int]]):
    from datasketch import LeanMinHash, MinHash

    first = MinHash(num_perm=NUM_PERM, hashfunc=int, scheme="affine32")  # its permutations made once, shared by all
    out = []
    for own in own_sets:
        m = MinHash(num_perm=NUM_PERM, hashfunc=int, scheme="affine32", permutations=first.permutations)
        m.update_batch(np.fromiter(own, dtype=np.uint64, count=len(own)) & np.uint64(0xFFFFFFFF))
        out.append(LeanMinHash(m))
    return out


def shared_passages(narratives: list[Narrative], own_sets: list[dict[int, int]]) -> list[list[dict]]:
    """For each report, the other bodies' reports that print at least SHARED_MIN_CHARS of its own passages."""
    from datasketch import MinHashLSHEnsemble

    hashes = _minhashes(own_sets)
    lsh = MinHashLSHEnsemble(threshold=SHARED_CONTAINMENT, num_perm=NUM_PERM, num_part=LSH_PARTITIONS, m=LSH_M)
    entries = [(i, m, len(own)) for i, (own, m) in enumerate(zip(own_sets, hashes)) if own]
    if entries:
        lsh.index(entries)
    out = []
    for n, own, m in zip(narratives, own_sets, hashes):
        found = []
        total = sum(own.values())
        for j in lsh.query(m, len(own)) if own else ():
            other = narratives[j]
            if other.body == n.body:
                continue
            chars = sum(c for h, c in own.items() if h in own_sets[j])
            if chars >= SHARED_MIN_CHARS:
                found.append({"id": other.id, "body": other.body, "year": other.year, "chars": chars, "share": chars / total})
        found.sort(key=lambda s: (-s["chars"], s["id"]))
        out.append(found[:MAX_SHARED])
    return out


def analyse(reports: Iterable[Narrative]) -> tuple[dict[str, Copying], set[int]]:
    """({report id: Copying}, the boilerplate passages) over a whole archive."""
    narratives = list(reports)
    all_passages = [n.passages for n in narratives]
    common = boilerplate(narratives, all_passages)
    own_sets = [{h: c for h, c in found.items() if h not in common} for found in all_passages]
    position = {n.id: i for i, n in enumerate(narratives)}
    previous = previous_reports(narratives)
    shared = shared_passages(narratives, own_sets)
    out = {}
    for i, n in enumerate(narratives):
        before = previous.get(n.id)
        share = copied_share(own_sets[i], all_passages[position[before]]) if before else None
        out[n.id] = Copying(copied=share, previous=before, shared=shared[i])
    return out, common


COPYING_FILE = "copying.json"  # in the data folder, derived from the archive: `nianbao reindex` rebuilds it


def save(root, found: dict[str, Copying], common: set[int]) -> None:
    """Write the archive's copying and its boilerplate passages (hex hashes) to the data folder, atomically."""
    import json
    import os
    from pathlib import Path

    path = Path(root) / COPYING_FILE
    data = {"boilerplate": sorted(f"{h:016x}" for h in common),
            "reports": {report_id: {"copied": c.copied, "previous": c.previous, "shared": c.shared} for report_id, c in found.items()}}
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, path)


_LOADED: dict = {}  # path → (modification time, what it held): a page view does not parse the whole file again


def load(root) -> tuple[dict[str, Copying], set[int]]:
    """The copying of every report and the boilerplate passages, as the last `save` left them (empty when never)."""
    import json
    from pathlib import Path

    path = Path(root) / COPYING_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}, set()
    if _LOADED.get(path, (None,))[0] != stamp:
        data = json.loads(path.read_text(encoding="utf-8"))
        reports = {report_id: Copying(**value) for report_id, value in data["reports"].items()}
        _LOADED[path] = stamp, (reports, {int(h, 16) for h in data["boilerplate"]})
    return _LOADED[path][1]


def copied_between(record: dict, previous: dict | None, common: set[int]) -> float | None:
    """`copied` of one report against its body's previous report, boilerplate `common` left out: what a newly
    stored report gets before the next whole-archive run."""
    if previous is None:
        return None
    own = {h: c for h, c in passages(record.get("sections") or {}).items() if h not in common}
    return copied_share(own, passages(previous.get("sections") or {}))
