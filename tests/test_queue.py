"""A queued ingest with real processes: `nianbao ingest --queue` on the Redis that scripts/setup.sh
starts, two `nianbao worker`s, one killed with SIGKILL in the middle of a file."""
import os
import subprocess
import time

import pytest

from search import archive
from tests.conftest import NIANBAO, ROOT, missing, nianbao
from tests.gen.corpus import write_reports
from tests import processes
from tests.processes import kill_9_when, survivors

BROKER = os.environ.get("NIANBAO_TEST_REDIS", "redis://127.0.0.1:6379/15")  # a database of its own, emptied per test
VISIBILITY_S = "3"  # a killed worker's file goes to the other worker this soon
DRAIN_S = 180  # the whole queue read by the one worker left, on a busy machine


@pytest.fixture
def broker():
    import redis

    try:
        redis.Redis.from_url(BROKER).flushdb()
    except redis.RedisError as exc:
        missing(f"Redis at {BROKER} cannot be used ({exc}); run scripts/setup.sh")
    yield BROKER
    redis.Redis.from_url(BROKER).flushdb()


def status(broker):
    run = nianbao("ingest", "--status", "--queue", broker)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def reading(pid):
    """Whether the worker `pid` is reading a file: its reader process runs (not a zombie of the last file's)."""
    return any(processes.alive(child) for child in processes.children(pid))


def drained(client, data):
    """Every file stored, none waiting, none held by a worker."""
    return len(archive.report_ids(data)) == 16 and client.llen("nianbao-ingest") == 0 and client.hlen("unacked") == 0


def test_a_worker_killed_mid_file_loses_nothing_and_nothing_is_stored_twice(tmp_path, backend, broker):
    import redis

    data = backend.fresh(tmp_path / "data")
    paths = write_reports(tmp_path / "in", 16, seed=7)
    run = nianbao("ingest", tmp_path / "in", "--queue", broker)
    assert run.returncode == 0 and "16 files queued" in run.stderr, run.stderr
    assert status(broker) == "queued 16, done 0, waiting 16, being read 0"
    env = {**os.environ, "NIANBAO_QUEUE_VISIBILITY_S": VISIBILITY_S}
    workers = [subprocess.Popen(NIANBAO + ["worker", "--data", str(data), "--queue", broker], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    client = redis.Redis.from_url(broker)
    try:
        # a few are stored and the first worker is reading a file (its reader process is running): kill it now
        children = kill_9_when(workers[0], lambda: len(archive.report_ids(data)) >= 3 and reading(workers[0].pid), 60)
        assert children, "the worker was not reading a file when it was killed"
        assert survivors(children) == []
        deadline = time.monotonic() + DRAIN_S
        while not drained(client, data) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        workers[1].terminate()
        _, err = workers[1].communicate(timeout=30)
    assert "Traceback" not in err, err
    queued, done = (int(part.split()[1]) for part in status(broker).split(",")[:2])
    # every file done at least once; one the killed worker held (or one a busy worker held past the visibility
    # timeout) is done again, as a duplicate
    assert queued == 16 <= done and status(broker).endswith("waiting 0, being read 0")
    expected = sorted(archive.content_id(p.read_bytes()) for p in paths)
    assert archive.report_ids(data) == expected
    log = archive.read_log(data)
    stored = [line["id"] for line in log if line["status"].startswith("stored")]
    # never stored twice: a file read again was a duplicate. (A worker killed between storing a report and
    # logging it leaves the retry's "duplicate" as its only line.)
    assert len(stored) == len(set(stored)) and {line.get("id") for line in log} == set(expected)
    for report_id in expected:
        assert archive.content_id(archive.original_path(data, report_id).read_bytes()) == report_id
