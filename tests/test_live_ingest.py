"""Searches while `nianbao ingest` commits to the same archive (real processes; a data folder and a
PostgreSQL database: the `backend` fixture), then while `nianbao reindex` swaps in a new index (derives
and cuts every row again in one transaction) and `nianbao optimize` merges it: every search answers
from the previous or the new state of the index, never with an error, never with an empty or
shrinking archive. Half the searches open the index afresh, as a new process does; the others
reuse the state the process keeps open."""
import subprocess
import time
import traceback

from search import archive
from search.query import snapshot
from search.query.find import search
from tests.conftest import NIANBAO, ROOT, nianbao
from tests.gen.corpus import write_reports

BATCHES = 6  # ingests run one after another while the searches go on; each commits, most merge segments
PER_BATCH = 3
DEADLINE_S = 900  # the whole mixed run (a minute or two on an idle machine), so a hang fails instead of stalling the suite


def test_no_search_fails_or_comes_back_empty_during_ingest_commits(tmp_path, backend):
    data = backend.fresh(tmp_path / "data")
    write_reports(tmp_path / "in0", 4, seed=90)
    assert nianbao("ingest", tmp_path / "in0", "--data", data).returncode == 0
    for n in range(1, BATCHES + 1):
        write_reports(tmp_path / f"in{n}", PER_BATCH, seed=90 + n)
    failures, empty, shrank, totals = [], 0, 0, []
    last = 0
    start = time.monotonic()
    commands = [["ingest", str(tmp_path / f"in{n}")] for n in range(1, BATCHES + 1)] + [["reindex"], ["optimize"]]
    for command in commands:
        run = subprocess.Popen(NIANBAO + command + ["--data", str(data)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        while run.poll() is None or len(totals) % 2:
            assert time.monotonic() - start < DEADLINE_S
            if len(totals) % 2:
                snapshot._OPEN.clear()  # this search opens the index as a new process would
            try:
                total = search(data, "公开", limit=10)["total"]
            except Exception as exc:  # noqa: BLE001 -- any failure is what this test counts
                failures.append(f"{' '.join(command)}: {type(exc).__name__}: {exc}: {traceback.format_exc()}")
                total = None
            if total is not None:
                empty += total == 0
                shrank += total < last
                last = max(last, total)
            totals.append(total)
        assert run.returncode == 0, run.stderr.read()
    assert failures == [] and empty == 0 and shrank == 0, (failures[:5], empty, shrank)
    assert len(totals) >= 4 * len(commands)  # searches ran throughout, not only between the commands
    assert last == len(archive.report_ids(data)) == 4 + BATCHES * PER_BATCH  # the last answer is the archive's
    assert len(set(totals)) > BATCHES // 2  # and the answers followed the commits


# Folder only: it counts listings and opens of the Whoosh index folder, which a database has none of.
def test_a_search_on_an_unchanged_index_neither_lists_its_folder_nor_opens_it_again(tmp_path, monkeypatch):
    """At 100,000 reports the index folder holds thousands of files: the check that an index exists and
    the check that it is unchanged are one stat each, not a listing."""
    import os

    from search import index
    from search.sample import records

    for n, record in enumerate(records(5, seed=1)):
        archive.store(tmp_path, f"report {n}".encode(), f"r{n}.txt", record)
    index.rebuild(tmp_path)
    assert search(tmp_path, "公开")["total"] == 5  # opens the index once

    def refuse(*args):
        raise AssertionError("listed the index folder")

    monkeypatch.setattr(os, "listdir", refuse)
    monkeypatch.setattr(os, "scandir", refuse)
    assert index.exists(tmp_path) and not index.exists(tmp_path / "none")
    assert search(tmp_path, "公开")["total"] == 5
