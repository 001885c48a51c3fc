"""Run a reader over many files in worker processes, each file under a deadline.

A reader stuck in C code (MuPDF inflating a decompression bomb page by page) cannot be
interrupted, only killed: so files are read in processes, and a worker still busy at its
file's deadline is killed and replaced, the file reported with the reason. A worker that
dies on its own (a crash in a C library, the OOM killer) is replaced the same way.
"""
import multiprocessing
import signal
import time
from collections import deque
from multiprocessing.connection import wait

IN_FLIGHT_PER_WORKER = 2  # files read ahead of the consumer per worker, bounding memory


def _serve(conn, func):
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
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(child, func), daemon=True)
        self.process.start()
        child.close()
        self.seq, self.deadline = None, None

    def start(self, seq, args, timeout):
        self.seq, self.deadline = seq, time.monotonic() + timeout
        self.conn.send(args)

    def stop(self):
        self.process.kill()
        self.process.join()
        self.conn.close()


def run(func, jobs, workers, timeout):
    """Yield (job, result, error) for each (job, args) of `jobs`, in order: `func(*args)` run in
    one of `workers` processes, or result None and `error` saying why there is none."""
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
                worker.start(seq, item[1], timeout)
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
                    done[worker.seq] = (conn.recv(), None)
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
                    done[worker.seq] = (None, f"reading took longer than the {timeout:g} s limit; stopped")
                    idle.append(_Worker(func))
    finally:
        for worker in idle + list(busy.values()):
            worker.stop()
