"""At the door without a badge: finding a guest by name, phone or organisation, and walk-ins."""
import re

from flask_babel import gettext as _
from sqlalchemy import and_, select

from .. import audit
from ..errors import DomainError
from ..events.models import GuestCategory
from ..extensions import db
from ..registration.models import Guest
from ..registration.services import register_guest
from ..text import clean, search_key
from .models import Admission, gate_category
from .services import check_in

SEARCH_LIMIT = 20


def _phone_digits(query):
    """The digits to look for in E.164 phones when the query is a phone number, else None."""
    if re.search(r"[^\d\s+().-]", query):
        return None
    digits = re.sub(r"\D", "", query)
    if len(digits) < 4:
        return None
    if digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0") or None


def search_guests(event, gate, query, locale="vi"):
    """Guests of the event matching every word (diacritics ignored) or the phone digits, by name."""
    query = clean(query) or ""
    if len(query) < 2:
        return []
    statement = (
        select(Guest.id, Guest.full_name, Guest.organization, Guest.phone, Guest.status,
               GuestCategory.name, GuestCategory.name_en, Admission.admitted_at)
        .join(GuestCategory, GuestCategory.id == Guest.category_id)
        .outerjoin(Admission, and_(Admission.guest_id == Guest.id, Admission.gate_id == gate.id))
        .where(Guest.event_id == event.id)
    )
    digits = _phone_digits(query)
    if digits:
        statement = statement.where(Guest.phone.contains(digits, autoescape=True))
    else:
        for word in search_key(query).split():
            statement = statement.where(Guest.search_key.contains(word, autoescape=True))
    rows = db.session.execute(statement.order_by(Guest.sort_key, Guest.id).limit(SEARCH_LIMIT)).all()
    return [
        {"id": r.id, "name": r.full_name, "organization": r.organization,
         "category": r.name_en if locale == "en" and r.name_en else r.name,
         "phone_end": (r.phone or "")[-3:], "status": r.status,
         "checked_in_at": r.admitted_at.isoformat() if r.admitted_at else None}
        for r in rows
    ]


def walk_in_categories(event, gate):
    """Categories a walk-in may be registered in at this gate: those the gate admits."""
    listed = db.session.execute(
        select(gate_category.c.category_id).where(gate_category.c.gate_id == gate.id)
    ).scalars().all()
    # Public categories first: most walk-ins are delegates or cooperatives, rarely invited leaders.
    statement = (select(GuestCategory).where(GuestCategory.event_id == event.id, GuestCategory.retired_at.is_(None))
                 .order_by(GuestCategory.public.desc(), GuestCategory.position))
    if listed:
        statement = statement.where(GuestCategory.id.in_(listed))
    return db.session.execute(statement).scalars().all()


def walk_in(event, gate, scanner, *, category_code, full_name, email=None, phone=None, organization=""):
    """Registers a guest at the door, approved, then admits them. Returns (guest id, Outcome); a
    full category puts them on its waiting list, and the door hears so.

    Raises DomainError (a field at fault) or DuplicateRegistration (already registered: find them).
    """
    category = db.session.execute(
        select(GuestCategory).where(GuestCategory.event_id == event.id, GuestCategory.code == clean(category_code))
    ).scalar_one_or_none()
    if category is None or category not in walk_in_categories(event, gate):
        raise DomainError(_("Vui lòng chọn thành phần tham dự."), field="category")
    # Door staff adding someone is the organisers' approval: a category that needs one admits them at once.
    guest = register_guest(event, category, full_name=full_name, email=email, phone=phone,
                           organization=clean(organization) or "", source="walk_in", consent=True, approved=True)
    guest_id = guest.id
    audit.record("guest.walk_in", f"guest:{guest_id}", event=event.id, actor=scanner.label, gate=gate.code)
    outcome = check_in(event, gate, scanner, guest_id=guest_id, method="walk_in")
    return guest_id, outcome
