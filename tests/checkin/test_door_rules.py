"""The door's rules in one place: walk-ins are approved, the offline list answers as the server does,
and a guest chosen from a search is judged by the same single read as a badge."""
import pytest
from sqlalchemy import event as sa_event

from eventapp.checkin.door import walk_in
from eventapp.checkin.models import Scan
from eventapp.checkin.services import check_in
from eventapp.checkin.sync import code_hash, offline_list
from eventapp.programme.models import AwardCategory, AwardRecipient
from eventapp.registration.models import Guest


def test_a_walk_in_in_a_category_that_needs_approval_is_admitted_at_once(db, make_event, make_gate, door_scanner):
    event = make_event(categories=("khach", "doanh-nghiep"))
    partners = event.categories[1]
    partners.requires_approval, partners.capacity = True, 1
    db.session.commit()
    gate = make_gate(event)
    guest_id, outcome = walk_in(event, gate, door_scanner, category_code="doanh-nghiep",
                                full_name="Đỗ Văn Mới", phone="0912 000 111")
    assert outcome.result == "accepted"  # door staff adding someone is an approval
    guest = db.session.get(Guest, guest_id)
    assert guest.status == "registered" and guest.approved_at is not None
    # Approval does not stretch the category: once it is full, the next walk-in waits, and the door hears so.
    second_id, second = walk_in(event, gate, door_scanner, category_code="doanh-nghiep",
                                full_name="Lê Thị Sau", phone="0912 000 222")
    assert second.result == "not_approved" and second.guest.status == "waiting"
    assert db.session.get(Guest, second_id).status == "waiting"


def test_the_offline_list_answers_as_the_server_does(db, setup, make_guest, door_scanner):
    event, main, hall, guest = setup
    leaders = event.categories[1]
    leaders.needs_attention = True
    db.session.commit()
    leader = make_guest(event, full_name="Ngô Ngọc Khánh", category=leaders)
    award = AwardCategory(event_id=event.id, name="Giấy khen")
    award.recipients.append(AwardRecipient(position=1, name=guest.full_name, guest_id=guest.id))
    db.session.add(award)
    db.session.commit()
    guests = [guest, leader, make_guest(event, full_name="Lê Hủy", status="cancelled"),
              make_guest(event, full_name="Lê Chờ", status="pending"),
              make_guest(event, full_name="Lê Đợi", status="waiting")]
    seen = set()
    for gate in (main, hall):
        listed = {row[0]: row for row in offline_list(event, gate)["guests"]}
        for person in guests:
            offline = listed[code_hash(person.badge_token)]
            online = check_in(event, gate, door_scanner, code=person.badge_token)
            assert offline[3] == ("ok" if online.result == "accepted" else online.result), (gate.code, person.full_name)
            if online.result == "accepted":
                assert bool(offline[4]) == online.guest.attention
            seen.add(offline[3] if offline[3] != "ok" else f"ok, attention {offline[4]}")
    assert seen == {"ok, attention 1", "cancelled", "not_approved", "not_allowed_here"}


def test_a_guest_chosen_from_a_search_is_judged_by_one_read(client, db, setup, make_key, make_event, make_guest):
    event, _, _, guest = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    stranger = make_guest(make_event(), full_name="Người Lạ")
    stranger_id = stranger.id
    assert client.post(url, json={"guest_id": stranger_id, "gate": "cong-chinh"}, headers=key).status_code == 404
    assert db.session.execute(db.select(db.func.count()).select_from(Scan)).scalar_one() == 0
    guest_id = guest.id
    db.session.commit()
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.split()[0].upper())

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        answer = client.post(url, json={"guest_id": guest_id, "gate": "cong-chinh"}, headers=key).get_json()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    assert answer["result"] == "accepted" and answer["guest"]["name"] == "Nguyễn Mạnh Cường"
    assert statements.count("SELECT") == 1  # event, gate and guest together
    assert db.session.execute(db.select(Scan.method)).scalar_one() == "manual"


@pytest.mark.parametrize("status", ["pending", "cancelled"])
def test_a_guest_without_a_place_chosen_from_a_search_is_refused(db, setup, make_guest, door_scanner, status):
    event, main, _, _ = setup
    guest = make_guest(event, full_name="Lê Thị Hoa", status=status)
    outcome = check_in(event, main, door_scanner, guest_id=guest.id, method="manual")
    assert outcome.result == {"pending": "not_approved", "cancelled": "cancelled"}[status]
    assert outcome.guest.name == "Lê Thị Hoa"
