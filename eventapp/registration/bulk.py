"""The guest list's work on many guests: confirming an import (then its invitations), a mailing to
the guests a filtered list shows, and the actions on the guests an organiser ticked.

Long work runs in the task queue's workers (eventapp.jobs): pages start it with start_* and show the
job's page; the workers call import_guests / send_reminders / resend_selected / print_selected with
the job and its Progress. Approving, moving and cancelling run at once, guest by guest, through
the same services as the guest page.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from .. import audit
from ..badges import services as badges
from ..errors import DomainError, NotFound
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..jobs import services as jobs
from ..jobs.models import Job
from ..jobs.runner import JobFailed, JobResult, Progress
from . import importing, queries, services
from .models import Guest
from .notify import queue_guest_mail

if TYPE_CHECKING:
    from ..auth.models import User
    from ..badges.models import BadgePrintBatch

MAIL_BATCH = 100  # messages committed (and progress shown) together


def start_import(event: Event, preview_id: str, *, send_email: bool, valid_only: bool = False,
                 user: "User | None" = None) -> Job:
    """Checks the preview can be imported, then queues its import. Raises NotFound (preview gone),
    ImportFailed (rows in error and not valid_only, or nothing to import: nothing is queued), JobRunning."""
    preview = importing.load_preview(event, preview_id)
    importing.check_importable(preview, valid_only)
    return jobs.start("guests.import", event, user=user, total=preview.count("create"),
                      params={"preview_id": preview_id, "send_email": bool(send_email),
                              "valid_only": bool(valid_only), "filename": preview.filename})


def import_guests(job: Job, progress: Progress) -> JobResult:
    """Writes every row of the preview or none (importing.confirm_import), then queues the
    invitations in batches, moving the progress on."""
    event = job.event
    progress(0, phase="writing")
    valid_only = bool(job.params.get("valid_only"))
    try:
        skipped = importing.load_preview(event, job.params["preview_id"]).count("error") if valid_only else 0
        created = importing.confirm_import(event, job.params["preview_id"], send_email=False, valid_only=valid_only)
    except importing.ImportFailed as exc:
        raise JobFailed(exc.message, {"errors": [list(e) for e in exc.errors]}) from None
    except NotFound as exc:
        raise JobFailed(exc.message) from None
    ids = [g.id for g in created]
    summary = {"created": len(ids), "mailed": 0, "skipped": skipped, "filename": job.params.get("filename", "")}
    if job.params.get("send_email"):
        summary["mailed"] = _mail(ids, "invited", progress)
    return JobResult(summary)


def start_reminders(event: Event, filters: queries.GuestFilters, user: "User | None" = None) -> Job:
    """Queues a mailing of each guest's link to the guests the list shows with these filters.
    DomainError when it would reach nobody."""
    ids = queries.mailable_ids(event, filters)
    if not ids:
        raise JobFailed(_("Không có khách nào có email trong danh sách đang lọc: không có thư nào để gửi."))
    params = {"q": filters.q, "category_id": filters.category_id, "status": filters.status,
              "checked_in": filters.checked_in}
    return jobs.start("guests.remind", event, user=user, total=len(ids), params=params)


def send_reminders(job: Job, progress: Progress) -> JobResult:
    """The list is read again when the job runs: a guest who cancelled or opted out meanwhile is left out."""
    p = job.params
    filters = queries.GuestFilters(q=p.get("q") or "", category_id=p.get("category_id"), status=p.get("status"),
                                   checked_in=p.get("checked_in"))
    ids = queries.mailable_ids(job.event, filters)
    return JobResult({"mailed": _mail(ids, "reminder", progress)})


def _mail(ids: list[int], kind: str, progress: Progress) -> int:
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


# ----- actions on the guests an organiser ticked -------------------------------------------------
BULK_LIMIT = 500  # ids in one request: ten pages of the list; more is a filter's job
ACTIONS = ("approve", "resend", "badges", "category", "cancel")


@dataclass
class BulkOutcome:
    done: list[str] = field(default_factory=list)                    # names of the guests changed
    skipped: list[tuple[str, str]] = field(default_factory=list)     # (name, reason) of the guests left as they were
    promoted: list[str] = field(default_factory=list)                # names moved from a waiting list to a place


def parse_ids(values: Iterable[str | int]) -> list[int]:
    """The ticked guest ids of a form; DomainError when none, or too many."""
    ids = sorted({int(v) for v in values if str(v).isdigit() and 0 < int(v) <= queries.MAX_ID})
    if not ids:
        raise DomainError(_("Vui lòng chọn ít nhất một khách."))
    if len(ids) > BULK_LIMIT:
        raise DomainError(_("Chọn tối đa %(n)d khách mỗi lần.", n=BULK_LIMIT))
    return ids


def applies(action: str, guest: Guest, category: GuestCategory | None = None) -> bool:
    """Whether the action changes this guest (the confirmation counts these; the others are
    listed as left alone): approve a pending registration, resend to a guest it can reach, print a
    registered guest's badge, move a guest to another category, cancel one not yet cancelled."""
    if action == "approve":
        return guest.status == "pending"
    if action == "resend":
        return bool(_reachable([guest]))
    if action == "badges":
        return guest.status == "registered"
    if action == "category":
        return category is not None and guest.category_id != category.id
    return guest.status != "cancelled"


def apply_action(event: Event, action: str, guests: Sequence[Guest],
                 category: GuestCategory | None = None) -> BulkOutcome:
    """Approves, moves or cancels each guest through the guest page's services (each guest its own
    unit of work, audited there); a guest the rule refuses is skipped with the reason."""
    if action == "category" and (category is None or category.event_id != event.id):
        raise DomainError(_("Vui lòng chọn thành phần tham dự."), field="category")
    outcome = BulkOutcome()
    for guest in guests:
        try:
            if action == "approve":
                services.approve_guest(guest)
            elif action == "cancel":
                outcome.promoted += [g.full_name for g in services.cancel_guest(guest, by_organiser=True)]
            elif action == "category" and category is not None:
                _move(guest, category)
            else:
                raise ValueError(f"unknown bulk action {action!r}")
        except DomainError as exc:
            db.session.rollback()
            outcome.skipped.append((guest.full_name, exc.message))
        else:
            outcome.done.append(guest.full_name)
    audit.record("guest.bulk", f"event:{event.id}", event=event, what=action, selected=len(guests),
                 done=len(outcome.done), skipped=len(outcome.skipped))
    db.session.commit()
    return outcome


def _move(guest: Guest, category: GuestCategory) -> None:
    if guest.category_id == category.id:
        raise DomainError(_("Khách đã thuộc thành phần này."))
    services.update_guest(guest, full_name=guest.full_name, email=guest.email, phone=guest.phone,
                          organization=guest.organization, position=guest.position, category=category,
                          by_organiser=True)


def _reachable(guests: Iterable[Guest]) -> list[Guest]:
    """Who a resend reaches: not cancelled, not anonymised, an e-mail or a phone on file."""
    return [g for g in guests if g.status != "cancelled" and g.anonymised_at is None and (g.email or g.phone)]


def start_resend(event: Event, guests: Sequence[Guest], user: "User | None" = None) -> Job:
    """Queues each ticked guest's link again; DomainError when it would reach nobody."""
    ids = [g.id for g in _reachable(guests)]
    if not ids:
        raise DomainError(_("Không khách nào được chọn có email hoặc số điện thoại (hoặc các khách đã huỷ)."))
    audit.record("guest.bulk", f"event:{event.id}", event=event, what="resend", selected=len(guests),
                 done=len(ids))
    return jobs.start("guests.resend", event, user=user, total=len(ids), params={"ids": ids})


def resend_selected(job: Job, progress: Progress) -> JobResult:
    """Read again when the job runs: a guest cancelled meanwhile gets nothing. Letters without an
    e-mail go by SMS when it is configured (notify.queue_guest_mail)."""
    ids = [g.id for g in _reachable(queries.selected_guests(job.event, job.params["ids"]))]
    return JobResult({"mailed": _mail(ids, "resend", progress), "selected": len(job.params["ids"])})


def start_badges(event: Event, guests: Iterable[Guest], user: "User | None" = None, layout: str = "a6") -> Job:
    """Queues the badges of the ticked guests who are registered (only they have one)."""
    ids = [g.id for g in guests if applies("badges", g)]
    if not ids:
        raise DomainError(_("Chỉ khách đã đăng ký (đã xác nhận) mới có thẻ: không có thẻ nào để in."))
    return jobs.start("guests.badges", event, user=user, total=len(ids), params={"ids": ids, "layout": layout})


def print_selected(job: Job, progress: Progress) -> JobResult:
    guests = [g for g in queries.selected_guests(job.event, job.params["ids"]) if applies("badges", g)]
    if not guests:
        raise JobFailed(_("Chỉ khách đã đăng ký (đã xác nhận) mới có thẻ: không có thẻ nào để in."))
    progress(0, total=len(guests), phase="rendering")
    data, batch = print_badges(job.event, guests, job.params.get("layout") or "a6", progress=progress)
    return JobResult({"badges": len(guests), "batch_id": batch.id},
                     file_name=f"the-{job.event.slug}-dot-{batch.id}.pdf", file_data=data)


def print_badges(event: Event, guests: Sequence[Guest], layout: str = "a6",
                 progress: Progress | None = None) -> tuple[bytes, "BadgePrintBatch"]:
    """(PDF, print run) of these guests' badges, counted as a print run like the print page's, so the
    door knows a badge was printed. Drawn before anything is written: a drawing error records nothing."""
    data = badges.render_guests(event, guests, layout, progress=progress)
    batch = badges.record_print_run(event, guests, layout, _("khách được chọn trong danh sách khách"))
    return data, batch
