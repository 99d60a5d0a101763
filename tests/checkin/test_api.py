"""The check-in API as a device or a staff page calls it: answers, errors (never a 500), keys, batch, undo."""
import hashlib

import pytest

from eventapp.checkin.models import Admission, Scan
from eventapp.registration.models import Guest
from tests.conftest import csrf_token


def post(client, path, json=None, headers=None, data=None):
    return client.post(path, json=json, data=data, headers=headers or {})


def test_a_device_admits_once_then_hears_when_and_where(client, setup, make_key):
    event, main, _, guest = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    first = post(client, url, {"code": guest.badge_token, "gate": "cong-chinh"}, key)
    assert first.status_code == 200
    body = first.get_json()
    assert body["result"] == "accepted" and body["colour"] == "green" and body["message"] == "Đã ghi nhận check-in."
    assert body["guest"] == {"id": guest.id, "name": "Nguyễn Mạnh Cường", "category": "Hạng khach",
                             "organization": "HTX Tân Dương", "attention": False, "award_recipient": False,
                             "badge_printed": False}
    again = post(client, url + "?lang=en", {"code": f"https://x.vn/b/{guest.badge_token}", "gate": "cong-chinh"}, key)
    body = again.get_json()
    assert body["result"] == "already_checked_in" and body["colour"] == "amber"
    assert body["first_check_in"]["gate"] == "Cổng chính"
    assert body["message"] == f"Already checked in at {body['first_check_in']['time']} at Cổng chính."


def test_every_refusal_reaches_the_device(client, db, setup, make_key, make_event, make_guest):
    from eventapp.registration.models import RevokedBadge
    from eventapp.tokens import new_badge_token

    event, _, hall, guest = setup
    key = make_key(event)
    cancelled = make_guest(event, full_name="Lê Hủy", status="cancelled")
    pending = make_guest(event, full_name="Lê Chờ", status="pending")
    stranger = make_guest(make_event(name="Sự kiện khác"), full_name="Người Lạ")
    old = new_badge_token()
    db.session.add(RevokedBadge(guest_id=guest.id, token=old))
    db.session.commit()
    cases = [(new_badge_token(), "cong-chinh", "invalid"), (old, "cong-chinh", "revoked"),
             (cancelled.badge_token, "cong-chinh", "cancelled"), (pending.badge_token, "cong-chinh", "not_approved"),
             (stranger.badge_token, "cong-chinh", "wrong_event"), (guest.badge_token, "hoi-truong", "not_allowed_here")]
    for code, gate, expected in cases:
        body = post(client, f"/api/v1/events/{event.slug}/checkins", {"code": code, "gate": gate}, key).get_json()
        assert (body["result"], body["colour"]) == (expected, "red"), code
        assert body["message"]
    assert db.session.execute(db.select(db.func.count()).select_from(Scan)).scalar_one() == len(cases)


@pytest.mark.parametrize("body, status, field", [
    ("not json", 400, None),
    ([1, 2], 422, None),
    ({"gate": "cong-chinh"}, 422, "code"),
    ({"code": 12345, "gate": "cong-chinh"}, 422, "code"),
    ({"code": "x" * 3000, "gate": "cong-chinh"}, 422, "code"),
    ({"code": "ABC", "gate": "cong-chinh", "client_id": "no spaces allowed"}, 422, "client_id"),
    ({"code": "ABC", "gate": "cong-chinh", "scanned_at": "2024-04-06T08:00:00"}, 422, "scanned_at"),
    ({"code": "ABC", "gate": "cong-chinh", "scanned_at": "hôm qua"}, 422, "scanned_at"),
    ({"code": "ABC", "gate": "cong-chinh", "direction": "sideways"}, 422, "direction"),
    ({"code": "ABC", "gate": "cong-chinh", "guest_id": "7"}, 422, "guest_id"),
    ({"code": "ABC", "gate": "cong-chinh", "scanned_at": "0001-01-01T00:00:00+01:00"}, 422, "scanned_at"),
    ({"code": "ABC", "gate": "cong-chinh", "scanned_at": "9999-12-31T23:59:59-23:59"}, 422, "scanned_at"),
    ({"gate": "cong-chinh", "guest_id": 2**40}, 422, "guest_id"),
    ({"code": "ABC", "gate": "cong-chinh", "local_result": "bịa\x00"}, 422, "local_result"),
    ({"code": "ABC", "gate": "cong-chinh", "local_result": {}}, 422, "local_result"),
    ({"code": ["ABC"], "gate": "cong-chinh"}, 422, "code"),
    ({"code": "ABC", "gate": {"x": 1}}, 422, "gate"),
    ({"code": "ABC", "gate": "cong-chinh", "direction": ["in"]}, 422, "direction"),
    ({"code": "ABC", "gate": "cong-chinh", "client_id": {"a": 1}}, 422, "client_id"),
    ({"code": "ABC"}, 422, "gate"),
    ({"code": "ABC", "gate": "cong-sau"}, 404, None),
    ({"code": "ABC", "gate": "cong\x00chinh"}, 404, None),
])
def test_malformed_requests_get_a_clear_4xx(client, setup, make_key, body, status, field):
    event = setup[0]
    key = make_key(event)
    if isinstance(body, str):
        response = post(client, f"/api/v1/events/{event.slug}/checkins", data=body,
                        headers={**key, "Content-Type": "application/json"})
    else:
        response = post(client, f"/api/v1/events/{event.slug}/checkins", body, key)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert response.get_json().get("field") == field


def test_unknown_event_is_404_and_another_events_key_is_403(client, setup, make_key, make_event):
    event, *_ = setup
    assert post(client, "/api/v1/events/khong-co/checkins", {"code": "A", "gate": "x"}, make_key(event)).status_code == 404
    assert post(client, "/api/v1/events/a%00b/checkins", {"code": "A", "gate": "x"}, make_key(event)).status_code == 404
    other_key = make_key(make_event())
    assert post(client, f"/api/v1/events/{event.slug}/checkins", {"code": "A", "gate": "cong-chinh"},
                other_key).status_code == 403


def test_a_key_bound_to_a_gate_scans_only_there(client, setup, make_key):
    event, main, hall, guest = setup
    key = make_key(event, gate=main)
    url = f"/api/v1/events/{event.slug}/checkins"
    assert post(client, url, {"code": guest.badge_token}, key).get_json()["result"] == "accepted"
    refused = post(client, url, {"code": guest.badge_token, "gate": "hoi-truong"}, key)
    assert refused.status_code == 403 and refused.get_json()["field"] == "gate"
    gates = client.get(f"/api/v1/events/{event.slug}/gates", headers=key).get_json()["gates"]
    assert [g["code"] for g in gates] == ["cong-chinh"]
    assert client.get(f"/api/v1/events/{event.slug}/gates/hoi-truong/offline", headers=key).status_code == 403


def test_exit_then_reentry_through_the_api(client, setup, make_key):
    event, main, _, guest = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    def scan(direction):
        return post(client, url, {"code": guest.badge_token, "gate": "cong-chinh",
                                                    "direction": direction}, key).get_json()
    assert scan("out")["result"] == "not_inside"
    assert scan("in")["result"] == "accepted"
    left = scan("out")
    assert (left["result"], left["colour"], left["message"]) == ("exited", "green", "Đã ghi nhận khách ra.")
    back = scan("in")
    assert back["result"] == "accepted" and back["reentry"] and back["message"] == "Khách vào lại."


def test_the_log_records_what_each_online_scan_heard(client, db, setup, make_key):
    """The rows say what each device heard: duplicates point at the first scan, a replay records
    nothing, a gate without re-entry keeps refusing after an exit, one with re-entry counts entries."""
    event, main, hall, guest = setup
    leader = guest
    leader.category = event.categories[1]  # the hall admits leaders only
    db.session.commit()
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    def scan(gate, direction="in", **extra):
        return post(client, url, {"code": leader.badge_token, "gate": gate,
                                                                         "direction": direction, **extra}, key).get_json()
    assert scan("hoi-truong")["result"] == "accepted"
    assert scan("hoi-truong")["result"] == "already_checked_in"
    assert scan("hoi-truong", "out")["result"] == "exited"
    again = scan("hoi-truong", client_id="khach-ra-roi-vao-1")
    assert again["result"] == "already_checked_in" and again["first_check_in"]["gate"] == "Hội trường"
    replayed = scan("hoi-truong", client_id="khach-ra-roi-vao-1")  # sent twice, recorded once
    assert replayed.pop("replayed") and {**replayed, "replayed": False} == again
    assert scan("cong-chinh")["result"] == "accepted" and scan("cong-chinh", "out")["result"] == "exited"
    back = scan("cong-chinh")
    assert back["result"] == "accepted" and back["reentry"]

    rows = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()
    first = rows[0]
    assert [(r.result, r.direction, r.duplicate_of_id) for r in rows] == [
        ("accepted", "in", None), ("already_checked_in", "in", first.id), ("exited", "out", None),
        ("already_checked_in", "in", first.id), ("accepted", "in", None), ("exited", "out", None),
        ("accepted", "in", None)]
    admissions = {a.gate_id: a for a in db.session.execute(db.select(Admission)).scalars()}
    assert (admissions[hall.id].inside, admissions[hall.id].entries, admissions[hall.id].scan_id) == (False, 1, first.id)
    assert (admissions[main.id].inside, admissions[main.id].entries, admissions[main.id].scan_id) == (True, 2, rows[4].id)


def test_an_ordinary_scan_costs_two_statements(client, db, setup, make_key, make_guest):
    """The devices' hot path, as the check-in benchmark drives it: once the key is known, a scan
    reads event, gate and badge in one SELECT and records scan and admission in one statement on
    PostgreSQL, in autocommit (no BEGIN or COMMIT sent); on SQLite a read snapshot, then two INSERTs."""
    from sqlalchemy import event as sa_event

    event, *_ = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    first, second = make_guest(event, full_name="Lý Thị Một"), make_guest(event, full_name="Lý Thị Hai")
    assert post(client, url, {"code": first.badge_token, "gate": "cong-chinh"}, key).get_json()["result"] == "accepted"
    code, second_id = second.badge_token, second.id
    db.session.commit()
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement.split()[0].upper(), getattr(cursor.connection, "autocommit", None)))

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        answer = post(client, url, {"code": code, "gate": "cong-chinh"}, key).get_json()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    assert answer["result"] == "accepted" and answer["guest"]["name"] == "Lý Thị Hai"
    if db.engine.dialect.name == "postgresql":
        assert seen == [("SELECT", True), ("WITH", True)]
    else:
        assert [verb for verb, _level in seen] == ["BEGIN", "SELECT", "ROLLBACK", "BEGIN", "INSERT", "INSERT"]
    scan = db.session.execute(db.select(Scan).where(Scan.guest_id == second_id)).scalar_one()
    admission = db.session.execute(db.select(Admission).where(Admission.guest_id == second_id)).scalar_one()
    assert (scan.result, admission.scan_id) == ("accepted", scan.id)


def test_gates_are_listed_with_their_rules(client, setup, make_key):
    event, *_ = setup
    gates = client.get(f"/api/v1/events/{event.slug}/gates", headers=make_key(event)).get_json()["gates"]
    assert [(g["code"], g["allow_reentry"], g["categories"]) for g in gates] == [
        ("cong-chinh", True, []), ("hoi-truong", False, ["lanh-dao"])]


def test_a_staff_session_needs_the_csrf_header(client, setup, make_user, login):
    event, _, _, guest = setup
    login(make_user("door"))
    url = f"/api/v1/events/{event.slug}/checkins"
    assert post(client, url, {"code": guest.badge_token, "gate": "cong-chinh"}).status_code == 400
    token = csrf_token(client, f"/door/e/{event.slug}/cong-chinh/")
    answer = post(client, url, {"code": guest.badge_token, "gate": "cong-chinh"}, {"X-CSRFToken": token})
    assert answer.get_json()["result"] == "accepted"
    scan = answer.get_json()["scan_id"]
    assert post(client, f"/api/v1/events/{event.slug}/checkins/{scan}/undo", {}, {"X-CSRFToken": token}).status_code == 200


def test_batch_is_idempotent_and_answers_each_scan(client, db, setup, make_key, make_guest):
    event, main, _, guest = setup
    other = make_guest(event, full_name="Phạm Thị Mai")
    key = make_key(event)
    scans = [
        {"client_id": "11111111-aaaa-4000-8000-000000000001", "code": guest.badge_token, "gate": "cong-chinh",
         "scanned_at": "2026-04-11T08:01:00+07:00", "local_result": "accepted"},
        {"client_id": "11111111-aaaa-4000-8000-000000000002", "code": guest.badge_token, "gate": "cong-chinh",
         "scanned_at": "2026-04-11T08:02:00+07:00", "local_result": "already_checked_in"},
        {"client_id": "11111111-aaaa-4000-8000-000000000003", "code": "UNKNOWN", "gate": "cong-chinh",
         "scanned_at": "2026-04-11T08:03:00+07:00", "local_result": "invalid"},
        {"code": other.badge_token, "gate": "cong-chinh"},  # no client_id: refused alone
        {"client_id": "11111111-aaaa-4000-8000-000000000005", "code": other.badge_token, "gate": "cong-ngoai"},
        "not an object",
    ]
    url = f"/api/v1/events/{event.slug}/checkins/batch"
    first = post(client, url, {"scans": scans}, key)
    assert first.status_code == 200
    results = first.get_json()["results"]
    assert [r["result"] for r in results] == ["accepted", "already_checked_in", "invalid", "error", "error", "error"]
    assert results[3]["field"] == "client_id" and results[4]["status"] == 404
    again = post(client, url, {"scans": scans[:3]}, key).get_json()["results"]
    assert [r["result"] for r in again] == ["accepted", "already_checked_in", "invalid"]
    assert all(r["replayed"] for r in again)
    assert db.session.execute(db.select(db.func.count()).select_from(Scan)).scalar_one() == 3
    stored = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().first()
    assert stored.offline and stored.local_result == "accepted"
    assert stored.scanned_at.isoformat() == "2026-04-11T01:01:00+00:00"


def test_batch_conflict_the_earliest_offline_scan_wins(client, db, setup, make_key):
    event, main, _, guest = setup
    url = f"/api/v1/events/{event.slug}/checkins/batch"
    late = {"client_id": "device-b-000000001", "code": guest.badge_token, "gate": "cong-chinh",
            "scanned_at": "2026-04-11T08:05:00+07:00", "local_result": "accepted"}
    early = {"client_id": "device-a-000000001", "code": guest.badge_token, "gate": "cong-chinh",
             "scanned_at": "2026-04-11T08:00:30+07:00", "local_result": "accepted"}
    assert post(client, url, {"scans": [late]}, make_key(event, label="B")).get_json()["results"][0]["result"] == "accepted"
    assert post(client, url, {"scans": [early]}, make_key(event, label="A")).get_json()["results"][0]["result"] == "accepted"
    b, a = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()
    assert (a.result, b.result, b.duplicate_of_id) == ("accepted", "already_checked_in", a.id)
    admission = db.session.execute(db.select(Admission)).scalar_one()
    assert admission.scan_id == a.id and admission.admitted_at.isoformat() == "2026-04-11T01:00:30+00:00"
    # The organiser sees the duplicate on the dashboard data.
    from eventapp.checkin.stats import dashboard

    data = dashboard(event)
    assert data["duplicates"] == 1 and data["checked_in"] == 1


@pytest.mark.parametrize("body", [{}, {"scans": "x"}, {"scans": [{}] * 501}, [1]])
def test_a_malformed_batch_is_refused_whole(client, setup, make_key, body):
    event = setup[0]
    response = post(client, f"/api/v1/events/{event.slug}/checkins/batch", body, make_key(event))
    assert response.status_code == 422 and response.get_json()["field"] == "scans"


def test_undo_through_the_api_own_last_only_for_door_keys(client, db, setup, make_key, make_user, login):
    event, main, _, guest = setup
    mine, theirs = make_key(event), make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    scan = post(client, url, {"code": guest.badge_token, "gate": "cong-chinh"}, mine).get_json()["scan_id"]
    refused = post(client, f"{url}/{scan}/undo", {}, theirs)
    assert refused.status_code == 403 and "gần nhất" in refused.get_json()["error"]
    assert post(client, f"{url}/{scan}/undo", {}, mine).status_code == 200
    assert post(client, f"{url}/{scan}/undo", {}, mine).status_code == 409
    assert post(client, f"{url}/999/undo", {}, mine).status_code == 404
    assert post(client, f"{url}/{2**70}/undo", {}, mine).status_code == 404
    again = post(client, url, {"code": guest.badge_token, "gate": "cong-chinh"}, theirs).get_json()
    assert again["result"] == "accepted"
    admin_key = make_key(event, role="admin")
    assert post(client, f"{url}/{again['scan_id']}/undo", {}, admin_key).status_code == 200
    assert db.session.execute(db.select(db.func.count()).select_from(Admission)).scalar_one() == 0


def test_the_offline_list_carries_hashes_not_codes_nor_contacts(client, db, setup, make_key, make_guest):
    event, main, hall, guest = setup
    make_guest(event, full_name="Lê Hủy", status="cancelled", phone="+84912345678")
    post(client, f"/api/v1/events/{event.slug}/checkins", {"code": guest.badge_token, "gate": "cong-chinh"},
         make_key(event))
    response = client.get(f"/api/v1/events/{event.slug}/gates/cong-chinh/offline", headers=make_key(event))
    data = response.get_json()
    text = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    digest = hashlib.sha256(guest.badge_token.encode()).hexdigest()[:32]
    rows = {row[0]: row for row in data["guests"]}
    assert rows[digest][1:5] == ["Nguyễn Mạnh Cường", "Hạng khach", "ok", 0] and rows[digest][5]
    assert sorted(row[3] for row in data["guests"]) == ["cancelled", "ok"]
    assert guest.badge_token not in text and "@example.org" not in text and "912345678" not in text
    assert "Lê Hủy" not in text
    hall_list = client.get(f"/api/v1/events/{event.slug}/gates/hoi-truong/offline", headers=make_key(event)).get_json()
    assert {row[3] for row in hall_list["guests"]} == {"not_allowed_here", "cancelled"}


def test_door_search_ignores_diacritics_and_reads_phones(client, setup, make_key, make_guest):
    event, *_ = setup
    make_guest(event, full_name="Trần Thị Đào", phone="+84912345678", organization="Quỹ tín dụng Đồ Sơn")
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/gates/cong-chinh/guests"
    def names(q):
        return [g["name"] for g in client.get(url, query_string={"q": q}, headers=key).get_json()["guests"]]
    assert names("nguyen manh cuong") == ["Nguyễn Mạnh Cường"]
    assert names("tran thi dao") == ["Trần Thị Đào"]
    assert names("0912 345 678") == ["Trần Thị Đào"]
    assert names("+84 912 345 678") == ["Trần Thị Đào"]
    assert names("do son") == ["Trần Thị Đào"]
    assert names("x") == [] and names("không ai") == []


def test_walk_in_registers_admits_and_offers_a_reprint(app, db, setup, make_key):
    event, main, _, _ = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/walk-ins"
    body = {"gate": "cong-chinh", "category": "khach", "full_name": "  Vũ Văn  Mới ", "phone": "0987 654 321",
            "organization": "HTX Mới"}
    created = post(client := app.test_client(), url, body, key)
    assert created.status_code == 201
    data = created.get_json()
    assert data["result"] == "accepted" and data["guest"]["name"] == "Vũ Văn Mới"
    assert data["reprint_url"] == f"/door/e/{event.slug}/guests/{data['guest_id']}/reprint"
    guest = db.session.get(Guest, data["guest_id"])
    assert (guest.source, guest.phone, guest.consent_at is not None) == ("walk_in", "+84987654321", True)
    duplicate = post(client, url, body, key)
    assert duplicate.status_code == 409 and duplicate.get_json()["existing"]["id"] == guest.id
    # Said to the door staff, not "Bạn đã đăng ký" as to the guest.
    assert duplicate.get_json()["error"].startswith("Khách này đã đăng ký")
    # Seen: a wrong e-mail hid the wrong phone "abc". Every field at fault is told, nothing is written.
    both = post(client, url, {**body, "full_name": "Lê Văn Bảo", "phone": "abc", "email": "not-an-email"}, key)
    answer = both.get_json()
    assert both.status_code == 422 and answer["field"] == "phone"
    assert [(e["field"], e["error"]) for e in answer["errors"]] == [
        ("phone", "Số điện thoại không hợp lệ."), ("email", "Địa chỉ email không hợp lệ.")]
    assert db.session.execute(db.select(Guest).where(Guest.full_name == "Lê Văn Bảo")).first() is None
    missing = post(client, url, {**body, "full_name": "", "phone": "0911 111 111"}, key)
    assert missing.status_code == 422 and missing.get_json()["field"] == "full_name"
    wrong_category = post(client, f"{url}", {**body, "gate": "hoi-truong", "phone": "0911 111 112"}, key)
    assert wrong_category.status_code == 422 and wrong_category.get_json()["field"] == "category"


def test_stats_are_for_organisers(client, setup, make_key, make_user, login):
    event, _, _, guest = setup
    post(client, f"/api/v1/events/{event.slug}/checkins", {"code": guest.badge_token, "gate": "cong-chinh"},
         make_key(event))
    assert client.get(f"/api/v1/events/{event.slug}/checkins/stats", headers=make_key(event)).status_code == 403
    data = client.get(f"/api/v1/events/{event.slug}/checkins/stats", headers=make_key(event, role="admin")).get_json()
    assert (data["on_site"], data["checked_in"], data["registered"]) == (1, 1, 1)
    assert data["gates"][0]["admitted"] == 1 and data["last_scans"][0]["guest"] == "Nguyễn Mạnh Cường"
    assert sum(bar["count"] for bar in data["arrivals"]) == 1 and "<svg" in data["chart_svg"]


def test_the_openapi_document_describes_check_in(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/events/{slug}/gates", "/events/{slug}/checkins", "/events/{slug}/checkins/batch",
                 "/events/{slug}/checkins/{scan_id}/undo", "/events/{slug}/gates/{gate_code}/offline",
                 "/events/{slug}/checkins/stats", "/events/{slug}/walk-ins"):
        assert path in paths


def test_create_api_key_prints_a_working_key_once(app, db, runner, setup):
    from eventapp.auth.models import ApiKey, hash_api_key

    event, main, _, guest = setup
    result = runner.invoke(args=["create-api-key", "--role", "door", "--event", event.slug, "--gate", "cong-chinh",
                                 "--label", "Máy quét 1"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    stored = db.session.execute(db.select(ApiKey)).scalar_one()
    assert stored.key_hash == hash_api_key(key) and key not in (stored.prefix, stored.label)
    assert stored.gate_id == main.id and stored.label == "Máy quét 1"
    answer = app.test_client().post(f"/api/v1/events/{event.slug}/checkins", json={"code": guest.badge_token},
                                    headers={"Authorization": f"Bearer {key}"})
    assert answer.get_json()["result"] == "accepted"
    assert runner.invoke(args=["create-api-key", "--event", "khong-co"]).exit_code != 0
    assert runner.invoke(args=["create-api-key", "--event", event.slug, "--gate", "khong-co"]).exit_code != 0
