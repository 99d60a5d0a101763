"""The running order and award lists through the services, on both database lanes."""
import sys
import types
from datetime import datetime

import pytest

from eventapp.errors import Conflict, DomainError
from eventapp.programme import awards, queries, services
from eventapp.programme.models import AwardRecipient, ProgrammeItem


def titles(event):
    return [i.title for i in services.list_items(event)]


def add_items(event, *names, minutes=10):
    return [services.create_item(event, title=name, kind="speech", duration_minutes=minutes) for name in names]


def test_items_are_added_at_the_end_and_timed_from_the_event_start(db, make_event):
    event = make_event()
    add_items(event, "Khai mạc", "Phát biểu", "Trao thưởng", minutes=15)
    schedule = services.schedule(event)
    assert [s.item.title for s in schedule] == ["Khai mạc", "Phát biểu", "Trao thưởng"]
    assert [event.local(s.start).strftime("%H:%M") for s in schedule] == ["08:00", "08:15", "08:30"]


def test_a_pinned_time_is_typed_in_the_event_local_time(db, make_event):
    event = make_event()
    first, second = add_items(event, "Khai mạc", "Phát biểu của lãnh đạo")
    services.update_item(second, title="Phát biểu của lãnh đạo", kind="speech", duration_minutes=20,
                         pinned_start=datetime(2026, 4, 11, 9, 0))
    later = add_items(event, "Ký giao ước")[0]
    times = {s.item.id: event.local(s.start).strftime("%H:%M") for s in services.schedule(event)}
    assert times == {first.id: "08:00", second.id: "09:00", later.id: "09:20"}


def test_moving_an_item_swaps_it_with_its_neighbour_without_breaking_the_unique_position(db, make_event):
    event = make_event()
    a, b, c = add_items(event, "A", "B", "C")
    services.move_item(c, "up")
    assert titles(event) == ["A", "C", "B"]
    services.move_item(a, "down")
    assert titles(event) == ["C", "A", "B"]
    services.move_item(services.list_items(event)[0], "up")  # already first: nothing moves
    assert titles(event) == ["C", "A", "B"]
    assert [i.position for i in services.list_items(event)] == [1, 2, 3]


def test_reordering_the_whole_programme_in_one_transaction(db, make_event):
    event = make_event()
    items = add_items(event, "A", "B", "C", "D")
    services.reorder_items(event, [items[3].id, items[1].id, items[0].id, items[2].id])
    assert titles(event) == ["D", "B", "A", "C"]
    with pytest.raises(DomainError):
        services.reorder_items(event, [items[0].id, items[1].id])  # a stale page's order
    assert titles(event) == ["D", "B", "A", "C"]


def test_the_database_refuses_two_items_at_one_position(db, make_event):
    from sqlalchemy.exc import IntegrityError

    event = make_event()
    db.session.add_all([ProgrammeItem(event_id=event.id, position=1, title="A"),
                        ProgrammeItem(event_id=event.id, position=1, title="B")])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_an_item_closes_the_gap_and_keeps_its_award_category(db, make_event):
    event = make_event()
    a, b, c = add_items(event, "A", "Trao thưởng", "C")
    category = awards.create_category(event, name="Giấy khen", programme_item_id=b.id)
    services.delete_item(b)
    db.session.expire_all()
    assert titles(event) == ["A", "C"]
    assert [i.position for i in services.list_items(event)] == [1, 2]
    assert awards.get_category(event, category.id).programme_item_id is None


def test_item_rules_are_domain_errors_on_their_field(db, make_event):
    event = make_event()
    with pytest.raises(DomainError) as error:
        services.create_item(event, title="  ", duration_minutes=5)
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        services.create_item(event, title="A", duration_minutes=-5)
    assert error.value.field == "duration_minutes"
    assert titles(event) == []


def test_award_names_are_unique_per_event(db, make_event):
    event, other = make_event(), make_event()
    awards.create_category(event, name="Cờ thi đua", kind="flag")
    with pytest.raises(Conflict) as error:
        awards.create_category(event, name="Cờ thi đua")
    assert error.value.field == "name"
    assert awards.create_category(other, name="Cờ thi đua").event_id == other.id


def test_a_category_cannot_point_at_another_events_round(db, make_event):
    event, other = make_event(), make_event()
    foreign = add_items(other, "Trao thưởng")[0]
    with pytest.raises(DomainError):
        awards.create_category(event, name="Giấy khen", programme_item_id=foreign.id)


def test_recipients_keep_their_calling_order_and_move(db, make_event):
    event = make_event()
    category = awards.create_category(event, name="Giấy khen")
    for name in ("Trần Văn An", "Lê Thị Bình", "HTX Tân Dương"):
        awards.add_recipient(category, name=name, is_collective=name.startswith("HTX"))
    recipient = category.recipients[2]
    awards.move_recipient(recipient, "up")
    awards.move_recipient(recipient, "up")
    db.session.expire_all()
    assert [(r.position, r.name) for r in category.recipients] == [
        (1, "HTX Tân Dương"), (2, "Trần Văn An"), (3, "Lê Thị Bình")]
    awards.delete_recipient(category.recipients[1])
    db.session.expire_all()
    assert [(r.position, r.name) for r in category.recipients] == [(1, "HTX Tân Dương"), (2, "Lê Thị Bình")]


def test_a_recipient_is_linked_to_the_guest_and_cooperative_of_the_same_name(
        db, make_event, make_guest, make_cooperative):
    event = make_event()
    guest = make_guest(event, full_name="Nguyễn Mạnh Cường", organization="HTX Tân Dương")
    make_guest(event, full_name="Nguyễn Mạnh Hùng")
    coop = make_cooperative(event, name="HTX Tân Dương")
    category = awards.create_category(event, name="Kỷ niệm chương")
    # Typed without diacritics, as on a phone.
    person = awards.add_recipient(category, name="nguyen manh cuong", organization="HTX Tan Duong")
    collective = awards.add_recipient(category, name="HTX Tân Dương", is_collective=True)
    unknown = awards.add_recipient(category, name="Phạm Thị Hoa")
    assert (person.guest_id, person.cooperative_id) == (guest.id, coop.id)
    assert (collective.guest_id, collective.cooperative_id) == (None, coop.id)
    assert (unknown.guest_id, unknown.cooperative_id) == (None, None)


def test_two_guests_of_the_same_name_are_told_apart_by_organisation_or_left_unlinked(db, make_event, make_guest):
    event = make_event()
    make_guest(event, full_name="Trần Văn An", organization="HTX Một")
    second = make_guest(event, full_name="Trần Văn An", organization="HTX Hai")
    category = awards.create_category(event, name="Giấy khen")
    assert awards.add_recipient(category, name="Trần Văn An", organization="HTX Hai").guest_id == second.id
    assert awards.add_recipient(category, name="Trần Văn An").guest_id is None
    assert len(awards.guest_candidates(event, "Trần Văn An")) == 2


def test_linking_refuses_a_guest_of_another_event(db, make_event, make_guest):
    event, other = make_event(), make_event()
    stranger = make_guest(other, full_name="Lê Văn Tám")
    category = awards.create_category(event, name="Giấy khen")
    recipient = awards.add_recipient(category, name="Lê Văn Tám")
    with pytest.raises(DomainError):
        awards.link_recipient(recipient, guest_id=stranger.id)
    assert db.session.get(AwardRecipient, recipient.id).guest_id is None


def test_badges_and_the_door_learn_which_guests_receive_awards(db, make_event, make_guest):
    event, other = make_event(), make_event()
    cuong = make_guest(event, full_name="Nguyễn Mạnh Cường")
    plain = make_guest(event, full_name="Phạm Văn Khách")
    first = awards.create_category(event, name="Bằng khen của UBND thành phố")
    second = awards.create_category(event, name="Kỷ niệm chương")
    awards.add_recipient(second, name="Nguyễn Mạnh Cường")
    awards.add_recipient(first, name="Nguyễn Mạnh Cường")
    awards.add_recipient(first, name="Người không phải khách")
    assert queries.recipient_guest_ids(event) == {cuong.id}
    assert queries.recipient_guest_ids(other) == set()
    assert queries.awards_for_guest(cuong) == ["Bằng khen của UBND thành phố", "Kỷ niệm chương"]
    assert queries.awards_for_guest(plain) == []


def test_arrivals_come_from_check_in_when_it_can_tell(db, make_event, make_guest, monkeypatch):
    event = make_event()
    came = make_guest(event, full_name="Trần Văn Đến")
    make_guest(event, full_name="Lê Văn Vắng")
    category = awards.create_category(event, name="Giấy khen")
    for name in ("Trần Văn Đến", "Lê Văn Vắng", "HTX Không Là Khách"):
        awards.add_recipient(category, name=name)
    fake = types.ModuleType("eventapp.checkin.services")
    fake.checked_in_guest_ids = lambda e: {came.id} if e.id == event.id else set()
    monkeypatch.setitem(sys.modules, "eventapp.checkin.services", fake)
    groups = services.recipient_arrivals(event)
    assert [(a.recipient.name, a.state) for a in groups[0][1]] == [
        ("Trần Văn Đến", "arrived"), ("Lê Văn Vắng", "absent"), ("HTX Không Là Khách", "unknown")]
