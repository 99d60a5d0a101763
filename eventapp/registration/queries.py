"""Reading guests: by token or id, the organisers' filtered list, counts per category."""
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, or_

from ..errors import DomainError, NotFound
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..text import clean, search_key
from .models import GUEST_STATUSES, Guest

PER_PAGE = 50
MAX_PER_PAGE = 200


def checked_in_ids(event: Event) -> set[int]:
    """Ids of the event's guests who were checked in."""
    # Imported when called: some registration tests stand in for check-in (tests/registration/conftest.py).
    from ..checkin.services import checked_in_guest_ids

    return set(checked_in_guest_ids(event))


def guest_by_token(private_token: str | None) -> Guest:
    guest = None
    if private_token and len(private_token) <= 64:
        guest = db.session.execute(
            db.select(Guest).filter_by(private_token=private_token)
        ).scalar_one_or_none()
    if guest is None:
        raise NotFound(_("Không tìm thấy đăng ký."))
    return guest


MAX_ID = 2**31 - 1  # beyond an INTEGER column: not found, rather than a database error


def get_guest(event: Event, guest_id: int) -> Guest:
    guest = db.session.get(Guest, guest_id) if 0 < guest_id <= MAX_ID else None
    if guest is None or guest.event_id != event.id:
        raise NotFound(_("Không tìm thấy khách."))
    return guest


def get_category(event: Event, category_id: int | None, public_only: bool = False) -> GuestCategory | None:
    for category in event.categories:
        if category.id == category_id and (category.public or not public_only):
            return category
    return None


_PHONE_QUERY = re.compile(r"\+?\d{4,}")


def _contains(word: str) -> ColumnElement[bool]:
    """search_key holds the word: instr()/strpos() rather than LIKE, which SQLite runs far slower
    (and which would read % and _ in the query as wildcards)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.instr(Guest.search_key, word) > 0
    return func.strpos(Guest.search_key, word) > 0


def search_conditions(query: str | None) -> list[ColumnElement[bool]]:
    """SQL conditions for a search box: each word diacritic-blind in the search key.

    A query that is a phone number in any spelling (0912 345 678, +84 912...) matches the stored
    E.164 form: its leading 0 stands for +84.
    """
    raw = clean(query) or ""
    compact = re.sub(r"[\s.\-()]", "", raw)
    if _PHONE_QUERY.fullmatch(compact):
        digits = compact.lstrip("+")
        options = [_contains(digits)]
        if digits.startswith("0") and len(digits) > 4:
            options.append(_contains("+84" + digits[1:]))
        return [or_(*options)]
    return [_contains(word) for word in search_key(raw).split()]


@dataclass
class GuestFilters:
    q: str = ""
    category_id: int | None = None
    status: str | None = None
    checked_in: bool | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "GuestFilters":
        """From a query string; unknown values are ignored rather than refused."""
        category = args.get("category", "")
        status = args.get("status", "")
        checked = args.get("checked_in", "")
        return cls(
            q=(args.get("q") or "")[:200],
            category_id=int(category) if category.isdigit() and int(category) <= MAX_ID else None,
            status=status if status in GUEST_STATUSES else None,
            checked_in={"yes": True, "no": False}.get(checked),
        )


@dataclass
class Page:
    items: list[Guest]
    total: int
    page: int
    per_page: int
    checked_in: set[int] | None = field(default=None)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def parse_page(value: str | int | None, name: str = "page", maximum: int = MAX_ID) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Số trang không hợp lệ."), field=name) from None
    if number < 1 or number > maximum:
        raise DomainError(_("Số trang không hợp lệ."), field=name)
    return number


def filter_conditions(event: Event, filters: GuestFilters, checked: set[int] | None = None) -> list[Any]:
    """The WHERE of the guest list: the event's guests that match the organiser's filters."""
    conditions = [Guest.event_id == event.id, *search_conditions(filters.q)]
    if filters.category_id is not None:
        conditions.append(Guest.category_id == filters.category_id)
    if filters.status is not None:
        conditions.append(Guest.status == filters.status)
    if filters.checked_in is not None and checked is not None:
        ids = Guest.id.in_(sorted(checked))
        conditions.append(ids if filters.checked_in else ~ids)
    return conditions


def mailable_ids(event: Event, filters: GuestFilters) -> list[int]:
    """The ids, in list order, of the guests the list shows with these filters that a mailing to
    the list reaches: an e-mail on file, not cancelled, not anonymised, not opted out of mailings."""
    checked = checked_in_ids(event) if filters.checked_in is not None else None
    conditions = filter_conditions(event, filters, checked)
    return list(db.session.execute(
        db.select(Guest.id).where(*conditions, Guest.email.is_not(None), Guest.email != "",
                                  Guest.status != "cancelled", Guest.anonymised_at.is_(None),
                                  Guest.mail_opt_out_at.is_(None))
        .order_by(Guest.sort_key, Guest.id)).scalars())


def search_guests(event: Event, filters: GuestFilters | None = None, page: int = 1, per_page: int = PER_PAGE,
                  checked: set[int] | None = None) -> Page:
    """One page of the event's guests, in Vietnamese name order. ``checked``: checked_in_ids()."""
    conditions = filter_conditions(event, filters or GuestFilters(), checked)
    page = max(1, page or 1)
    # One pass over the matches gives the page's ids (narrow rows sort fast) and their number.
    rows = db.session.execute(
        db.select(Guest.id, func.count().over().label("total")).where(*conditions)
        .order_by(Guest.sort_key, Guest.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    if rows:
        total = rows[0].total
    elif page == 1:
        total = 0
    else:  # past the last page: the count needs its own query
        total = db.session.execute(db.select(func.count()).select_from(Guest).where(*conditions)).scalar_one()
    ids = [row.id for row in rows]
    loaded = {g.id: g for g in db.session.execute(db.select(Guest).where(Guest.id.in_(ids))).scalars()} if ids else {}
    return Page(items=[loaded[i] for i in ids], total=total, page=page, per_page=per_page, checked_in=checked)


def all_guests(event: Event) -> list[Guest]:
    """Every guest of the event in Vietnamese name order (exports)."""
    return list(db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id).order_by(Guest.sort_key, Guest.id)
    ).scalars())


@dataclass
class CategoryCount:
    category: GuestCategory | None
    registered: int = 0
    waiting: int = 0
    pending: int = 0
    approved: int = 0
    cancelled: int = 0
    checked_in: int | None = 0

    @property
    def remaining(self) -> int | None:
        if self.category is None or self.category.capacity is None:
            return None
        return max(0, self.category.capacity - self.registered)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.code if self.category else None,
            "name": self.category.name if self.category else None,
            "capacity": self.category.capacity if self.category else None,
            "registered": self.registered, "waiting": self.waiting, "pending": self.pending,
            "approved": self.approved, "cancelled": self.cancelled, "checked_in": self.checked_in,
            "remaining": self.remaining,
        }


def category_counts(event: Event, checked: set[int] | None = None) -> list[CategoryCount]:
    """One CategoryCount per category and a total (category None) last.

    approved: registered guests whom an organiser approved; checked_in: None when check-in is not
    installed (``checked`` is None).
    """
    rows = {c.id: CategoryCount(c) for c in event.categories}
    total = CategoryCount(None)
    for category_id, status, approved, count in db.session.execute(
        db.select(Guest.category_id, Guest.status, Guest.approved_at.is_not(None), func.count())
        .where(Guest.event_id == event.id)
        .group_by(Guest.category_id, Guest.status, Guest.approved_at.is_not(None))
    ):
        for row in (rows.get(category_id), total):
            if row is None:
                continue
            setattr(row, status, getattr(row, status) + count)
            if approved and status == "registered":
                row.approved += count
    if checked:
        for (category_id,) in db.session.execute(
            db.select(Guest.category_id).where(Guest.event_id == event.id, Guest.id.in_(sorted(checked)))
        ):
            if category_id in rows:
                rows[category_id].checked_in = (rows[category_id].checked_in or 0) + 1
            total.checked_in = (total.checked_in or 0) + 1
    return [*rows.values(), total]


def availability(event: Event) -> dict[int, str]:
    """{category id: 'open' | 'approval' | 'waiting'} for the public form.

    Counts only the categories that have a capacity (each through its category index), so that
    the form stays cheap on an event with thousands of guests.
    """
    from .services import has_room

    result: dict[int, str] = {}
    for category in event.categories:
        if category.requires_approval:
            result[category.id] = "approval"
        elif category.capacity is not None and not has_room(category):
            result[category.id] = "waiting"
        else:
            result[category.id] = "open"
    return result


def selected_guests(event: Event, ids: Iterable[int]) -> list[Guest]:
    """The event's guests among these ids, in Vietnamese name order (other events' ids are ignored)."""
    wanted = sorted({i for i in ids if 0 < i <= MAX_ID})
    if not wanted:
        return []
    return list(db.session.execute(
        db.select(Guest).where(Guest.event_id == event.id, Guest.id.in_(wanted)).order_by(Guest.sort_key, Guest.id)
    ).scalars())
