"""Member cooperatives, the floor plan of booths, applications and assignments."""
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import relationship

from ..cooperatives.models import Cooperative  # noqa: F401  (booths link to the registry)
from ..db import UTCDateTime, utcnow
from ..extensions import db

# What the organiser sets on a booth. "assigned" is not stored: it is the assignment row (plan_status).
BOOTH_STATUSES = ("free", "held", "blocked")
APPLICATION_STATUSES = ("submitted", "approved", "rejected", "withdrawn")


class Booth(db.Model):
    """A booth on the floor plan; x, y, width and height in metres on the plan."""

    __tablename__ = "booth"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    code = db.Column(db.String(20), nullable=False)
    zone = db.Column(db.String(120), nullable=False, default="")
    x = db.Column(db.Float, nullable=False, default=0)
    y = db.Column(db.Float, nullable=False, default=0)
    width = db.Column(db.Float, nullable=False, default=3)
    height = db.Column(db.Float, nullable=False, default=3)
    is_corner = db.Column(db.Boolean, nullable=False, default=False)
    has_power = db.Column(db.Boolean, nullable=False, default=False)
    has_water = db.Column(db.Boolean, nullable=False, default=False)
    # free, held (kept back from the allocator and from self-selection) or blocked (not in use).
    # Giving a held booth out ends the hold; a blocked booth is never given out.
    status = db.Column(db.String(20), nullable=False, default="free")

    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("status IN ('free', 'held', 'blocked')", name="status_known"),
        CheckConstraint("width > 0 AND height > 0", name="size_positive"),
    )

    # Booth.assigned (whether an assignment row names the booth) is defined below BoothAssignment.

    @property
    def plan_status(self) -> str:
        """What the plan, the lists and the PDF show: "assigned" while the booth has an exhibitor,
        else its status."""
        return "assigned" if self.assigned else self.status

    def __repr__(self) -> str:
        return f"<Booth {self.code}>"


class BoothApplication(db.Model):
    __tablename__ = "booth_application"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    cooperative_id = db.Column(db.Integer, db.ForeignKey("cooperative.id", ondelete="CASCADE"), nullable=False)
    sector = db.Column(db.String(120), nullable=False, default="")
    products = db.Column(db.String(500), nullable=False, default="")
    booths_wanted = db.Column(db.Integer, nullable=False, default=1)
    needs_corner = db.Column(db.Boolean, nullable=False, default=False)
    needs_power = db.Column(db.Boolean, nullable=False, default=False)
    needs_water = db.Column(db.Boolean, nullable=False, default=False)
    notes = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(20), nullable=False, default="submitted")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    cooperative = relationship("Cooperative")
    preferences = relationship(
        "BoothPreference", order_by="BoothPreference.rank", cascade="all, delete-orphan",
        back_populates="application",
    )

    __table_args__ = (
        UniqueConstraint("event_id", "cooperative_id"),
        CheckConstraint("booths_wanted BETWEEN 1 AND 4", name="booths_wanted_range"),
        CheckConstraint(
            "status IN ('submitted', 'approved', 'rejected', 'withdrawn')", name="status_known"
        ),
    )


class BoothPreference(db.Model):
    """One of up to five ranked wishes: a zone or a particular booth."""

    __tablename__ = "booth_preference"

    id = db.Column(db.Integer, primary_key=True)
    application_id = db.Column(
        db.Integer, db.ForeignKey("booth_application.id", ondelete="CASCADE"), nullable=False
    )
    rank = db.Column(db.Integer, nullable=False)
    zone = db.Column(db.String(120))
    booth_id = db.Column(db.Integer, db.ForeignKey("booth.id", ondelete="CASCADE"))

    application = relationship("BoothApplication", back_populates="preferences")
    booth = relationship("Booth")

    __table_args__ = (
        UniqueConstraint("application_id", "rank"),
        CheckConstraint("rank BETWEEN 1 AND 5", name="rank_range"),
        CheckConstraint("zone IS NOT NULL OR booth_id IS NOT NULL", name="zone_or_booth"),
    )


class BoothAssignment(db.Model):
    """A booth given to an application. One exhibitor per booth is the unique booth_id."""

    __tablename__ = "booth_assignment"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    booth_id = db.Column(db.Integer, db.ForeignKey("booth.id", ondelete="CASCADE"), nullable=False, unique=True)
    application_id = db.Column(
        db.Integer, db.ForeignKey("booth_application.id", ondelete="CASCADE"), nullable=False, index=True
    )
    locked = db.Column(db.Boolean, nullable=False, default=False)
    source = db.Column(db.String(20), nullable=False, default="auto")  # auto, manual, self
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    booth = relationship("Booth")
    application = relationship("BoothApplication")


# Read by the database in the same query as the booth, so it cannot go stale the way a stored copy
# did (it is read again after every commit).
Booth.assigned = db.column_property(
    db.exists().where(BoothAssignment.booth_id == Booth.id).correlate_except(BoothAssignment))


class BoothZoneRule(db.Model):
    """A zone the organiser restricts: it admits only the sectors listed (one row per sector).
    A zone with no rule admits every sector."""

    __tablename__ = "booth_zone_rule"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    zone = db.Column(db.String(120), nullable=False)
    sector = db.Column(db.String(120), nullable=False)

    __table_args__ = (UniqueConstraint("event_id", "zone", "sector"),)


class BoothSettings(db.Model):
    """Per-event booth settings beyond those on Event (self-selection, staff per booth)."""

    __tablename__ = "booth_settings"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, unique=True)
    # The guest category of booth staff; when empty, the event's category with code "trung-bay".
    staff_category_id = db.Column(db.Integer, db.ForeignKey("guest_category.id", ondelete="SET NULL"))

    event = relationship("Event")
    staff_category = relationship("GuestCategory")


EXHIBITOR_STATUSES = ("invited", "pending", "active", "rejected")


class ExhibitorAccount(db.Model):
    """How an exhibitor account came to be: invited by the organiser (active once the password is
    set) or signed up by the cooperative (pending until the organiser approves)."""

    __tablename__ = "exhibitor_account"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, unique=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    cooperative_id = db.Column(db.Integer, db.ForeignKey("cooperative.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    status = db.Column(db.String(20), nullable=False, default="pending")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    decided_at = db.Column(UTCDateTime)

    event = relationship("Event")
    user = relationship("User")
    cooperative = relationship("Cooperative")

    __table_args__ = (
        CheckConstraint("status IN ('invited', 'pending', 'active', 'rejected')", name="status_known"),
    )
