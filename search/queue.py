"""A queued ingest: `nianbao ingest PATH… --queue redis://host` puts each file on a Celery queue
(Redis as the broker) and `nianbao worker --data … --queue …` on any number of machines reads,
extracts and stores them, each through store.store_report as a plain ingest would.

A worker killed in the middle of a file loses nothing: a message is acknowledged only after
its file is stored (acks_late), so the broker hands an unacknowledged one to another worker
once its visibility timeout has passed; storing is idempotent by content hash (a report stored
already is logged a duplicate), so a file read twice is stored once. Progress is kept in Redis
beside the queue (`ingest --status`): files queued; files done, each counted once however often
it was read; files waiting; files held unacknowledged, split by whether the worker holding one
still beats (a killed worker's file waits for the visibility timeout); and files redelivered.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import printable

if TYPE_CHECKING:
    from celery import Celery

QUEUE = "nianbao-ingest"  # the Redis list the files wait in
TASK = "nianbao.store_file"
QUEUED_KEY = "nianbao:queued"  # a counter: files put on the queue
DONE_KEY, DONE_IDS_KEY = "nianbao:done", "nianbao:done-ids"  # {status: count} of files done, and the set of their task ids
REDELIVERED_KEY = "nianbao:redelivered"  # the set of task ids the broker handed out again
READING_KEY = "nianbao:reading"  # {task id: the worker reading it}, while it reads
ALIVE_KEY = "nianbao:alive:{}"  # a worker's heartbeat, expiring ALIVE_S after its last beat
UNACKED_KEY = "unacked"  # kombu's Redis transport: {delivery tag: message} handed out and not yet acknowledged
VISIBILITY_ENV = "NIANBAO_QUEUE_VISIBILITY_S"
# Seconds before a file a worker took but never acknowledged (it was killed) goes to another worker: longer
# than reading one file may take (the 60 s limit, and the queue behind a busy worker's prefetch of one).
VISIBILITY_S = 300
# How often an idle worker looks for such files (kombu's default looks every 10 s but scans only every tenth
# look: 100 s); one scan of the unacknowledged index costs Redis next to nothing.
RESTORE_CHECK_S = 5
# A worker beats this often, from a thread of its own (reading runs in a child process, so a long file does
# not hold it up); a worker silent for ALIVE_S is taken for stopped: three beats missed, not one slow one.
HEARTBEAT_S = 2
ALIVE_S = 3 * HEARTBEAT_S


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
    app.task(name=TASK, bind=True)(store_file)
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


_DATA: list = []  # the archive a worker stores into (its --data), its broker and its name, set before it starts


def store_file(task, name: str, data_b64: str) -> str:
    """The task: read one queued file and store it into the worker's archive; its log status. The file is
    marked as read by this worker meanwhile, and counted done once, however often it is handed out."""
    from . import archive, store

    root, broker, worker = _DATA
    client, task_id = _redis(broker), task.request.id
    client.hset(READING_KEY, task_id, worker)
    if (task.request.delivery_info or {}).get("redelivered"):
        client.sadd(REDELIVERED_KEY, task_id)
    data = base64.b64decode(data_b64)
    outcome = store.archived_copy(root, name, archive.content_id(data))
    if outcome is None:
        ((_, record, reason),) = store.read_reports([(None, (data, name))])
        outcome = store.store_report(root, data, name, record, reason, index_now=True)
    if outcome.status == store.FAILED:
        print(f"nianbao: {printable(name)}: {printable(outcome.reason)}", file=sys.stderr, flush=True)
    if client.sadd(DONE_IDS_KEY, task_id):
        client.hincrby(DONE_KEY, outcome.status, 1)
    client.hdel(READING_KEY, task_id)
    return outcome.status


def _beat(client, worker: str) -> None:
    """Tell the broker this worker runs, every HEARTBEAT_S, until the process ends."""
    while True:
        client.set(ALIVE_KEY.format(worker), 1, ex=ALIVE_S)
        time.sleep(HEARTBEAT_S)


def work(root: str | Path, broker: str) -> None:
    """Run one worker process until it is stopped: a file at a time, in this process (its reader in a
    child under the time limit, as in every ingest)."""
    worker = f"nianbao-{os.getpid()}@{socket.gethostname()}"
    _DATA[:] = [root, broker, worker]
    threading.Thread(target=_beat, args=(_redis(broker), worker), daemon=True).start()
    app = celery_app(broker)
    app.worker_main(["worker", "--pool=solo", "--concurrency=1", f"--hostname={worker}",
                     "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"])


def held(client) -> set[str]:
    """The task ids of the messages the broker handed out and has not had acknowledged."""
    return {json.loads(raw)[0]["headers"]["id"] for raw in client.hvals(UNACKED_KEY)}


def status(broker: str) -> dict[str, int]:
    """{"queued", "waiting", "being read", "stopped" (held by a worker that stopped beating: waiting again once
    the visibility timeout has passed), "redelivered", "done", and a count per outcome}."""
    client = _redis(broker)
    done = {key.decode(): int(value) for key, value in client.hgetall(DONE_KEY).items()}
    readers = {key.decode(): value.decode() for key, value in client.hgetall(READING_KEY).items()}
    held_ids = held(client)
    stopped = sum(1 for task_id in held_ids if task_id in readers and not client.exists(ALIVE_KEY.format(readers[task_id])))
    return {"queued": int(client.get(QUEUED_KEY) or 0), "waiting": client.llen(QUEUE), "being read": len(held_ids) - stopped,
            "stopped": stopped, "redelivered": client.scard(REDELIVERED_KEY), "done": sum(done.values()), **done}
