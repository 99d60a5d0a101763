"""At the door without a badge: finding a guest by name, phone or organisation, and walk-ins."""
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from .. import audit
from ..errors import Checks, DomainError
from ..events.models import GuestCategory
from ..extensions import db
from ..registration.contact import normalize_email, normalize_phone, require_email_or_phone
from ..registration.models import Guest
from ..registration.services import prepare_name, prepare_text, register_guest
from ..text import clean, search_key
from .judging import EventRef, GateRef, Scanner
from .models import Admission, gate_category, gate_walk_in_category
from .services import Outcome, check_in

if TYPE_CHECKING:
    from ..events.models import Event

SEARCH_PAGE = 20
# A door search reads at most this many matches to rank them ("nguyen" matches a third of a
# Vietnamese event); the count shown stays exact.
SEARCH_RANKED = 2000


@dataclass
class SearchPage:
    guests: list[dict[str, Any]]
    total: int
    offset: int


def _phone_digits(query: str) -> str | None:
    """The digits to look for in E.164 phones when the query is a phone number, else None."""
    if re.search(r"[^\d\s+().-]", query):
        return None
    digits = re.sub(r"\D", "", query)
    if len(digits) < 4:
        return None
    if digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0") or None


def name_rank(words: list[str], full_name: str, organization: str | None) -> tuple[int, bool, int, int, int]:
    """How well the query's words match a guest, best first (a sort key): the name before the
    organisation, whole words before parts of words, the words in the order typed before any
    order (family name first or given name first), then the organisation. Diacritics ignored."""
    name = search_key(full_name).split()
    organization = search_key(organization or "")
    whole = sum(word in name for word in words)
    in_order = any(name[i:i + len(words)] == words for i in range(len(name) - len(words) + 1))
    starts = sum(any(part.startswith(word) for part in name) for word in words)
    inside = sum(any(word in part for part in name) for word in words)
    in_organization = sum(word in organization for word in words)
    return (-whole, not in_order, -starts, -inside, -in_organization)


def search_guests(event: EventRef, gate: GateRef, query: str, locale: str = "vi", offset: int = 0) -> SearchPage:
    """Guests of the event matching every word (diacritics ignored, in the name, organisation or
    contact) or the phone digits: a SearchPage of SEARCH_PAGE from offset, best match first (see
    name_rank), then in name order; total counts every match."""
    query = clean(query) or ""
    offset = max(0, int(offset or 0))
    if len(query) < 2:
        return SearchPage([], 0, offset)
    statement = (
        select(Guest.id, Guest.full_name, Guest.organization, Guest.phone, Guest.status, Guest.badge_printed_at,
               GuestCategory.name, GuestCategory.name_en, Admission.admitted_at)
        .join(GuestCategory, GuestCategory.id == Guest.category_id)
        .outerjoin(Admission, and_(Admission.guest_id == Guest.id, Admission.gate_id == gate.id))
        .where(Guest.event_id == event.id)
    )
    digits = _phone_digits(query)
    words = search_key(query).split()
    if digits:
        statement = statement.where(Guest.phone.contains(digits, autoescape=True))
    else:
        for word in words:
            statement = statement.where(Guest.search_key.contains(word, autoescape=True))
    total = db.session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    rows = cast(list[Any], db.session.execute(statement.order_by(Guest.sort_key, Guest.id).limit(SEARCH_RANKED)).all())
    if not digits:
        rows.sort(key=lambda r: name_rank(words, r.full_name, r.organization))  # stable: name order within a rank
    guests = [
        {"id": r.id, "name": r.full_name, "organization": r.organization,
         "category": r.name_en if locale == "en" and r.name_en else r.name,
         "phone_end": (r.phone or "")[-3:], "status": r.status, "badge_printed": r.badge_printed_at is not None,
         "checked_in_at": r.admitted_at.isoformat() if r.admitted_at else None}
        for r in rows[offset:offset + SEARCH_PAGE]
    ]
    return SearchPage(guests, total, offset)


def walk_in_categories(event: EventRef, gate: GateRef) -> Sequence[GuestCategory]:
    """Categories a walk-in may be registered in at this gate: those the organisers chose for it
    (the gate's setting), else the public categories it admits: door staff do not make someone a
    leader or press."""
    chosen = db.session.execute(
        select(gate_walk_in_category.c.category_id).where(gate_walk_in_category.c.gate_id == gate.id)
    ).scalars().all()
    admitted = db.session.execute(
        select(gate_category.c.category_id).where(gate_category.c.gate_id == gate.id)
    ).scalars().all()
    statement = (select(GuestCategory).where(GuestCategory.event_id == event.id, GuestCategory.retired_at.is_(None))
                 .order_by(GuestCategory.position))
    if chosen:
        statement = statement.where(GuestCategory.id.in_(chosen))
    else:
        statement = statement.where(GuestCategory.public.is_(True))
    if admitted:
        statement = statement.where(GuestCategory.id.in_(admitted))
    return db.session.execute(statement).scalars().all()


def _walk_in_category(event: EventRef, gate: GateRef, code: str) -> GuestCategory:
    category = db.session.execute(
        select(GuestCategory).where(GuestCategory.event_id == event.id, GuestCategory.code == clean(code))
    ).scalar_one_or_none()
    if category is None or category not in walk_in_categories(event, gate):
        raise DomainError(_("Vui lòng chọn thành phần tham dự."), field="category")
    return category


def walk_in(event: EventRef, gate: GateRef, scanner: Scanner, *, category_code: str, full_name: str,
            email: str | None = None, phone: str | None = None, organization: str = "") -> tuple[int, Outcome]:
    """Registers a guest at the door, approved, then admits them. Returns (guest id, Outcome); a
    full category puts them on its waiting list, and the door hears so.

    Raises DomainError (a field at fault) or DuplicateRegistration (already registered: find them).
    """
    # Every field at fault is told at once (a wrong e-mail no longer hides a wrong phone).
    checks = Checks()
    checks.run(prepare_name, full_name)
    phone_checked = checks.run(normalize_phone, phone)  # in the walk-in form's order
    email_checked = checks.run(normalize_email, email)
    checks.run(prepare_text, organization, "organization")
    if not checks.errors:
        checks.run(require_email_or_phone, email_checked, phone_checked)
    category = checks.run(_walk_in_category, event, gate, category_code)
    checks.done()
    # Door staff adding someone is the organisers' approval: a category that needs one admits them at once.
    # register_guest reads only the event's id, which a ref has too.
    guest = register_guest(cast("Event", event), category, full_name=full_name, email=email, phone=phone,
                           organization=clean(organization) or "", source="walk_in", consent=True, approved=True)
    guest_id = guest.id
    audit.record("guest.walk_in", f"guest:{guest_id}", event=event.id, actor=scanner.label, gate=gate.code)
    outcome = check_in(event, gate, scanner, guest_id=guest_id, method="walk_in")
    return guest_id, outcome
