"""Registering guests: one place for the rules (contact, duplicates, capacity, approval).

Used by the public form, the organisers' import, walk-in registration at the door and the
exhibitors' staff. Services commit their own unit of work and raise domain errors.

Status moves: register -> registered | waiting (category full) | pending (needs approval);
approve: pending -> registered (or waiting when full); cancel: any -> cancelled, and a freed place
goes to the first guest on that category's waiting list, who is told by e-mail.
"""
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..db import utcnow
from ..errors import Conflict, DomainError
from ..events.models import GuestCategory
from ..extensions import db
from ..privacy import consent
from ..text import clean
from .contact import normalize_email, normalize_phone, require_email_or_phone
from .models import Guest

if TYPE_CHECKING:
    from ..cooperatives.models import Cooperative
    from ..events.models import Event

# The consent text the form shows; its words, per version, are kept in eventapp.privacy.consent.
CONSENT_VERSION = consent.CURRENT
MAX_NAME = 200
MAX_TEXT = 255


class DuplicateRegistration(Conflict):
    """The e-mail or phone is already registered for this event; ``guest`` is the existing one."""

    def __init__(self, guest: Guest | None) -> None:
        super().__init__(_("Bạn đã đăng ký tham dự sự kiện này."))
        self.guest = guest


def matching_guests(event: "Event", email: str | None = None, phone: str | None = None,
                    exclude: Guest | None = None) -> list[Guest]:
    """Every guest of the event with this e-mail or this phone, oldest first."""
    # Each branch names the event, so that each uses its own unique index (event, contact).
    conditions = []
    if email:
        conditions.append(and_(Guest.event_id == event.id, Guest.email == email))
    if phone:
        conditions.append(and_(Guest.event_id == event.id, Guest.phone == phone))
    if not conditions:
        return []
    query = db.select(Guest).where(or_(*conditions))
    if exclude is not None:
        query = query.where(Guest.id != exclude.id)
    # Sorted here: an ORDER BY would lead SQLite to walk the event's whole index instead.
    return sorted(db.session.execute(query).scalars().all(), key=lambda g: g.id)


def find_existing(event: "Event", email: str | None = None, phone: str | None = None) -> Guest | None:
    found = matching_guests(event, email, phone)
    return found[0] if found else None


def _lock_category(category: GuestCategory) -> GuestCategory:
    """Serialises the capacity check of one category (SQLite already holds its write lock).

    The row is read again once locked: a capacity change or a retirement committed meanwhile counts.
    """
    return db.session.execute(
        db.select(GuestCategory).where(GuestCategory.id == category.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def refuse_retired(category: GuestCategory) -> None:
    """A retired category takes no new guests (those it has stay)."""
    if category.retired_at is not None:
        raise DomainError(_("Thành phần «%(name)s» đã đóng, không nhận đăng ký mới.", name=category.name),
                          field="category")


def confirmed_count(category: GuestCategory) -> int:
    return db.session.execute(
        db.select(func.count()).select_from(Guest)
        .where(Guest.category_id == category.id, Guest.status == "registered")
    ).scalar_one()


def has_room(category: GuestCategory) -> bool:
    return category.capacity is None or confirmed_count(category) < category.capacity


def initial_status(category: GuestCategory) -> str:
    if category.requires_approval:
        return "pending"
    if not has_room(category):
        return "waiting"
    return "registered"


def prepare_contact(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """Normalised (email, phone); raises DomainError with the field when neither is valid."""
    email = normalize_email(email)
    phone = normalize_phone(phone)
    require_email_or_phone(email, phone)
    return email, phone


def prepare_name(full_name: str | None) -> str:
    full_name = clean(full_name)
    if not full_name:
        raise DomainError(_("Vui lòng nhập họ và tên."), field="full_name")
    if len(full_name) > MAX_NAME:
        raise DomainError(_("Họ và tên quá dài (tối đa %(n)d ký tự).", n=MAX_NAME), field="full_name")
    return full_name


def prepare_text(value: str | None, field: str) -> str:
    value = clean(value) or ""
    if len(value) > MAX_TEXT:
        raise DomainError(_("Quá dài (tối đa %(n)d ký tự).", n=MAX_TEXT), field=field)
    return value


def _commit_or_duplicate(event: "Event", email: str | None, phone: str | None, exclude: Guest | None = None) -> None:
    """Commits; a unique-constraint race becomes the domain error the user understands."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = matching_guests(event, email, phone, exclude=exclude)
        if not existing:
            raise
        raise DuplicateRegistration(existing[0]) from None


def register_guest(event: "Event", category: GuestCategory | None, *, full_name: str | None,
                   email: str | None = None, phone: str | None = None, organization: str | None = "",
                   position: str | None = "", source: str = "self", consent: bool = False, locale: str = "vi",
                   needs_attention: bool = False, cooperative: "Cooperative | None" = None, commit: bool = True,
                   approved: bool = False) -> Guest:
    """Creates a guest, or raises DuplicateRegistration / DomainError. Nothing partial is stored.

    Someone who cancelled and registers again with the same contact gets their registration back
    (same private page and badge code) rather than a "duplicate" refusal. ``approved``: an
    organiser vouches for the guest (import, door), so a category's approval step is skipped.
    """
    full_name = prepare_name(full_name)
    organization = prepare_text(organization, "organization")
    position = prepare_text(position, "position")
    if category is None or category.event_id != event.id:
        raise DomainError(_("Vui lòng chọn thành phần tham dự."), field="category")
    email, phone = prepare_contact(email, phone)
    existing = matching_guests(event, email, phone)
    active = [g for g in existing if g.status != "cancelled"]
    if active or len(existing) > 1:
        raise DuplicateRegistration((active or existing)[0])

    category = _lock_category(category)
    refuse_retired(category)
    now = utcnow()
    guest = existing[0] if existing else Guest(event_id=event.id, source=source)
    guest.category_id = category.id
    guest.full_name, guest.organization, guest.position = full_name, organization, position
    guest.email = email or guest.email
    guest.phone = phone or guest.phone
    guest.locale = locale
    guest.needs_attention = needs_attention or category.needs_attention
    guest.cooperative_id = getattr(cooperative, "id", None) or guest.cooperative_id
    if existing:
        guest.cancelled_at = None
        guest.created_at = now  # back on the waiting list's end, not at its old place
    guest.approved_at = now if approved and category.requires_approval else None
    if approved:
        guest.status = "registered" if has_room(category) else "waiting"
    else:
        guest.status = initial_status(category)
    guest.consent_at = now if consent else None
    guest.consent_version = CONSENT_VERSION if consent else None
    guest.refresh_keys()
    if not existing:
        db.session.add(guest)
    if commit:
        _commit_or_duplicate(event, email, phone, exclude=guest if existing else None)
    else:
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError:
            raise DuplicateRegistration(find_existing(event, email, phone)) from None
    return guest


def promote_waiting(category: GuestCategory) -> list[Guest]:
    """Gives free places of the category to its waiting list, first come first served.

    Call inside a unit of work that holds the category's lock; returns the promoted guests.
    """
    waiting = db.select(Guest).where(Guest.category_id == category.id, Guest.status == "waiting") \
        .order_by(Guest.created_at, Guest.id)
    if category.capacity is not None:
        free = category.capacity - confirmed_count(category)
        if free <= 0:
            return []
        waiting = waiting.limit(free)
    promoted = list(db.session.execute(waiting).scalars())
    for guest in promoted:
        guest.status = "registered"
    return promoted


def fill_free_places(category: GuestCategory, notify: bool = True) -> list[Guest]:
    """After a capacity change: promotes from the waiting list, commits, tells those promoted."""
    category = _lock_category(category)
    promoted = promote_waiting(category)
    for guest in promoted:
        record("guest.promote", f"guest:{guest.id}", event=guest.event_id, name=guest.full_name)
    db.session.commit()
    _tell(promoted, "promoted", notify)
    return promoted


def _tell(guests: Iterable[Guest], kind: str, notify: bool) -> None:
    if not notify:
        return
    from .notify import send_guest_mail

    for guest in guests:
        send_guest_mail(guest, kind)


def cancel_guest(guest: Guest, by_organiser: bool = False, notify: bool = True) -> list[Guest]:
    """Cancels a registration. A place it held goes to the waiting list. Returns the promoted guests."""
    if guest.status == "cancelled":
        raise Conflict(_("Đăng ký này đã được huỷ trước đó."))
    held_place = guest.status == "registered"
    category = _lock_category(guest.category)
    guest.status = "cancelled"
    guest.cancelled_at = utcnow()
    record("guest.cancel", f"guest:{guest.id}", event=guest.event_id, name=guest.full_name,
           by="organiser" if by_organiser else "guest")
    promoted = promote_waiting(category) if held_place else []
    db.session.flush()
    for other in promoted:
        record("guest.promote", f"guest:{other.id}", event=other.event_id, name=other.full_name)
    db.session.commit()
    _tell([guest], "cancelled", notify)
    _tell(promoted, "promoted", notify)
    return promoted


def approve_guest(guest: Guest, notify: bool = True) -> Guest:
    """pending -> registered, or waiting when the category is already full."""
    if guest.status != "pending":
        raise Conflict(_("Chỉ duyệt được đăng ký đang chờ duyệt."))
    category = _lock_category(guest.category)
    guest.approved_at = utcnow()
    guest.status = "registered" if has_room(category) else "waiting"
    record("guest.approve", f"guest:{guest.id}", event=guest.event_id, name=guest.full_name,
           status=guest.status)
    db.session.commit()
    _tell([guest], "approved", notify)
    return guest


def reinstate_guest(guest: Guest, notify: bool = True) -> Guest:
    """An organiser takes back a cancellation: cancelled -> registered, or waiting when the category
    is full (the organiser vouches, so no approval step). Same private page and badge code."""
    if guest.status != "cancelled":
        raise Conflict(_("Chỉ khôi phục được đăng ký đã huỷ."))
    if guest.anonymised_at is not None:
        raise Conflict(_("Dữ liệu cá nhân của khách này đã được xoá: không thể khôi phục."))
    category = _lock_category(guest.category)
    guest.status = "registered" if has_room(category) else "waiting"
    guest.cancelled_at = None
    if category.requires_approval and guest.approved_at is None:
        guest.approved_at = utcnow()
    record("guest.reinstate", f"guest:{guest.id}", event=guest.event_id, name=guest.full_name,
           status=guest.status)
    db.session.commit()
    _tell([guest], "approved", notify)
    return guest


def set_needs_attention(guest: Guest, value: object) -> Guest:
    """The organiser's VIP/attention flag of one guest (the door meets these guests)."""
    value = bool(value)
    if guest.needs_attention != value:
        guest.needs_attention = value
        record("guest.attention", f"guest:{guest.id}", event=guest.event_id, name=guest.full_name, value=value)
    db.session.commit()
    return guest


EDITABLE = ("full_name", "email", "phone", "organization", "position")


def update_guest(guest: Guest, *, full_name: str | None, email: str | None, phone: str | None,
                 organization: str | None = "", position: str | None = "", category: GuestCategory | None = None,
                 by_organiser: bool = False) -> Guest:
    """Changes a guest's details; the new e-mail and phone must not belong to another guest.

    Organisers may also move a guest to another category: a registered guest only into a category
    with room; a waiting guest gets a place when the new category has one; the old place is given
    to the old category's waiting list.
    """
    if guest.status == "cancelled" and not by_organiser:
        raise Conflict(_("Đăng ký này đã bị huỷ, không thể sửa."))
    values: dict[str, Any] = {
        "full_name": prepare_name(full_name),
        "organization": prepare_text(organization, "organization"),
        "position": prepare_text(position, "position"),
    }
    values["email"], values["phone"] = prepare_contact(email, phone)
    event = guest.event
    for other in matching_guests(event, values["email"], values["phone"], exclude=guest):
        if values["email"] and other.email == values["email"]:
            raise DomainError(_("Email này đã được dùng cho một đăng ký khác của sự kiện."), field="email")
        raise DomainError(_("Số điện thoại này đã được dùng cho một đăng ký khác của sự kiện."), field="phone")

    changed = {k: v for k, v in values.items() if getattr(guest, k) != v}
    promoted: list[Guest] = []
    if category is not None and category.id != guest.category_id:
        if category.event_id != guest.event_id:
            raise DomainError(_("Vui lòng chọn thành phần tham dự."), field="category")
        old = _lock_category(guest.category)
        new = _lock_category(category)
        refuse_retired(new)
        if guest.status == "registered" and not has_room(new):
            raise DomainError(_("Thành phần này đã đủ chỗ."), field="category")
        held_place = guest.status == "registered"
        if guest.status == "waiting" and has_room(new):
            guest.status = "registered"
        guest.category_id = new.id
        guest.needs_attention = guest.needs_attention or new.needs_attention
        changed["category"] = new.code
        db.session.flush()
        if held_place:
            promoted = promote_waiting(old)
    for key, value in values.items():
        setattr(guest, key, value)
    guest.refresh_keys()
    if changed:
        record("guest.update", f"guest:{guest.id}", event=guest.event_id,
               by="organiser" if by_organiser else "guest", fields=sorted(changed))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_("Email hoặc số điện thoại này đã được dùng cho một đăng ký khác."),
                          field="email") from None
    _tell(promoted, "promoted", True)
    return guest


def self_register(event: "Event", category: GuestCategory | None, *, locale: str = "vi", **values: Any) -> Guest:
    """The public form: registers with consent and e-mails the private link."""
    from .notify import send_guest_mail

    guest = register_guest(event, category, source="self", consent=True, locale=locale, **values)
    send_guest_mail(guest, "confirmation")
    return guest


def add_guest(event: "Event", category: GuestCategory | None, **values: Any) -> Guest:
    """An organiser adds one guest: vouched for, so no approval step; e-mailed like an invitation."""
    from .notify import send_guest_mail

    guest = register_guest(event, category, source="admin", approved=True, commit=False, **values)
    record("guest.add", f"guest:{guest.id}", event=event, name=guest.full_name)
    db.session.commit()
    send_guest_mail(guest, "invited")
    return guest
