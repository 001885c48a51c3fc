"""The processes a test started, read from /proc: so a test can assert none outlives its parent."""
import os
import signal
import time
from pathlib import Path

GONE_WITHIN_S = 10  # a worker told by the kernel its parent died exits at once; this is slack for a busy machine
POLL_S = 0.02  # how often a test looks whether a run got far enough to be killed: the kill lands soon after


def _stat(pid):
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def children(pid):
    """The pids whose parent is `pid`, now."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) and stat[1] == pid:
            found.append(int(entry))
    return found


def alive(pid):
    stat = _stat(pid)
    return stat is not None and stat[0] not in "ZX"  # a zombie has exited; only its parent's reaping is left


def kill_9_when(process, ready, within):
    """SIGKILL `process` (a Popen) once `ready()` holds or `within` seconds have passed, as a user's
    kill -9 mid-run: the pids of its children just before, for `survivors`."""
    deadline = time.monotonic() + within
    while not ready() and time.monotonic() < deadline:
        time.sleep(POLL_S)
    workers = children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return workers


def survivors(pids, within=GONE_WITHIN_S):
    """The pids among `pids` still running after waiting up to `within` seconds; those are killed, so no test leaks them."""
    deadline = time.monotonic() + within
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in pids if alive(p)]
    for pid in left:
        os.kill(pid, 9)
    return left
