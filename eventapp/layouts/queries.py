"""Reading an event's layouts: the document that prints for an item kind."""
from ..extensions import db
from .document import default_layout
from .models import EventLayout


def stored_layout(event, kind) -> EventLayout | None:
    event_id = getattr(event, "id", event)
    return db.session.execute(db.select(EventLayout).filter_by(event_id=event_id, kind=kind)).scalar_one_or_none()


def design_for(event, kind) -> dict | None:
    """The event's own document for the kind, or None when it prints the built-in design."""
    row = stored_layout(event, kind)
    return row.document if row is not None else None


def layout_of(event, kind) -> tuple[dict, bool]:
    """(document, is_default): what prints for the kind."""
    design = design_for(event, kind)
    return (design, False) if design is not None else (default_layout(kind), True)


def designed_kinds(event) -> dict:
    """{kind: EventLayout} of the kinds the event has designed."""
    rows = db.session.execute(db.select(EventLayout).filter_by(event_id=event.id)).scalars()
    return {row.kind: row for row in rows}
