"""A queued ingest: `nianbao ingest PATH… --queue redis://host` puts each file on a Celery queue
(Redis as the broker) and `nianbao worker --data … --queue …` on any number of machines reads,
extracts and stores them, each through store.store_report as a plain ingest would.

A worker killed in the middle of a file loses nothing: a message is acknowledged only after
its file is stored (acks_late), so the broker hands an unacknowledged one to another worker
once its visibility timeout has passed; storing is idempotent by content hash (a report stored
already is logged a duplicate), so a file read twice is stored once. Progress is counted in
Redis beside the queue: files queued, and what became of those done (`ingest --status`).
"""
from __future__ import annotations

import base64
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import printable

if TYPE_CHECKING:
    from celery import Celery

QUEUE = "nianbao-ingest"  # the Redis list the files wait in
TASK = "nianbao.store_file"
QUEUED_KEY, DONE_KEY = "nianbao:queued", "nianbao:done"  # a counter, and a hash {status: count}, beside the queue
VISIBILITY_ENV = "NIANBAO_QUEUE_VISIBILITY_S"
# Seconds before a file a worker took but never acknowledged (it was killed) goes to another worker: longer
# than reading one file may take (the 60 s limit, and the queue behind a busy worker's prefetch of one).
VISIBILITY_S = 300
# How often an idle worker looks for such files (kombu's default looks every 10 s but scans only every tenth
# look: 100 s); one scan of the unacknowledged index costs Redis next to nothing.
RESTORE_CHECK_S = 5


def celery_app(broker: str) -> Celery:
    """The Celery app on `broker`, its one task registered; late acknowledgement, one file taken at a time."""
    from celery import Celery

    app = Celery("nianbao", broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_default_queue=QUEUE, task_serializer="json", accept_content=["json"], task_ignore_result=True,
        broker_transport_options={"visibility_timeout": float(os.environ.get(VISIBILITY_ENV, VISIBILITY_S)),
                                  "unacked_restore_interval": RESTORE_CHECK_S, "unacked_restore_throttle": 1},
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
    )
    app.task(name=TASK)(store_file)
    return app


def _redis(broker: str):
    import redis

    return redis.Redis.from_url(broker)


def enqueue(paths: Iterable[str | Path], broker: str, stream=None) -> tuple[int, int]:
    """Put every report file among `paths` on the queue; (queued, unreadable) counts."""
    from .store import report_files

    stream = stream or sys.stderr
    app, counter = celery_app(broker), _redis(broker)
    queued = unreadable = 0
    for path in report_files(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"nianbao: {printable(path)}: {printable(exc.strerror or str(exc))}", file=stream)
            unreadable += 1
            continue
        counter.incr(QUEUED_KEY)
        app.send_task(TASK, args=[str(path), base64.b64encode(data).decode("ascii")])
        queued += 1
    return queued, unreadable


_DATA: list = []  # the archive a worker stores into (its --data), set before the worker starts


def store_file(name: str, data_b64: str) -> str:
    """The task: read one queued file and store it into the worker's archive; its log status."""
    from . import archive, store

    root, broker = _DATA
    data = base64.b64decode(data_b64)
    outcome = store.archived_copy(root, name, archive.content_id(data))
    if outcome is None:
        ((_, record, reason),) = store.read_reports([(None, (data, name))])
        outcome = store.store_report(root, data, name, record, reason, index_now=True)
    if outcome.status == store.FAILED:
        print(f"nianbao: {printable(name)}: {printable(outcome.reason)}", file=sys.stderr, flush=True)
    _redis(broker).hincrby(DONE_KEY, outcome.status, 1)
    return outcome.status


def work(root: str | Path, broker: str) -> None:
    """Run one worker process until it is stopped: a file at a time, in this process (its reader in a
    child under the time limit, as in every ingest)."""
    _DATA[:] = [root, broker]
    app = celery_app(broker)
    app.worker_main(["worker", "--pool=solo", "--concurrency=1", f"--hostname=nianbao-{os.getpid()}@%h",
                     "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"])


def status(broker: str) -> dict[str, int]:
    """{"queued", "waiting", "done", and a count per outcome}: how far the queued files have come."""
    counter = _redis(broker)
    done = {key.decode(): int(value) for key, value in counter.hgetall(DONE_KEY).items()}
    return {"queued": int(counter.get(QUEUED_KEY) or 0), "waiting": counter.llen(QUEUE), "done": sum(done.values()), **done}
