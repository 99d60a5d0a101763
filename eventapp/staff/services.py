"""Staff accounts of an organiser: the list, invitations, role and scope, locking, sessions.

An invited account exists at once, with a random password nobody knows (so it cannot sign in) and
`invited_at` set; the person sets a password through the link (eventapp.staff.invitations).
Exhibitors are invited through eventapp.booths.accounts, so that their account also appears on
the event's exhibitor-accounts page; their link is the booths' own.
"""
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from ..audit import record
from ..auth.models import ROLES, User
from ..booths import accounts as booth_accounts
from ..booths.models import ExhibitorAccount
from ..cooperatives.models import Cooperative
from ..db import utcnow
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Event, Organiser
from ..extensions import db
from ..registration.contact import normalize_email
from ..text import clean, matches, name_sort_key, search_key, text_sort_key
from .invitations import accept_link, exhibitor_link, invitation_token, send_link

STATES = ("invited", "active", "disabled")
LinkFor = Callable[[str], str]


# ----- reading ------------------------------------------------------------------------------------

def organiser_events(organiser: Organiser) -> list[Event]:
    return list(db.session.execute(
        db.select(Event).where(Event.organiser_id == organiser.id).order_by(Event.starts_at.desc())
    ).scalars())


def free_cooperatives(organiser: Organiser) -> list[Cooperative]:
    """The organiser's cooperatives that have no exhibitor account yet (one account per cooperative)."""
    with_account = db.select(User.cooperative_id).where(User.cooperative_id.is_not(None))
    coops = db.session.execute(
        db.select(Cooperative).where(Cooperative.organiser_id == organiser.id, Cooperative.id.not_in(with_account))
    ).scalars().all()
    return sorted(coops, key=lambda c: text_sort_key(c.name))


def _exhibitor_statuses(users: list[User]) -> dict[int, str]:
    ids = [u.id for u in users if u.role == "exhibitor"]
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(ExhibitorAccount.user_id, ExhibitorAccount.status).where(ExhibitorAccount.user_id.in_(ids)))
    return dict(rows.all())


def state_of(user: User, exhibitor_status: str | None = None) -> str:
    """invited (has not set a password yet), active, or disabled. Derived, never stored."""
    if not user.active:
        return "disabled"
    if exhibitor_status is not None:  # the booths' account knows whether the link was used
        return "invited" if exhibitor_status == "invited" else "active"
    if user.invited_at is not None and user.last_login_at is None:
        return "invited"
    return "active"


def staff_state(user: User) -> str:
    return state_of(user, _exhibitor_statuses([user]).get(user.id))


@dataclass
class StaffRow:
    user: User
    state: str
    exhibitor_status: str | None = None


def list_staff(organiser: Organiser, role: str = "", state: str = "", q: str = "") -> list[StaffRow]:
    """The organiser's accounts, by given name; role, state and a diacritic-blind search narrow it."""
    query = db.select(User).where(User.organiser_id == organiser.id)
    if role in ROLES:
        query = query.where(User.role == role)
    users = list(db.session.execute(query).scalars())
    statuses = _exhibitor_statuses(users)
    rows = [StaffRow(u, state_of(u, statuses.get(u.id)), statuses.get(u.id)) for u in users]
    if state in STATES:
        rows = [r for r in rows if r.state == state]
    if clean(q):
        rows = [r for r in rows if matches(q, search_key(r.user.full_name, r.user.email))]
    return sorted(rows, key=lambda r: (name_sort_key(r.user.full_name), r.user.email))


def get_staff(organiser: Organiser, user_id: int) -> User:
    """One of the organiser's accounts; another organiser's reads as missing."""
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None or organiser is None or user.organiser_id != organiser.id:
        raise NotFound(_("Không tìm thấy tài khoản."))
    return user


def find_by_email(email: str) -> User:
    user = db.session.execute(db.select(User).filter_by(email=(clean(email) or "").lower())).scalar_one_or_none()
    if user is None:
        raise NotFound(_("Không có tài khoản với email %(email)s.", email=email))
    return user


# ----- invitations --------------------------------------------------------------------------------

def _check_scope(organiser: Organiser, role: str, event: Event | None) -> None:
    if role not in ROLES:
        raise DomainError(_("Vai trò không hợp lệ."), field="role")
    if event is not None and event.organiser_id != organiser.id:
        raise DomainError(_("Sự kiện không thuộc đơn vị tổ chức này."), field="event_id")
    if role in ("door", "exhibitor") and event is None:
        raise DomainError(_("Tài khoản cán bộ cổng và đơn vị trưng bày phải gắn với một sự kiện."), field="event_id")


def _checked_person(email: str, full_name: str) -> tuple[str, str]:
    full_name = clean(full_name) or ""
    if not full_name:
        raise DomainError(_("Vui lòng nhập họ và tên."), field="full_name")
    if len(full_name) > 255:
        raise DomainError(_("Họ và tên quá dài (tối đa 255 ký tự)."), field="full_name")
    address = normalize_email(email)
    if not address:
        raise DomainError(_("Vui lòng nhập email."), field="email")
    if len(address) > 255:
        raise DomainError(_("Địa chỉ email quá dài."), field="email")
    if db.session.execute(db.select(User.id).filter_by(email=address)).first() is not None:
        raise Conflict(_("Đã có tài khoản với email %(email)s: mỗi email chỉ dùng cho một tài khoản.",
                         email=address), field="email")
    return address, full_name


def _rotate_password(user: User) -> None:
    # Nobody knows the new password: earlier links (their fingerprint) and sessions stop working.
    user.set_password(secrets.token_urlsafe(32))


def add_invited(organiser: Organiser, *, email: str, full_name: str, role: str,
                event: Event | None = None) -> User:
    """Adds an invited admin or door account to the session (not committed: the caller's unit)."""
    _check_scope(organiser, role, event)
    address, full_name = _checked_person(email, full_name)
    user = User(email=address, full_name=full_name, role=role, organiser_id=organiser.id, event=event,
                active=True, invited_at=utcnow())
    _rotate_password(user)
    db.session.add(user)
    record("staff.invite", f"user:{address}", organiser=organiser, event=event, role=role)
    return user


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another request took the address between the check and now
        raise Conflict(_("Đã có tài khoản với email này."), field="email") from None


def invite(organiser: Organiser, *, email: str, full_name: str, role: str, event: Event | None = None,
           cooperative: Cooperative | None = None, link_for: LinkFor | None = None,
           exhibitor_link_for: LinkFor | None = None) -> User:
    """Creates the account and mails the person a link to set a password."""
    _check_scope(organiser, role, event)
    if role != "exhibitor":
        user = add_invited(organiser, email=email, full_name=full_name, role=role, event=event)
        _commit()
        send_link(user, (link_for or accept_link)(invitation_token(user)))
        return user
    assert event is not None  # _check_scope: an exhibitor works for one event
    if cooperative is None:
        raise DomainError(_("Hãy chọn hợp tác xã của đơn vị trưng bày."), field="cooperative_id")
    if cooperative.organiser_id != organiser.id:
        raise DomainError(_("Hợp tác xã không thuộc đơn vị tổ chức này."), field="cooperative_id")
    _checked_person(email, full_name)
    account = booth_accounts.invite(event, email=email, full_name=full_name, cooperative=cooperative,
                                    link_for=exhibitor_link_for or exhibitor_link)
    account.user.invited_at = utcnow()
    db.session.commit()
    return account.user


def resend_invitation(organiser: Organiser, user: User, link_for: LinkFor | None = None,
                      exhibitor_link_for: LinkFor | None = None) -> None:
    """A new link for an invitation not yet taken up; the earlier link stops working."""
    account = booth_accounts.account_of(user) if user.role == "exhibitor" else None
    if state_of(user, account.status if account else None) != "invited":
        raise DomainError(_("Tài khoản này không còn chờ nhận lời mời. Hãy dùng “Đặt lại mật khẩu” nếu cần."))
    _rotate_password(user)
    user.invited_at = utcnow()
    if account is not None:
        db.session.commit()
        booth_accounts.resend_invitation(account, exhibitor_link_for or exhibitor_link)
        return
    record("staff.reinvite", f"user:{user.email}", organiser=organiser, event=user.event_id)
    db.session.commit()
    send_link(user, (link_for or accept_link)(invitation_token(user)))


# ----- role, scope, locking, sessions -------------------------------------------------------------

def _is_working_admin(user: User, exhibitor_status: str | None = None) -> bool:
    """An admin for all of the organiser's events who can sign in now."""
    return user.role == "admin" and user.event_id is None and state_of(user, exhibitor_status) == "active"


def _keep_an_admin(organiser: Organiser | None, user: User) -> None:
    """Refuses a change that would leave the organiser (or, for None, the install) with no working admin."""
    if not _is_working_admin(user):
        return
    same = User.organiser_id.is_(None) if organiser is None else User.organiser_id == organiser.id
    others = db.session.execute(db.select(User).where(
        same, User.role == "admin", User.event_id.is_(None), User.active.is_(True), User.id != user.id)).scalars().all()
    if not any(_is_working_admin(other) for other in others):
        raise DomainError(_("Đơn vị tổ chức phải còn ít nhất một tài khoản ban tổ chức đang hoạt động "
                            "cho mọi sự kiện. Hãy mời hoặc cấp quyền cho người khác trước."))


def _is_self(user: User, actor: User | None) -> bool:
    return actor is not None and getattr(actor, "id", None) == user.id


def change_access(organiser: Organiser, user: User, *, role: str, event: Event | None,
                  actor: User | None = None) -> User:
    """Changes what an admin or door account may do: its role and the event it is bound to."""
    if user.role == "exhibitor" or role == "exhibitor":
        raise DomainError(_("Tài khoản đơn vị trưng bày gắn với một hợp tác xã: không đổi vai trò hay sự kiện "
                            "được. Hãy mời một tài khoản mới."), field="role")
    _check_scope(organiser, role, event)
    new_event_id = event.id if event is not None else None
    if role == user.role and new_event_id == user.event_id:
        return user
    demoted = user.role == "admin" and user.event_id is None and (role != "admin" or event is not None)
    if demoted and _is_self(user, actor):
        raise DomainError(_("Bạn không thể tự hạ quyền của chính mình."), field="role")
    if demoted:
        _keep_an_admin(organiser, user)
    record("staff.change_access", f"user:{user.email}", organiser=organiser,
           role=[user.role, role], scope=[user.event_id, new_event_id])
    user.role = role
    user.event = event
    db.session.commit()
    return user


def deactivate(organiser: Organiser, user: User, actor: User | None = None) -> None:
    """Locks the account: it cannot sign in, and every session it has ends now."""
    if _is_self(user, actor):
        raise DomainError(_("Bạn không thể tự khoá tài khoản của chính mình."))
    if not user.active:
        raise DomainError(_("Tài khoản này đã bị khoá."))
    _keep_an_admin(organiser, user)
    if staff_state(user) == "invited":
        _rotate_password(user)  # the invitation link must not open a locked account later
    user.active = False
    user.end_sessions()
    record("staff.deactivate", f"user:{user.email}", organiser=organiser)
    db.session.commit()


def reactivate(organiser: Organiser, user: User) -> None:
    if user.active:
        raise DomainError(_("Tài khoản này đang hoạt động."))
    account = booth_accounts.account_of(user) if user.role == "exhibitor" else None
    if account is not None and account.status in ("pending", "rejected"):
        # Approving a cooperative's sign-up is the booths page's decision, not a plain unlock.
        raise DomainError(_("Tài khoản đơn vị trưng bày này chờ duyệt: hãy duyệt ở trang Tài khoản đơn vị trưng "
                            "bày của sự kiện."))
    user.active = True
    user.failed_logins = 0
    record("staff.reactivate", f"user:{user.email}", organiser=organiser)
    db.session.commit()


def reset_password(organiser: Organiser, user: User, link_for: LinkFor | None = None,
                   exhibitor_link_for: LinkFor | None = None) -> None:
    """The old password stops working, every session ends, and a new set-password link is mailed."""
    if not user.active:
        raise DomainError(_("Tài khoản này đang bị khoá: hãy mở khoá trước khi đặt lại mật khẩu."))
    if staff_state(user) == "invited":
        resend_invitation(organiser, user, link_for, exhibitor_link_for)
        return
    _rotate_password(user)
    record("staff.reset_password", f"user:{user.email}", organiser=organiser)
    db.session.commit()
    send_link(user, (link_for or accept_link)(invitation_token(user)), reset=True)


def log_out_everywhere(organiser: Organiser, user: User) -> None:
    user.end_sessions()
    record("staff.log_out_everywhere", f"user:{user.email}", organiser=organiser)
    db.session.commit()


# ----- the install's organisers (its own administrator only) --------------------------------------

@dataclass
class OrganiserRow:
    organiser: Organiser
    events: int
    cooperatives: int
    staff: int


def _counts(column: InstrumentedAttribute[Any]) -> dict[int, int]:
    return dict(db.session.execute(db.select(column, db.func.count()).group_by(column)).all())


def organisers_with_counts() -> list[OrganiserRow]:
    from ..events.organisers import list_organisers

    events, coops, staff = _counts(Event.organiser_id), _counts(Cooperative.organiser_id), _counts(User.organiser_id)
    return [OrganiserRow(o, events.get(o.id, 0), coops.get(o.id, 0), staff.get(o.id, 0))
            for o in sorted(list_organisers(), key=lambda o: text_sort_key(o.name))]


def create_organiser(name: str, slug: str = "", *, email: str, full_name: str,
                     link_for: LinkFor | None = None) -> tuple[Organiser, User]:
    """A new organiser and the invitation of its first admin, in one unit: both or neither."""
    from ..events import organisers

    organiser = organisers.create_organiser(name, slug=clean(slug) or None, commit=False)
    user = add_invited(organiser, email=email, full_name=full_name, role="admin")
    record("organiser.create", f"organiser:{organiser.slug}", organiser=organiser, name=organiser.name)
    _commit()
    send_link(user, (link_for or accept_link)(invitation_token(user)))
    return organiser, user
