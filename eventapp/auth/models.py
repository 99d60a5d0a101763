"""Staff accounts (admin, door, exhibitor) and API keys for scanning devices."""
import hashlib
import secrets

from flask_login import UserMixin
from sqlalchemy import CheckConstraint
from sqlalchemy.orm import relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import UTCDateTime, utcnow
from ..extensions import db

ROLES = ("admin", "door", "exhibitor")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), nullable=False, unique=True)
    full_name = db.Column(db.String(255), nullable=False, default="")
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    # The organiser the person works for; empty: the whole install (its first administrator).
    organiser_id = db.Column(db.Integer, db.ForeignKey("organiser.id", ondelete="CASCADE"), index=True)
    # Door staff and exhibitors work for one event; admins for all of their organiser's when empty.
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    cooperative_id = db.Column(db.Integer, db.ForeignKey("cooperative.id", ondelete="SET NULL"), index=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = db.Column(UTCDateTime)
    # Part of every session cookie's identity: raising it (log out, new password, deactivation,
    # "log out everywhere") makes every earlier cookie of this person fail.
    session_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    invited_at = db.Column(UTCDateTime)
    # Per-account brute-force throttle: failures since the last success, and the last one's time.
    failed_logins = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    last_failed_login_at = db.Column(UTCDateTime)

    organiser = relationship("Organiser")
    event = relationship("Event")
    cooperative = relationship("Cooperative")

    __table_args__ = (CheckConstraint("role IN ('admin', 'door', 'exhibitor')", name="role_known"),)

    def set_password(self, password: str) -> None:
        # Werkzeug's scrypt: a standard, salted, memory-hard scheme.
        if self.password_hash:
            self.end_sessions()  # a new password logs every earlier session out
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # Flask-Login stores this in the session; the loader accepts it only while the version holds.
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every session cookie issued so far stops working."""
        self.session_version = (self.session_version or 0) + 1

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKey(db.Model):
    """A bearer key for a device. Only its SHA-256 is stored; the key is shown once."""

    __tablename__ = "api_key"

    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(120), nullable=False, default="")
    key_hash = db.Column(db.String(64), nullable=False, unique=True)
    prefix = db.Column(db.String(12), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    gate_id = db.Column(db.Integer, db.ForeignKey("gate.id", ondelete="CASCADE"))
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    revoked_at = db.Column(UTCDateTime)
    last_used_at = db.Column(UTCDateTime)

    event = relationship("Event")
    gate = relationship("Gate")

    __table_args__ = (CheckConstraint("role IN ('admin', 'door')", name="role_known"),)

    @staticmethod
    def generate() -> str:
        return "ev_" + secrets.token_urlsafe(32)
