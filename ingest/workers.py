"""Run a reader over many files in worker processes, each file under a deadline.

A reader stuck in C code (MuPDF inflating a decompression bomb page by page) cannot be
interrupted, only killed: so files are read in processes, and a worker still busy at its
file's deadline is killed and replaced, the file reported with the reason. A worker that
dies on its own (a crash in a C library, the OOM killer) is replaced the same way.

A reader may tell the parent about a file while reading it (`tell`): that it needs more time
(an OCR'd scan, by its page count) or how far it got (each OCR'd page), which the caller
shows as progress.

Workers die with their parent, even when it is killed with kill -9 and cannot stop them: a
worker blocked on its pipe would otherwise wait for good (a sibling forked later holds the
pipe's other end open), and one stuck in a reader would run on.
"""
import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from typing import Any, NamedTuple

IN_FLIGHT_PER_WORKER = 2  # files read ahead of the consumer per worker, bounding memory
PR_SET_PDEATHSIG = 1  # linux/prctl.h: the signal the kernel sends this process when its parent dies
PARENT_POLL_S = 1.0  # where prctl is missing, how often a worker looks whether its parent is still there
# fork: the worker's parent is this process (under forkserver it would be the server, and
# PR_SET_PDEATHSIG would follow the wrong process).
_CONTEXT = multiprocessing.get_context("fork")
_parent = None  # in a worker: the pipe to the parent, over which `tell` speaks


class Event(NamedTuple):
    """What a reader tells the parent about the file it reads: `kind` "more_time" (seconds to add
    to its deadline) or "progress" ((done, total) pages, for the caller)."""
    kind: str
    value: Any


def tell(kind: str, value: Any) -> None:
    """Send an Event about the file being read to the parent; nothing when not in a worker (a direct call)."""
    if _parent is not None:
        _parent.send(Event(kind, value))


def _die_with_parent(parent_pid):
    """End this worker when `parent_pid` ends: PR_SET_PDEATHSIG on Linux; elsewhere a thread
    polling the parent's pid (it cannot run while a reader holds the GIL in C code)."""
    try:
        armed = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):  # no prctl: not Linux
        armed = False
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid):
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _serve(conn, func, parent_pid):
    global _parent
    _parent = conn
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    while True:
        try:
            args = conn.recv()
        except EOFError:
            return
        result = func(*args)
        try:
            conn.send(result)
        except BrokenPipeError:  # the parent is gone (killed): nobody to answer
            return


class _Worker:
    def __init__(self, func):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child, func, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.seq, self.deadline, self.job, self.allowed = None, None, None, None

    def start(self, seq, job, args, timeout):
        self.seq, self.job, self.allowed = seq, job, timeout
        self.deadline = time.monotonic() + timeout
        self.conn.send(args)

    def stop(self):
        self.process.kill()
        self.process.join()
        self.conn.close()


def run(func: Callable[..., Any], jobs: Iterable[tuple[Any, tuple]], workers: int,
        timeout: float, on_event: Callable[[Any, Event], None] | None = None) -> Iterator[tuple[Any, Any, str | None]]:
    """Yield (job, result, error) for each (job, args) of `jobs`, in order: `func(*args)` run in
    one of `workers` processes, or result None and `error` saying why there is none. A reader's
    "more_time" moves its file's deadline; every Event is passed on to `on_event(job, event)`."""
    count = max(1, workers)
    idle = [_Worker(func) for _ in range(count)]
    busy, done, order = {}, {}, deque()
    jobs, more, seq = iter(jobs), True, 0
    try:
        while more or order:
            while idle and more and len(order) < count * IN_FLIGHT_PER_WORKER:
                item = next(jobs, None)
                if item is None:
                    more = False
                    break
                worker = idle.pop()
                worker.start(seq, item[0], item[1], timeout)
                busy[worker.conn] = worker
                order.append((seq, item[0]))
                seq += 1
            while order and order[0][0] in done:
                number, job = order.popleft()
                yield (job, *done.pop(number))
            if not busy:
                continue
            soonest = min(w.deadline for w in busy.values())
            for conn in wait(list(busy), timeout=max(0.0, soonest - time.monotonic())):
                worker = busy.pop(conn)
                try:
                    message = conn.recv()
                    if isinstance(message, Event):
                        busy[conn] = worker
                        if message.kind == "more_time":
                            worker.deadline += message.value
                            worker.allowed += message.value
                        if on_event is not None:
                            on_event(worker.job, message)
                        continue
                    done[worker.seq] = (message, None)
                    idle.append(worker)
                except (EOFError, OSError):
                    worker.stop()
                    done[worker.seq] = (None, f"reader process died (exit code {worker.process.exitcode})")
                    idle.append(_Worker(func))
            now = time.monotonic()
            for conn, worker in list(busy.items()):
                if worker.deadline <= now:
                    del busy[conn]
                    worker.stop()
                    done[worker.seq] = (None, f"reading took longer than the {worker.allowed:g} s limit; stopped")
                    idle.append(_Worker(func))
    finally:
        for worker in idle + list(busy.values()):
            worker.stop()
