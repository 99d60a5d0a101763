"""The organisers' overview of their events: counts that the dashboard shows, the audit log."""
from typing import TYPE_CHECKING

from sqlalchemy import func, or_

from ..checkin.services import checked_in_guest_ids
from ..events.models import Event
from ..events.services import visible_to
from ..extensions import db
from ..registration.models import Guest

if TYPE_CHECKING:
    from ..access import Principal
    from ..audit import AuditEntry


def event_counts(events: list[Event]) -> dict[int, dict[str, int]]:
    """{event id: {status: guests, ..., "checked_in": guests admitted}} for the organisers' home:
    one query for the statuses of every event, the check-in rule's own query per event."""
    counts: dict[int, dict[str, int]] = {event.id: {} for event in events}
    if not events:
        return counts
    rows = db.session.execute(
        db.select(Guest.event_id, Guest.status, func.count())
        .where(Guest.event_id.in_(list(counts))).group_by(Guest.event_id, Guest.status)
    ).all()
    for event_id, status, n in rows:
        counts[event_id][status] = n
    for event in events:
        counts[event.id]["checked_in"] = len(checked_in_guest_ids(event))
    return counts


AUDIT_PAGE_SIZE = 50


def audit_entries(principal: "Principal", event_id: int | None = None, action: str | None = None,
                  page: int = 1) -> tuple[list["AuditEntry"], int]:
    """The audit log a principal may read, newest first; returns (entries, total).

    An organiser's people read the entries of their events and of the organiser itself (staff,
    cooperatives); a person of one event reads that event's; the install's administrator, all."""
    from ..audit import AuditEntry

    query = db.select(AuditEntry)
    if principal.event_id is not None:
        query = query.where(AuditEntry.event_id == principal.event_id)
    elif principal.organiser_id is not None:
        events = visible_to(db.select(Event.id), principal)
        query = query.where(or_(AuditEntry.event_id.in_(events),
                                AuditEntry.event_id.is_(None) & (AuditEntry.organiser_id == principal.organiser_id)))
    if event_id:
        query = query.where(AuditEntry.event_id == event_id)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    total = db.session.execute(db.select(func.count()).select_from(query.subquery())).scalar_one()
    entries = db.session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(AUDIT_PAGE_SIZE).offset((max(page, 1) - 1) * AUDIT_PAGE_SIZE)
    ).scalars().all()
    return list(entries), total
