"""What an exhibitor does for itself: pick free booths (when the organiser allows it) and
register its booth staff, who become guests of the exhibitors' category with badges."""
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from ..registration.models import Guest
from ..registration.services import cancel_guest, register_guest
from .allocation import zone_admits
from .applications import application_of
from .geometry import adjacency, connected_sets
from .models import BoothApplication, BoothAssignment
from .placement import assignment_of, booths_of
from .plan import list_booths, staff_category, zone_rules

STAFF_POSITION = "Nhân viên gian hàng"


def _locked_application(event, cooperative):
    """The cooperative's application, its row locked so that its own requests queue up."""
    application = application_of(event, cooperative)
    if application is None:
        raise DomainError(_("Vui lòng gửi đơn đăng ký gian hàng trước."))
    return db.session.execute(
        db.select(BoothApplication).where(BoothApplication.id == application.id).with_for_update()
    ).scalar_one()


def open_booths(event, application):
    """(booth ids the exhibitor may pick now, how many booths it still needs). A booth is open when
    it is free, in a zone that admits the sector, and can still make, with the booths the exhibitor
    holds, a connected set of the size it asked for: a two-booth request is never offered a booth
    with no free neighbour."""
    if application is None or application.status not in ("submitted", "approved"):
        return set(), 0
    mine = {b.id for b in booths_of(application)}
    need = application.booths_wanted - len(mine)
    if need <= 0:
        return set(), 0
    booths = list_booths(event)
    sector = application.sector or application.cooperative.sector
    rules = zone_rules(event)
    free = {b.id for b in booths if b.plan_status == "free" and zone_admits(rules, b.zone, sector)}
    sets = connected_sets(adjacency(booths), free, application.booths_wanted, must_include=frozenset(mine))
    return set().union(*sets) - mine if sets else set(), need


def zone_warning(event, application, booth):
    """A warning before confirming a pick outside the zones that suit the exhibitor (those it wished
    for, the zone named after its sector, zones reserved to it), or None."""
    sector = application.sector or application.cooperative.sector
    suited = {p.zone for p in application.preferences if p.zone}
    suited |= {zone for zone, sectors in zone_rules(event).items() if sector in sectors}
    suited |= {booth.zone for booth in list_booths(event) if booth.zone == sector}
    if not suited or booth.zone in suited:
        return None
    return _("Gian %(code)s thuộc khu %(zone)s, không phải khu phù hợp với ngành %(sector)s (%(zones)s). "
             "Quý đơn vị vẫn có thể chọn gian này nếu muốn.", code=booth.code, zone=booth.zone or "—",
             sector=sector, zones=", ".join(sorted(suited)))


def taken_message(booth):
    return _("Gian %(code)s vừa được đơn vị khác chọn. Vui lòng chọn gian khác.", code=booth.code)


def pick_booth(event, cooperative, booth):
    """Self-selection: one exhibitor gets the booth; a second one at the same moment gets a clear
    refusal, guaranteed by the unique booth of BoothAssignment."""
    if not event.booth_self_selection:
        raise DomainError(_("Ban tổ chức chưa mở tự chọn gian hàng."))
    if booth.event_id != event.id:
        raise NotFound(_("Không tìm thấy gian hàng."))
    application = _locked_application(event, cooperative)
    if application.status not in ("submitted", "approved"):
        raise DomainError(_("Đơn đăng ký không còn hiệu lực."))
    if assignment_of(booth) is not None:
        raise Conflict(taken_message(booth))
    if booth.status != "free":
        raise Conflict(_("Gian %(code)s không mở để chọn.", code=booth.code))
    mine = booths_of(application)
    if len(mine) >= application.booths_wanted:
        raise DomainError(_("Bạn đã chọn đủ %(n)d gian.", n=application.booths_wanted))
    sector = application.sector or cooperative.sector
    if not zone_admits(zone_rules(event), booth.zone, sector):
        raise DomainError(_("Khu %(zone)s không dành cho ngành %(sector)s.", zone=booth.zone, sector=sector))
    if mine:
        graph = adjacency(list_booths(event))
        if not any(booth.id in graph[b.id] for b in mine):
            raise DomainError(_("Các gian của bạn phải liền kề nhau: hãy chọn gian sát gian %(codes)s.",
                                codes=", ".join(b.code for b in mine)))
    if booth.id not in open_booths(event, application)[0]:
        raise DomainError(_("Gian %(code)s không thể cùng các gian khác tạo thành %(n)d gian liền kề còn trống: "
                            "hãy chọn một gian được tô sáng trên sơ đồ.", code=booth.code,
                            n=application.booths_wanted))
    db.session.add(BoothAssignment(event_id=event.id, booth_id=booth.id, application_id=application.id,
                                   locked=True, source="self"))
    record("booth.self_pick", f"booth:{booth.code}", event=event, cooperative=cooperative.name)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(taken_message(booth)) from None
    return booth


def release_booth(event, cooperative, booth):
    """Gives back a booth the exhibitor picked itself."""
    application = _locked_application(event, cooperative)
    current = assignment_of(booth)
    if current is None or current.application_id != application.id:
        raise NotFound(_("Gian này không phải của bạn."))
    if current.source != "self":
        raise DomainError(_("Gian do ban tổ chức xếp; liên hệ ban tổ chức để đổi."))
    db.session.delete(current)
    record("booth.self_release", f"booth:{booth.code}", event=event.id, cooperative=cooperative.name)
    db.session.commit()


# ----- booth staff --------------------------------------------------------------------------------

def _staff_query(event, cooperative, category):
    return (db.select(Guest).where(Guest.event_id == event.id, Guest.cooperative_id == cooperative.id,
                                   Guest.category_id == category.id, Guest.status != "cancelled"))


def list_staff(event, cooperative):
    category = staff_category(event)
    if category is None:
        return []
    return db.session.execute(_staff_query(event, cooperative, category).order_by(Guest.sort_key)).scalars().all()


def staff_limit(event, cooperative):
    application = application_of(event, cooperative)
    booths = len(booths_of(application)) if application else 0
    return event.staff_per_booth * booths


def register_staff(event, cooperative, *, full_name, email=None, phone=None, locale="vi"):
    """A booth staff member: a guest of the exhibitors' category, within the limit of staff per
    booth times the booths the exhibitor holds."""
    category = staff_category(event)
    if category is None:
        raise DomainError(_("Sự kiện chưa có thành phần khách dành cho nhân viên gian hàng."))
    _locked_application(event, cooperative)
    limit = staff_limit(event, cooperative)
    if limit == 0:
        raise DomainError(_("Bạn cần có gian hàng trước khi đăng ký nhân viên."))
    count = db.session.execute(
        db.select(func.count()).select_from(_staff_query(event, cooperative, category).subquery())).scalar_one()
    if count >= limit:
        raise DomainError(_("Đã đủ %(n)d nhân viên (%(per)d người mỗi gian).", n=limit, per=event.staff_per_booth))
    guest = register_guest(event, category, full_name=full_name, email=email, phone=phone,
                           organization=cooperative.name, position=STAFF_POSITION, source="exhibitor",
                           consent=True, locale=locale, cooperative=cooperative, commit=False)
    record("booth.staff_add", f"guest:{guest.id}", event=event, cooperative=cooperative.name,
           name=guest.full_name)
    db.session.commit()
    return guest


def remove_staff(event, cooperative, guest_id):
    """Cancels one of the exhibitor's booth staff: only a registration the portal made (booth
    staff category, source "exhibitor"), through the service that cancels any registration (the
    waiting list moves up, the cancellation is audited)."""
    guest = db.session.get(Guest, guest_id)
    category = staff_category(event)
    if (guest is None or category is None or guest.cooperative_id != cooperative.id or guest.event_id != event.id
            or guest.category_id != category.id or guest.source != "exhibitor" or guest.status == "cancelled"):
        raise NotFound(_("Không tìm thấy nhân viên."))
    record("booth.staff_remove", f"guest:{guest.id}", event=event.id, cooperative=cooperative.name,
           name=guest.full_name)
    cancel_guest(guest)
