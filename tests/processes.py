"""The processes a test started, read from /proc: so a test can assert none outlives its parent."""
import os
import time
from pathlib import Path

GONE_WITHIN_S = 10  # a worker told by the kernel its parent died exits at once; this is slack for a busy machine


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


def survivors(pids, within=GONE_WITHIN_S):
    """The pids among `pids` still running after waiting up to `within` seconds; those are killed, so no test leaks them."""
    deadline = time.monotonic() + within
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [p for p in pids if alive(p)]
    for pid in left:
        os.kill(pid, 9)
    return left
