"""A new event from a previous one: its set-up, never its people.

What may be copied (PARTS): guest categories; gates and the categories they admit; the floor plan
(booths, zone rules, the booth staff category); award categories without recipients; the programme
as a template; badge settings (logo, category colours); booth settings (self-selection, staff per
booth). Guests, scans, admissions, applications, assignments, preferences, badge prints, import
previews and the audit log stay with the source. Every moment moves by the same whole number of
days, keeping its wall-clock time in the event's time zone.
"""
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..booths.models import Booth, BoothSettings, BoothZoneRule
from ..checkin.models import Gate
from ..errors import DomainError
from ..extensions import db
from ..programme.models import AwardCategory, ProgrammeItem
from .models import Event, GuestCategory
from .setup import (
    NAME_MAX,
    check_slug,
    check_slug_free,
    checked_text,
    default_category,
    proposed_slug,
    slug_taken_error,
)

PART_LABELS = {
    "categories": _l("Thành phần khách mời"),
    "gates": _l("Cổng check-in và thành phần được vào"),
    "booths": _l("Sơ đồ gian hàng, quy định khu vực, thành phần của nhân viên gian hàng"),
    "awards": _l("Hình thức khen thưởng (không kèm người nhận)"),
    "programme": _l("Chương trình (làm mẫu, giờ dời sang ngày mới)"),
    "badges": _l("Cài đặt thẻ: logo và màu của từng thành phần"),
    "booth_settings": _l("Cài đặt gian hàng: tự chọn gian, số nhân viên mỗi gian"),
}
PARTS = tuple(PART_LABELS)
# Columns every copy leaves behind: the row's identity, its event, when it was made.
_NOT_COPIED = {"id", "event_id", "created_at"}


def _columns(row: Any, **overrides: Any) -> dict[str, Any]:
    """The row's own column values (not its id, event or creation time), with overrides."""
    values = {attr.key: getattr(row, attr.key) for attr in sa_inspect(row).mapper.column_attrs
              if attr.key not in _NOT_COPIED}
    values.update(overrides)
    return values


def _default(model: Any, column: str) -> Any:
    return model.__table__.c[column].default.arg


def _rows(model: Any, event: Event, order: Sequence[Any]) -> Sequence[Any]:
    return db.session.execute(db.select(model).filter_by(event_id=event.id).order_by(*order)).scalars().all()


class _Shift:
    """Moves moments by whole days in the source's time zone: 08:00 stays 08:00 (even across a
    daylight-saving change, in the zones that have one)."""

    def __init__(self, event: Event, start_date: date):
        self.tz = event.tz
        self.days = (start_date - event.local(event.starts_at).date()).days

    def __call__(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        wall = moment.astimezone(self.tz).replace(tzinfo=None) + timedelta(days=self.days)
        return wall.replace(tzinfo=self.tz).astimezone(moment.tzinfo)


def parse_parts(text: str | None) -> list[str]:
    """'categories,gates' (the command line's --only) -> the parts; empty: every part."""
    if not text:
        return list(PARTS)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise DomainError(_("Không có phần “%(part)s”. Các phần: %(parts)s.", part=unknown[0],
                            parts=", ".join(PARTS)), field="parts")
    return parts


def clone_event(source: Event, *, name: str, slug: str, start_date: date | None,
                parts: Collection[str] = PARTS) -> Event:
    """The new event (same organiser and time zone), committed in one transaction."""
    name = checked_text(name, NAME_MAX, "name", _("tên sự kiện"), required=True)
    slug = check_slug((slug or "").strip() or proposed_slug(name))
    if start_date is None:
        raise DomainError(_("Vui lòng chọn ngày diễn ra sự kiện mới."), field="start_date")
    if set(parts) - set(PARTS):
        raise DomainError(_("Phần sao chép không hợp lệ."), field="parts")
    if "gates" in parts and "categories" not in parts:
        # A gate without its categories would admit everyone: never widen who gets in.
        raise DomainError(_("Muốn sao chép cổng check-in thì phải sao chép cả thành phần khách mời "
                            "(mỗi cổng chỉ cho các thành phần đã chọn vào)."), field="parts")
    check_slug_free(slug)
    shift = _Shift(source, start_date)

    event = Event(**_columns(source, name=name, slug=slug,
                             starts_at=shift(source.starts_at), ends_at=shift(source.ends_at),
                             registration_opens_at=shift(source.registration_opens_at),
                             registration_closes_at=shift(source.registration_closes_at),
                             registration_closed_at=None, archived_at=None))
    event.owner = source.owner
    if "badges" not in parts:
        event.logo = event.logo_mime = None
    if "booth_settings" not in parts:
        event.booth_self_selection = _default(Event, "booth_self_selection")
        event.staff_per_booth = _default(Event, "staff_per_booth")
    db.session.add(event)

    categories = _copy_categories(source, event, keep_colours="badges" in parts) if "categories" in parts else {}
    if not categories:
        event.categories.append(default_category())  # it can take registrations at once
    try:
        db.session.flush()
        items = _copy_programme(source, event, shift) if "programme" in parts else {}
        if "gates" in parts:
            _copy_gates(source, event, categories)
        if "booths" in parts:
            _copy_floor_plan(source, event, categories)
        if "awards" in parts:
            _copy_awards(source, event, items)
        audit.record("event.clone", f"event:{event.id}", event=event, source=source.slug,
                     parts=sorted(set(parts)), days=shift.days)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise slug_taken_error(slug) from None
    return event


def _copy_categories(source: Event, event: Event, keep_colours: bool) -> dict[int, GuestCategory]:
    mapping: dict[int, GuestCategory] = {}
    default_colour = _default(GuestCategory, "color")
    for category in _rows(GuestCategory, source, (GuestCategory.position, GuestCategory.id)):
        overrides = {} if keep_colours else {"color": default_colour}
        copy = GuestCategory(**_columns(category, **overrides))
        event.categories.append(copy)
        mapping[category.id] = copy
    return mapping


def _copy_programme(source: Event, event: Event,
                    shift: Callable[[datetime | None], datetime | None]) -> dict[int, ProgrammeItem]:
    items: dict[int, ProgrammeItem] = {}
    for item in _rows(ProgrammeItem, source, (ProgrammeItem.position,)):
        copy = ProgrammeItem(event_id=event.id, **_columns(item, pinned_start=shift(item.pinned_start)))
        db.session.add(copy)
        items[item.id] = copy
    db.session.flush()
    return items


def _copy_gates(source: Event, event: Event, categories: dict[int, GuestCategory]) -> None:
    for gate in _rows(Gate, source, (Gate.position, Gate.id)):
        copy = Gate(event_id=event.id, **_columns(gate))
        copy.categories = [categories[c.id] for c in gate.categories]
        db.session.add(copy)


def _copy_floor_plan(source: Event, event: Event, categories: dict[int, GuestCategory]) -> None:
    for booth in _rows(Booth, source, (Booth.id,)):
        # Who held or was assigned a booth is the source's business; a blocked booth (a pillar,
        # the organisers' desk) stays blocked.
        status = "blocked" if booth.status == "blocked" else "free"
        db.session.add(Booth(event_id=event.id, **_columns(booth, status=status)))
    for rule in _rows(BoothZoneRule, source, (BoothZoneRule.id,)):
        db.session.add(BoothZoneRule(event_id=event.id, **_columns(rule)))
    settings = db.session.execute(db.select(BoothSettings).filter_by(event_id=source.id)).scalar_one_or_none()
    if settings is not None:
        staff = categories.get(settings.staff_category_id)
        copied = _columns(settings, staff_category_id=staff.id if staff else None)
        db.session.add(BoothSettings(event_id=event.id, **copied))


def _copy_awards(source: Event, event: Event, items: dict[int, ProgrammeItem]) -> None:
    for award in _rows(AwardCategory, source, (AwardCategory.position, AwardCategory.id)):
        item = items.get(award.programme_item_id)
        copied = _columns(award, programme_item_id=item.id if item else None)
        db.session.add(AwardCategory(event_id=event.id, **copied))
