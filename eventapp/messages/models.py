"""One outgoing message: what is sent, to whom, about which event or guest, and how delivery went."""
from sqlalchemy import CheckConstraint
from sqlalchemy.orm import relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db

STATUSES = ("queued", "sending", "sent", "failed")


class Message(db.Model):
    __tablename__ = "message"

    id = db.Column(db.Integer, primary_key=True)
    # What the message is about, for scoping and for erasure; each is None when not relevant
    # (organiser-level mail has no event; a staff invitation points at the account, not a guest).
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    organiser_id = db.Column(db.Integer, db.ForeignKey("organiser.id", ondelete="CASCADE"), index=True)
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="CASCADE"), index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    channel = db.Column(db.String(20), nullable=False, default="email")
    kind = db.Column(db.String(40), nullable=False)  # "guest.confirmation", "staff.invitation"...
    to_address = db.Column(db.String(255), nullable=False)
    subject = db.Column(db.String(500), nullable=False)
    body_text = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text)
    status = db.Column(db.String(10), nullable=False, default="queued")
    attempts = db.Column(db.Integer, nullable=False, default=0)
    last_error = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    # A queued message is due from this moment (later after a failed attempt: the backoff).
    next_attempt_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    claimed_at = db.Column(UTCDateTime)
    # Set (and committed) just before the mail server is told the message is complete: a worker
    # killed after this point left a message the server has; one killed before it, one it dropped.
    handed_at = db.Column(UTCDateTime)
    sent_at = db.Column(UTCDateTime)

    event = relationship("Event")
    organiser = relationship("Organiser")
    guest = relationship("Guest")
    user = relationship("User")

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name="status_known"),
        db.Index("ix_message_status_next_attempt_at", "status", "next_attempt_at"),
    )
