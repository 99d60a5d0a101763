"""Guest categories of an event: create, edit, order, retire, reopen, delete; capacity changes.

A change runs in one transaction that holds the category's row lock, the lock registration takes
before counting places (eventapp.registration.services._lock_category): a registration racing the
change waits, then counts against the new capacity. Raising the capacity gives the new places to the
waiting list at once, oldest registration first, through the registration service (which e-mails
those promoted); lowering it below the confirmed guests cancels no one.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..badges.branding import COLOR
from ..booths.models import BoothSettings
from ..checkin.models import Gate, gate_category
from ..db import utcnow
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Event, GuestCategory
from ..extensions import db
from ..registration import services as registration
from ..registration.models import Guest
from ..registration.queries import category_counts
from ..text import clean, slugify

MAX_NAME = 120
MAX_CODE = 40
MAX_CAPACITY = 1_000_000  # far beyond any venue, well inside the database's integer
DEFAULT_COLOR = "#1d4ed8"
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELDS = ("name", "name_en", "code", "capacity", "requires_approval", "public", "needs_attention", "color")


@dataclass
class CategoryRow:
    """A category with its guests counted, for the organisers' list."""

    category: GuestCategory
    registered: int = 0
    waiting: int = 0
    pending: int = 0
    cancelled: int = 0

    @property
    def guests(self) -> int:
        return self.registered + self.waiting + self.pending + self.cancelled

    @property
    def over_capacity(self) -> int:
        """Registered guests beyond the capacity (after it was lowered); they keep their places."""
        capacity = self.category.capacity
        return max(0, self.registered - capacity) if capacity is not None else 0


@dataclass
class Saved:
    """What a change did: the guests it moved from the waiting list, and how many registered guests
    are now beyond the capacity (none of them cancelled)."""

    category: GuestCategory
    promoted: list[Guest] = field(default_factory=list)
    over_capacity: int = 0
    changed: list[str] = field(default_factory=list)


# ----- reading ---------------------------------------------------------------------------------

def list_categories(event: Event) -> list[GuestCategory]:
    return list(db.session.execute(
        db.select(GuestCategory).filter_by(event_id=event.id).order_by(GuestCategory.position, GuestCategory.id)
    ).scalars())


def overview(event: Event) -> list[CategoryRow]:
    """Every category of the event in order, with its guests counted by status."""
    counts = {row.category.id: row for row in category_counts(event) if row.category is not None}
    rows = []
    for category in list_categories(event):
        count = counts.get(category.id)
        rows.append(CategoryRow(category, *(
            (count.registered, count.waiting, count.pending, count.cancelled) if count else ())))
    return rows


def get_category(event: Event, category_id: int) -> GuestCategory:
    category = db.session.get(GuestCategory, category_id) if 0 < category_id < 2**31 else None
    if category is None or category.event_id != event.id:
        raise NotFound(_("Không tìm thấy thành phần khách."))
    return category


def category_by_code(event: Event, code: str) -> GuestCategory:
    category = db.session.execute(
        db.select(GuestCategory).filter_by(event_id=event.id, code=(clean(code) or "").lower())
    ).scalar_one_or_none()
    if category is None:
        raise NotFound(_("Không có thành phần “%(code)s” trong sự kiện này.", code=code))
    return category


def propose_code(name: str | None) -> str:
    """The code proposed for a name: 'Báo chí' -> 'bao-chi'."""
    return slugify(name or "", max_length=MAX_CODE)


def registered_count(category: GuestCategory) -> int:
    return registration.confirmed_count(category)


def deletion_blockers(category: GuestCategory) -> list[str]:
    """Why the category cannot be deleted (empty: it can)."""
    reasons = []
    guests = db.session.execute(
        db.select(func.count()).select_from(Guest).where(Guest.category_id == category.id)).scalar_one()
    if guests:
        reasons.append(_("đã có %(n)d khách (kể cả khách đã huỷ) thuộc thành phần này", n=guests))
    gates = db.session.execute(
        db.select(Gate.name).join(gate_category, gate_category.c.gate_id == Gate.id)
        .where(gate_category.c.category_id == category.id).order_by(Gate.position)).scalars().all()
    if gates:
        reasons.append(_("quy định vào cổng nhắc đến thành phần này: %(gates)s", gates=", ".join(gates)))
    booth = db.session.execute(
        db.select(BoothSettings.id).where(BoothSettings.staff_category_id == category.id)).first()
    if booth is not None:
        reasons.append(_("đây là thành phần của nhân viên gian hàng trong cài đặt gian hàng"))
    return reasons


# ----- checking what the organiser typed -------------------------------------------------------

def parse_capacity(value: object) -> int | None:
    """'' or None: unlimited; otherwise a whole number from 0. Raises DomainError(field='capacity')."""
    bad = DomainError(_("Sức chứa phải là một số nguyên từ 0 trở lên (để trống: không giới hạn)."),
                      field="capacity")
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int):
        number = value
    else:
        text = clean(str(value)) if value is not None else ""
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise bad
        number = int(text)
    if number < 0:
        raise bad
    if number > MAX_CAPACITY:
        raise DomainError(_("Sức chứa tối đa là %(n)d.", n=MAX_CAPACITY), field="capacity")
    return number


def parse_color(value: str | None) -> str:
    value = (clean(value) or "").lower()
    if not COLOR.fullmatch(value):
        raise DomainError(_("Màu phải có dạng #rrggbb, ví dụ #1d4ed8."), field="color")
    return value


def _text(value: str | None, field_name: str, required: bool = False) -> str:
    value = clean(value) or ""
    if required and not value:
        raise DomainError(_("Vui lòng nhập tên thành phần."), field=field_name)
    if len(value) > MAX_NAME:
        raise DomainError(_("Quá dài (tối đa %(n)d ký tự).", n=MAX_NAME), field=field_name)
    return value


def _code(value: str | None, name: str) -> str:
    code = (clean(value) or "").lower() or propose_code(name)
    if not code:
        raise DomainError(_("Vui lòng nhập mã thành phần (chữ thường không dấu, số, dấu gạch ngang)."),
                          field="code")
    if len(code) > MAX_CODE:
        raise DomainError(_("Mã quá dài (tối đa %(n)d ký tự).", n=MAX_CODE), field="code")
    if not CODE.fullmatch(code):
        raise DomainError(_("Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ bao-chi."), field="code")
    return code


def check_values(event: Event, values: dict[str, Any], category: GuestCategory | None = None) -> dict[str, Any]:
    """The values to store, each checked; raises DomainError naming the field at fault."""
    name = _text(values.get("name"), "name", required=True)
    data: dict[str, Any] = {
        "name": name,
        "name_en": _text(values.get("name_en"), "name_en"),
        "code": _code(values.get("code"), name),
        "capacity": parse_capacity(values.get("capacity")),
        "requires_approval": bool(values.get("requires_approval")),
        "public": bool(values.get("public", True)),
        "needs_attention": bool(values.get("needs_attention")),
        "color": parse_color(values.get("color") or DEFAULT_COLOR),
    }
    _refuse_taken_code(event, data["code"], category)
    return data


def _code_taken(code: str) -> Conflict:
    return Conflict(_("Mã “%(code)s” đã dùng cho một thành phần khác của sự kiện này.", code=code), field="code")


def _refuse_taken_code(event: Event, code: str, category: GuestCategory | None) -> None:
    other = db.session.execute(
        db.select(GuestCategory.id).filter_by(event_id=event.id, code=code)).scalar_one_or_none()
    if other is not None and (category is None or other != category.id):
        raise _code_taken(code)


def _flush(code: str) -> None:
    """Writes the pending change; the unique (event, code) constraint catches a race of two forms."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise _code_taken(code) from None


def _target(category: GuestCategory) -> str:
    return f"guest_category:{category.id}"


# ----- changing ---------------------------------------------------------------------------------

def create_category(event: Event, **values: Any) -> GuestCategory:
    """Adds a category at the end of the event's list."""
    data = check_values(event, values)
    last = db.session.execute(
        db.select(func.max(GuestCategory.position)).filter_by(event_id=event.id)).scalar()
    category = GuestCategory(event_id=event.id, position=0 if last is None else last + 1, **data)
    db.session.add(category)
    _flush(data["code"])
    audit.record("category.create", _target(category), event=event, **data)
    db.session.commit()
    return category


def update_category(category: GuestCategory, **values: Any) -> Saved:
    """Changes any of FIELDS (those not given keep their value); see set_capacity for capacity."""
    event = category.event
    category = registration._lock_category(category)
    current = {name: getattr(category, name) for name in FIELDS}
    data = check_values(event, {**current, **values}, category)
    return _apply(category, data)


def set_capacity(category: GuestCategory, capacity: int | str | None) -> Saved:
    """A new capacity (None or '': unlimited): fills new places from the waiting list at once."""
    return update_category(category, capacity=capacity)


def _apply(category: GuestCategory, data: dict[str, Any]) -> Saved:
    changes = {name: [getattr(category, name), value] for name, value in data.items()
               if getattr(category, name) != value}
    for name, value in data.items():
        setattr(category, name, value)
    saved = Saved(category, changed=sorted(changes))
    if not changes:
        db.session.rollback()  # nothing to write: release the lock
        saved.over_capacity = _over(category)
        return saved
    _flush(category.code)
    audit.record("category.update", _target(category), event=category.event_id, code=category.code,
                 changes=changes)
    if "capacity" in changes:
        # Commits this unit of work (the lock is still held) and mails those promoted.
        saved.promoted = registration.fill_free_places(category)
    else:
        db.session.commit()
    saved.over_capacity = _over(category)
    return saved


def _over(category: GuestCategory) -> int:
    if category.capacity is None:
        return 0
    return max(0, registered_count(category) - category.capacity)


def retire_category(category: GuestCategory) -> GuestCategory:
    """Closes the category: no new registrations, off the forms; its guests stay as they are."""
    category = registration._lock_category(category)
    if category.retired_at is not None:
        db.session.rollback()
        raise Conflict(_("Thành phần «%(name)s» đã đóng từ trước.", name=category.name))
    category.retired_at = utcnow()
    audit.record("category.retire", _target(category), event=category.event_id, code=category.code)
    db.session.commit()
    return category


def reopen_category(category: GuestCategory) -> GuestCategory:
    category = registration._lock_category(category)
    if category.retired_at is None:
        db.session.rollback()
        raise Conflict(_("Thành phần «%(name)s» đang mở.", name=category.name))
    category.retired_at = None
    audit.record("category.reopen", _target(category), event=category.event_id, code=category.code)
    db.session.commit()
    return category


def delete_category(category: GuestCategory) -> None:
    """Deletes a category nobody uses; otherwise raises Conflict saying why (retire it instead)."""
    event = category.event
    category = registration._lock_category(category)  # no registration slips in meanwhile
    reasons = deletion_blockers(category)
    if reasons:
        db.session.rollback()
        raise Conflict(cannot_delete_message(category, reasons))
    name, code = category.name, category.code
    audit.record("category.delete", _target(category), event=event, code=code, name=name)
    db.session.delete(category)
    try:
        db.session.flush()
    except IntegrityError:  # a reference the checks above do not know of
        db.session.rollback()
        raise Conflict(_("Không thể xoá thành phần «%(name)s»: thành phần đang được dùng. "
                         "Hãy đóng thành phần thay vì xoá.", name=name)) from None
    _renumber([c for c in list_categories(event) if c.id != category.id])
    db.session.commit()


def cannot_delete_message(category: GuestCategory, reasons: list[str]) -> str:
    return _("Không thể xoá thành phần «%(name)s»: %(reasons)s. Hãy đóng thành phần thay vì xoá: "
             "không nhận đăng ký mới, khách đã có vẫn được giữ.", name=category.name, reasons="; ".join(reasons))


def move_category(category: GuestCategory, direction: str) -> bool:
    """Moves a category one place up or down; False when it is already at that end."""
    if direction not in ("up", "down"):
        raise DomainError(_("Hướng di chuyển không hợp lệ."), field="direction")
    ordered = list_categories(category.event)
    index = next(i for i, c in enumerate(ordered) if c.id == category.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        _renumber(ordered)
        db.session.commit()
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)
    audit.record("category.move", _target(category), event=category.event_id, code=category.code,
                 direction=direction, position=category.position)
    db.session.commit()
    return True


def _renumber(ordered: Iterable[GuestCategory]) -> None:
    """Positions 0..n-1 in this order: kept contiguous after every move or deletion."""
    for position, category in enumerate(ordered):
        if category.position != position:
            category.position = position
