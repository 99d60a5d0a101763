"""Applications for booth space: the exhibitor submits, the organiser approves or rejects."""
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError, NotFound
from ..events.models import Event
from ..extensions import db
from ..text import clean, text_sort_key
from .models import Booth, BoothApplication, BoothAssignment, BoothPreference, Cooperative

MAX_PREFERENCES = 5
MAX_WANTED = 4


@dataclass
class Wish:
    """One preference as the form gives it: 'zone:<name>' or 'booth:<id>'."""

    kind: str
    value: str

    @classmethod
    def parse(cls, text: str | None) -> "Wish | None":
        kind, _sep, value = (text or "").partition(":")
        if kind not in ("zone", "booth") or not value:
            return None
        return cls(kind, value)


def application_of(event: Event, cooperative: Cooperative) -> BoothApplication | None:
    return db.session.execute(
        db.select(BoothApplication).where(BoothApplication.event_id == event.id,
                                          BoothApplication.cooperative_id == cooperative.id)
    ).scalar_one_or_none()


def get_application(event: Event, application_id: int) -> BoothApplication:
    application = db.session.get(BoothApplication, application_id)
    if application is None or application.event_id != event.id:
        raise NotFound(_("Không tìm thấy đơn đăng ký."))
    return application


def list_applications(event: Event, status: str | None = None) -> list[BoothApplication]:
    query = db.select(BoothApplication).where(BoothApplication.event_id == event.id)
    if status:
        query = query.where(BoothApplication.status == status)
    applications = db.session.execute(query).scalars().all()
    return sorted(applications, key=lambda a: text_sort_key(a.cooperative.name))


def status_counts(event: Event) -> dict[str, int]:
    from sqlalchemy import func

    return dict(db.session.execute(
        db.select(BoothApplication.status, func.count()).where(BoothApplication.event_id == event.id)
        .group_by(BoothApplication.status)).all())


def known_sectors(event: Event) -> list[str]:
    """Sectors already used by the event's cooperatives, for the form's suggestions."""
    values = db.session.execute(
        db.select(Cooperative.sector).where(Cooperative.organiser_id == event.organiser_id).distinct()).scalars()
    return sorted({v for v in values if v}, key=text_sort_key)


def _preferences(event: Event, wishes: Iterable[Wish | None]) -> list[BoothPreference]:
    given = [w for w in wishes if w is not None]
    if len(given) > MAX_PREFERENCES:
        raise DomainError(_("Tối đa %(n)d nguyện vọng.", n=MAX_PREFERENCES), field="preferences")
    zones = set(db.session.execute(
        db.select(Booth.zone).where(Booth.event_id == event.id).distinct()).scalars())
    result: list[BoothPreference] = []
    seen: set[tuple[str, str]] = set()
    for wish in given:
        key = (wish.kind, wish.value)
        if key in seen:
            raise DomainError(_("Mỗi nguyện vọng chỉ chọn một lần."), field="preferences")
        seen.add(key)
        rank = len(result) + 1
        if wish.kind == "zone":
            if wish.value not in zones:
                raise DomainError(_("Không có khu vực %(zone)s.", zone=wish.value), field="preferences")
            result.append(BoothPreference(rank=rank, zone=wish.value))
        else:
            booth = db.session.get(Booth, int(wish.value)) if wish.value.isdigit() else None
            if booth is None or booth.event_id != event.id:
                raise DomainError(_("Không có gian hàng này."), field="preferences")
            result.append(BoothPreference(rank=rank, booth_id=booth.id))
    return result


def submit_application(event: Event, cooperative: Cooperative, *, sector: str | None, products: str | None,
                       booths_wanted: int | str | None, needs_corner: bool = False, needs_power: bool = False,
                       needs_water: bool = False, wishes: Iterable[Wish | None] = (),
                       notes: str | None = "") -> BoothApplication:
    """Creates the cooperative's application, or updates it while it waits for a decision
    (or after a withdrawal, which submits it again)."""
    sector, products, notes = clean(sector) or "", clean(products) or "", (notes or "").strip()
    if not sector:
        raise DomainError(_("Vui lòng chọn ngành hàng."), field="sector")
    if not products:
        raise DomainError(_("Vui lòng nhập sản phẩm trưng bày."), field="products")
    if len(products) > 500 or len(sector) > 120 or len(notes) > 2000:
        raise DomainError(_("Nội dung quá dài."), field="notes")
    if booths_wanted not in range(1, MAX_WANTED + 1):
        raise DomainError(_("Số gian từ 1 đến %(n)d.", n=MAX_WANTED), field="booths_wanted")
    preferences = _preferences(event, wishes)
    existing = application_of(event, cooperative)
    created = existing is None
    if existing is None:
        application = BoothApplication(event_id=event.id, cooperative_id=cooperative.id)
        db.session.add(application)
    elif existing.status in ("approved", "rejected"):
        raise Conflict(_("Đơn đã được ban tổ chức xét; liên hệ ban tổ chức để thay đổi."))
    else:
        application = existing
    application.sector, application.products, application.notes = sector, products, notes
    application.booths_wanted = booths_wanted
    application.needs_corner, application.needs_power = bool(needs_corner), bool(needs_power)
    application.needs_water = bool(needs_water)
    application.status = "submitted"
    application.preferences = []
    db.session.flush()
    application.preferences = preferences
    record("booth_application.submit" if created else "booth_application.update",
           f"application:{cooperative.name}", event=event, booths_wanted=booths_wanted,
           preferences=[p.zone or p.booth_id for p in preferences])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Hợp tác xã đã có đơn đăng ký.")) from None
    return application


def _release_booths(application: BoothApplication) -> list[str]:
    released = []
    for assignment in db.session.execute(
            db.select(BoothAssignment).where(BoothAssignment.application_id == application.id)).scalars():
        released.append(assignment.booth.code)
        db.session.delete(assignment)
    return released


def withdraw_application(application: BoothApplication) -> BoothApplication:
    if application.status == "withdrawn":
        return application
    released = _release_booths(application)
    application.status = "withdrawn"
    record("booth_application.withdraw", f"application:{application.cooperative.name}",
           event=application.event_id, released=released)
    db.session.commit()
    return application


def decide_application(application: BoothApplication, status: str) -> BoothApplication:
    """The organiser approves or rejects (or reopens as submitted); rejecting frees its booths."""
    if status not in ("approved", "rejected", "submitted"):
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    released = _release_booths(application) if status == "rejected" else []
    previous, application.status = application.status, status
    record(f"booth_application.{status}", f"application:{application.cooperative.name}",
           event=application.event_id, previous=previous, released=released)
    db.session.commit()
    return application


def approve_all_submitted(event: Event) -> int:
    applications = list_applications(event, "submitted")
    for application in applications:
        application.status = "approved"
    record("booth_application.approve_all", "applications", event=event, count=len(applications))
    db.session.commit()
    return len(applications)
