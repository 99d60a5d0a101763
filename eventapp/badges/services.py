"""Badge codes and badge prints.

The badge code (eventapp.tokens): 128 random bits, looked up in the database. Knowing one code
tells nothing about another, and nothing in it is signed that a changed character could keep
valid: a code is valid only while it is some guest's current badge_token. A reissued code moves
to RevokedBadge, so the door can say "revoked" instead of "unknown".

Other features call: lookup_code / resolve_code (door check-in), reissue_badge (lost badge),
reprint_badge (door), print_batch (organisers, CLI), guest_badge_pdf (the guest's own page).
"""
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..db import utcnow
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..i18n import format_date
from ..layouts.document import Document
from ..layouts.queries import design_for
from ..programme.queries import recipient_guest_ids
from ..registration.models import Guest, RevokedBadge
from ..text import clean
from ..tokens import new_badge_token, parse_code
from .layouts import LAYOUT_KEYS, LAYOUT_KINDS, MODES
from .models import BadgePrint, BadgePrintBatch
from .render import Badge, EventHeader, render_badges

CODE_STATES = ("ok", "invalid", "revoked", "wrong_event")
MAX_REASON = 255


# ----- looking a code up ------------------------------------------------------------------------
@dataclass(frozen=True)
class CodeLookup:
    """state: ok, invalid (no such code), revoked (replaced: `revoked` says when and why),
    wrong_event (a badge of another event: its guest is not given out)."""

    state: str
    guest: Guest | None = None
    revoked: RevokedBadge | None = None


def lookup_code(event: Event | int, text: str | None) -> CodeLookup:
    """What a scanned text (bare code or a URL containing it) means at this event's door."""
    event_id = getattr(event, "id", event)
    token = parse_code(text)
    if token is None:
        return CodeLookup("invalid")
    guest = db.session.execute(db.select(Guest).filter_by(badge_token=token)).scalar_one_or_none()
    if guest is not None:
        return CodeLookup("ok", guest) if guest.event_id == event_id else CodeLookup("wrong_event")
    revoked = db.session.execute(db.select(RevokedBadge).filter_by(token=token)).scalar_one_or_none()
    if revoked is not None:
        if revoked.guest.event_id != event_id:
            return CodeLookup("wrong_event")
        return CodeLookup("revoked", revoked.guest, revoked)
    return CodeLookup("invalid")


def resolve_code(event: Event | int, text: str | None) -> tuple[Guest | None, str]:
    """(guest or None, state) with state one of CODE_STATES; the guest's status is the caller's."""
    found = lookup_code(event, text)
    return found.guest, found.state


# ----- revoke and reissue (lost badge) ----------------------------------------------------------
def _reason(reason: str | None, field: str = "reason") -> str:
    reason = clean(reason)
    if not reason:
        raise DomainError(_("Vui lòng nhập lý do."), field=field)
    if len(reason) > MAX_REASON:
        raise DomainError(_("Lý do quá dài (tối đa %(n)d ký tự).", n=MAX_REASON), field=field)
    return reason


def reissue_badge(guest: Guest, reason: str | None) -> Guest:
    """Revokes the guest's code (kept with its reason, refused at the door) and issues a new one.
    The new badge is not printed yet. Returns the guest."""
    reason = _reason(reason)
    db.session.add(RevokedBadge(guest_id=guest.id, token=guest.badge_token, reason=reason))
    guest.badge_token = new_badge_token()
    guest.badge_printed_at = None
    audit.record("badge.reissue", f"guest:{guest.id}", event=guest.event_id, reason=reason)
    try:
        db.session.commit()
    except IntegrityError:
        # The same code revoked twice: someone else reissued this badge a moment ago.
        db.session.rollback()
        raise Conflict(_("Mã thẻ của khách này vừa được cấp lại. Vui lòng tải lại trang.")) from None
    return guest


def revocations(guest: Guest) -> Sequence[RevokedBadge]:
    return db.session.execute(
        db.select(RevokedBadge).filter_by(guest_id=guest.id).order_by(RevokedBadge.revoked_at.desc())
    ).scalars().all()


# ----- from guests to badges --------------------------------------------------------------------
def event_header(event: Event) -> EventHeader:
    first, last = format_date(event.starts_at, event.timezone), format_date(event.ends_at, event.timezone)
    date_text = first if first == last else f"{first} – {last}"
    if event.venue:
        date_text = f"{date_text} · {event.venue}"
    return EventHeader(name=event.name, date_text=date_text, logo=event.logo, organiser=event.organiser or "")


def badge_of(guest: Guest, awarded: Iterable[int] = ()) -> Badge:
    organization = guest.organization or (guest.cooperative.name if guest.cooperative else "")
    return Badge(
        token=guest.badge_token, full_name=guest.full_name, position=guest.position,
        organization=organization, category=guest.category.name, color=guest.category.color,
        award=guest.id in awarded, priority=bool(guest.needs_attention or guest.category.needs_attention),
    )


def _check_layout(layout: str) -> str:
    if layout not in LAYOUT_KEYS:
        raise DomainError(_("Khổ in không hợp lệ."), field="layout")
    return layout


def render_guests(event: Event, guests: Iterable[Guest], layout: str = "a6",
                  progress: Callable[[int], object] | None = None, mode: str = "office",
                  design: Document | None = None) -> bytes:
    """mode: "office" (nothing within 5 mm of the paper's edge), "print-shop" (bleed, crop marks),
    "mono" (black only, for thermal label printers). design: a layout document to print with
    (a preview); by default the event's own layout of the sheet's kind, or the built-in one."""
    awarded = recipient_guest_ids(event)  # they go on stage: their badge says so
    _check_layout(layout)
    if design is None:
        design = design_for(event, LAYOUT_KINDS[layout])
    return render_badges(event_header(event), [badge_of(g, awarded) for g in guests], layout,
                         progress=progress, mode=_check_mode(mode), design=design)


def _check_mode(mode: str) -> str:
    if mode not in MODES:
        raise DomainError(_("Cách in không hợp lệ."), field="mode")
    return mode


def _require_registered(guest: Guest) -> None:
    if guest.status != "registered":
        raise DomainError(_("Chỉ có thẻ cho khách đã được xác nhận tham dự."))


def guest_by_private_token(token: str | None) -> Guest:
    guest = db.session.execute(db.select(Guest).filter_by(private_token=token)).scalar_one_or_none() \
        if token else None
    if guest is None:
        raise NotFound(_("Không tìm thấy khách."))
    return guest


def guest_badge_pdf(guest: Guest, layout: str = "a6") -> bytes:
    """The guest's own badge, from their private page (not counted as a print)."""
    _require_registered(guest)
    return render_guests(guest.event, [guest], layout)


def guest_of_event(event: Event, guest_id: int) -> Guest:
    guest = db.session.get(Guest, guest_id)
    if guest is None or guest.event_id != event.id:
        raise NotFound(_("Không tìm thấy khách."))
    return guest


# ----- door reprints ----------------------------------------------------------------------------
def reprint_badge(guest: Guest, reason: str | None, layout: str = "a6") -> bytes:
    """Prints one badge again, counted with its reason. Returns the PDF bytes."""
    _require_registered(guest)
    reason = _reason(reason)
    pdf = render_guests(guest.event, [guest], layout)
    batch = BadgePrintBatch(event_id=guest.event_id, kind="reprint", layout=layout, reason=reason,
                            actor=audit.current_actor(), guest_count=1)
    batch.prints.append(BadgePrint(guest_id=guest.id, badge_token=guest.badge_token))
    db.session.add(batch)
    guest.badge_printed_at = utcnow()
    audit.record("badge.reprint", f"guest:{guest.id}", event=guest.event_id, reason=reason, layout=layout)
    db.session.commit()
    return pdf


def reprints(guest: Guest) -> Sequence[BadgePrintBatch]:
    """The guest's reprints, newest first."""
    return db.session.execute(
        db.select(BadgePrintBatch).join(BadgePrint)
        .where(BadgePrint.guest_id == guest.id, BadgePrintBatch.kind == "reprint")
        .order_by(BadgePrintBatch.created_at.desc(), BadgePrintBatch.id.desc())
    ).scalars().all()


def reprint_count(guest: Guest) -> int:
    return db.session.execute(
        db.select(func.count()).select_from(BadgePrint).join(BadgePrintBatch)
        .where(BadgePrint.guest_id == guest.id, BadgePrintBatch.kind == "reprint")
    ).scalar_one()


# ----- organisers' print runs -------------------------------------------------------------------
@dataclass(frozen=True)
class PrintFilter:
    """Which registered guests to print: one category (by code), only those never printed, only
    those registered (or approved) since the last print run."""

    category: str = ""
    not_printed: bool = False
    since_last_print: bool = False

    def describe(self) -> str:
        parts = []
        if self.category:
            parts.append(_("thành phần %(code)s", code=self.category))
        if self.not_printed:
            parts.append(_("chưa in"))
        if self.since_last_print:
            parts.append(_("đăng ký sau lần in trước"))
        return ", ".join(parts) or _("tất cả")


def last_batch(event: Event) -> BadgePrintBatch | None:
    return db.session.execute(
        db.select(BadgePrintBatch).filter_by(event_id=event.id, kind="batch")
        .order_by(BadgePrintBatch.created_at.desc(), BadgePrintBatch.id.desc()).limit(1)
    ).scalar_one_or_none()


def _category(event: Event, code: str) -> GuestCategory:
    category = db.session.execute(
        db.select(GuestCategory).filter_by(event_id=event.id, code=code)
    ).scalar_one_or_none()
    if category is None:
        raise DomainError(_("Không có thành phần “%(code)s” trong sự kiện này.", code=code), field="category")
    return category


def select_guests(event: Event, filters: PrintFilter = PrintFilter()) -> Sequence[Guest]:
    """Registered guests matching the filters, by category then Vietnamese name order."""
    query = (db.select(Guest).join(GuestCategory, Guest.category_id == GuestCategory.id)
             .where(Guest.event_id == event.id, Guest.status == "registered"))
    if filters.category:
        query = query.where(Guest.category_id == _category(event, filters.category).id)
    if filters.not_printed:
        query = query.where(Guest.badge_printed_at.is_(None))
    if filters.since_last_print:
        previous = last_batch(event)
        if previous is not None:
            query = query.where(func.coalesce(Guest.approved_at, Guest.created_at) > previous.created_at)
    query = query.order_by(GuestCategory.position, Guest.sort_key, Guest.id)
    return db.session.execute(query).scalars().all()


def print_batch(event: Event, filters: PrintFilter, layout: str = "a6") -> BadgePrintBatch:
    """Records a print run of the matching guests and marks them printed. Returns the batch;
    batch_pdf() renders it."""
    _check_layout(layout)
    guests = select_guests(event, filters)
    if not guests:
        raise DomainError(_("Không có thẻ nào phù hợp với bộ lọc."))
    return record_print_run(event, guests, layout, filters.describe())


def record_print_run(event: Event, guests: Sequence[Guest], layout: str, description: str) -> BadgePrintBatch:
    """The one way a print run is recorded: its guests marked printed (the door then offers
    "reprint"), the run kept with what chose them, audited. Commits; returns the batch."""
    now = utcnow()
    batch = BadgePrintBatch(event_id=event.id, kind="batch", layout=layout, filters=description[:255],
                            actor=audit.current_actor(), guest_count=len(guests), created_at=now)
    for guest in guests:
        batch.prints.append(BadgePrint(guest_id=guest.id, badge_token=guest.badge_token))
        guest.badge_printed_at = now
    db.session.add(batch)
    db.session.flush()
    audit.record("badge.print", f"batch:{batch.id}", event=event, guests=len(guests), layout=layout,
                 filters=batch.filters)
    db.session.commit()
    return batch


# A print run is Any here: BadgePrintBatch declares its relationships with db.relationship, which mypy
# reads as RelationshipProperty (not the related object) on an instance.
def get_batch(event: Event, batch_id: int) -> Any:
    batch = db.session.get(BadgePrintBatch, batch_id)
    if batch is None or batch.event_id != event.id:
        raise NotFound(_("Không tìm thấy đợt in."))
    return batch


def batch_guests(batch: Any) -> list[Guest]:
    """The guests of a print run who are still registered (the others are left out of its PDF)."""
    guests = [p.guest for p in batch.prints if p.guest.status == "registered"]
    if not guests:
        raise DomainError(_("Không còn thẻ nào để in trong đợt này."))
    return guests


def batch_pdf(batch: Any, layout: str | None = None, progress: Callable[[int], object] | None = None,
              mode: str = "office") -> bytes:
    """The badges of a print run again, with the guests' current codes."""
    return render_guests(batch.event, batch_guests(batch), layout or batch.layout, progress=progress, mode=mode)


def batches(event: Event, limit: int = 20) -> Sequence[BadgePrintBatch]:
    return db.session.execute(
        db.select(BadgePrintBatch).filter_by(event_id=event.id)
        .order_by(BadgePrintBatch.created_at.desc(), BadgePrintBatch.id.desc()).limit(limit)
    ).scalars().all()


def print_counts(event: Event) -> dict[str, Any]:
    """For the organisers' page: registered, printed, never printed, registered since the last run."""
    registered = select_guests(event)
    previous = last_batch(event)
    since = previous.created_at if previous else None
    return {
        "registered": len(registered),
        "printed": sum(1 for g in registered if g.badge_printed_at is not None),
        "not_printed": sum(1 for g in registered if g.badge_printed_at is None),
        "since_last_print": sum(1 for g in registered if since is None or (g.approved_at or g.created_at) > since),
        "last_print": since,
    }
