"""One piece of long work (an import, a mailing, the booth allocation, a large badge PDF) and its progress."""
from sqlalchemy import CheckConstraint
from sqlalchemy.orm import deferred, relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db

STATUSES = ("queued", "running", "done", "failed")


class Job(db.Model):
    __tablename__ = "job"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)  # "guests.import", "guests.resend", "booths.allocate"...
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"))
    # "kind:event" while the job is queued or running, NULL once it ended: the unique index is what
    # refuses a second run of the same work (NULLs never collide, in SQLite as in PostgreSQL).
    running_key = db.Column(db.String(80), unique=True)
    status = db.Column(db.String(10), nullable=False, default="queued")
    params = db.Column(db.JSON, nullable=False, default=dict)
    total = db.Column(db.Integer, nullable=False, default=0)
    done = db.Column(db.Integer, nullable=False, default=0)
    result = db.Column(db.JSON)
    error = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    started_at = db.Column(UTCDateTime)
    # Moved on at each step: a running job whose heartbeat stopped long ago lost its worker.
    heartbeat_at = db.Column(UTCDateTime)
    finished_at = db.Column(UTCDateTime)
    # A file the job made (a badge PDF), kept in the database so that every app server can send it.
    file_name = db.Column(db.String(200))
    file_data = deferred(db.Column(db.LargeBinary))

    event = relationship("Event")
    user = relationship("User")

    __table_args__ = (CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_known"),)
