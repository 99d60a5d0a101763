"""The organiser (an alliance) that owns events, the event every other record belongs to, and its
guest categories."""
from datetime import datetime
from typing import overload
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db


class Organiser(db.Model):
    """A cooperative alliance (or any body) running Cooperative Days: it owns its events, its member
    cooperatives and its staff. Several organisers share one install without seeing each other."""

    __tablename__ = "organiser"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(255), nullable=False, unique=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<Organiser {self.slug}>"


class Event(db.Model):
    __tablename__ = "event"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    # The organiser that owns the event (who may see and manage it); `organiser` below is the
    # name printed on the public page and documents, which may differ (a co-organising body).
    organiser_id = db.Column(db.Integer, db.ForeignKey("organiser.id", ondelete="RESTRICT"), nullable=False, index=True)
    name = db.Column(db.String(255), nullable=False)
    # A line under the name on the programme's cover (the theme, the edition).
    subtitle = db.Column(db.String(255), nullable=False, default="", server_default="")
    organiser = db.Column(db.String(255), nullable=False, default="")
    venue = db.Column(db.String(255), nullable=False, default="")
    address = db.Column(db.String(255), nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    timezone = db.Column(db.String(64), nullable=False, default="Asia/Ho_Chi_Minh")
    starts_at = db.Column(UTCDateTime, nullable=False)
    ends_at = db.Column(UTCDateTime, nullable=False)
    # Registration window; both open-ended when empty.
    registration_opens_at = db.Column(UTCDateTime)
    registration_closes_at = db.Column(UTCDateTime)
    # Set when an organiser closes registration by hand, whatever the window says.
    registration_closed_at = db.Column(UTCDateTime)
    # An archived event is read-only history: off the public list, no registration.
    archived_at = db.Column(UTCDateTime)
    # The demo keeps registration, check-in and booth applications open although its date has passed.
    always_open = db.Column(db.Boolean, nullable=False, default=False)
    booth_self_selection = db.Column(db.Boolean, nullable=False, default=False)
    staff_per_booth = db.Column(db.Integer, nullable=False, default=3)
    logo = db.Column(db.LargeBinary)
    logo_mime = db.Column(db.String(40))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    owner = relationship("Organiser")
    categories = relationship(
        "GuestCategory", back_populates="event", order_by="GuestCategory.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        CheckConstraint("staff_per_booth >= 0", name="staff_per_booth_positive"),
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @overload
    def local(self, moment: datetime) -> datetime: ...
    @overload
    def local(self, moment: None) -> None: ...
    def local(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.tz) if moment else None

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class GuestCategory(db.Model):
    __tablename__ = "guest_category"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    code = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    name_en = db.Column(db.String(120), nullable=False, default="")
    # Capacity of confirmed places; beyond it registrations go to the waiting list. None: unlimited.
    capacity = db.Column(db.Integer)
    requires_approval = db.Column(db.Boolean, nullable=False, default=False)
    # Shown on the public form; invitation-only categories (leaders) are not.
    public = db.Column(db.Boolean, nullable=False, default=True)
    # Guests of this category are escorted at the door and announced on the dashboard.
    needs_attention = db.Column(db.Boolean, nullable=False, default=False)
    color = db.Column(db.String(7), nullable=False, default="#1d4ed8")
    position = db.Column(db.Integer, nullable=False, default=0)
    # A retired category takes no new registrations and leaves the forms; its guests stay.
    retired_at = db.Column(UTCDateTime)

    event = relationship("Event", back_populates="categories")

    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
    )

    def label(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    def __repr__(self) -> str:
        return f"<GuestCategory {self.code}>"
