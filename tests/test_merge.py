"""The merge cliff: after a bulk build, small commits merge only small segments, never more than
COMMIT_MERGE_DOCS documents, and `optimize` merges the rest a group at a time; every report stays
found throughout. Asserted on segment sizes (what was merged), never on timings."""
import io
from collections import Counter

import pytest

from search import archive, index, merge
from search.query.find import search
from search.sample import records
from tests.conftest import nianbao

BULK = 200  # reports of the bulk build, in segments of BULK_SEGMENT
BULK_SEGMENT = 20  # 10 segments of 20: their size class holds MERGE_FACTOR segments, yet 20 + 20 > the commit bound
COMMIT_BOUND = 30  # merge.COMMIT_MERGE_DOCS for this test
SMALL_COMMITS = 12  # one report each: the tenth of them finds MERGE_FACTOR one-report segments


def sizes(root):
    return sorted(segment.doc_count_all() for segment in index.open_index(root, create=False)._segments())


def store(root, n, record):
    """Archive `record` as the report of a body of its own, so no commit indexes another body's years again."""
    record = dict(record, org=f"第{n}测试镇人民政府", title=f"第{n}测试镇人民政府2020年政府信息公开工作年度报告")
    return archive.store(root, f"report {n}".encode(), f"r{n}.txt", record)


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "BULK_SEGMENT_DOCS", BULK_SEGMENT)
    monkeypatch.setattr(merge, "COMMIT_MERGE_DOCS", COMMIT_BOUND)
    recs = records(BULK + SMALL_COMMITS, seed=5)
    for n in range(BULK):
        store(tmp_path, n, recs[n])
    assert index.rebuild(tmp_path) == BULK
    assert sizes(tmp_path) == [BULK_SEGMENT] * (BULK // BULK_SEGMENT)
    return tmp_path, recs


def test_small_commits_after_a_bulk_build_merge_only_small_segments(built):
    root, recs = built
    history = [sizes(root)]
    for n in range(BULK, BULK + SMALL_COMMITS):
        batch = index.Batch(index.open_index(root))
        batch.add(store(root, n, recs[n]))
        batch.commit()
        history.append(sizes(root))
    bulk = [BULK_SEGMENT] * (BULK // BULK_SEGMENT)
    assert history[1] == [1] + bulk and history[2] == [1, 1] + bulk  # the first two commits merge nothing
    for before, after in zip(history, history[1:]):
        written = Counter(after) - Counter(before)  # the commit's new segment (its report and what it merged)
        assert len(written) == 1 and next(iter(written)) <= COMMIT_BOUND + 1, (before, after)
        assert after.count(BULK_SEGMENT) == BULK // BULK_SEGMENT, (before, after)  # bulk segments untouched
    assert history[10] == [1] * 10 + bulk  # ten one-report segments ...
    assert history[11] == [11] + bulk  # ... merged by the next commit, with its report
    assert sum(history[-1]) == BULK + SMALL_COMMITS
    assert search(root, "", limit=0)["total"] == BULK + SMALL_COMMITS


def test_optimize_merges_groups_up_to_its_bound_and_loses_nothing(built, monkeypatch):
    root, _ = built
    monkeypatch.setattr(merge, "OPTIMIZE_SEGMENT_DOCS", 70)
    before = {hit["id"] for hit in search(root, "公开", limit=0)["hits"]}
    out = io.StringIO()
    groups, left = merge.optimize(root, out)
    assert sizes(root) == [20, 60, 60, 60] and (groups, left) == (3, 4)  # three groups of three, the rest alone
    assert out.getvalue().count("optimize: merged 3 segments (60 reports)") == 3
    assert {hit["id"] for hit in search(root, "公开", limit=0)["hits"]} == before != set()


def test_the_optimize_command(tmp_path):
    for n, record in enumerate(records(5, seed=3)):
        store(tmp_path, n, record)
        index.sync(tmp_path, index.open_index(tmp_path))  # one commit each: five segments
    assert sizes(tmp_path) == [1] * 5
    run = nianbao("optimize", "--data", tmp_path)
    assert run.returncode == 0 and "optimize: 1 merges; 1 segments" in run.stderr, run.stderr
    assert sizes(tmp_path) == [5]
    missing = nianbao("optimize", "--data", tmp_path / "none")
    assert missing.returncode == 2 and "has no search index" in missing.stderr
