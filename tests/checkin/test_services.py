"""Check-in rules without HTTP: every answer, the log, re-entry, idempotence, offline conflicts, undo."""
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.audit import AuditEntry
from eventapp.checkin.models import Admission, Scan
from eventapp.checkin.outcomes import message
from eventapp.checkin.services import NotYours, Scanner, check_in, checked_in_guest_ids, undo
from eventapp.errors import Conflict, DomainError, NotFound
from eventapp.programme.queries import award_names
from eventapp.registration.models import RevokedBadge
from eventapp.tokens import new_badge_token

T0 = datetime(2026, 4, 11, 1, 15, tzinfo=UTC)  # 08:15 in Hà Nội time


def scans(db):
    return db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()


def test_first_scan_admits_and_the_second_says_when_and_where(app, db, setup, door_scanner):
    event, main, _, guest = setup
    first = check_in(event, main, door_scanner, code=guest.badge_token, now=T0)
    assert first.result == "accepted"
    assert (first.guest.name, first.guest.organization, first.guest.category) == (
        "Nguyễn Mạnh Cường", "HTX Tân Dương", "Hạng khach")
    again = check_in(event, main, door_scanner, code=guest.badge_token, now=T0 + timedelta(minutes=20))
    assert again.result == "already_checked_in"
    assert again.first_at == T0 and again.first_gate == "Cổng chính"
    with app.test_request_context():
        assert message(again, event.timezone) == "Đã check-in lúc 08:15 tại Cổng chính."
    logged = scans(db)
    assert [s.result for s in logged] == ["accepted", "already_checked_in"]
    assert logged[1].duplicate_of_id == logged[0].id
    assert db.session.execute(db.select(db.func.count()).select_from(Admission)).scalar_one() == 1


def test_the_code_may_come_inside_a_url_or_in_lower_case(db, setup, door_scanner):
    event, main, hall, guest = setup
    url = f"https://ngayhoi.example.vn/b/{guest.badge_token}?src=qr\n"
    assert check_in(event, main, door_scanner, code=url).result == "accepted"
    assert check_in(event, main, door_scanner, code=guest.badge_token.lower()).result == "already_checked_in"


@pytest.mark.parametrize("text", ["", "xin chào", "A" * 25, "https://example.org/b/" + "2" * 40])
def test_unreadable_text_is_invalid_and_logged_without_a_guest(db, setup, door_scanner, text):
    event, main, _, _ = setup
    outcome = check_in(event, main, door_scanner, code=text or " ")
    assert outcome.result == "invalid" and outcome.guest is None
    assert [(s.result, s.guest_id) for s in scans(db)] == [("invalid", None)]


def test_a_forged_code_of_the_right_shape_is_invalid(db, setup, door_scanner):
    event, main, _, _ = setup
    forged = new_badge_token()
    outcome = check_in(event, main, door_scanner, code=forged)
    assert outcome.result == "invalid"
    assert scans(db)[0].code_tail == forged[-4:]


def test_a_revoked_code_says_revoked_and_names_the_guest(db, setup, door_scanner):
    event, main, _, guest = setup
    old = new_badge_token()
    db.session.add(RevokedBadge(guest_id=guest.id, token=old, reason="Mất thẻ"))
    db.session.commit()
    outcome = check_in(event, main, door_scanner, code=old)
    assert outcome.result == "revoked" and outcome.guest.name == guest.full_name
    assert checked_in_guest_ids(event) == set()
    assert check_in(event, main, door_scanner, code=guest.badge_token).result == "accepted"


def test_another_events_badge_is_wrong_event_and_tells_nothing_of_its_guest(db, setup, make_event, make_guest,
                                                                           door_scanner):
    event, main, _, _ = setup
    other = make_event(name="Ngày hội HTX Hà Nội")
    stranger = make_guest(other, full_name="Trần Văn Khách")
    outcome = check_in(event, main, door_scanner, code=stranger.badge_token)
    assert outcome.result == "wrong_event" and outcome.other_event == "Ngày hội HTX Hà Nội"
    assert outcome.guest is None
    assert scans(db)[0].guest_id is None


@pytest.mark.parametrize("status, result", [("cancelled", "cancelled"), ("pending", "not_approved"),
                                            ("waiting", "not_approved")])
def test_guests_without_a_place_are_refused_with_the_reason(app, db, setup, make_guest, door_scanner, status, result):
    event, main, _, _ = setup
    guest = make_guest(event, full_name="Lê Thị Hoa", status=status)
    outcome = check_in(event, main, door_scanner, code=guest.badge_token)
    assert outcome.result == result and outcome.guest.name == "Lê Thị Hoa"
    assert checked_in_guest_ids(event) == set()
    with app.test_request_context():
        text = message(outcome, event.timezone)
    assert {"cancelled": "huỷ", "pending": "chưa được ban tổ chức duyệt", "waiting": "danh sách chờ"}[status] in text


def test_a_gate_admits_only_its_categories(app, db, setup, make_guest, door_scanner):
    event, _, hall, guest = setup
    outcome = check_in(event, hall, door_scanner, code=guest.badge_token)
    assert outcome.result == "not_allowed_here"
    with app.test_request_context():
        assert message(outcome, event.timezone) == "Thành phần “Hạng khach” không được vào cổng này."
    leader = make_guest(event, full_name="Ngô Ngọc Khánh", category=event.categories[1])
    assert check_in(event, hall, door_scanner, code=leader.badge_token).result == "accepted"


def test_guests_needing_attention_are_flagged(app, db, setup, make_guest, door_scanner):
    from eventapp.programme.models import AwardCategory, AwardRecipient

    event, main, _, guest = setup
    vip = make_guest(event, full_name="Hoàng Minh Cường", needs_attention=True)
    award = AwardCategory(event_id=event.id, name="Bằng khen của UBND thành phố")
    award.recipients.append(AwardRecipient(position=1, name=guest.full_name, guest_id=guest.id))
    db.session.add(award)
    db.session.commit()
    outcome = check_in(event, main, door_scanner, code=vip.badge_token)
    assert outcome.guest.attention and not outcome.guest.award_recipient
    recipient = check_in(event, main, door_scanner, code=guest.badge_token)
    assert recipient.guest.attention and recipient.guest.award_recipient
    with app.test_request_context():
        assert "đón tiếp" in message(recipient, event.timezone)
    assert award_names({guest.id}) == {guest.id: ["Bằng khen của UBND thành phố"]}


def test_reentry_after_an_exit_only_where_the_gate_allows_it(db, setup, make_guest, door_scanner):
    event, main, hall, guest = setup
    assert check_in(event, main, door_scanner, code=guest.badge_token, direction="out").result == "not_inside"
    assert check_in(event, main, door_scanner, code=guest.badge_token).result == "accepted"
    assert check_in(event, main, door_scanner, code=guest.badge_token, direction="out").result == "exited"
    back = check_in(event, main, door_scanner, code=guest.badge_token)
    assert back.result == "accepted" and back.reentry
    assert check_in(event, main, door_scanner, code=guest.badge_token).result == "already_checked_in"
    admission = db.session.execute(db.select(Admission)).scalar_one()
    assert admission.entries == 2 and admission.inside

    leader = make_guest(event, full_name="Ngô Ngọc Khánh", category=event.categories[1])
    assert check_in(event, hall, door_scanner, code=leader.badge_token).result == "accepted"
    assert check_in(event, hall, door_scanner, code=leader.badge_token, direction="out").result == "exited"
    assert check_in(event, hall, door_scanner, code=leader.badge_token).result == "already_checked_in"


def test_a_closed_gate_refuses_to_record(db, setup, door_scanner):
    event, main, _, guest = setup
    main.active = False
    db.session.commit()
    with pytest.raises(Conflict):
        check_in(event, main, door_scanner, code=guest.badge_token)
    assert scans(db) == []


def test_the_same_client_id_is_recorded_once(db, setup, door_scanner):
    event, main, _, guest = setup
    first = check_in(event, main, door_scanner, code=guest.badge_token, client_id="c0ffee00-0000-4000-8000-000000000001")
    again = check_in(event, main, door_scanner, code=guest.badge_token, client_id="c0ffee00-0000-4000-8000-000000000001")
    assert (first.result, again.result) == ("accepted", "accepted")
    assert again.replayed and again.scan_id == first.scan_id and again.guest.name == guest.full_name
    assert len(scans(db)) == 1


def test_offline_devices_that_both_admitted_the_badge_the_earliest_wins(db, setup, door_scanner):
    event, main, _, guest = setup
    device_a, device_b = Scanner("may-a", "door"), Scanner("may-b", "door")
    # Device B scanned at 08:17 and synced first; device A had scanned at 08:15.
    b = check_in(event, main, device_b, code=guest.badge_token, client_id="device-b-0001",
                 scanned_at=T0 + timedelta(minutes=2), offline=True, local_result="accepted", now=T0 + timedelta(minutes=9))
    a = check_in(event, main, device_a, code=guest.badge_token, client_id="device-a-0001",
                 scanned_at=T0, offline=True, local_result="accepted", now=T0 + timedelta(minutes=10))
    assert (b.result, a.result) == ("accepted", "accepted")
    by_id = {s.id: s for s in scans(db)}
    assert by_id[b.scan_id].result == "already_checked_in" and by_id[b.scan_id].duplicate_of_id == a.scan_id
    assert by_id[b.scan_id].local_result == "accepted"  # what device B showed is kept
    admission = db.session.execute(db.select(Admission)).scalar_one()
    assert (admission.admitted_at, admission.scan_id) == (T0, a.scan_id)
    # Sending A's batch again changes nothing; B learns it was the duplicate.
    assert check_in(event, main, device_a, code=guest.badge_token, client_id="device-a-0001").result == "accepted"
    replay_b = check_in(event, main, device_b, code=guest.badge_token, client_id="device-b-0001")
    assert replay_b.result == "already_checked_in" and replay_b.first_at == T0
    late = check_in(event, main, device_b, code=guest.badge_token, now=T0 + timedelta(minutes=30))
    assert late.result == "already_checked_in" and late.first_at == T0
    assert len(scans(db)) == 3


def test_an_online_scan_never_takes_over_an_admission_even_if_its_clock_says_earlier(db, setup, door_scanner):
    # Two requests raced: the one that started first (earlier `now`) was blocked behind the other.
    event, main, _, guest = setup
    winner = check_in(event, main, door_scanner, code=guest.badge_token, now=T0 + timedelta(seconds=1))
    loser = check_in(event, main, door_scanner, code=guest.badge_token, now=T0)
    assert (winner.result, loser.result) == ("accepted", "already_checked_in")
    assert db.session.execute(db.select(Admission)).scalar_one().scan_id == winner.scan_id


def test_a_scan_time_in_the_future_is_brought_back_to_now(db, setup, door_scanner):
    event, main, _, guest = setup
    check_in(event, main, door_scanner, code=guest.badge_token, scanned_at=T0 + timedelta(days=2), now=T0)
    assert scans(db)[0].scanned_at == T0


def test_door_staff_undo_their_own_last_check_in_and_it_stays_in_the_log(db, setup, make_user, make_guest):
    event, main, _, guest = setup
    ha = make_user("door", email="ha@example.org")
    lan = make_user("door", email="lan@example.org")
    admin = make_user("admin", email="bantochuc@example.org")
    as_ha = Scanner("ha@example.org", "door", user_id=ha.id)
    as_lan = Scanner("lan@example.org", "door", user_id=lan.id)
    other = make_guest(event, full_name="Phạm Thị Mai")
    first = check_in(event, main, as_ha, code=guest.badge_token)
    second = check_in(event, main, as_ha, code=other.badge_token)
    check_in(event, main, as_ha, code="rác")  # a refusal after it does not hide the last check-in
    with pytest.raises(NotYours):
        undo(event, first.scan_id, as_ha)  # not Hà's last one
    with pytest.raises(NotYours):
        undo(event, second.scan_id, as_lan)  # not Lan's
    undo(event, second.scan_id, as_ha)
    assert checked_in_guest_ids(event) == {guest.id}
    undone = db.session.get(Scan, second.scan_id)
    assert undone.undone_by == "ha@example.org" and undone.result == "accepted"
    assert db.session.execute(db.select(AuditEntry).filter_by(action="checkin.undo")).scalar_one().target == \
        f"scan:{second.scan_id}"
    with pytest.raises(Conflict):
        undo(event, second.scan_id, as_ha)
    undo(event, first.scan_id, Scanner("bantochuc@example.org", "admin", user_id=admin.id))
    assert checked_in_guest_ids(event) == set()
    assert check_in(event, main, as_lan, code=other.badge_token).result == "accepted"
    assert len(scans(db)) == 4


def test_only_admissions_and_exits_can_be_undone(db, setup, door_scanner):
    event, main, _, guest = setup
    refused = check_in(event, main, door_scanner, code="rác")
    with pytest.raises(DomainError):
        undo(event, refused.scan_id, door_scanner)
    with pytest.raises(NotFound):
        undo(event, 9999, door_scanner)


def test_undoing_a_reentry_puts_the_guest_out_again(db, setup, make_user):
    event, main, _, guest = setup
    staff = make_user("door")
    scanner = Scanner(staff.email, "door", user_id=staff.id)
    check_in(event, main, scanner, code=guest.badge_token)
    check_in(event, main, scanner, code=guest.badge_token, direction="out")
    back = check_in(event, main, scanner, code=guest.badge_token)
    undo(event, back.scan_id, scanner)
    admission = db.session.execute(db.select(Admission)).scalar_one()
    assert (admission.inside, admission.entries) == (False, 1)


def test_checked_in_guest_ids_counts_each_guest_once_over_gates(db, setup, make_guest, door_scanner):
    event, main, hall, guest = setup
    leader = make_guest(event, full_name="Ngô Ngọc Khánh", category=event.categories[1])
    make_guest(event, full_name="Chưa Đến")
    for gate in (main, hall):
        check_in(event, gate, door_scanner, code=leader.badge_token)
    check_in(event, main, door_scanner, code=guest.badge_token)
    assert checked_in_guest_ids(event) == {guest.id, leader.id}
