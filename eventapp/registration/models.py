"""Guests of an event: who they are, their status, their badge code and private page."""
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..text import clean, name_sort_key, search_key
from ..tokens import new_badge_token, new_private_token

# registered: has a place; waiting: on the waiting list (category full);
# pending: waits for an organiser's approval; cancelled: by the guest or an organiser.
GUEST_STATUSES = ("registered", "waiting", "pending", "cancelled")


class Guest(db.Model):
    __tablename__ = "guest"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    category_id = db.Column(db.Integer, db.ForeignKey("guest_category.id"), nullable=False, index=True)
    full_name = db.Column(db.String(200), nullable=False)
    email = db.Column(db.String(255))
    phone = db.Column(db.String(20))  # E.164
    organization = db.Column(db.String(255), nullable=False, default="")
    position = db.Column(db.String(255), nullable=False, default="")
    # Diacritic-free, lower-case name, organisation, e-mail and phone, for search.
    search_key = db.Column(db.String(800), nullable=False, default="", index=True)
    # Vietnamese name order: given name first (see eventapp.text.name_sort_key).
    sort_key = db.Column(db.String(255), nullable=False, default="", index=True)
    status = db.Column(db.String(20), nullable=False, default="registered")
    source = db.Column(db.String(20), nullable=False, default="self")  # self, import, walk_in, exhibitor, demo
    needs_attention = db.Column(db.Boolean, nullable=False, default=False)
    cooperative_id = db.Column(db.Integer, db.ForeignKey("cooperative.id", ondelete="SET NULL"), index=True)
    badge_token = db.Column(db.String(32), nullable=False, unique=True, default=new_badge_token)
    private_token = db.Column(db.String(64), nullable=False, unique=True, default=new_private_token)
    consent_at = db.Column(UTCDateTime)
    consent_version = db.Column(db.String(20))
    locale = db.Column(db.String(5), nullable=False, default="vi")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    approved_at = db.Column(UTCDateTime)
    cancelled_at = db.Column(UTCDateTime)
    badge_printed_at = db.Column(UTCDateTime)
    # Set when the personal data was removed (the guest's request, or the event's anonymisation):
    # the row keeps its category, status and facts for the counts, and no way to reach a person.
    anonymised_at = db.Column(UTCDateTime)
    # The guest asked for no more bulk mail of this event (the List-Unsubscribe link of a mailing);
    # messages they cause themselves (confirmation, their link) still go.
    mail_opt_out_at = db.Column(UTCDateTime)

    event = relationship("Event")
    category = relationship("GuestCategory")
    cooperative = relationship("Cooperative")

    __table_args__ = (
        # One registration per contact and event; NULLs (no e-mail, or no phone) do not collide.
        UniqueConstraint("event_id", "email"),
        UniqueConstraint("event_id", "phone"),
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL OR anonymised_at IS NOT NULL",
                        name="has_contact"),
        CheckConstraint(
            "status IN ('registered', 'waiting', 'pending', 'cancelled')", name="status_known"
        ),
    )

    def refresh_keys(self) -> None:
        """Normalise the stored text and recompute the search and sort keys."""
        self.full_name = clean(self.full_name)
        self.organization = clean(self.organization) or ""
        self.position = clean(self.position) or ""
        self.search_key = search_key(self.full_name, self.organization, self.email, self.phone)[:800]
        self.sort_key = name_sort_key(self.full_name)

    @property
    def is_active(self) -> bool:
        return self.status == "registered"

    def __repr__(self) -> str:
        return f"<Guest {self.id} {self.full_name!r}>"


class RevokedBadge(db.Model):
    """A badge code that was replaced (lost badge): refused at the door with its own reason."""

    __tablename__ = "revoked_badge"

    id = db.Column(db.Integer, primary_key=True)
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="CASCADE"), nullable=False, index=True)
    token = db.Column(db.String(32), nullable=False, unique=True)
    reason = db.Column(db.String(255), nullable=False, default="")
    revoked_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    guest = relationship("Guest")
