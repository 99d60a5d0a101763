"""The task queue (Huey), built from TASK_QUEUE_URL, and its tasks.

- TASK_QUEUE_URL empty: a SQLite file in the instance folder (`make run` needs nothing but Python);
- redis://...: Redis (several app servers share one queue);
- TESTING: immediate mode: a task runs at once, in-process, on the app's database, so tests see
  delivered messages without a worker.

The queue carries message ids only; the rows are the truth. A lost enqueue (the queue was down
when a transaction committed) costs a minute: the periodic task re-enqueues every due message.
`flask --app eventapp worker` runs the consumer (cli.py).
"""
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

from ..jobs import runner
from ..jobs import services as jobs
from . import delivery

log = logging.getLogger(__name__)

QUEUE_NAME = "eventapp"


@dataclass
class TaskQueue:
    huey: Huey
    deliver: Callable[[int], object]  # the Huey task: deliver(message_id)
    requeue: Callable[[], object]  # the periodic task
    run_job: Callable[[int], object]  # the Huey task: run_job(job_id), long work with progress (eventapp.jobs)


def build_huey(config: Mapping[str, Any], instance_path: str) -> Huey:
    url = (config.get("TASK_QUEUE_URL") or "").strip()
    # results=False: nobody waits for a task's return value; kept results would pile up.
    if config.get("TESTING"):
        return MemoryHuey(QUEUE_NAME, immediate=True, results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, results=False)
    if url:
        raise RuntimeError(f"TASK_QUEUE_URL: unsupported queue {url.split(':', 1)[0]!r} (empty or redis://)")
    return SqliteHuey(QUEUE_NAME, filename=str(Path(instance_path) / "task-queue.sqlite3"), results=False)


def _build(app: Flask) -> TaskQueue:
    huey = build_huey(app.config, app.instance_path)

    def in_app(function: Callable[..., Any], *args: Any) -> Any:
        with app.app_context():
            return function(*args)

    @huey.task(name="messages.deliver")
    def deliver_task(message_id: int) -> None:
        in_app(delivery.deliver, message_id)

    @huey.task(name="jobs.run")
    def run_job_task(job_id: int) -> None:
        in_app(runner.run, job_id)

    @huey.periodic_task(crontab(minute="*"), name="messages.requeue")
    def requeue_task() -> None:
        for message_id in in_app(delivery.due_message_ids):
            deliver_task(message_id)
        for job_id in in_app(jobs.waiting_job_ids):
            run_job_task(job_id)

    return TaskQueue(huey=huey, deliver=deliver_task, requeue=requeue_task, run_job=run_job_task)


def task_queue(app: Flask) -> TaskQueue:
    """The app's queue, built on first use (one per app: tests build many apps)."""
    queue = app.extensions.get("task_queue")
    if queue is None:
        queue = app.extensions["task_queue"] = _build(app)
    return queue


def enqueue_delivery(app: Flask, message_ids: Iterable[int]) -> None:
    """Hands committed messages to the workers. Never raises: the rows are already committed, and
    the periodic task finds any message whose enqueue was lost."""
    try:
        queue = task_queue(app)
        for message_id in message_ids:
            queue.deliver(message_id)
    except Exception:  # a queue that is down must not fail the request whose change is committed
        log.exception("could not enqueue messages %s; the periodic task will retry", message_ids)


def enqueue_job(app: Flask, job_id: int) -> None:
    """Hands a committed job to the workers; never raises (the periodic task finds a lost one)."""
    try:
        task_queue(app).run_job(job_id)
    except Exception:  # as for messages: the job row is committed and will be found
        log.exception("could not enqueue job %s; the periodic task will retry", job_id)
