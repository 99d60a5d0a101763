"""A guest's right to erasure and the organisers' anonymisation after the event.

Erasing is anonymising one guest: the row stays, so that the event's counts (per category and
status), its check-in facts and its badge print runs still add up, but nothing in it (nor in the
tables around it) leads back to a person any more:

- name, e-mail, phone, organisation, position, cooperative link, search and sort keys: replaced or
  emptied; ``anonymised_at`` is set (the contact check of the table allows such rows);
- the badge code and the private link: new random tokens, recorded nowhere (not as revoked), so
  the old badge answers "invalid" at the door and the old link answers 404; the revoked codes of
  the guest are deleted (their reasons are free text about the person);
- award recipients linked to the guest keep the award (the honours list is the organisers' public
  record) and lose the link;
- the audit log: entries about the guest lose their text values (names, reasons); other entries
  of the event lose the guest's name, e-mail and phone wherever they occur, except the award
  entries, which describe the honours list that is kept;
- other tables that point at the guest (check-in, ...): text containing the guest's name, e-mail
  or phone is redacted, the facts (times, gates, results) stay.

Kept: category, status, source, created/approved/cancelled/printed times, consent time and
version (the record that processing was lawful), check-in facts.

A guest who erases their data before the event ends also cancels their registration, so that
their place goes to the waiting list; after the event, the status stays as it was (attendance
counts).
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, update

from .. import audit
from ..audit import AuditEntry
from ..badges.models import BadgePrint, BadgePrintBatch
from ..db import utcnow
from ..errors import Conflict, DomainError
from ..events.models import Event
from ..extensions import db
from ..messages.services import forget_guests
from ..programme.models import AwardRecipient
from ..registration import queries
from ..registration.models import Guest, RevokedBadge
from ..text import clean
from ..tokens import new_badge_token, new_private_token
from . import records
from .redaction import Needles, personal_values, redact_details, redact_text

ANONYMOUS_NAME = "Khách ẩn danh"


def event_has_ended(event: Event, now: datetime | None = None) -> bool:
    return bool((now or utcnow()) >= event.ends_at)


# ----- the organisers' anonymisation of an event -------------------------------------------------
@dataclass
class AnonymiseSummary:
    """What the anonymisation page shows: counts per category (registration's CategoryCount rows,
    the total last) and how many guests still carry personal data."""

    event: Event
    ended: bool
    counts: list[queries.CategoryCount]
    total: int
    anonymised: int

    @property
    def remaining(self) -> int:
        return self.total - self.anonymised


def anonymise_summary(event: Event, now: datetime | None = None) -> AnonymiseSummary:
    counts = queries.category_counts(event, queries.checked_in_ids(event))
    total = db.session.execute(
        db.select(db.func.count()).select_from(Guest).where(Guest.event_id == event.id)).scalar_one()
    anonymised = db.session.execute(
        db.select(db.func.count()).select_from(Guest)
        .where(Guest.event_id == event.id, Guest.anonymised_at.is_not(None))).scalar_one()
    return AnonymiseSummary(event, event_has_ended(event, now), counts, total, anonymised)


def anonymise_event(event: Event, confirmation: str | None, now: datetime | None = None) -> int:
    """Anonymises every guest of the event who still has personal data; returns how many.

    Refused before the event ends, and unless ``confirmation`` is the event's slug (typed by the
    organiser: the operation cannot be undone).
    """
    now = now or utcnow()
    if not event_has_ended(event, now):
        raise DomainError(_("Sự kiện chưa kết thúc: chỉ ẩn danh được dữ liệu khách sau khi sự kiện kết thúc."),
                          field="confirmation")
    if clean(confirmation or "") != event.slug:
        raise DomainError(_("Vui lòng gõ đúng mã sự kiện “%(slug)s” để xác nhận.", slug=event.slug),
                          field="confirmation")
    guests = list(db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id, Guest.anonymised_at.is_(None)).order_by(Guest.id)
    ).scalars())
    addresses = _erase(event, guests, now)
    audit.record("privacy.anonymise_event", f"event:{event.id}", event=event, guests=len(guests))
    db.session.commit()
    forget_guests(guests, addresses)
    return len(guests)


# ----- a guest erases their own data -------------------------------------------------------------
def delete_guest_data(guest: Guest, now: datetime | None = None) -> list[Guest]:
    """The guest's "delete my data". Returns the guests promoted from the waiting list (told by
    e-mail) when the guest's place was freed."""
    from ..registration.notify import send_guest_mail
    from ..registration.services import cancel_guest

    if guest.anonymised_at is not None:
        raise Conflict(_("Dữ liệu của khách này đã được xoá."))
    now = now or utcnow()
    event = guest.event
    promoted: list[Guest] = []
    if guest.status != "cancelled" and not event_has_ended(event, now):
        # Committed on its own: a cancelled registration is a consistent state even if the erasure
        # below failed; the guest would see it and could try again.
        promoted = cancel_guest(guest, notify=False)
    addresses = _erase(event, [guest], now)
    # What happened, not to whom: the entry names no one (its target is the anonymous row).
    audit.record("privacy.guest_deleted", f"guest:{guest.id}", event=event, by="guest")
    db.session.commit()
    forget_guests([guest], addresses)
    for other in promoted:
        send_guest_mail(other, "promoted")
    return promoted


# ----- the erasure itself ------------------------------------------------------------------------
def _erase(event: Event, guests: Sequence[Guest], now: datetime) -> list[str]:
    """Anonymises the guests and scrubs what points at them; the caller commits, then forgets
    the messages sent to them: it returns their addresses, read before they are erased."""
    if not guests:
        return []
    personal = {g.id: personal_values(g.full_name, g.email, g.phone) for g in guests}
    addresses = [g.email for g in guests if g.email]
    for guest in guests:
        guest.full_name = ANONYMOUS_NAME
        guest.email = guest.phone = None
        guest.organization = guest.position = ""
        guest.search_key = guest.sort_key = ""
        guest.cooperative_id = None
        guest.badge_token = new_badge_token()
        guest.private_token = new_private_token()
        guest.anonymised_at = now
    db.session.flush()
    for ids in records.chunks(personal):
        db.session.execute(delete(RevokedBadge).where(RevokedBadge.guest_id.in_(ids)))
        db.session.execute(update(AwardRecipient).where(AwardRecipient.guest_id.in_(ids)).values(guest_id=None))
    _scrub_reprint_reasons(personal)
    records.scrub_other_tables(personal, redact_text)
    _scrub_audit(event, personal)
    db.session.flush()
    db.session.expire_all()
    return addresses


def _scrub_reprint_reasons(personal: dict[int, Needles]) -> None:
    """A door reprint's reason is typed by staff and might name the guest."""
    for ids in records.chunks(personal):
        rows = db.session.execute(
            db.select(BadgePrint.guest_id, BadgePrintBatch)
            .join(BadgePrintBatch, BadgePrint.batch_id == BadgePrintBatch.id)
            .where(BadgePrint.guest_id.in_(ids), BadgePrintBatch.kind == "reprint")
        ).all()
        for guest_id, batch in rows:
            new = redact_text(batch.reason, personal[guest_id])
            if new is not None:
                batch.reason = new[:255]


def _scrub_audit(event: Event, personal: dict[int, Needles]) -> None:
    targets = {f"guest:{guest_id}" for guest_id in personal}
    everyone = personal_values(*(value for needles in personal.values() for value in needles))
    entries = db.session.execute(db.select(AuditEntry).where(AuditEntry.event_id == event.id)).scalars()
    for entry in entries:
        own = entry.target in targets
        if not own and entry.target.startswith("award_"):
            continue  # the honours list keeps its names, and so does its history
        new = redact_details(entry.details, everyone, own)
        if new is not None:
            entry.details = new
