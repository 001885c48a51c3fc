"""Reader workers die with their parent, even by kill -9, whether busy in a reader or waiting for work."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.processes import children, kill_9_when, survivors

NO_PRCTL = "import ctypes\ndef no_libc(*args, **kwargs):\n    raise OSError('no prctl here')\nctypes.CDLL = no_libc\n"
PARENT = """
import sys, time
sys.path.insert(0, {root!r})
from ingest import workers
def read(seconds):
    time.sleep(seconds)  # a reader busy on a file
    return seconds
jobs = ((n, (seconds,)) for n, seconds in enumerate([0.0, 600.0]))
for job, result, error in workers.run(read, jobs, 2, 900):
    print(job, result, error, flush=True)
"""


@pytest.mark.parametrize("kernel", [True, False], ids=["PR_SET_PDEATHSIG", "parent-pid watchdog"])
def test_kill_9_of_the_parent_leaves_no_worker(kernel):
    code = ("" if kernel else NO_PRCTL) + PARENT.format(root=str(ROOT))
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().startswith("0 0.0 None")  # one worker idle again, the other busy for 600 s
    workers = kill_9_when(parent, lambda: len(children(parent.pid)) >= 2, within=10)
    assert len(workers) == 2
    assert survivors(workers) == []


def _slow_reader(base, extra):
    """A reader that asks for `extra` seconds more (as the OCR reader does per page), then needs them."""
    import time

    from ingest import workers
    workers.tell("more_time", extra)
    workers.tell("progress", (1, 1))
    time.sleep(base * 2)
    return "read"


def test_a_reader_that_asks_for_more_time_gets_it_and_its_progress_is_heard():
    from ingest import workers
    heard = []
    jobs = [("scan", (0.5, 5.0)), ("quick", (0.5, 0.0))]
    results = list(workers.run(_slow_reader, jobs, 1, 0.5, lambda job, event: heard.append((job, event.kind, event.value))))
    assert results[0] == ("scan", "read", None)
    assert results[1] == ("quick", None, "reading took longer than the 0.5 s limit; stopped")
    assert ("scan", "progress", (1, 1)) in heard and ("scan", "more_time", 5.0) in heard
