"""Who is in which booth: the organiser's manual changes and the explanation each exhibitor sees
(the automatic allocation is planning.py). Every change goes to the audit log with the change itself."""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError
from ..events.models import Event
from ..extensions import db
from . import allocation
from .allocation import ApplicationSpec, BoothSpec, Preference
from .geometry import adjacency, is_connected
from .models import BOOTH_STATUSES, Booth, BoothApplication, BoothAssignment
from .plan import list_booths, zone_rules

FEATURE_TEXT = {"corner": lambda: _("gian góc"), "power": lambda: _("điện"), "water": lambda: _("nước")}


def assignments(event: Event) -> Sequence[BoothAssignment]:
    return db.session.execute(
        db.select(BoothAssignment).where(BoothAssignment.event_id == event.id)
    ).scalars().all()


def assignment_of(booth: Booth) -> BoothAssignment | None:
    return db.session.execute(
        db.select(BoothAssignment).where(BoothAssignment.booth_id == booth.id)).scalar_one_or_none()


def booths_of(application: BoothApplication) -> Sequence[Booth]:
    return db.session.execute(
        db.select(Booth).join(BoothAssignment, BoothAssignment.booth_id == Booth.id)
        .where(BoothAssignment.application_id == application.id).order_by(Booth.code)
    ).scalars().all()


def plan_labels(event: Event) -> dict[int, str]:
    """{booth id: cooperative name} of every assigned booth."""
    return {a.booth_id: a.application.cooperative.name for a in assignments(event)}


def plan_short_labels(event: Event) -> dict[int, str]:
    """{booth id: what the booth shows on the plan}: the short name the organiser set, else the
    name without its legal form (Cooperative.label)."""
    return {a.booth_id: a.application.cooperative.label for a in assignments(event)}


# ----- the allocator's view of booths and applications (planning.py runs it) ----------------------

def booth_spec(booth: Booth) -> BoothSpec:
    return BoothSpec(booth.id, booth.code, booth.zone, booth.x, booth.y, booth.width, booth.height,
                     booth.is_corner, booth.has_power, booth.has_water)


def _products(text: str | None) -> frozenset[str]:
    return frozenset(p.strip().casefold() for p in (text or "").replace(";", ",").split(",") if p.strip())


def application_spec(application: BoothApplication, locked: Iterable[int]) -> ApplicationSpec:
    coop = application.cooperative
    return ApplicationSpec(
        application.id, coop.name, application.sector or coop.sector, application.booths_wanted,
        _products(application.products or coop.products), application.needs_corner,
        application.needs_power, application.needs_water, coop.is_priority,
        tuple(Preference(p.rank, p.zone, p.booth_id) for p in application.preferences),
        frozenset(locked))


# ----- manual changes -----------------------------------------------------------------------------

def _commit(message: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(message) from None


def _end_hold(booth: Booth) -> None:
    """A held booth given out is no longer held: taken back later, it is free."""
    if booth.status == "held":
        booth.status = "free"


def assign(booth: Booth, application: BoothApplication, locked: bool = False, source: str = "manual") -> list[str]:
    """Gives a free or held booth to an application. Returns warnings (rules the organiser
    overrides: missing features, a zone closed to the sector, booths not adjacent)."""
    if booth.status == "blocked":
        raise Conflict(_("Gian %(code)s đang bị khoá, không thể xếp.", code=booth.code))
    current = assignment_of(booth)
    if current is not None:
        raise Conflict(_("Gian %(code)s đã xếp cho %(name)s.", code=booth.code,
                         name=current.application.cooperative.name))
    if application.status in ("rejected", "withdrawn"):
        raise DomainError(_("Đơn này đã bị từ chối hoặc rút."), field="application")
    mine = booths_of(application)
    if len(mine) >= application.booths_wanted:
        raise DomainError(_("%(name)s đã đủ %(n)d gian.", name=application.cooperative.name,
                            n=application.booths_wanted), field="application")
    warnings = check_rules(application, cast("list[Booth]", mine) + [booth])
    db.session.add(BoothAssignment(event_id=booth.event_id, booth_id=booth.id, application_id=application.id,
                                   locked=locked, source=source))
    _end_hold(booth)
    record("booth.assign", f"booth:{booth.code}", event=booth.event_id,
           cooperative=application.cooperative.name, locked=locked, warnings=warnings)
    _commit(_("Gian %(code)s vừa được xếp cho đơn vị khác.", code=booth.code))
    return warnings


def check_rules(application: BoothApplication, booths: Sequence[Booth]) -> list[str]:
    """What the set of booths breaks of the allocator's hard rules (for manual changes), judged by
    the allocator's own functions on the application and booths as it sees them."""
    event = application.event
    rules = zone_rules(event)
    wants, specs = application_spec(application, ()), [booth_spec(b) for b in booths]
    warnings = [_("Khu %(zone)s không dành cho ngành %(sector)s.", zone=b.zone, sector=wants.sector)
                for b in specs if not allocation.zone_admits(rules, b.zone, wants.sector)]
    warnings += [_("Thiếu %(feature)s.", feature=FEATURE_TEXT[feature]())
                 for feature in allocation.missing_features(wants, specs)]
    if len(booths) > 1 and not is_connected({b.id for b in booths}, adjacency(list_booths(event))):
        warnings.append(_("Các gian không liền kề nhau."))
    return warnings


def unassign(booth: Booth) -> None:
    current = assignment_of(booth)
    if current is None:
        raise DomainError(_("Gian %(code)s chưa xếp cho ai.", code=booth.code))
    name = current.application.cooperative.name
    db.session.delete(current)
    record("booth.unassign", f"booth:{booth.code}", event=booth.event_id, cooperative=name)
    db.session.commit()


def move(booth: Booth, target: Booth) -> list[str]:
    """Moves the exhibitor of `booth` to the free or held booth `target` (lock kept)."""
    current = assignment_of(booth)
    if current is None:
        raise DomainError(_("Gian %(code)s chưa xếp cho ai.", code=booth.code))
    if target.id == booth.id:
        raise DomainError(_("Hãy chọn một gian khác."), field="target")
    if target.status == "blocked" or assignment_of(target) is not None:
        raise Conflict(_("Gian %(code)s không còn trống.", code=target.code), field="target")
    current.booth_id = target.id
    current.source = "manual"
    _end_hold(target)
    application = current.application
    warnings = check_rules(application, [b for b in booths_of(application) if b.id != booth.id] + [target])
    record("booth.move", f"booth:{booth.code}", event=booth.event_id, to=target.code,
           cooperative=application.cooperative.name, warnings=warnings)
    _commit(_("Gian %(code)s vừa được xếp cho đơn vị khác.", code=target.code))
    return warnings


def swap(booth: Booth, other: Booth) -> list[str]:
    """Exchanges the exhibitors of two assigned booths."""
    first, second = assignment_of(booth), assignment_of(other)
    if first is None or second is None:
        raise DomainError(_("Chỉ đổi được hai gian đều đã có đơn vị."), field="target")
    if first.application_id == second.application_id:
        raise DomainError(_("Hai gian cùng một đơn vị."), field="target")
    first.application_id, second.application_id = second.application_id, first.application_id
    first.source = second.source = "manual"
    db.session.flush()
    record("booth.swap", f"booth:{booth.code}", event=booth.event_id, other=other.code,
           now=[first.application.cooperative.name, second.application.cooperative.name])
    db.session.commit()
    db.session.refresh(first)
    db.session.refresh(second)
    return check_rules(first.application, booths_of(first.application)) + check_rules(
        second.application, booths_of(second.application))


STATUS_ACTIONS = {"free": "booth.release", "held": "booth.hold", "blocked": "booth.block"}


def set_status(booth: Booth, status: str) -> None:
    """hold / release a hold / block / unblock a booth that has no exhibitor."""
    if status not in BOOTH_STATUSES:
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    if assignment_of(booth) is not None:
        raise Conflict(_("Gian %(code)s đang có đơn vị; hãy gỡ trước.", code=booth.code))
    previous, booth.status = booth.status, status
    record(STATUS_ACTIONS[status], f"booth:{booth.code}", event=booth.event_id, previous=previous)
    db.session.commit()


def set_locked(booth: Booth, locked: bool) -> None:
    current = assignment_of(booth)
    if current is None:
        raise DomainError(_("Gian %(code)s chưa xếp cho ai.", code=booth.code))
    current.locked = bool(locked)
    record("booth.lock" if locked else "booth.unlock", f"booth:{booth.code}", event=booth.event_id,
           cooperative=current.application.cooperative.name)
    db.session.commit()


def lock_all(event: Event) -> int:
    count = 0
    for a in assignments(event):
        if not a.locked:
            a.locked = True
            count += 1
    record("booth.lock_all", "plan", event=event, count=count)
    db.session.commit()
    return count


# ----- the explanation ----------------------------------------------------------------------------

@dataclass
class WishOutcome:
    rank: int
    label: str
    met: bool
    pending: bool = False  # no booth decided yet: neither met nor missed


def explain(application: BoothApplication) -> list[WishOutcome]:
    """Each preference of the application, and whether its booths meet it."""
    booths = booths_of(application)
    ids = {b.id for b in booths}
    by_id = {b.id: booth_spec(b) for b in booths}
    pending = not ids and application.status in ("submitted", "approved")
    outcomes = []
    for p in application.preferences:
        if p.booth_id is not None:
            label = _("Gian %(code)s", code=p.booth.code)
        else:
            label = _("Khu %(zone)s", zone=p.zone)
        met = bool(ids) and allocation.preference_met(Preference(p.rank, p.zone, p.booth_id), ids, by_id)
        outcomes.append(WishOutcome(p.rank, label, met, pending))
    return outcomes
