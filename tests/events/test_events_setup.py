"""Creating and editing events, closing registration, archiving: the rules, without HTTP."""
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.audit import AuditEntry
from eventapp.db import utcnow
from eventapp.errors import Conflict, DomainError
from eventapp.events import setup
from eventapp.events.models import Event, Organiser
from eventapp.events.services import event_state, list_events, registration_is_open
from eventapp.events.setup import EventValues
from tests.events.conftest import png

PNG = png()


def values(**changes):
    base = dict(name="Ngày hội Hợp tác xã Hải Phòng 2025", starts=datetime(2025, 4, 11, 8, 0),
                ends=datetime(2025, 4, 11, 11, 30), venue="Hội trường Liên minh", address="Hải Phòng")
    base.update(changes)
    return EventValues(**base)


def count(db, model):
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def test_a_new_event_takes_its_slug_from_the_name_stores_utc_and_has_a_guest_category(db, make_organiser):
    owner = make_organiser("Liên minh HTX thành phố Hải Phòng")
    event = setup.create_event(owner, values(description="Tôn vinh các HTX tiêu biểu."))
    assert event.slug == "ngay-hoi-hop-tac-xa-hai-phong-2025"
    assert event.owner == owner and event.organiser == "Liên minh HTX thành phố Hải Phòng"
    # 08:00 in Hà Nội / Hải Phòng is 01:00 UTC.
    assert event.starts_at == datetime(2025, 4, 11, 1, 0, tzinfo=UTC)
    assert event.timezone == "Asia/Ho_Chi_Minh"
    assert [(c.code, c.name, c.public, c.capacity) for c in event.categories] == [("khach-moi", "Khách mời", True, None)]
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="event.create")).scalar_one()
    assert entry.event_id == event.id and entry.organiser_id == owner.id


def test_times_are_read_in_the_chosen_time_zone(db, make_organiser):
    event = setup.create_event(make_organiser(), values(timezone="Europe/Paris", starts=datetime(2025, 7, 1, 9, 0),
                                                        ends=datetime(2025, 7, 1, 12, 0)))
    assert event.starts_at == datetime(2025, 7, 1, 7, 0, tzinfo=UTC)  # summer time, UTC+2


def test_a_fresh_install_creates_the_organiser_with_its_first_event(db):
    event = setup.create_event(None, values(organiser="Liên minh HTX tỉnh Thái Bình"))
    organiser = db.session.execute(db.select(Organiser)).scalar_one()
    assert organiser.name == "Liên minh HTX tỉnh Thái Bình" and event.owner == organiser
    assert db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all() == [
        "organiser.create", "event.create"]


def test_a_fresh_install_needs_the_organisers_name_and_creates_nothing_without_it(db):
    with pytest.raises(DomainError) as refused:
        setup.create_event(None, values(organiser=""))
    assert refused.value.field == "organiser"
    assert count(db, Organiser) == 0 and count(db, Event) == 0


@pytest.mark.parametrize("changes, field", [
    ({"name": "  "}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"slug": "Ngày-hội"}, "slug"),
    ({"slug": "ngay hoi"}, "slug"),
    ({"slug": "-ngay-hoi"}, "slug"),
    ({"slug": "a" * 81}, "slug"),
    ({"venue": "v" * 256}, "venue"),
    ({"description": "d" * 2001}, "description"),
    ({"timezone": "Asia/Hai_Phong"}, "timezone"),
    ({"starts": None}, "start_date"),
    ({"ends": None}, "end_date"),
    ({"ends": datetime(2025, 4, 11, 8, 0)}, "end_date"),  # not after the start
    ({"ends": datetime(2025, 4, 10, 11, 0)}, "end_date"),
    ({"registration_opens": datetime(2025, 4, 1, 8, 0), "registration_closes": datetime(2025, 3, 1, 8, 0)},
     "closes_date"),
    ({"staff_per_booth": -1}, "staff_per_booth"),
    ({"staff_per_booth": 51}, "staff_per_booth"),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_created(db, make_organiser, changes, field):
    owner = make_organiser()
    with pytest.raises(DomainError) as refused:
        setup.create_event(owner, values(**changes))
    assert refused.value.field == field and refused.value.message
    db.session.rollback()
    assert count(db, Event) == 0 and count(db, AuditEntry) == 0


def test_a_bad_logo_is_refused_with_the_badge_rule(db, make_organiser):
    with pytest.raises(DomainError) as refused:
        setup.create_event(make_organiser(), values(), logo=b"GIF89a not a logo")
    assert refused.value.field == "logo" and "PNG" in refused.value.message
    assert count(db, Event) == 0
    event = setup.create_event(make_organiser(), values(), logo=PNG)
    assert event.logo == PNG and event.logo_mime == "image/png"


def test_a_taken_slug_gets_a_clear_message(db, make_organiser, make_event):
    make_event(slug="ngay-hoi-2025")
    with pytest.raises(Conflict) as refused:
        setup.create_event(make_organiser(), values(slug="ngay-hoi-2025"))
    assert refused.value.field == "slug" and "ngay-hoi-2025" in refused.value.message
    assert count(db, Event) == 1


def test_editing_saves_the_fields_and_records_what_changed(db, make_organiser):
    event = setup.create_event(make_organiser(), values())
    edited = EventValues.of(event)
    assert edited.starts == datetime(2025, 4, 11, 8, 0)  # shown in the event's own time
    edited.name, edited.venue, edited.slug = "Ngày hội HTX 2025 (sửa)", "Nhà văn hoá", "ngay-hoi-2025"
    edited.organiser = "UBND thành phố và Liên minh HTX"
    edited.registration_closes = datetime(2025, 4, 10, 17, 0)
    changed = setup.update_event(event, edited, logo=PNG)
    assert set(changed) == {"name", "venue", "slug", "organiser", "registration_closes_at", "logo"}
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="event.update")).scalar_one()
    assert "UBND thành phố và Liên minh HTX" in entry.details and entry.organiser_id == event.organiser_id
    db.session.expire_all()
    assert event.slug == "ngay-hoi-2025" and event.venue == "Nhà văn hoá" and event.logo == PNG
    assert event.registration_closes_at == datetime(2025, 4, 10, 10, 0, tzinfo=UTC)
    assert setup.update_event(event, EventValues.of(event)) == {}
    setup.update_event(event, EventValues.of(event), remove_logo=True)
    assert event.logo is None
    actions = db.session.execute(db.select(AuditEntry.action).filter_by(event_id=event.id)).scalars().all()
    assert actions.count("event.update") == 2


def test_an_edit_with_bad_input_changes_nothing(db, make_organiser, make_event):
    make_event(slug="da-co")
    event = setup.create_event(make_organiser(), values())
    for changes in ({"slug": "da-co"}, {"ends": datetime(2025, 4, 11, 7, 0)}, {"name": ""}):
        with pytest.raises(DomainError):
            setup.update_event(event, values(**changes))
        db.session.rollback()
        db.session.expire_all()
        assert (event.slug, event.name) == ("ngay-hoi-hop-tac-xa-hai-phong-2025", "Ngày hội Hợp tác xã Hải Phòng 2025")
        assert event.ends_at == datetime(2025, 4, 11, 4, 30, tzinfo=UTC)


def test_closing_and_reopening_registration(db, make_event):
    start = utcnow() + timedelta(days=30)
    event = make_event(always_open=False, starts_at=start, ends_at=start + timedelta(hours=4))
    assert registration_is_open(event) and event_state(event) == "open"
    setup.close_registration(event)
    assert not registration_is_open(event) and event_state(event) == "closed"
    setup.reopen_registration(event)
    assert registration_is_open(event)
    actions = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions == ["event.close_registration", "event.reopen_registration"]


def test_archiving_takes_the_event_off_the_public_list_and_closes_registration(db, make_event):
    event, other = make_event(), make_event()
    setup.archive_event(event)
    assert list_events(archived=False) == [other]
    assert not registration_is_open(event) and event_state(event) == "archived"
    with pytest.raises(DomainError):
        setup.reopen_registration(event)  # an archived event takes no registration
    setup.unarchive_event(event)
    assert event in list_events(archived=False) and registration_is_open(event)


def test_states_follow_the_dates(db, make_event):
    now = datetime(2026, 4, 11, 0, 0, tzinfo=UTC)
    later = make_event(always_open=False, registration_opens_at=datetime(2026, 4, 20, tzinfo=UTC),
                       starts_at=datetime(2026, 5, 1, 1, 0, tzinfo=UTC),
                       ends_at=datetime(2026, 5, 1, 4, 0, tzinfo=UTC))
    assert event_state(later, now) == "upcoming"
    past = make_event(always_open=False, starts_at=datetime(2025, 4, 11, 1, 0, tzinfo=UTC),
                      ends_at=datetime(2025, 4, 11, 4, 0, tzinfo=UTC))
    assert event_state(past, now) == "finished"
    closing = make_event(always_open=False, registration_closes_at=datetime(2026, 4, 10, tzinfo=UTC))
    assert event_state(closing, now) == "closed"
