"""An event's own design of a printed item: one layout document per event and item kind."""
from sqlalchemy import UniqueConstraint

from ..db import UTCDateTime, utcnow
from ..extensions import db


class EventLayout(db.Model):
    __tablename__ = "event_layout"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(20), nullable=False)  # eventapp.layouts.document.KINDS
    document = db.Column(db.JSON, nullable=False)  # validated (eventapp.layouts.document.validate)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by = db.Column(db.String(255), nullable=False, default="")

    event = db.relationship("Event")

    __table_args__ = (UniqueConstraint("event_id", "kind"),)
