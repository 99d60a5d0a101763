"""Reading events: by slug, upcoming first, and whether a window is open."""
from ..db import utcnow
from ..errors import NotFound
from ..extensions import db
from .models import Event


def get_event(slug):
    if "\x00" in slug:  # PostgreSQL refuses NUL in text: no event has it in its slug
        raise NotFound("event")
    event = db.session.execute(db.select(Event).filter_by(slug=slug)).scalar_one_or_none()
    if event is None:
        raise NotFound("event")
    return event


def list_events():
    return db.session.execute(db.select(Event).order_by(Event.starts_at.desc())).scalars().all()


def registration_is_open(event, now=None):
    if event.always_open:
        return True
    now = now or utcnow()
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.ends_at
    return now <= closes


def database_ok():
    db.session.execute(db.text("SELECT 1"))
    return True
