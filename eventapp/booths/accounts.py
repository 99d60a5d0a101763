"""Exhibitor accounts: the organiser invites by e-mail (a signed, expiring link to set a password)
or the cooperative signs up and waits for the organiser's approval."""
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..auth.models import User
from ..auth.services import MIN_PASSWORD_LENGTH
from ..db import utcnow
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..mail import Letter, letter_html, letter_text
from ..messages.services import queue_message
from ..registration.contact import normalize_email, normalize_phone
from ..text import clean, text_sort_key
from .models import Cooperative, ExhibitorAccount

TOKEN_SALT = "booths.set-password"
TOKEN_MAX_AGE = 7 * 24 * 3600  # an invitation link works for a week


# ----- the set-password link ----------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def _fingerprint(user: User) -> str:
    # Changes when the password changes: a link works once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def password_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def set_password_link(token: str) -> str:
    """The absolute address of the set-password page (PUBLIC_BASE_URL when set); needs a request."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for("booths.public_set_password", token=token)
    return url_for("booths.public_set_password", token=token, _external=True)


def user_for_token(token: str, max_age: int = TOKEN_MAX_AGE) -> User:
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(_("Liên kết đã hết hạn. Hãy đề nghị ban tổ chức gửi lại lời mời.")) from None
    except (BadSignature, ValueError, TypeError):
        raise DomainError(_("Liên kết không hợp lệ.")) from None
    user = db.session.get(User, user_id)
    if user is None or user.role != "exhibitor" or fingerprint != _fingerprint(user):
        raise DomainError(_("Liên kết không hợp lệ hoặc đã được dùng."))
    return user


def _check_password(password: str | None, confirm: str | None) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH), field="password")
    if password != confirm:
        raise DomainError(_("Hai mật khẩu không khớp."), field="confirm")


def set_password_with_token(token: str, password: str, confirm: str | None) -> User:
    user = user_for_token(token)
    _check_password(password, confirm)
    user.set_password(password)
    account = account_of(user)
    if account is not None and account.status == "invited":
        account.status = "active"
        account.decided_at = utcnow()
    user.active = account is None or account.status == "active"
    record("exhibitor.set_password", f"user:{user.email}", event=user.event_id, actor=user.email)
    db.session.commit()
    return user


# ----- accounts -----------------------------------------------------------------------------------

def account_of(user: User) -> ExhibitorAccount | None:
    return db.session.execute(db.select(ExhibitorAccount).filter_by(user_id=user.id)).scalar_one_or_none()


@dataclass
class AccountRow:
    """An exhibitor user made without the invitation or the sign-up (`flask create-user`): listed
    too, with what its user says; there is nothing to decide about it."""
    user: User
    cooperative: Cooperative
    status: str
    id: None = None


def list_accounts(event: Event) -> list[ExhibitorAccount | AccountRow]:
    """Every exhibitor account of the event: invited, signed up, or created another way."""
    stored = list(db.session.execute(db.select(ExhibitorAccount).filter_by(event_id=event.id)).scalars())
    known = {a.user_id for a in stored}
    accounts: list[ExhibitorAccount | AccountRow] = [*stored]
    for user in db.session.execute(
            db.select(User).where(User.role == "exhibitor", User.event_id == event.id,
                                  User.cooperative_id.is_not(None))).scalars():
        if user.id not in known:
            accounts.append(AccountRow(user, user.cooperative, "active" if user.active else "locked"))
    order = {"pending": 0, "invited": 1, "active": 2, "locked": 3, "rejected": 4}
    return sorted(accounts, key=lambda a: (order[a.status], text_sort_key(a.cooperative.name), a.user.email))


def get_account(event: Event, account_id: int) -> ExhibitorAccount:
    account = db.session.get(ExhibitorAccount, account_id)
    if account is None or account.event_id != event.id:
        raise NotFound(_("Không tìm thấy tài khoản."))
    return account


def cooperatives_without_account(event: Event) -> list[Cooperative]:
    with_account = db.select(User.cooperative_id).where(User.cooperative_id.is_not(None))
    coops = db.session.execute(
        db.select(Cooperative).where(Cooperative.organiser_id == event.organiser_id,
                                     Cooperative.id.not_in(with_account))
    ).scalars().all()
    return sorted(coops, key=lambda c: text_sort_key(c.name))


def _cooperative(event: Event, name: str | None, sector: str | None = "", products: str | None = "",
                 district: str | None = "", representative: str | None = "", email: str | None = None,
                 phone: str | None = None) -> Cooperative:
    """The cooperative of that name in the event (a member already listed), or a new one."""
    name = clean(name) or ""
    if not name:
        raise DomainError(_("Vui lòng nhập tên hợp tác xã."), field="cooperative_name")
    if len(name) > 255:
        raise DomainError(_("Tên hợp tác xã quá dài."), field="cooperative_name")
    coop = db.session.execute(
        db.select(Cooperative).where(Cooperative.organiser_id == event.organiser_id, Cooperative.name == name)
    ).scalar_one_or_none()
    if coop is not None:
        if db.session.execute(db.select(User.id).filter_by(cooperative_id=coop.id)).first() is not None:
            raise Conflict(_("Hợp tác xã này đã có tài khoản đơn vị trưng bày."), field="cooperative_name")
        return coop
    coop = Cooperative(organiser_id=event.organiser_id, name=name, sector=clean(sector) or "",
                       products=clean(products) or "",
                       district=clean(district) or "", representative=clean(representative) or "",
                       email=email, phone=phone)
    coop.refresh_keys()
    db.session.add(coop)
    db.session.flush()
    return coop


def _new_user(raw_email: str | None, full_name: str | None, event: Event, coop: Cooperative,
              password: str | None = None, active: bool = True) -> User:
    email = normalize_email(raw_email)
    if not email:
        raise DomainError(_("Vui lòng nhập email."), field="email")
    if db.session.execute(db.select(User.id).filter_by(email=email)).first() is not None:
        raise Conflict(_("Đã có tài khoản với email này."), field="email")
    user = User(email=email, role="exhibitor", full_name=clean(full_name) or "", event=event, cooperative=coop,
                organiser_id=event.organiser_id, active=active)
    user.set_password(password or secrets.token_urlsafe(32))
    db.session.add(user)
    return user


def _commit_account() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Đã có tài khoản với email này."), field="email") from None


def invite(event: Event, *, email: str | None, full_name: str | None = "", cooperative: Cooperative | None = None,
           cooperative_name: str | None = "", sector: str | None = "", products: str | None = "",
           link_for: Callable[[str], str]) -> ExhibitorAccount:
    """Creates the exhibitor's account and mails it a link to set its password.
    link_for(token) -> the absolute URL of the set-password page."""
    coop = cooperative if cooperative is not None else _cooperative(event, cooperative_name, sector, products)
    if cooperative is not None and (coop.organiser_id != event.organiser_id or db.session.execute(
            db.select(User.id).filter_by(cooperative_id=coop.id)).first() is not None):
        raise Conflict(_("Hợp tác xã này đã có tài khoản đơn vị trưng bày."), field="cooperative_id")
    user = _new_user(email, full_name, event, coop)
    account = ExhibitorAccount(event_id=event.id, user=user, cooperative=coop, status="invited")
    db.session.add(account)
    record("exhibitor.invite", f"user:{user.email}", event=event, cooperative=coop.name)
    _commit_account()
    # The link signs the new account's id: the message is written once the account is.
    _send_invitation(event, user, link_for)
    db.session.commit()
    return account


def resend_invitation(account: ExhibitorAccount, link_for: Callable[[str], str]) -> None:
    if account.status != "invited":
        raise DomainError(_("Chỉ gửi lại lời mời cho tài khoản chưa đặt mật khẩu."))
    if not account.user.active:
        # A locked account stays locked: its set-password link would turn it back on.
        raise DomainError(_("Tài khoản này đang bị khoá."))
    record("exhibitor.reinvite", f"user:{account.user.email}", event=account.event_id)
    _send_invitation(account.event, account.user, link_for)
    db.session.commit()


def _greeting(user: User) -> str:
    if user.full_name:
        return _("Kính gửi Ông/Bà %(name)s,", name=user.full_name)
    return _("Kính gửi Quý đơn vị %(coop)s,", coop=user.cooperative.name)


def _queue_letter(user: User, subject: str, letter: Letter, kind: str, event: Event) -> None:
    # Rendered in the current language (the inviting page's), as before.
    queue_message(user.email, subject, letter_text(letter), kind=kind, event=event, user=user,
                  body_html=letter_html(letter, str(get_locale() or "vi"), subject))


def _send_invitation(event: Event, user: User, link_for: Callable[[str], str]) -> None:
    days = TOKEN_MAX_AGE // 86400
    letter = Letter(
        greeting=_greeting(user),
        paragraphs=[_("Ban tổ chức %(event)s trân trọng kính mời %(coop)s tham gia trưng bày tại sự kiện.",
                      event=event.name, coop=user.cooperative.name)],
        link_intro=_("Để đặt mật khẩu cho tài khoản %(email)s, Ông/Bà vui lòng mở liên kết dưới đây (hiệu lực "
                     "%(days)d ngày):", email=user.email, days=days),
        link=link_for(password_token(user)), button=_("Đặt mật khẩu"),
        after=[_("Sau đó, Ông/Bà đăng nhập để đăng ký gian hàng và nhân viên gian hàng.")],
        closing=_("Trân trọng,"), signature=event.organiser or event.name)
    _queue_letter(user, _("Lời mời đăng ký gian hàng – %(event)s", event=event.name), letter,
                  "exhibitor.invitation", event)


def sign_up(event: Event, *, cooperative_name: str | None, sector: str | None, products: str | None,
            district: str | None = "", full_name: str | None, email: str | None, phone: str | None = None,
            password: str, confirm: str | None) -> ExhibitorAccount:
    """A cooperative asks for an exhibitor account; it can log in once the organiser approves."""
    _check_password(password, confirm)
    full_name = clean(full_name) or ""
    if not full_name:
        raise DomainError(_("Vui lòng nhập họ và tên người đại diện."), field="full_name")
    phone = normalize_phone(phone)
    email = normalize_email(email)
    coop = _cooperative(event, cooperative_name, sector, products, district, full_name, email, phone)
    user = _new_user(email, full_name, event, coop, password=password, active=False)
    account = ExhibitorAccount(event_id=event.id, user=user, cooperative=coop, status="pending")
    db.session.add(account)
    record("exhibitor.sign_up", f"user:{user.email}", event=event, cooperative=coop.name, actor=user.email)
    _commit_account()
    return account


def decide(account: ExhibitorAccount, approve: bool, login_url: str = "") -> ExhibitorAccount:
    """The organiser approves (the account can log in; a message says so) or rejects a sign-up."""
    if account.status not in ("pending", "rejected") and approve:
        raise DomainError(_("Tài khoản này không chờ duyệt."))
    account.status = "active" if approve else "rejected"
    account.decided_at = utcnow()
    account.user.active = bool(approve)
    record("exhibitor.approve" if approve else "exhibitor.reject", f"user:{account.user.email}",
           event=account.event_id, cooperative=account.cooperative.name)
    event = account.event
    letter = Letter(greeting=_greeting(account.user), paragraphs=[],
                    closing=_("Trân trọng,"), signature=event.organiser or event.name)
    if approve:
        letter.paragraphs.append(_("Ban tổ chức %(event)s trân trọng thông báo: tài khoản đơn vị trưng bày "
                                   "%(email)s của %(coop)s đã được duyệt.", event=event.name,
                                   email=account.user.email, coop=account.cooperative.name))
        if login_url:
            letter.link_intro = _("Kính mời Ông/Bà đăng nhập tại địa chỉ dưới đây để đăng ký gian hàng:")
            letter.link, letter.button = login_url, _("Đăng nhập")
    else:
        letter.paragraphs.append(_("Ban tổ chức %(event)s rất tiếc chưa thể duyệt tài khoản đơn vị trưng bày "
                                   "của %(coop)s. Kính mong Ông/Bà liên hệ Ban tổ chức để biết thêm chi tiết.",
                                   event=event.name, coop=account.cooperative.name))
    _queue_letter(account.user, _("Tài khoản đơn vị trưng bày – %(event)s", event=event.name), letter,
                  "exhibitor.approved" if approve else "exhibitor.rejected", event)
    db.session.commit()  # the decision and its message, together
    return account
