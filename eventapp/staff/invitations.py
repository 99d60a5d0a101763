"""The one-time link that sets a staff account's password (an invitation or a reset), and its e-mail.

The link carries a signed token: the account's id and a fingerprint of its password hash, so it
works once (setting the password changes the hash) and dies when the organiser sends a new one.
Its own salt keeps it apart from the exhibitors' links of eventapp.booths.accounts.
"""
import hashlib

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from ..audit import record
from ..auth.models import User
from ..auth.services import MIN_PASSWORD_LENGTH
from ..db import utcnow
from ..errors import DomainError
from ..extensions import db
from ..mail import Letter, letter_html, letter_text
from ..messages.services import queue_message

TOKEN_SALT = "staff.invitation"
TOKEN_MAX_AGE = 72 * 3600  # an invitation or reset link works for 72 hours
MAX_PASSWORD_LENGTH = 200


# ----- links --------------------------------------------------------------------------------------

def absolute_url(endpoint: str, **values) -> str:
    """The address to put in an e-mail: PUBLIC_BASE_URL when set (behind a proxy), else the request's."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def accept_link(token: str) -> str:
    return absolute_url("staff.public_accept", token=token)


def exhibitor_link(token: str) -> str:
    """The exhibitors' own set-password page (their invitation is made by eventapp.booths.accounts)."""
    return absolute_url("booths.public_set_password", token=token)


# ----- the token ----------------------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def invitation_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def user_for_token(token: str, max_age: int = TOKEN_MAX_AGE) -> User:
    """The account a link names, or a DomainError that says what is wrong with the link."""
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(_("Liên kết đã hết hạn (72 giờ). Hãy đề nghị ban tổ chức gửi lại lời mời.")) from None
    except (BadData, ValueError, TypeError, UnicodeError):
        # Forged, cut short, not even base64, or a payload of another shape.
        raise DomainError(_("Liên kết không hợp lệ. Hãy kiểm tra lại địa chỉ trong thư mời.")) from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id < 2**31 else None
    if user is None or fingerprint != _fingerprint(user):
        raise DomainError(_("Liên kết này đã được dùng hoặc đã được thay bằng một lời mời mới. "
                            "Nếu Ông/Bà đã đặt mật khẩu, hãy đăng nhập."))
    if not user.active:
        raise DomainError(_("Tài khoản này đã bị khoá. Hãy liên hệ ban tổ chức."))
    return user


def accept(token: str, password: str, confirm: str) -> User:
    """Sets the password through the link: the account works from now on, and the link no longer."""
    user = user_for_token(token)
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH), field="password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(_("Mật khẩu quá dài (tối đa %(n)d ký tự).", n=MAX_PASSWORD_LENGTH), field="password")
    if password != confirm:
        raise DomainError(_("Hai mật khẩu không khớp."), field="confirm")
    user.set_password(password)
    user.active = True
    # The person is signed in right away: this is their first sign-in.
    user.last_login_at = utcnow()
    user.failed_logins = 0
    record("staff.accept", f"user:{user.email}", organiser=user.organiser_id, event=user.event_id,
           actor=user.email)
    db.session.commit()
    return user


# ----- the e-mail ---------------------------------------------------------------------------------

def role_label(role: str) -> str:
    return {"admin": _("Ban tổ chức"), "door": _("Cán bộ cổng"), "exhibitor": _("Đơn vị trưng bày")}.get(role, role)


def send_link(user: User, link: str, reset: bool = False) -> None:
    """Mails the link in Vietnamese, whatever the language of the organiser's page."""
    with force_locale("vi"):
        organiser = user.organiser.name if user.organiser is not None else _("Ban tổ chức Ngày hội Hợp tác xã")
        scope = user.event.name if user.event is not None else _("mọi sự kiện của đơn vị")
        if reset:
            subject = _("Đặt lại mật khẩu – %(organiser)s", organiser=organiser)
            intro = _("Ban tổ chức đã đặt lại mật khẩu tài khoản %(email)s của Ông/Bà trên hệ thống quản lý "
                      "Ngày hội Hợp tác xã.", email=user.email)
        else:
            subject = _("Lời mời tham gia ban tổ chức – %(organiser)s", organiser=organiser)
            intro = _("%(organiser)s trân trọng kính mời Ông/Bà tham gia hệ thống quản lý Ngày hội Hợp tác xã với "
                      "vai trò %(role)s (phạm vi: %(scope)s).", organiser=organiser,
                      role=role_label(user.role), scope=scope)
        letter = Letter(
            greeting=(_("Kính gửi Ông/Bà %(name)s,", name=user.full_name) if user.full_name
                      else _("Kính gửi Quý đại biểu,")),
            paragraphs=[intro],
            link_intro=_("Để đặt mật khẩu cho tài khoản %(email)s, Ông/Bà vui lòng mở liên kết dưới đây (hiệu lực "
                         "72 giờ, chỉ dùng được một lần):", email=user.email),
            link=link, button=_("Đặt mật khẩu"),
            after=[_("Nếu Ông/Bà không chờ thư này, xin vui lòng bỏ qua.")],
            closing=_("Trân trọng,"), signature=organiser)
        text, html = letter_text(letter), letter_html(letter, "vi", subject)
    queue_message(user.email, subject, text, kind="staff.reset" if reset else "staff.invitation",
                  user=user, event=user.event_id, organiser=user.organiser_id, body_html=html)
    db.session.commit()
