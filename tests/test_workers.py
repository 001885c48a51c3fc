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
