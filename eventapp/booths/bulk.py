"""The booth allocator as background work (eventapp.jobs): it may search for many seconds, and a
web request must not wait for it. The job computes a preview (planning.preview) and keeps it as
its result; the organiser reads it on the job's page and confirms it there, which applies exactly
that plan (or is refused when the data changed meanwhile)."""
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from ..errors import DomainError, NotFound
from ..events.models import Event
from ..jobs import services as jobs
from ..jobs.models import Job
from ..jobs.runner import JobResult, Progress
from . import planning

if TYPE_CHECKING:
    from ..auth.models import User

MAX_SECONDS = 120
KIND = "booths.allocate"


def start_allocation(event: Event, time_limit: int, user: "User | None" = None, mode: str = "stable") -> Job:
    """Queues one preview run of the allocator; JobRunning while another runs for the event."""
    mode = planning.check_mode(mode)
    return jobs.start(KIND, event, user=user, params={"time_limit": int(time_limit), "mode": mode})


def allocate_booths(job: Job, progress: Progress) -> JobResult:
    progress(0, total=1, phase="solving")
    params = job.params or {}
    summary = planning.preview(job.event, mode=params.get("mode", "stable"),
                               time_limit=float(params.get("time_limit", 10)))
    return JobResult(summary)


def preview_of(event: Event, job_id: int) -> Job:
    """The job and the preview it computed; NotFound unless it is a finished allocator preview."""
    job = jobs.get_job(event, job_id)
    if job.kind != KIND or job.status != "done" or "plan" not in (job.result or {}):
        raise NotFound(_("Không tìm thấy phương án xếp gian này."))
    return job


def confirm_preview(event: Event, job_id: int) -> planning.Applied:
    """Applies the job's preview once; the page then says when it was applied."""
    job = preview_of(event, job_id)
    if (job.result or {}).get("applied"):
        raise DomainError(_("Phương án này đã được áp dụng."))
    summary = dict(job.result)
    # Written in the confirmation's own transaction: marked applied only if it is.
    job.result = {**summary, "applied": True}
    return planning.confirm(event, summary)
