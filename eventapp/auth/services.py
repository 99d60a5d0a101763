"""Staff accounts: creation and sign-in checks, without HTTP."""
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..db import utcnow
from ..errors import Conflict, DomainError
from ..extensions import db
from ..text import clean
from .models import ROLES, User

if TYPE_CHECKING:
    from ..cooperatives.models import Cooperative
    from ..events.models import Event, Organiser

MIN_PASSWORD_LENGTH = 10


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(email: str, role: str, password: str | None, full_name: str = "", event: "Event | None" = None,
                cooperative: "Cooperative | None" = None, organiser: "Organiser | None" = None) -> User:
    """organiser: whom the person works for (the event's when an event is given); none: the whole install."""
    email = (clean(email) or "").lower()
    if role not in ROLES:
        raise DomainError(_("Vai trò không hợp lệ: %(role)s", role=role), field="role")
    if "@" not in email:
        raise DomainError(_("Email không hợp lệ."), field="email")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH), field="password")
    if role == "exhibitor" and cooperative is None:
        raise DomainError(_("Tài khoản đơn vị trưng bày phải gắn với một hợp tác xã."), field="cooperative")
    if organiser is None and event is not None:
        organiser = event.owner
    if event is not None and organiser is not None and event.organiser_id != organiser.id:
        raise DomainError(_("Sự kiện không thuộc đơn vị tổ chức này."), field="event")
    if cooperative is not None and organiser is not None and cooperative.organiser_id != organiser.id:
        raise DomainError(_("Hợp tác xã không thuộc đơn vị tổ chức này."), field="cooperative")
    user = User(email=email, role=role, full_name=clean(full_name) or "",
                event=event, cooperative=cooperative, organiser=organiser)
    user.set_password(password or "")  # checked above: never empty here
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Đã có tài khoản với email này."), field="email") from None
    return user


def user_for_session(session_id: str | None) -> User | None:
    """The user a session cookie names ("id:version"), while that version is still theirs and the
    account active; None otherwise (an ended session reads as signed out)."""
    user_id, _sep, version = str(session_id or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None  # cookies of before revocable sessions, or forged: sign in again
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User, commit: bool = True) -> None:
    """Logs the person out everywhere: every cookie issued before stops working."""
    user.end_sessions()
    if commit:
        db.session.commit()


# Per-account brute-force throttle (beside the per-address rate limit): after FREE_FAILURES wrong
# passwords in a row, each further attempt waits twice as long as the one before, up to MAX_DELAY.
FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60


class TooManyAttempts(DomainError):
    def __init__(self, seconds: int) -> None:
        super().__init__(_("Đăng nhập sai nhiều lần liên tiếp: vui lòng thử lại sau %(n)d giây.", n=seconds),
                         field="password")
        self.seconds = seconds


def throttle_delay(failures: int) -> int:
    """Seconds an account waits after its last failure before the next attempt is checked."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def authenticate(email: str | None, password: str | None, now: datetime | None = None) -> User | None:
    """Returns the user, or None. Compares a hash even for unknown emails to keep timing similar.
    Raises TooManyAttempts while the account's wait after repeated failures runs."""
    user = db.session.execute(
        db.select(User).filter_by(email=(clean(email) or "").lower())
    ).scalar_one_or_none()
    if user is None:
        User(password_hash="").set_password(password or "x")
        return None
    now = now or utcnow()
    delay = throttle_delay(user.failed_logins or 0)
    if delay and user.last_failed_login_at is not None:
        remaining = (user.last_failed_login_at - now).total_seconds() + delay
        if remaining > 0:
            raise TooManyAttempts(int(remaining) + 1)
    if not user.active or not user.check_password(password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        user.last_failed_login_at = now
        db.session.commit()
        return None
    user.failed_logins = 0
    user.last_login_at = now
    db.session.commit()
    return user
