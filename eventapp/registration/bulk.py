"""The guest list's long work, run by the task queue's workers (eventapp.jobs): confirming an
import (then its invitations), and a mailing to the guests a filtered list shows.

Pages start these with start_import / start_reminders and show the job's page; the workers call
import_guests / send_reminders with the job and its Progress.
"""
from flask_babel import gettext as _

from ..extensions import db
from ..jobs import services as jobs
from ..jobs.runner import JobFailed, JobResult
from . import importing, queries
from .models import Guest
from .notify import queue_guest_mail

MAIL_BATCH = 100  # messages committed (and progress shown) together


def start_import(event, preview_id: str, *, send_email: bool, user=None):
    """Checks the preview can be imported, then queues its import. Raises NotFound (preview gone),
    ImportFailed (rows in error: nothing is queued), JobRunning."""
    preview = importing.load_preview(event, preview_id)
    errors = [(r.row, r.reason) for r in preview.rows if r.action == "error"]
    if errors:
        raise importing.ImportFailed(errors)
    return jobs.start("guests.import", event, user=user, total=preview.count("create"),
                      params={"preview_id": preview_id, "send_email": bool(send_email),
                              "filename": preview.filename})


def import_guests(job, progress) -> JobResult:
    """Writes every row of the preview or none (importing.confirm_import), then queues the
    invitations in batches, moving the progress on."""
    event = job.event
    progress(0, phase="writing")
    try:
        created = importing.confirm_import(event, job.params["preview_id"], send_email=False)
    except importing.ImportFailed as exc:
        raise JobFailed(exc.message, {"errors": [list(e) for e in exc.errors]}) from None
    ids = [g.id for g in created]
    summary = {"created": len(ids), "mailed": 0, "filename": job.params.get("filename", "")}
    if job.params.get("send_email"):
        summary["mailed"] = _mail(ids, "invited", progress)
    return JobResult(summary)


def start_reminders(event, filters: "queries.GuestFilters", user=None):
    """Queues a mailing of each guest's link to the guests the list shows with these filters.
    DomainError when it would reach nobody."""
    ids = queries.mailable_ids(event, filters)
    if not ids:
        raise JobFailed(_("Không có khách nào có email trong danh sách đang lọc: không có thư nào để gửi."))
    params = {"q": filters.q, "category_id": filters.category_id, "status": filters.status,
              "checked_in": filters.checked_in}
    return jobs.start("guests.remind", event, user=user, total=len(ids), params=params)


def send_reminders(job, progress) -> JobResult:
    """The list is read again when the job runs: a guest who cancelled or opted out meanwhile is left out."""
    p = job.params
    filters = queries.GuestFilters(q=p.get("q") or "", category_id=p.get("category_id"), status=p.get("status"),
                                   checked_in=p.get("checked_in"))
    ids = queries.mailable_ids(job.event, filters)
    return JobResult({"mailed": _mail(ids, "reminder", progress)})


def _mail(ids: list[int], kind: str, progress) -> int:
    """Queues one letter per guest, MAIL_BATCH per transaction; returns how many were queued."""
    progress(0, total=len(ids), phase="mailing")
    queued = 0
    for start in range(0, len(ids), MAIL_BATCH):
        chunk = ids[start:start + MAIL_BATCH]
        guests = db.session.execute(db.select(Guest).where(Guest.id.in_(chunk))).scalars().all()
        for guest in sorted(guests, key=lambda g: chunk.index(g.id)):
            queued += queue_guest_mail(guest, kind)
        db.session.commit()
        progress(start + len(chunk))
    return queued
