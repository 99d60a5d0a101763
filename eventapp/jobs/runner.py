"""Running one job in a worker: claim it, call its kind's function, record the outcome.

The kind's function gets the job and a Progress, does its work in transactions of its own, and
returns a JobResult. Progress is written (and committed) only between the function's own
transactions, so on SQLite it never waits for a write lock the function holds.
"""
import logging
from dataclasses import dataclass, field
from typing import Any, cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import CursorResult, update

from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from .models import Job

log = logging.getLogger(__name__)


@dataclass
class JobResult:
    summary: dict = field(default_factory=dict)  # shown by the kind's result template; JSON
    file_name: str | None = None
    file_data: bytes | None = None


class JobFailed(DomainError):
    """The work could not be done; its page shows the message and the summary (rows in error...)."""

    def __init__(self, message: str, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.summary = summary or {}


class Progress:
    """What a running job reports: how far it is, and what it is doing now (a short phase name
    its result template knows)."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.id

    def __call__(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        values = {"done": done, "heartbeat_at": utcnow()}
        if total is not None:
            values["total"] = total
        if phase is not None:
            values["result"] = {"phase": phase}
        db.session.execute(update(Job).where(Job.id == self.job_id).values(**values)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def claim(job_id: int) -> bool:
    """queued → running, for exactly one caller."""
    now = utcnow()
    result = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == "queued")
        .values(status="running", started_at=now, heartbeat_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return cast(CursorResult[Any], result).rowcount == 1


def run(job_id: int) -> str | None:
    """Runs the job if this call claims it; returns its final status (None: not claimed)."""
    from .kinds import KINDS

    if not claim(job_id):
        return None
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job is not None  # claimed above
    kind = KINDS[job.kind]
    locale = (job.params or {}).get("locale") or "vi"  # the language of whoever started it
    try:
        with force_locale(locale):
            outcome = kind.run(job, Progress(job))
    except DomainError as exc:
        db.session.rollback()
        _finish(job_id, "failed", JobResult(getattr(exc, "summary", {})), error=exc.message)
    except Exception:  # the job's page must end, whatever went wrong; the log has the traceback
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, kind)
        _finish(job_id, "failed", error=_("Đã có lỗi khi thực hiện việc này. Vui lòng thử lại hoặc báo cho quản trị."))
    else:
        _finish(job_id, "done", outcome)
    finished = db.session.get(Job, job_id, populate_existing=True)
    return finished.status if finished is not None else None


def _finish(job_id: int, status: str, outcome: JobResult | None = None, error: str = "") -> None:
    values = {"status": status, "running_key": None, "finished_at": utcnow(), "heartbeat_at": utcnow(),
              "error": error}
    if outcome is not None:
        values.update(result=outcome.summary, file_name=outcome.file_name, file_data=outcome.file_data)
    db.session.execute(update(Job).where(Job.id == job_id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()
