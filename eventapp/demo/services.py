"""The demo event: the 2024 Hải Phòng Cooperative Day as the newspaper report tells it.

Loading is idempotent: every record is looked up by its natural key (slug, code, name, e-mail)
and only what is missing is added, so running it twice changes nothing.
"""
import random
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ..booths.models import Booth, BoothApplication, BoothAssignment, BoothPreference
from ..categories.services import create_category
from ..checkin.models import Gate
from ..cooperatives.models import Cooperative
from ..cooperatives.services import create_cooperative
from ..events.models import Event, GuestCategory, Organiser
from ..events.organisers import organiser_named
from ..events.setup import EventValues, create_event
from ..extensions import db
from ..programme.models import AwardCategory, AwardRecipient, ProgrammeItem
from ..registration.models import Guest
from . import people
from .programme import AWARDS, GATES, GUEST_CATEGORIES, OFFICIALS, PRESS, PROGRAMME

SLUG = "ngay-hoi-htx-hai-phong-2024"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Row = TypeVar("Row")


def _local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 4, day, hour, minute, tzinfo=TZ)


def _get_or_add(model: type[Row], keys: dict[str, Any], **values: Any) -> tuple[Row, bool]:
    found = db.session.execute(db.select(model).filter_by(**keys)).scalars().first()
    if found is not None:
        return found, False
    obj = model(**keys, **values)
    db.session.add(obj)
    db.session.flush()
    return obj, True


ORGANISER = "Liên minh Hợp tác xã thành phố Hải Phòng"


DESCRIPTION = ("Hưởng ứng tháng hành động vì hợp tác xã năm 2024, kỷ niệm Ngày Hợp tác xã Việt Nam 11/4: "
               "tôn vinh các tập thể, cá nhân có thành tích xuất sắc, ký giao ước thi đua và tham quan gian "
               "hàng của các HTX, đơn vị thành viên.")


def _event(owner: Organiser) -> Event:
    """The event, created through the organisers' own service when missing."""
    event = db.session.execute(db.select(Event).filter_by(slug=SLUG)).scalar_one_or_none()
    if event is not None:
        return event
    values = EventValues(
        name="Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024", slug=SLUG, organiser=ORGANISER,
        venue="Hội trường Liên minh HTX thành phố Hải Phòng", address="Thành phố Hải Phòng",
        description=DESCRIPTION, timezone=str(TZ), starts=datetime(2024, 4, 6, 8), ends=datetime(2024, 4, 6, 11, 30),
        always_open=True, booth_self_selection=True, staff_per_booth=3)
    return create_event(owner, values, with_default_category=False)


def load_demo() -> Event:
    """Loads (or completes) the demo event; returns it. Idempotent: what exists is left as it is.
    The organiser, event, categories and cooperatives go through the services organisers use."""
    owner = organiser_named(ORGANISER)
    db.session.commit()
    event = _event(owner)
    categories = _categories(event)
    _gates(event, categories)
    items = _programme(event)
    coops, zones = _cooperatives(event)
    _guests(event, categories, coops)
    _awards(event, items, coops, categories["htx"])
    _booths(event, coops, zones)
    db.session.commit()
    _allocate_booths(event)
    return event


def _allocate_booths(event: Event) -> None:
    """The demo shows an allocated floor plan: the allocator runs when no booth is assigned yet,
    with the settings of `flask allocate`, so that both find the same plan."""
    from ..booths.placement import assignments
    from ..booths.planning import DEFAULT_TIME_LIMIT, run_allocation

    if not assignments(event):
        run_allocation(event, time_limit=DEFAULT_TIME_LIMIT)


def _categories(event: Event) -> dict[str, GuestCategory]:
    existing = {c.code: c for c in event.categories}
    for code, name, name_en, extra in GUEST_CATEGORIES:
        if code not in existing:
            values: dict[str, Any] = {"public": True, **extra}
            existing[code] = create_category(event, code=code, name=name, name_en=name_en, **values)
    return existing


def _gates(event: Event, categories: dict[str, GuestCategory]) -> None:
    for position, (code, name, name_en, admitted) in enumerate(GATES):
        gate, created = _get_or_add(Gate, {"event_id": event.id, "code": code},
                                    name=name, name_en=name_en, position=position)
        if created:
            gate.categories = [categories[c] for c in admitted]


def _programme(event: Event) -> dict[str, ProgrammeItem]:
    items: dict[str, ProgrammeItem] = {}
    start = _local(6, 8)
    for position, item in enumerate(PROGRAMME, start=1):
        values = dict(item)
        key = values.pop("key")
        pinned = start if position == 1 else None
        items[key], _ = _get_or_add(ProgrammeItem, {"event_id": event.id, "position": position},
                                    pinned_start=pinned, **values)
    return items


def _cooperatives(event: Event) -> tuple[list[Cooperative], dict[int, str]]:
    """The member cooperatives (the organiser's registry, through its service), and the booth zone
    that suits each one's sector."""
    result: list[Cooperative] = []
    zones: dict[int, str] = {}
    for data in people.cooperatives(100):
        values = {k: v for k, v in data.items() if k != "zone"}
        coop = db.session.execute(db.select(Cooperative).filter_by(
            organiser_id=event.organiser_id, name=data["name"], district=data["district"])).scalar_one_or_none()
        if coop is None:
            coop = create_cooperative(event.owner, **values)
        zones[coop.id] = data["zone"]
        result.append(coop)
    return result, zones


def _contact(index: int) -> tuple[str, str]:
    return f"khach{index:03d}@demo.ngayhoihtx.vn", f"+849{index:08d}"


def _add_guest(event: Event, category: GuestCategory, index: int, full_name: str, organization: str, position: str,
               **extra: Any) -> Guest:
    email, phone = _contact(index)
    guest, created = _get_or_add(
        Guest, {"event_id": event.id, "email": email},
        phone=phone, category_id=category.id, full_name=full_name, organization=organization,
        position=position, source="demo", **extra,
    )
    if created:
        guest.refresh_keys()
    return guest


def _guests(event: Event, categories: dict[str, GuestCategory], coops: list[Cooperative]) -> None:
    """About 300 guests: the officials of the report, department leaders, cooperative delegates,
    press and exhibitors" staff."""
    rng = random.Random(406)
    index = 0
    for full_name, position, organization in OFFICIALS:
        index += 1
        _add_guest(event, categories["lanh-dao"], index, full_name, organization, position, needs_attention=True)
    departments = ["Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Công Thương",
                   "Sở Tài nguyên và Môi trường", "Sở Tài chính", "Ủy ban MTTQ Việt Nam thành phố",
                   "Hội Nông dân thành phố", "Liên minh HTX tỉnh Quảng Ninh", "Liên minh HTX tỉnh Thái Bình"]
    departments += [f"UBND huyện {d}" for d in people.DISTRICTS[:7]] + [f"UBND quận {d}" for d in people.DISTRICTS[7:]]
    for organization in departments:
        index += 1
        _add_guest(event, categories["dai-bieu"], index, people.person(rng),
                   organization, rng.choice(["Phó Giám đốc", "Phó Chủ tịch", "Trưởng phòng"]))
    for coop in coops:
        for _ in range(2 if rng.random() < 0.85 else 1):
            index += 1
            _add_guest(event, categories["htx"], index, people.person(rng), coop.name,
                       rng.choice(["Giám đốc", "Phó Giám đốc", "Chủ tịch Hội đồng quản trị", "Kế toán"]),
                       cooperative_id=coop.id)
    for outlet in PRESS:
        for _ in range(2):
            index += 1
            _add_guest(event, categories["bao-chi"], index, people.person(rng), outlet, "Phóng viên")
    for coop in coops[:40]:
        index += 1
        _add_guest(event, categories["trung-bay"], index, people.person(rng), coop.name,
                   "Nhân viên gian hàng", cooperative_id=coop.id)


def _awards(event: Event, items: dict[str, ProgrammeItem], coops: list[Cooperative],
            delegates: GuestCategory) -> None:
    """The award categories with the report's counts; individual recipients are also guests."""
    rng = random.Random(11)
    guest_index = 500
    pool = list(coops)
    rng.shuffle(pool)
    for position, award in enumerate(AWARDS):
        category, created = _get_or_add(
            AwardCategory, {"event_id": event.id, "name": award["name"]},
            awarding_body=award["body"], kind=award["kind"], position=position,
            programme_item_id=items[award["round"]].id, presenter=award["presenter"],
            certificate_text=award.get("text", ""),
        )
        if not created:
            continue
        for order in range(1, award["count"] + 1):
            coop = pool.pop()
            collective = award["collective"] is True or (award["collective"] is None and order % 2 == 1)
            if award["name"].startswith("HTX tiêu biểu"):
                coop.is_priority = True
            if collective:
                db.session.add(AwardRecipient(category=category, position=order, is_collective=True,
                                              name=coop.name, organization=people.DISTRICTS[order % 14],
                                              cooperative_id=coop.id))
            else:
                guest_index += 1
                name = people.person(rng)
                guest = _add_guest(event, delegates, guest_index, name, coop.name, "Giám đốc",
                                   cooperative_id=coop.id, needs_attention=True)
                db.session.add(AwardRecipient(category=category, position=order, is_collective=False,
                                              name=name, title="Giám đốc", organization=coop.name,
                                              cooperative_id=coop.id, guest_id=guest.id))


def _booths(event: Event, coops: list[Cooperative], zone_of: dict[int, str]) -> None:
    zones = [s[1] for s in people.SECTORS]
    booths: dict[str, Booth] = {}
    for row, zone in enumerate(zones):
        letter = "ABCDE"[row]
        for i in range(12):
            code = f"{letter}{i + 1:02d}"
            booths[code], _ = _get_or_add(
                Booth, {"event_id": event.id, "code": code}, zone=zone, x=2 + i * 3.0,
                y=2 + row * 6.0, width=3, height=3, is_corner=i in (0, 11),
                has_power=i % 2 == 0, has_water=zone in ("Thủy sản", "Sản phẩm OCOP") and i % 3 == 0,
            )
    rng = random.Random(7)
    for coop in coops[:60]:
        if coop.sector == "Tài chính":
            continue
        application, created = _get_or_add(
            BoothApplication, {"event_id": event.id, "cooperative_id": coop.id},
            sector=coop.sector, products=coop.products, status="approved",
            booths_wanted=2 if rng.random() < 0.15 else 1, needs_power=rng.random() < 0.3,
        )
        if created:
            zone = zone_of[coop.id]
            application.preferences = [BoothPreference(rank=1, zone=zone)]
            letter = "ABCDE"[zones.index(zone)]
            application.preferences.append(
                BoothPreference(rank=2, booth_id=booths[f"{letter}{rng.randint(1, 12):02d}"].id))


def demo_counts() -> dict[str, int]:
    """Row counts of every demo table, to show that a second load adds nothing."""
    from sqlalchemy import func

    models: list[Any] = [Event, GuestCategory, Gate, ProgrammeItem, Cooperative, Guest, AwardCategory,
                         AwardRecipient, Booth, BoothApplication, BoothPreference, BoothAssignment]
    return {m.__tablename__: db.session.execute(db.select(func.count()).select_from(m)).scalar_one()
            for m in models}

