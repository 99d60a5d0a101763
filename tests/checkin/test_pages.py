"""The check-in pages as organisers and door staff see them."""
import csv
import html
import io
import json
import re

from eventapp.audit import AuditEntry
from eventapp.checkin.models import Gate
from eventapp.checkin.services import Scanner, check_in
from tests.conftest import csrf_token


def test_organiser_adds_a_gate_for_leaders_without_reentry(client, db, make_event, make_user, login):
    event = make_event(categories=("khach", "lanh-dao"))
    login(make_user("admin"))
    form_url = f"/admin/e/{event.slug}/gates/new"
    token = csrf_token(client, form_url)
    leaders = event.categories[1]
    response = client.post(form_url, data={"csrf_token": token, "name": "Hội trường", "name_en": "Ceremony hall",
                                           "code": "hoi-truong", "position": "1", "categories": [str(leaders.id)],
                                           "active": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã lưu cổng." in page and "Hội trường" in page and "Hạng lanh-dao" in page
    gate = db.session.execute(db.select(Gate)).scalar_one()
    assert (gate.allow_reentry, gate.active, [c.code for c in gate.categories]) == (False, True, ["lanh-dao"])
    assert db.session.execute(db.select(AuditEntry).filter_by(action="gate.create")).scalar_one()

    again = client.post(form_url, data={"csrf_token": token, "name": "Hội trường 2", "code": "hoi-truong"})
    assert "Sự kiện đã có cổng với mã này." in again.get_data(as_text=True)
    bad = client.post(form_url, data={"csrf_token": token, "name": "Cổng phụ", "code": "Cổng Phụ"})
    assert "chữ thường không dấu" in bad.get_data(as_text=True)

    edit = client.post(f"/admin/e/{event.slug}/gates/{gate.id}", data={
        "csrf_token": token, "name": "Hội trường", "code": "hoi-truong", "allow_reentry": "y"},
        follow_redirects=True)
    assert "Mọi thành phần" in edit.get_data(as_text=True)
    db.session.expire_all()
    assert (gate.active, gate.allow_reentry, gate.categories) == (False, True, [])


def test_dashboard_shows_people_on_site_apart_from_gates_and_alerts(client, db, setup, make_guest, make_user, login):
    event, main, hall, guest = setup
    leader = make_guest(event, full_name="Ngô Ngọc Khánh", category=event.categories[1], needs_attention=True,
                        position="Chủ tịch Liên minh HTX thành phố")
    scanner = Scanner("may-1", "door")
    for gate in (main, hall):
        check_in(event, gate, scanner, code=leader.badge_token)
    check_in(event, main, scanner, code=guest.badge_token)
    check_in(event, main, scanner, code=guest.badge_token)
    check_in(event, main, scanner, code="GIẢ MẠO")
    check_in(event, main, scanner, code=guest.badge_token, direction="out")
    login(make_user("admin"))
    page = client.get(f"/admin/e/{event.slug}/checkin/").get_data(as_text=True)
    on_site = re.search(r'data-stat="on_site">(\d+)<', page).group(1)
    checked_in = re.search(r'data-stat="checked_in">(\d+)<', page).group(1)
    assert (on_site, checked_in) == ("1", "2")
    assert "Ngô Ngọc Khánh</li>" not in page and "Ngô Ngọc Khánh, Chủ tịch Liên minh HTX thành phố" in page
    assert "<svg" in page and "dashboard.js" in page
    assert "Hội trường</td><td>1 / 1</td>" in page
    assert "Cổng chính</td><td>2 / 2</td><td>1</td>" in page  # two admitted, one still inside
    assert "Mã không hợp lệ" in page and "Đã check-in" in page


def test_the_scan_log_export_is_excel_safe(client, db, setup, make_guest, make_user, login):
    event, main, _, _ = setup
    sly = make_guest(event, full_name="=HYPERLINK(\"http://x\")", organization="+cmd|' /C calc'!A0")
    check_in(event, main, Scanner("@may-1", "door"), code=sly.badge_token)
    login(make_user("admin"))
    response = client.get(f"/admin/e/{event.slug}/checkin/scans.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã lượt quét", "Thời điểm quét", "Thời điểm nhận", "Cổng"]
    row = dict(zip(rows[0], rows[1]))
    assert row["Khách"] == "'=HYPERLINK(\"http://x\")" and row["Đơn vị"].startswith("'+cmd")
    assert row["Thiết bị"] == "'@may-1" and row["Kết quả"] == "accepted" and row["Diễn giải"] == "Mời vào"
    assert row["Tên cổng"] == "Cổng chính"
    assert db.session.execute(db.select(AuditEntry).filter_by(action="checkin.export")).scalar_one()


def test_admin_undoes_from_the_log_and_the_scan_stays(client, db, setup, make_user, login):
    event, main, _, guest = setup
    outcome = check_in(event, main, Scanner("may-1", "door"), code=guest.badge_token)
    login(make_user("admin"))
    token = csrf_token(client, f"/admin/e/{event.slug}/checkin/scans")
    page = client.post(f"/admin/e/{event.slug}/checkin/scans/{outcome.scan_id}/undo", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã huỷ lượt check-in" in page and "(đã huỷ)" in page and "Nguyễn Mạnh Cường" in page


def test_door_staff_get_the_scanning_page_and_its_settings(client, setup, make_user, login):
    event, main, _, _ = setup
    login(make_user("door", event=event))
    assert client.get(f"/door/e/{event.slug}/").status_code == 200  # two gates: a choice
    home = client.get("/door/").get_data(as_text=True)
    assert f"/door/e/{event.slug}/cong-chinh/" in home and f"/door/e/{event.slug}/hoi-truong/" in home
    page = client.get(f"/door/e/{event.slug}/cong-chinh/").get_data(as_text=True)
    config = json.loads(html.unescape(re.search(r"data-config='([^']*)'", page).group(1)))
    assert config["gate"] == "cong-chinh" and config["urls"]["batch"] == f"/api/v1/events/{event.slug}/checkins/batch"
    reprint = f"/door/e/{event.slug}/guests/{{id}}/reprint" if "badges.reprint" in client.application.view_functions else ""
    assert f'data-reprint="{reprint}"' in page  # offered only when the badges feature is there
    assert config["labels"]["already_checked_in"] == "Đã check-in"
    assert 'rel="manifest"' in page and "vendor/jsqr/jsQR.js" in page and 'type="module"' in page
    assert "<option value=\"khach\">" in page  # walk-in categories of this gate
    assert client.get(f"/door/e/{event.slug}/khong-co/").status_code == 404
    assert client.get(f"/admin/e/{event.slug}/checkin/").status_code == 403


def test_door_staff_of_another_event_are_refused(client, setup, make_event, make_user, login):
    event, *_ = setup
    login(make_user("door", event=make_event()))
    assert client.get(f"/door/e/{event.slug}/cong-chinh/").status_code == 403


def test_the_reprint_link_appears_when_the_badges_feature_provides_it(app, setup, make_user, login):
    event, *_ = setup
    if "badges.reprint" not in app.view_functions:  # the badges feature provides it once merged
        app.add_url_rule("/door/e/<slug>/guests/<int:guest_id>/reprint", "badges.reprint", lambda slug, guest_id: "")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = make_user("door").get_id()
    page = client.get(f"/door/e/{event.slug}/cong-chinh/").get_data(as_text=True)
    assert f'data-reprint="/door/e/{event.slug}/guests/{{id}}/reprint"' in page


def test_service_worker_and_manifest_cover_the_door_pages(client):
    sw = client.get("/door/sw.js")
    assert sw.status_code == 200 and sw.mimetype == "text/javascript"
    text = sw.get_data(as_text=True)
    assert 'const SCOPE = "/door/"' in text and "/static/vendor/jsqr/jsQR.js" in text
    assert re.search(r'const VERSION = "[0-9a-f]{12}"', text)
    manifest = client.get("/door/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = manifest.get_json()
    assert data["scope"] == "/door/" and data["start_url"] == "/door/" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_admin_overview_links_to_check_in_by_role(client, setup, make_user, login):
    event, *_ = setup
    login(make_user("door"))
    page = client.get("/admin/").get_data(as_text=True)
    assert "Trang quét thẻ" in page and "Theo dõi check-in" not in page
    login(make_user("admin"))
    page = client.get("/admin/").get_data(as_text=True)
    assert "Theo dõi check-in" in page and "Cổng check-in" in page and "Trang quét thẻ" in page
