"""Reading an event's layouts: the document that prints for an item kind."""
from typing import TYPE_CHECKING, Any

from ..extensions import db
from .document import default_layout
from .models import EventLayout

if TYPE_CHECKING:
    from ..events.models import Event


def stored_layout(event: "Event | int", kind: str) -> EventLayout | None:
    event_id = getattr(event, "id", event)
    return db.session.execute(db.select(EventLayout).filter_by(event_id=event_id, kind=kind)).scalar_one_or_none()


def design_for(event: "Event | int", kind: str) -> dict[str, Any] | None:
    """The event's own document for the kind, or None when it prints the built-in design."""
    row = stored_layout(event, kind)
    return row.document if row is not None else None


def layout_of(event: "Event | int", kind: str) -> tuple[dict[str, Any], bool]:
    """(document, is_default): what prints for the kind."""
    design = design_for(event, kind)
    return (design, False) if design is not None else (default_layout(kind), True)


def designed_kinds(event: "Event") -> dict[str, EventLayout]:
    """{kind: EventLayout} of the kinds the event has designed."""
    rows = db.session.execute(db.select(EventLayout).filter_by(event_id=event.id)).scalars()
    return {row.kind: row for row in rows}
