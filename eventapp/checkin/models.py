"""Gates (check-in lists) of an event, the scan log and the admissions.

- Scan: every scan, accepted or not, with who scanned it (device and staff user) and when.
- Admission: the first admission of a guest at a gate. UNIQUE(guest_id, gate_id) is what makes
  admission exactly-once: the service inserts with ON CONFLICT DO NOTHING and reads the row count,
  so two devices (or two server processes) can never both admit the same badge at one gate.
"""
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlalchemy.orm import relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..events.models import GuestCategory

gate_category = db.Table(
    "gate_category",
    db.Column("gate_id", db.Integer, db.ForeignKey("gate.id", ondelete="CASCADE"), primary_key=True),
    db.Column("category_id", db.Integer, db.ForeignKey("guest_category.id", ondelete="CASCADE"), primary_key=True),
)

# The categories door staff may register a walk-in in at this gate (set by the organisers).
# Empty: the public categories the gate admits (invitation-only ones, such as leaders, never by default).
gate_walk_in_category = db.Table(
    "gate_walk_in_category",
    db.Column("gate_id", db.Integer, db.ForeignKey("gate.id", ondelete="CASCADE"), primary_key=True),
    db.Column("category_id", db.Integer, db.ForeignKey("guest_category.id", ondelete="CASCADE"), primary_key=True),
)


class Gate(db.Model):
    __tablename__ = "gate"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    code = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    name_en = db.Column(db.String(120), nullable=False, default="")
    allow_reentry = db.Column(db.Boolean, nullable=False, default=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    # Empty: every category is admitted.
    categories = relationship("GuestCategory", secondary=gate_category, order_by="GuestCategory.position")
    walk_in_categories = relationship("GuestCategory", secondary=gate_walk_in_category,
                                      order_by="GuestCategory.position")

    __table_args__ = (UniqueConstraint("event_id", "code"),)

    def admits(self, category: "GuestCategory") -> bool:
        return not self.categories or category in self.categories

    def label(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


# What the door is told. The first eight are the answers to an entry scan; the last two to an exit.
RESULTS = ("accepted", "already_checked_in", "invalid", "revoked", "cancelled", "not_approved",
           "wrong_event", "not_allowed_here", "exited", "not_inside")
DIRECTIONS = ("in", "out")
# code: a badge read by a scanner or camera; manual: admitted from a search; walk_in: registered at the door.
METHODS = ("code", "manual", "walk_in")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Scan(db.Model):
    """One scan at a gate. Kept for ever: an undo marks it, never deletes it."""

    __tablename__ = "scan"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False)
    gate_id = db.Column(db.Integer, db.ForeignKey("gate.id", ondelete="CASCADE"), nullable=False, index=True)
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="SET NULL"), index=True)
    result = db.Column(db.String(30), nullable=False)
    direction = db.Column(db.String(3), nullable=False, default="in")
    method = db.Column(db.String(10), nullable=False, default="code")
    # The last characters of the code read: enough for the organiser to tell codes apart, not to forge one.
    code_tail = db.Column(db.String(8), nullable=False, default="")
    # Made by the device, so that sending the same scan twice records it once.
    client_id = db.Column(db.String(64))
    device = db.Column(db.String(255), nullable=False, default="")
    api_key_id = db.Column(db.Integer, db.ForeignKey("api_key.id", ondelete="SET NULL"))
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"))
    scanned_at = db.Column(UTCDateTime, nullable=False)
    received_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    offline = db.Column(db.Boolean, nullable=False, default=False)
    # What an offline device showed before it could ask the server.
    local_result = db.Column(db.String(30))
    # For a duplicate: the scan that admitted the guest first.
    duplicate_of_id = db.Column(db.Integer, db.ForeignKey("scan.id", ondelete="SET NULL"))
    undone_at = db.Column(UTCDateTime)
    undone_by = db.Column(db.String(255))

    event = relationship("Event")
    gate = relationship("Gate")
    guest = relationship("Guest")
    duplicate_of = relationship("Scan", remote_side=[id])

    __table_args__ = (
        UniqueConstraint("event_id", "client_id"),
        Index("ix_scan_event_id_scanned_at", "event_id", "scanned_at"),
        CheckConstraint(_in("result", RESULTS), name="result_known"),
        CheckConstraint(_in("direction", DIRECTIONS), name="direction_known"),
        CheckConstraint(_in("method", METHODS), name="method_known"),
    )

    def __repr__(self) -> str:
        return f"<Scan {self.id} {self.result}>"


class Admission(db.Model):
    """A guest admitted at a gate: one row per guest and gate, whatever the number of scans."""

    __tablename__ = "admission"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="CASCADE"), nullable=False)
    gate_id = db.Column(db.Integer, db.ForeignKey("gate.id", ondelete="CASCADE"), nullable=False, index=True)
    # The scan that admitted the guest first (the earliest, when offline devices disagree).
    scan_id = db.Column(db.Integer, db.ForeignKey("scan.id", ondelete="SET NULL"))
    admitted_at = db.Column(UTCDateTime, nullable=False)
    # False after an exit scan; a re-entry (when the gate allows it) sets it back.
    inside = db.Column(db.Boolean, nullable=False, default=True)
    entries = db.Column(db.Integer, nullable=False, default=1)
    changed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    event = relationship("Event")
    guest = relationship("Guest")
    gate = relationship("Gate")
    scan = relationship("Scan")

    __table_args__ = (UniqueConstraint("guest_id", "gate_id"),)
