"""Registering guests: one place for the rules (contact, duplicates, capacity, approval).

Used by the public form, the organisers' import, walk-in registration at the door and the
exhibitors' staff. Services commit their own unit of work and raise domain errors.
"""
from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from flask_babel import gettext as _

from ..db import utcnow
from ..errors import Conflict, DomainError
from ..events.models import GuestCategory
from ..extensions import db
from ..text import clean
from .contact import normalize_email, normalize_phone
from .models import Guest

CONSENT_VERSION = "2024-1"
MAX_NAME = 200


class DuplicateRegistration(Conflict):
    """The e-mail or phone is already registered for this event; ``guest`` is the existing one."""

    def __init__(self, guest):
        super().__init__(_("Bạn đã đăng ký tham dự sự kiện này."))
        self.guest = guest


def find_existing(event, email=None, phone=None):
    conditions = []
    if email:
        conditions.append(Guest.email == email)
    if phone:
        conditions.append(Guest.phone == phone)
    if not conditions:
        return None
    return db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id, or_(*conditions)).order_by(Guest.id)
    ).scalars().first()


def _lock_category(category):
    """Serialises the capacity check of one category (SQLite already holds its write lock)."""
    return db.session.execute(
        db.select(GuestCategory).where(GuestCategory.id == category.id).with_for_update()
    ).scalar_one()


def confirmed_count(category):
    return db.session.execute(
        db.select(func.count()).select_from(Guest)
        .where(Guest.category_id == category.id, Guest.status == "registered")
    ).scalar_one()


def initial_status(category):
    if category.requires_approval:
        return "pending"
    if category.capacity is not None and confirmed_count(category) >= category.capacity:
        return "waiting"
    return "registered"


def prepare_contact(email, phone):
    """Normalised (email, phone); raises DomainError with the field when neither is valid."""
    email = normalize_email(email)
    phone = normalize_phone(phone)
    if not email and not phone:
        raise DomainError(_("Vui lòng nhập email hoặc số điện thoại."), field="email")
    return email, phone


def register_guest(event, category, *, full_name, email=None, phone=None, organization="", position="",
                   source="self", consent=False, locale="vi", needs_attention=False, cooperative=None,
                   commit=True):
    """Creates a guest, or raises DuplicateRegistration / DomainError. Nothing partial is stored."""
    full_name = clean(full_name)
    if not full_name:
        raise DomainError(_("Vui lòng nhập họ và tên."), field="full_name")
    if len(full_name) > MAX_NAME:
        raise DomainError(_("Họ và tên quá dài (tối đa %(n)d ký tự).", n=MAX_NAME), field="full_name")
    if category is None or category.event_id != event.id:
        raise DomainError(_("Vui lòng chọn thành phần tham dự."), field="category")
    email, phone = prepare_contact(email, phone)
    existing = find_existing(event, email, phone)
    if existing is not None:
        raise DuplicateRegistration(existing)

    category = _lock_category(category)
    now = utcnow()
    guest = Guest(
        event_id=event.id, category_id=category.id, full_name=full_name, email=email, phone=phone,
        organization=organization or "", position=position or "", source=source, locale=locale,
        needs_attention=needs_attention or category.needs_attention,
        cooperative_id=getattr(cooperative, "id", None), status=initial_status(category),
        consent_at=now if consent else None, consent_version=CONSENT_VERSION if consent else None,
    )
    guest.refresh_keys()
    db.session.add(guest)
    try:
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except IntegrityError:
        # Another request registered the same contact between our check and our insert.
        db.session.rollback()
        existing = find_existing(event, email, phone)
        if existing is None:
            raise
        raise DuplicateRegistration(existing) from None
    return guest
