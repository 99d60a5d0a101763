"""Gates (check-in lists) of an event and the categories each admits."""
from sqlalchemy import UniqueConstraint

from ..extensions import db

gate_category = db.Table(
    "gate_category",
    db.Column("gate_id", db.Integer, db.ForeignKey("gate.id", ondelete="CASCADE"), primary_key=True),
    db.Column("category_id", db.Integer, db.ForeignKey("guest_category.id", ondelete="CASCADE"), primary_key=True),
)


class Gate(db.Model):
    __tablename__ = "gate"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    event = db.relationship("Event")
    code = db.Column(db.String(40), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    name_en = db.Column(db.String(120), nullable=False, default="")
    allow_reentry = db.Column(db.Boolean, nullable=False, default=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    position = db.Column(db.Integer, nullable=False, default=0)

    # Empty: every category is admitted.
    categories = db.relationship("GuestCategory", secondary=gate_category, order_by="GuestCategory.position")

    __table_args__ = (UniqueConstraint("event_id", "code"),)

    def admits(self, category):
        return not self.categories or category in self.categories
