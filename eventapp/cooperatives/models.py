"""The member cooperatives of an organiser: one registry shared by all of its events."""
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import relationship

from ..db import UTCDateTime, utcnow
from ..extensions import db
from ..text import clean, search_key
from .matching import plain_name


class Cooperative(db.Model):
    """A member unit of the alliance: HTX, Liên hiệp HTX or Quỹ tín dụng nhân dân."""

    __tablename__ = "cooperative"

    id = db.Column(db.Integer, primary_key=True)
    organiser_id = db.Column(db.Integer, db.ForeignKey("organiser.id", ondelete="CASCADE"), nullable=False, index=True)
    organiser = relationship("Organiser")
    name = db.Column(db.String(255), nullable=False)
    short_name = db.Column(db.String(120), nullable=False, default="")
    # The legal form: Hợp tác xã, Liên hiệp HTX, Quỹ tín dụng nhân dân, Tổ hợp tác.
    kind = db.Column(db.String(60), nullable=False, default="Hợp tác xã")
    district = db.Column(db.String(120), nullable=False, default="")
    sector = db.Column(db.String(120), nullable=False, default="")
    products = db.Column(db.String(500), nullable=False, default="")
    representative = db.Column(db.String(200), nullable=False, default="")
    email = db.Column(db.String(255))
    phone = db.Column(db.String(20))
    member_since = db.Column(db.Integer)  # the year it joined the alliance
    # Outstanding ("tiêu biểu") cooperatives, honoured at the ceremony, weigh more in booth allocation.
    is_priority = db.Column(db.Boolean, nullable=False, default=False)
    search_key = db.Column(db.String(800), nullable=False, default="")
    # Name and district without diacritics, case or legal-form words: what spots a duplicate.
    match_key = db.Column(db.String(400), nullable=False, default="", index=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (UniqueConstraint("organiser_id", "name", "district"),)

    @property
    def label(self) -> str:
        """What the floor plan shows: the short name the organiser set, else the name without its
        legal form."""
        return self.short_name.strip() if self.short_name and self.short_name.strip() else plain_name(self.name)

    def refresh_keys(self) -> None:
        from .matching import match_key

        self.name = clean(self.name)
        self.search_key = search_key(self.name, self.short_name, self.district, self.sector, self.products)[:800]
        self.match_key = match_key(self.name, self.district)[:400]

    def __repr__(self) -> str:
        return f"<Cooperative {self.name!r}>"
