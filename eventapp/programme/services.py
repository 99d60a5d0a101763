"""The running order: items, their order and times; and whether award recipients have arrived.

What other features ask of the awards (who receives one, and which) is read in queries.py.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..text import clean
from .models import ITEM_KINDS, AwardCategory, AwardRecipient, ProgrammeItem
from .schedule import Slot, compute_schedule

MAX_DURATION = 24 * 60


@dataclass(frozen=True)
class ScheduledItem:
    item: ProgrammeItem
    slot: Slot

    @property
    def start(self) -> datetime:
        return self.slot.start

    @property
    def end(self) -> datetime:
        return self.slot.end


# ----- reading ---------------------------------------------------------------------------------

def list_items(event: Event) -> list[ProgrammeItem]:
    return list(db.session.execute(
        db.select(ProgrammeItem).filter_by(event_id=event.id).order_by(ProgrammeItem.position)
    ).scalars())


def get_item(event: Event, item_id: int) -> ProgrammeItem:
    item = db.session.get(ProgrammeItem, item_id)
    if item is None or item.event_id != event.id:
        raise NotFound(_("Không tìm thấy mục chương trình."))
    return item


def schedule(event: Event, items: Sequence[ProgrammeItem] | None = None) -> list[ScheduledItem]:
    """The items in running order with their computed start and end."""
    items = list_items(event) if items is None else items
    slots = compute_schedule([(i.duration_minutes, i.pinned_start) for i in items], event.starts_at)
    return [ScheduledItem(item, slot) for item, slot in zip(items, slots)]


def public_summary(event: Event) -> list[tuple[datetime, str]]:
    """(start, title) of each item, for the public event page."""
    return [(s.start, s.item.title) for s in schedule(event)]


# ----- changing the running order ---------------------------------------------------------------

def renumber(objects: Sequence[Any], attribute: str = "position") -> None:
    """Gives objects positions 1..n in the given order, without ever breaking a unique
    (parent, position) constraint: first all to distinct negative values, then to the final ones."""
    for index, obj in enumerate(objects, start=1):
        setattr(obj, attribute, -index)
    db.session.flush()
    for index, obj in enumerate(objects, start=1):
        setattr(obj, attribute, index)
    db.session.flush()


def _item_values(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    title = clean(values.get("title"))
    if not title:
        raise DomainError(_("Vui lòng nhập tên mục."), field="title")
    if len(title) > 255:
        raise DomainError(_("Tên mục quá dài (tối đa 255 ký tự)."), field="title")
    kind = values.get("kind") or "other"
    if kind not in ITEM_KINDS:
        raise DomainError(_("Loại mục không hợp lệ."), field="kind")
    try:
        duration = int(values.get("duration_minutes") or 0)
    except (TypeError, ValueError):
        raise DomainError(_("Thời lượng phải là số phút."), field="duration_minutes") from None
    if not 0 <= duration <= MAX_DURATION:
        raise DomainError(_("Thời lượng phải từ 0 đến 1440 phút."), field="duration_minutes")
    pinned = values.get("pinned_start")
    if isinstance(pinned, datetime) and pinned.tzinfo is None:
        pinned = pinned.replace(tzinfo=event.tz)  # typed in the event's local time
    limits = {"speaker_name": 200, "speaker_position": 255, "location": 200}
    result: dict[str, Any] = dict(title=title, kind=kind, duration_minutes=duration, pinned_start=pinned,
                                  description=(values.get("description") or "").strip())
    for name, limit in limits.items():
        text = clean(values.get(name)) or ""
        if len(text) > limit:
            raise DomainError(_("Quá dài (tối đa %(n)d ký tự).", n=limit), field=name)
        result[name] = text
    return result


def create_item(event: Event, **values: Any) -> ProgrammeItem:
    """Adds an item at the end of the running order."""
    data = _item_values(event, values)
    last = db.session.execute(
        db.select(db.func.max(ProgrammeItem.position)).filter_by(event_id=event.id)
    ).scalar() or 0
    item = ProgrammeItem(event_id=event.id, position=last + 1, **data)
    db.session.add(item)
    db.session.flush()
    audit.record("programme.item_create", f"programme_item:{item.id}", event=event, title=item.title)
    db.session.commit()
    return item


def update_item(item: ProgrammeItem, **values: Any) -> ProgrammeItem:
    data = _item_values(item.event, values)
    for name, value in data.items():
        setattr(item, name, value)
    audit.record("programme.item_update", f"programme_item:{item.id}", event=item.event_id, title=item.title)
    db.session.commit()
    return item


def delete_item(item: ProgrammeItem) -> None:
    event_id, title, ident = item.event_id, item.title, item.id
    # The award categories it presented stay, without a round (the database sets NULL).
    db.session.delete(item)
    db.session.flush()
    remaining = list(db.session.execute(
        db.select(ProgrammeItem).filter_by(event_id=event_id).order_by(ProgrammeItem.position)
    ).scalars())
    renumber(remaining)
    audit.record("programme.item_delete", f"programme_item:{ident}", event=event_id, title=title)
    db.session.commit()


def move_item(item: ProgrammeItem, direction: str) -> ProgrammeItem:
    """Moves an item one place up (earlier) or down (later) in the running order."""
    items = list(db.session.execute(
        db.select(ProgrammeItem).filter_by(event_id=item.event_id).order_by(ProgrammeItem.position)
    ).scalars())
    if _move(items, item, direction):
        renumber(items)
        audit.record("programme.item_move", f"programme_item:{item.id}", event=item.event_id,
                     direction=direction, position=item.position)
    db.session.commit()
    return item


def _move(objects: list[Any], obj: Any, direction: str) -> bool:
    """Moves obj within the list in place; False when it is already at that end."""
    index = objects.index(obj)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(objects):
        return False
    objects[index], objects[target] = objects[target], objects[index]
    return True


def reorder_items(event: Event, item_ids: list[int]) -> None:
    """Puts the items in the given order (every item of the event, each once)."""
    items = {i.id: i for i in list_items(event)}
    if sorted(item_ids) != sorted(items):
        raise DomainError(_("Thứ tự gửi lên không khớp với chương trình hiện tại. Vui lòng tải lại trang."))
    renumber([items[i] for i in item_ids])
    audit.record("programme.reorder", f"event:{event.id}", event=event)
    db.session.commit()


# ----- award recipients at the ceremony -----------------------------------------------------------

def _checked_in_guest_ids(event: Event) -> set[int]:
    """The guests who have arrived, from the check-in feature."""
    # Imported when called: some programme tests stand in for check-in.
    from ..checkin.services import checked_in_guest_ids

    return set(checked_in_guest_ids(event))


@dataclass
class Arrival:
    recipient: AwardRecipient
    state: str  # arrived, absent, unknown (not linked to a guest: check-in cannot tell)


def recipient_arrivals(event: Event) -> list[tuple[AwardCategory, list[Arrival]]]:
    """[(category, [Arrival...])] in ceremony order."""
    arrived = _checked_in_guest_ids(event)
    categories = db.session.execute(
        db.select(AwardCategory).filter_by(event_id=event.id)
        .order_by(AwardCategory.position, AwardCategory.id)
    ).scalars().all()
    groups = []
    for category in categories:
        rows: list[Arrival] = []
        for recipient in category.recipients:
            if recipient.guest_id is None:
                state = "unknown"
            else:
                state = "arrived" if recipient.guest_id in arrived else "absent"
            rows.append(Arrival(recipient, state))
        groups.append((category, rows))
    return groups


def arrival_counts(event: Event) -> tuple[int, int]:
    """(arrived, recipients) for the dashboard."""
    rows = [row for _, group in recipient_arrivals(event) for row in group]
    return sum(row.state == "arrived" for row in rows), len(rows)
