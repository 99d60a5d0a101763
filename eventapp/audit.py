"""The audit log: who did what to which record, when. Services call record(); admins read it."""
import json
from typing import Any

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy.orm import relationship

from .db import UTCDateTime, utcnow
from .extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    event = relationship("Event")
    # Set for what belongs to an organiser rather than one event (staff, cooperatives, new events).
    organiser_id = db.Column(db.Integer, db.ForeignKey("organiser.id", ondelete="CASCADE"), index=True)
    actor = db.Column(db.String(255), nullable=False, default="")
    action = db.Column(db.String(60), nullable=False)
    target = db.Column(db.String(120), nullable=False, default="")
    details = db.Column(db.Text, nullable=False, default="")


def current_actor() -> str:
    if not has_request_context():
        return "cli"
    principal = getattr(g, "principal", None)
    if principal is not None:
        return principal.label
    if current_user and current_user.is_authenticated:
        return current_user.email
    return "public"


def record(action: str, target: object = "", event: Any = None, actor: str | None = None, organiser: Any = None,
           **details: Any) -> "AuditEntry":
    """Adds an entry to the session: it is committed with the change it describes."""
    organiser_id = getattr(organiser, "id", organiser)
    if organiser_id is None and event is not None and hasattr(event, "organiser_id"):
        organiser_id = event.organiser_id
    entry = AuditEntry(
        action=action,
        target=str(target)[:120],
        event_id=getattr(event, "id", event),
        organiser_id=organiser_id,
        actor=actor or current_actor(),
        details=json.dumps(details, ensure_ascii=False, default=str) if details else "",
    )
    db.session.add(entry)
    return entry
