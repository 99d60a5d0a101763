"""What was printed: print runs (an organiser's batch, or a door reprint of one badge) and the
badges each contained. "Not yet printed" and "registered since the last print" are read here."""
from sqlalchemy import CheckConstraint, UniqueConstraint

from ..db import UTCDateTime, utcnow
from ..extensions import db

PRINT_KINDS = ("batch", "reprint")


class BadgePrintBatch(db.Model):
    __tablename__ = "badge_print_batch"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False, default="batch")
    layout = db.Column(db.String(20), nullable=False)
    # The filters of a batch, as the organiser chose them (shown in the print history).
    filters = db.Column(db.String(255), nullable=False, default="")
    # Why a badge was reprinted at the door (damaged, misprinted, new code...).
    reason = db.Column(db.String(255), nullable=False, default="")
    actor = db.Column(db.String(255), nullable=False, default="")
    guest_count = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)

    event = db.relationship("Event")
    prints = db.relationship("BadgePrint", back_populates="batch", cascade="all, delete-orphan",
                             order_by="BadgePrint.id")

    __table_args__ = (CheckConstraint("kind IN ('batch', 'reprint')", name="kind_known"),)


class BadgePrint(db.Model):
    """One guest's badge in a print run, with the code it carried (a reissue changes the code)."""

    __tablename__ = "badge_print"

    id = db.Column(db.Integer, primary_key=True)
    batch_id = db.Column(db.Integer, db.ForeignKey("badge_print_batch.id", ondelete="CASCADE"),
                         nullable=False, index=True)
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="CASCADE"), nullable=False, index=True)
    badge_token = db.Column(db.String(32), nullable=False)

    batch = db.relationship("BadgePrintBatch", back_populates="prints")
    guest = db.relationship("Guest")

    __table_args__ = (UniqueConstraint("batch_id", "guest_id"),)
