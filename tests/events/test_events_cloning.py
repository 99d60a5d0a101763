"""Copying an event: its set-up comes along on the new date, its people never do."""
from datetime import UTC, date, datetime

import pytest

from eventapp.audit import AuditEntry
from eventapp.badges.models import BadgePrint, BadgePrintBatch
from eventapp.booths.models import (
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothPreference,
    BoothSettings,
    BoothZoneRule,
)
from eventapp.checkin.models import Admission, Gate, Scan
from eventapp.errors import Conflict, DomainError
from eventapp.events.cloning import PARTS, clone_event, parse_parts
from eventapp.events.models import Event, GuestCategory
from eventapp.previews import ImportPreview
from eventapp.programme.models import AwardCategory, AwardRecipient, ProgrammeItem
from eventapp.registration.models import Guest
from tests.events.conftest import png

UTC = UTC


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def source(db, make_event, make_guest, make_cooperative):
    """Last year's event, fully set up and lived: guests, scans, booth applications, prints."""
    event = make_event(slug="ngay-hoi-2025", categories=(), always_open=False,
                       starts_at=utc(2025, 4, 11, 1, 0), ends_at=utc(2025, 4, 11, 4, 30),  # 08:00–11:30
                       registration_opens_at=utc(2025, 3, 1, 1, 0), registration_closes_at=utc(2025, 4, 10, 10, 0),
                       registration_closed_at=utc(2025, 4, 9, 0, 0), archived_at=utc(2025, 5, 1, 0, 0),
                       booth_self_selection=True, staff_per_booth=5, logo=png(), logo_mime="image/png")
    leaders = GuestCategory(code="lanh-dao", name="Lãnh đạo", capacity=40, public=False, needs_attention=True,
                            color="#b91c1c", position=0)
    delegates = GuestCategory(code="dai-bieu", name="Đại biểu HTX", name_en="Delegates", capacity=200,
                              requires_approval=True, color="#15803d", position=1)
    staff = GuestCategory(code="trung-bay", name="Nhân viên gian hàng", color="#7c3aed", position=2)
    event.categories.extend([leaders, delegates, staff])
    db.session.flush()
    vip_gate = Gate(event_id=event.id, code="cong-vip", name="Cổng VIP", position=0, allow_reentry=False,
                    categories=[leaders])
    main_gate = Gate(event_id=event.id, code="cong-chinh", name="Cổng chính", position=1,
                     categories=[delegates, staff])
    opening = ProgrammeItem(event_id=event.id, position=1, kind="opening", title="Khai mạc",
                            pinned_start=utc(2025, 4, 11, 1, 0), duration_minutes=15)
    awards_round = ProgrammeItem(event_id=event.id, position=2, kind="award_round", title="Trao bằng khen",
                                 pinned_start=utc(2025, 4, 11, 2, 30), duration_minutes=30)
    tour = ProgrammeItem(event_id=event.id, position=3, kind="visit", title="Tham quan gian hàng")
    booths = [Booth(event_id=event.id, code="A01", zone="Nông nghiệp", status="free", has_power=True),
              Booth(event_id=event.id, code="A02", zone="Nông nghiệp", status="held", x=3),
              Booth(event_id=event.id, code="B01", zone="Thủy sản", status="blocked", y=6, has_water=True),
              Booth(event_id=event.id, code="B02", zone="Thủy sản", status="free", y=6, x=3)]
    db.session.add_all([vip_gate, main_gate, opening, awards_round, tour, *booths,
                        BoothZoneRule(event_id=event.id, zone="Thủy sản", sector="Thủy sản"),
                        BoothSettings(event_id=event.id, staff_category_id=staff.id)])
    db.session.flush()
    award = AwardCategory(event_id=event.id, name="Bằng khen của UBND thành phố", awarding_body="UBND thành phố",
                          kind="certificate", position=0, programme_item_id=awards_round.id,
                          presenter="Đồng chí Phó Chủ tịch UBND thành phố", certificate_text="Đã có thành tích")
    flag = AwardCategory(event_id=event.id, name="Cờ thi đua", kind="flag", position=1)
    db.session.add_all([award, flag])
    db.session.commit()

    coop = make_cooperative(event, name="HTX Nông nghiệp Tân Dương")
    guest = make_guest(event, category=delegates, full_name="Nguyễn Mạnh Cường")
    award.recipients.append(AwardRecipient(position=1, name=guest.full_name, guest_id=guest.id, cooperative_id=coop.id))
    scan = Scan(event_id=event.id, gate_id=main_gate.id, guest_id=guest.id, result="accepted",
                scanned_at=utc(2025, 4, 11, 1, 5))
    db.session.add(scan)
    db.session.flush()
    db.session.add(Admission(event_id=event.id, guest_id=guest.id, gate_id=main_gate.id, scan_id=scan.id,
                             admitted_at=scan.scanned_at))
    application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector="Nông nghiệp", status="approved",
                                   preferences=[BoothPreference(rank=1, zone="Nông nghiệp")])
    db.session.add(application)
    db.session.flush()
    db.session.add(BoothAssignment(event_id=event.id, booth_id=booths[0].id, application_id=application.id))
    batch = BadgePrintBatch(event_id=event.id, layout="a6", guest_count=1)
    batch.prints.append(BadgePrint(guest_id=guest.id, badge_token=guest.badge_token))
    db.session.add_all([batch, ImportPreview(token="t" * 20, kind="guests", event_id=event.id, payload="{}")])
    db.session.commit()
    return event


def rows(db, model, event, **filters):
    return db.session.execute(db.select(model).filter_by(event_id=event.id, **filters)).scalars().all()


def test_a_copy_has_the_set_up_on_the_new_date_and_none_of_the_people(db, source):
    new = clone_event(source, name="Ngày hội HTX 2026", slug="ngay-hoi-2026", start_date=date(2026, 4, 10))
    db.session.expire_all()

    # The event itself: the same place and settings, every time moved by the same whole days.
    assert (new.name, new.slug, new.owner, new.venue, new.timezone) == (
        "Ngày hội HTX 2026", "ngay-hoi-2026", source.owner, source.venue, source.timezone)
    assert new.starts_at == utc(2026, 4, 10, 1, 0) and new.ends_at == utc(2026, 4, 10, 4, 30)
    assert new.registration_opens_at == utc(2026, 2, 28, 1, 0)  # the same 364 days later
    assert new.registration_closes_at == utc(2026, 4, 9, 10, 0)
    assert new.registration_closed_at is None and new.archived_at is None
    assert (new.booth_self_selection, new.staff_per_booth, new.logo) == (True, 5, source.logo)

    # Guest categories, with their rules and colours.
    def described(category):
        return (category.code, category.name, category.name_en, category.capacity, category.public,
                category.requires_approval, category.needs_attention, category.color, category.position)
    assert [described(c) for c in new.categories] == [described(c) for c in source.categories]
    assert {c.id for c in new.categories}.isdisjoint({c.id for c in source.categories})

    # Gates admit the new event's categories, as the old gates admitted the old ones.
    gates = sorted(rows(db, Gate, new), key=lambda g: g.position)
    assert [(g.code, g.allow_reentry, [c.code for c in g.categories]) for g in gates] == [
        ("cong-vip", False, ["lanh-dao"]), ("cong-chinh", True, ["dai-bieu", "trung-bay"])]
    assert all(c.event_id == new.id for g in gates for c in g.categories)

    # The floor plan is free again, except what was blocked; zone rules and the staff category follow.
    assert sorted((b.code, b.zone, b.status, b.x, b.y, b.has_power, b.has_water) for b in rows(db, Booth, new)) == [
        ("A01", "Nông nghiệp", "free", 0, 0, True, False), ("A02", "Nông nghiệp", "free", 3, 0, False, False),
        ("B01", "Thủy sản", "blocked", 0, 6, False, True), ("B02", "Thủy sản", "free", 3, 6, False, False)]
    assert [(r.zone, r.sector) for r in rows(db, BoothZoneRule, new)] == [("Thủy sản", "Thủy sản")]
    settings = rows(db, BoothSettings, new)[0]
    assert settings.staff_category.code == "trung-bay" and settings.staff_category.event_id == new.id

    # The programme as a template on the new day, and award categories without their recipients.
    items = sorted(rows(db, ProgrammeItem, new), key=lambda i: i.position)
    assert [(i.title, i.pinned_start) for i in items] == [
        ("Khai mạc", utc(2026, 4, 10, 1, 0)), ("Trao bằng khen", utc(2026, 4, 10, 2, 30)),
        ("Tham quan gian hàng", None)]
    awards = sorted(rows(db, AwardCategory, new), key=lambda a: a.position)
    assert [(a.name, a.kind, a.presenter) for a in awards] == [
        ("Bằng khen của UBND thành phố", "certificate", "Đồng chí Phó Chủ tịch UBND thành phố"),
        ("Cờ thi đua", "flag", "")]
    assert awards[0].programme_item == items[1] and awards[1].programme_item is None
    assert all(a.recipients == [] for a in awards)

    # Nothing of the people, the day or the paperwork.
    for model in (Guest, Scan, Admission, BoothApplication, BoothAssignment, BadgePrintBatch, ImportPreview):
        assert rows(db, model, new) == [], model.__name__
    assert [e.action for e in rows(db, AuditEntry, new)] == ["event.clone"]
    # ...and the source keeps all of its own.
    assert len(rows(db, Guest, source)) == 1 and len(rows(db, Scan, source)) == 1
    assert db.session.execute(db.select(db.func.count()).select_from(AwardRecipient)).scalar_one() == 1
    assert db.session.execute(db.select(db.func.count()).select_from(BadgePrint)).scalar_one() == 1


def test_only_the_chosen_parts_are_copied(db, source):
    new = clone_event(source, name="Hội nghị HTX", slug="hoi-nghi", start_date=date(2026, 6, 1),
                      parts=["categories", "programme"])
    assert [c.code for c in new.categories] == ["lanh-dao", "dai-bieu", "trung-bay"]
    # Badge settings left behind: no logo, every category in the default colour.
    assert new.logo is None and {c.color for c in new.categories} == {"#1d4ed8"}
    assert (new.booth_self_selection, new.staff_per_booth) == (False, 3)
    assert len(rows(db, ProgrammeItem, new)) == 3
    for model in (Gate, Booth, BoothZoneRule, BoothSettings, AwardCategory):
        assert rows(db, model, new) == [], model.__name__


def test_a_copy_without_categories_still_takes_registrations(db, source):
    new = clone_event(source, name="Hội chợ", slug="hoi-cho", start_date=date(2026, 6, 1), parts=["booths"])
    assert [(c.code, c.name) for c in new.categories] == [("khach-moi", "Khách mời")]
    assert rows(db, BoothSettings, new)[0].staff_category is None  # its category was not copied
    assert len(rows(db, Booth, new)) == 4


def test_gates_without_their_categories_are_refused(db, source):
    with pytest.raises(DomainError) as refused:
        clone_event(source, name="X", slug="x", start_date=date(2026, 6, 1), parts=["gates"])
    assert refused.value.field == "parts"
    assert db.session.execute(db.select(Event).filter_by(slug="x")).scalar_one_or_none() is None


def test_a_taken_slug_or_a_bad_input_is_refused_and_nothing_is_created(db, source, make_event):
    make_event(slug="da-co")
    before = db.session.execute(db.select(db.func.count()).select_from(Event)).scalar_one()
    with pytest.raises(Conflict) as refused:
        clone_event(source, name="X", slug="da-co", start_date=date(2026, 6, 1))
    assert refused.value.field == "slug" and "da-co" in refused.value.message
    for kwargs, field in (({"slug": "Sai Slug"}, "slug"), ({"name": ""}, "name"), ({"start_date": None}, "start_date"),
                          ({"parts": ["guests"]}, "parts")):
        arguments = {"name": "X", "slug": "moi", "start_date": date(2026, 6, 1), **kwargs}
        with pytest.raises(DomainError) as refused:
            clone_event(source, **arguments)
        assert refused.value.field == field
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count()).select_from(Event)).scalar_one() == before
    assert db.session.execute(db.select(db.func.count()).select_from(Gate)).scalar_one() == 2


def test_wall_clock_times_survive_a_daylight_saving_change(db, make_event):
    # 09:00 in Paris on 20 March is 08:00 UTC; on 3 April (summer time) 09:00 is 07:00 UTC.
    source = make_event(timezone="Europe/Paris", starts_at=utc(2025, 3, 20, 8, 0), ends_at=utc(2025, 3, 20, 10, 0))
    new = clone_event(source, name="Sau", slug="sau", start_date=date(2025, 4, 3))
    assert new.starts_at == utc(2025, 4, 3, 7, 0) and new.local(new.starts_at).hour == 9


def test_the_command_lines_list_of_parts(app):
    assert parse_parts("") == list(PARTS)
    assert parse_parts(" categories, gates ") == ["categories", "gates"]
    with pytest.raises(DomainError):
        parse_parts("categories,khach")
