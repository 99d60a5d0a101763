"""Organisers set up their events: create, edit, close or reopen registration, archive.

The forms and the command line give wall-clock times in the event's time zone; they are turned
into UTC here, once, whatever the caller.
"""
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..badges.branding import check_logo
from ..db import utcnow
from ..errors import Conflict, DomainError
from ..extensions import db
from ..text import clean, slugify
from .models import Event, GuestCategory, Organiser
from .organisers import create_organiser

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SLUG_MAX, NAME_MAX, TEXT_MAX, DESCRIPTION_MAX = 80, 255, 255, 2000
STAFF_PER_BOOTH_MAX = 50
# Every new event can take registrations at once: one open guest category.
DEFAULT_CATEGORY = {"code": "khach-moi", "name": "Khách mời", "name_en": "Guests"}


@dataclass
class EventValues:
    """What an organiser types about an event; times are naive wall-clock times in `timezone`."""

    name: str
    starts: datetime | None
    ends: datetime | None
    slug: str = ""
    organiser: str = ""  # the organising body printed on pages (the owner's name when empty)
    subtitle: str = ""  # printed under the name on the programme's cover
    venue: str = ""
    address: str = ""
    description: str = ""
    timezone: str = DEFAULT_TIMEZONE
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    always_open: bool = False
    booth_self_selection: bool = False
    staff_per_booth: int = 3

    @classmethod
    def of(cls, event: Event) -> "EventValues":
        """The values of a stored event, as its edit form shows them."""
        def local(moment: datetime | None) -> datetime | None:
            return event.local(moment).replace(tzinfo=None) if moment else None

        return cls(name=event.name, slug=event.slug, organiser=event.organiser, subtitle=event.subtitle,
                   venue=event.venue, address=event.address, description=event.description, timezone=event.timezone,
                   starts=local(event.starts_at), ends=local(event.ends_at),
                   registration_opens=local(event.registration_opens_at),
                   registration_closes=local(event.registration_closes_at), always_open=event.always_open,
                   booth_self_selection=event.booth_self_selection, staff_per_booth=event.staff_per_booth)


def timezone_names() -> list[str]:
    return sorted(available_timezones())


def proposed_slug(name: str) -> str:
    return slugify(name, max_length=SLUG_MAX)


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time of the zone as an aware UTC datetime (an aware one is only converted)."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def checked_text(value: str | None, limit: int, field: str, label: str, required: bool = False) -> str:
    value = clean(value) or ""
    if required and not value:
        raise DomainError(_("Vui lòng nhập %(label)s.", label=label), field=field)
    if len(value) > limit:
        raise DomainError(_("%(label)s quá dài (tối đa %(n)d ký tự).", label=label.capitalize(), n=limit),
                          field=field)
    return value


def check_slug(slug: str) -> str:
    if not slug:
        raise DomainError(_("Vui lòng nhập địa chỉ trang (slug)."), field="slug")
    if len(slug) > SLUG_MAX:
        raise DomainError(_("Địa chỉ trang quá dài (tối đa %(n)d ký tự).", n=SLUG_MAX), field="slug")
    if not SLUG.match(slug):
        raise DomainError(_("Địa chỉ trang chỉ gồm chữ thường không dấu (a–z), chữ số và dấu gạch ngang, "
                            "không bắt đầu hay kết thúc bằng dấu gạch ngang, ví dụ ngay-hoi-htx-2025."),
                          field="slug")
    return slug


def slug_taken_error(slug: str) -> Conflict:
    return Conflict(_("Địa chỉ “%(slug)s” đã được dùng cho một sự kiện khác: hãy chọn địa chỉ khác.",
                      slug=slug), field="slug")


def check_slug_free(slug: str, event: Event | None = None) -> None:
    query = db.select(Event.id).filter_by(slug=slug)
    if event is not None and event.id is not None:
        query = query.where(Event.id != event.id)
    if db.session.execute(query.limit(1)).first() is not None:
        raise slug_taken_error(slug)


def validated(values: EventValues, owner: Organiser | None = None) -> EventValues:
    """The values cleaned, or a DomainError naming the first field at fault."""
    name = checked_text(values.name, NAME_MAX, "name", _("tên sự kiện"), required=True)
    slug = (values.slug or "").strip() or proposed_slug(name)
    organiser = checked_text(values.organiser, NAME_MAX, "organiser", _("đơn vị tổ chức"), required=owner is None)
    values = replace(
        values, name=name, slug=check_slug(slug), organiser=organiser or (owner.name if owner else ""),
        subtitle=checked_text(values.subtitle, TEXT_MAX, "subtitle", _("dòng phụ đề")),
        venue=checked_text(values.venue, TEXT_MAX, "venue", _("địa điểm")),
        address=checked_text(values.address, TEXT_MAX, "address", _("địa chỉ")),
        description=checked_text(values.description, DESCRIPTION_MAX, "description", _("giới thiệu ngắn")),
        timezone=(values.timezone or "").strip(),
    )
    if values.timezone not in available_timezones():
        raise DomainError(_("Múi giờ không hợp lệ."), field="timezone")
    if values.starts is None:
        raise DomainError(_("Vui lòng nhập ngày và giờ bắt đầu."), field="start_date")
    if values.ends is None:
        raise DomainError(_("Vui lòng nhập ngày và giờ kết thúc."), field="end_date")
    if to_utc(values.ends, values.timezone) <= to_utc(values.starts, values.timezone):
        raise DomainError(_("Thời điểm kết thúc phải sau thời điểm bắt đầu."), field="end_date")
    opens, closes = values.registration_opens, values.registration_closes
    if opens and closes and to_utc(closes, values.timezone) <= to_utc(opens, values.timezone):
        raise DomainError(_("Thời điểm đóng đăng ký phải sau thời điểm mở đăng ký."), field="closes_date")
    staff = values.staff_per_booth
    if staff is None or not 0 <= staff <= STAFF_PER_BOOTH_MAX:
        raise DomainError(_("Số nhân viên mỗi gian từ 0 đến %(n)d.", n=STAFF_PER_BOOTH_MAX), field="staff_per_booth")
    return values


def _apply(event: Event, values: EventValues) -> dict:
    """Writes the values on the event; returns {column: new value} of what changed."""
    assert values.starts is not None and values.ends is not None  # checked by validated()
    zone = values.timezone
    wanted = {
        "name": values.name, "slug": values.slug, "organiser": values.organiser, "subtitle": values.subtitle,
        "venue": values.venue,
        "address": values.address, "description": values.description, "timezone": zone,
        "starts_at": to_utc(values.starts, zone), "ends_at": to_utc(values.ends, zone),
        "registration_opens_at": to_utc(values.registration_opens, zone) if values.registration_opens else None,
        "registration_closes_at": to_utc(values.registration_closes, zone) if values.registration_closes else None,
        "always_open": bool(values.always_open), "booth_self_selection": bool(values.booth_self_selection),
        "staff_per_booth": values.staff_per_booth,
    }
    changed = {}
    for column, value in wanted.items():
        if getattr(event, column) != value:
            setattr(event, column, value)
            changed[column] = value
    return changed


def _commit(slug: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        # Another organiser took the slug between our check and the insert: the database decides.
        db.session.rollback()
        raise slug_taken_error(slug) from None


def default_category() -> GuestCategory:
    return GuestCategory(position=0, **DEFAULT_CATEGORY)


def create_event(owner: Organiser | None, values: EventValues, logo: bytes | None = None,
                 with_default_category: bool = True) -> Event:
    """A new event of the owner, with one open guest category (unless the caller brings its own:
    with_default_category=False). No owner yet (a fresh install): the organiser is created from
    values.organiser in the same transaction."""
    values = validated(values, owner)
    check_slug_free(values.slug)
    mime = check_logo(logo) if logo else None
    if owner is None:
        owner = create_organiser(values.organiser, commit=False)
        audit.record("organiser.create", f"organiser:{owner.id}", organiser=owner, name=owner.name)
    event = Event(owner=owner)
    _apply(event, values)
    if logo:
        event.logo, event.logo_mime = logo, mime
    if with_default_category:
        event.categories.append(default_category())
    db.session.add(event)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise slug_taken_error(values.slug) from None
    audit.record("event.create", f"event:{event.id}", event=event, slug=event.slug, name=event.name)
    _commit(values.slug)
    return event


def update_event(event: Event, values: EventValues, logo: bytes | None = None, remove_logo: bool = False) -> dict:
    """Saves the organiser's edit; returns what changed (column: new value)."""
    values = validated(values, event.owner)
    check_slug_free(values.slug, event)
    mime = check_logo(logo) if logo else None
    changed = _apply(event, values)
    if logo:
        event.logo, event.logo_mime = logo, mime
        changed["logo"] = mime
    elif remove_logo and event.logo:
        event.logo, event.logo_mime = None, None
        changed["logo"] = None
    if changed:
        # Under one key: a column called "organiser" must not meet record()'s own argument.
        audit.record("event.update", f"event:{event.id}", event=event,
                     changed={k: (v if k != "logo" else (v or "removed")) for k, v in changed.items()})
    _commit(values.slug)
    return changed


def close_registration(event: Event) -> None:
    """Closes registration by hand, whatever the window says (idempotent)."""
    if event.registration_closed_at is None:
        event.registration_closed_at = utcnow()
        audit.record("event.close_registration", f"event:{event.id}", event=event)
    db.session.commit()


def reopen_registration(event: Event) -> None:
    if event.archived_at is not None:
        raise DomainError(_("Sự kiện đã được lưu trữ: hãy bỏ lưu trữ trước khi mở lại đăng ký."))
    if event.registration_closed_at is not None:
        event.registration_closed_at = None
        audit.record("event.reopen_registration", f"event:{event.id}", event=event)
    db.session.commit()


def archive_event(event: Event) -> None:
    """Archived: off the public list and closed to registration; everything recorded stays."""
    if event.archived_at is None:
        event.archived_at = utcnow()
        audit.record("event.archive", f"event:{event.id}", event=event)
    db.session.commit()


def unarchive_event(event: Event) -> None:
    if event.archived_at is not None:
        event.archived_at = None
        audit.record("event.unarchive", f"event:{event.id}", event=event)
    db.session.commit()

