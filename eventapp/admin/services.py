"""The organisers' overview of an event: counts that the dashboard shows."""
from sqlalchemy import func

from ..extensions import db
from ..registration.models import Guest


def guest_counts(event):
    rows = db.session.execute(
        db.select(Guest.status, func.count()).where(Guest.event_id == event.id).group_by(Guest.status)
    ).all()
    return dict(rows)


AUDIT_PAGE_SIZE = 50


def audit_entries(event_id=None, action=None, page=1):
    """The audit log, newest first; returns (entries, total)."""
    from ..audit import AuditEntry

    query = db.select(AuditEntry)
    if event_id:
        query = query.where(AuditEntry.event_id == event_id)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    total = db.session.execute(db.select(func.count()).select_from(query.subquery())).scalar_one()
    entries = db.session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(AUDIT_PAGE_SIZE).offset((max(page, 1) - 1) * AUDIT_PAGE_SIZE)
    ).scalars().all()
    return entries, total
