"""Reading events: by slug, upcoming first, and whether a window is open."""
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from ..db import utcnow
from ..errors import NotFound
from ..extensions import db
from .models import Event

if TYPE_CHECKING:
    from ..access import Principal


def get_event(slug: str) -> Event:
    if "\x00" in slug:  # PostgreSQL refuses NUL in text: no event has it in its slug
        raise NotFound("event")
    event = db.session.execute(db.select(Event).filter_by(slug=slug)).scalar_one_or_none()
    if event is None:
        raise NotFound("event")
    return event


def visible_to(query: Select[Any], principal: "Principal | None", event_column: Any = Event.id) -> Select[Any]:
    """Narrows a query to the events a principal may see (access.Principal.may_see_event as SQL):
    every list of rows that belong to events goes through here."""
    if principal is None:
        return query
    if principal.event_id is not None:
        query = query.where(event_column == principal.event_id)
    if principal.organiser_id is not None:
        owned = db.select(Event.id).where(Event.organiser_id == principal.organiser_id)
        query = query.where(event_column.in_(owned))
    return query


def list_events(principal: "Principal | None" = None, archived: bool = True) -> list[Event]:
    """Events, newest first; principal: only those it may see; archived=False leaves archived ones out."""
    query = visible_to(db.select(Event), principal)
    if not archived:
        query = query.where(Event.archived_at.is_(None))
    return list(db.session.execute(query.order_by(Event.starts_at.desc())).scalars())


def registration_is_open(event: Event, now: datetime | None = None) -> bool:
    if event.archived_at is not None or event.registration_closed_at is not None:
        return False
    if event.always_open:
        return True
    now = now or utcnow()
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.ends_at
    return now <= closes


def database_ok() -> bool:
    db.session.execute(db.text("SELECT 1"))
    return True


# What the organisers' home says of an event (event_state below).
STATE_LABELS = {"upcoming": _l("Sắp diễn ra"), "open": _l("Đang mở đăng ký"), "closed": _l("Đã đóng đăng ký"),
                "finished": _l("Đã kết thúc"), "archived": _l("Lưu trữ")}


def event_state(event: Event, now: datetime | None = None) -> str:
    """In this order of precedence: archived; open (registration open, whatever the date: the demo
    stays open); finished; closed (by hand or by its window); upcoming (registration not open yet)."""
    now = now or utcnow()
    if event.archived_at is not None:
        return "archived"
    if registration_is_open(event, now):
        return "open"
    if now > event.ends_at:
        return "finished"
    closes = event.registration_closes_at
    if event.registration_closed_at is not None or (closes and now > closes):
        return "closed"
    return "upcoming"
