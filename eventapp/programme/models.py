"""The running order of the day and the award rounds."""
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import relationship

from ..db import UTCDateTime
from ..extensions import db

ITEM_KINDS = ("opening", "speech", "report", "award_round", "signing", "performance", "visit", "break", "other")
AWARD_KINDS = ("certificate", "flag", "medal", "title")


class ProgrammeItem(db.Model):
    __tablename__ = "programme_item"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    position = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(20), nullable=False, default="other")
    title = db.Column(db.String(255), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    speaker_name = db.Column(db.String(200), nullable=False, default="")
    speaker_position = db.Column(db.String(255), nullable=False, default="")
    location = db.Column(db.String(200), nullable=False, default="")
    duration_minutes = db.Column(db.Integer, nullable=False, default=10)
    # A pinned start holds; the others follow from the order and the durations.
    pinned_start = db.Column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("event_id", "position", name="uq_programme_item_event_position"),
        CheckConstraint("duration_minutes >= 0", name="duration_positive"),
    )


class AwardCategory(db.Model):
    __tablename__ = "award_category"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = relationship("Event")
    name = db.Column(db.String(255), nullable=False)
    awarding_body = db.Column(db.String(255), nullable=False, default="")
    kind = db.Column(db.String(20), nullable=False, default="certificate")
    position = db.Column(db.Integer, nullable=False, default=0)
    # The award round of the programme that presents this category, and who presents it.
    programme_item_id = db.Column(db.Integer, db.ForeignKey("programme_item.id", ondelete="SET NULL"))
    presenter = db.Column(db.String(500), nullable=False, default="")
    certificate_template = db.Column(db.String(40), nullable=False, default="classic")
    certificate_text = db.Column(db.Text, nullable=False, default="")
    # The certificate as the awarding body issues it (Vietnamese administrative usage): national
    # heading or not, the decision it rests on, the place and date line, and who signs.
    national_heading = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    decision_number = db.Column(db.String(100), nullable=False, default="", server_default="")
    decision_date = db.Column(db.Date)
    signing_place = db.Column(db.String(100), nullable=False, default="", server_default="")
    signing_date = db.Column(db.Date)  # the date line; the event's day when empty
    signer_title = db.Column(db.String(255), nullable=False, default="", server_default="")  # lines split by "/"
    signer_name = db.Column(db.String(200), nullable=False, default="", server_default="")
    # Pre-printed certificate paper: only the variable text is printed, moved by these offsets (mm,
    # right and down) measured on the calibration page.
    preprinted = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    offset_x_mm = db.Column(db.Float, nullable=False, default=0, server_default="0")
    offset_y_mm = db.Column(db.Float, nullable=False, default=0, server_default="0")

    programme_item = relationship("ProgrammeItem")
    recipients = relationship(
        "AwardRecipient", order_by="AwardRecipient.position", cascade="all, delete-orphan",
        back_populates="category",
    )

    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("kind IN ('certificate', 'flag', 'medal', 'title')", name="kind_known"),
    )


class AwardRecipient(db.Model):
    """A person (with position and organisation) or a collective, in their order of calling."""

    __tablename__ = "award_recipient"

    id = db.Column(db.Integer, primary_key=True)
    category_id = db.Column(db.Integer, db.ForeignKey("award_category.id", ondelete="CASCADE"), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    is_collective = db.Column(db.Boolean, nullable=False, default=False)
    name = db.Column(db.String(255), nullable=False)
    title = db.Column(db.String(255), nullable=False, default="")  # the person's position
    organization = db.Column(db.String(255), nullable=False, default="")
    guest_id = db.Column(db.Integer, db.ForeignKey("guest.id", ondelete="SET NULL"), index=True)
    cooperative_id = db.Column(db.Integer, db.ForeignKey("cooperative.id", ondelete="SET NULL"))

    category = relationship("AwardCategory", back_populates="recipients")
    guest = relationship("Guest")
    cooperative = relationship("Cooperative")

    __table_args__ = (UniqueConstraint("category_id", "position"),)
