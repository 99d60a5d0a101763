"""The organisers' overview of an event: counts that the dashboard shows."""
from sqlalchemy import func

from ..extensions import db
from ..registration.models import Guest


def guest_counts(event):
    rows = db.session.execute(
        db.select(Guest.status, func.count()).where(Guest.event_id == event.id).group_by(Guest.status)
    ).all()
    return dict(rows)
