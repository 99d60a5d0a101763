"""Starting long work, and what its page shows.

A job is a row: a page starts it (one transaction, then the task queue is told), a worker runs it
(runner.py) and moves its progress on, the page polls its progress. The same kind of work cannot
run twice at once for one event: the row's `running_key` is unique while it runs, so a second start
fails in the database, whichever app server it reaches.
"""
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from ..db import utcnow
from ..errors import Conflict, NotFound
from ..extensions import db
from ..i18n import current_locale, format_datetime
from .models import Job

if TYPE_CHECKING:
    from ..auth.models import User
    from ..events.models import Event

log = logging.getLogger(__name__)

# A running job whose heartbeat is older than this lost its worker (killed, machine restarted); a
# queued one this old never found a worker. Either stops blocking a new start.
STALE_AFTER = timedelta(minutes=10)


class JobRunning(Conflict):
    """The same work is already queued or running for this event."""

    def __init__(self, job: Job | None) -> None:
        # None: the other job ended between the refused start and this message.
        when = format_datetime(job.created_at, job.event.timezone) if job is not None and job.event else ""
        super().__init__(_("Việc này đang chạy (bắt đầu lúc %(when)s). Vui lòng chờ việc đó xong rồi chạy lại; "
                           "tiến độ xem ở trang của việc đang chạy.", when=when))
        self.job = job


def running_key(kind: str, event: "Event") -> str:
    return f"{kind}:{event.id}"


def start(kind: str, event: "Event", *, user: "User | None" = None, params: dict[str, Any] | None = None,
          total: int = 0) -> Job:
    """Queues one job and commits it; JobRunning when the same work is already under way."""
    from .kinds import KINDS

    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    key = running_key(kind, event)
    _release_stale(key)
    params = {"locale": current_locale(), **(params or {})}
    job = Job(kind=kind, event_id=event.id, user_id=getattr(user, "id", None), running_key=key, status="queued",
              params=params, total=total, done=0, error="", created_at=utcnow())
    db.session.add(job)
    try:
        db.session.flush()
        job_id = job.id  # read before the commit: reading after it would open a transaction
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise JobRunning(current_job(kind, event)) from None
    enqueue(job_id)
    return job


def _release_stale(key: str) -> None:
    """Ends, as failed, a job of this key that lost its worker, so that the work can start again."""
    limit = utcnow() - STALE_AFTER
    db.session.execute(
        update(Job).where(Job.running_key == key, or_(
            (Job.status == "running") & (Job.heartbeat_at < limit),
            (Job.status == "queued") & (Job.created_at < limit)))
        .values(status="failed", running_key=None, finished_at=utcnow(),
                error=_("Việc bị dừng giữa chừng (tiến trình nền đã ngừng)."))
        .execution_options(synchronize_session=False))


def enqueue(job_id: int) -> None:
    """Hands a committed job to the workers. A queue that is down leaves it queued: the periodic
    task starts it within a minute."""
    if not has_app_context():
        return
    from ..messages.queue import enqueue_job

    enqueue_job(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]


def current_job(kind: str, event: "Event") -> Job | None:
    """The job of this kind queued or running for the event, if any."""
    return db.session.execute(db.select(Job).where(Job.running_key == running_key(kind, event))).scalar_one_or_none()


def get_job(event: "Event", job_id: int) -> Job:
    job = db.session.execute(db.select(Job).where(Job.id == job_id, Job.event_id == event.id)).scalar_one_or_none()
    if job is None:
        raise NotFound(_("Không tìm thấy việc này."))
    return job


def recent_jobs(event: "Event", limit: int = 20) -> list[Job]:
    return list(db.session.execute(
        db.select(Job).where(Job.event_id == event.id).order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    ).scalars())


def job_file(job: Job) -> tuple[str, bytes]:
    """The file the job made; NotFound when it made none (or not yet)."""
    if job.status != "done" or not job.file_name:
        raise NotFound(_("Việc này chưa tạo tệp nào."))
    return job.file_name, job.file_data


def waiting_job_ids(older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    """Queued jobs that no worker took within a minute (their enqueue was lost): the periodic task
    hands them to the queue again; the runner's claim makes a second hand-over harmless."""
    ids = list(db.session.execute(
        db.select(Job.id).where(Job.status == "queued", Job.created_at < utcnow() - older_than)
        .order_by(Job.id).limit(50)).scalars())
    db.session.commit()
    return ids
