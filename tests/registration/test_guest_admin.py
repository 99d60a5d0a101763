"""The organisers' guest pages through the HTTP client."""
import re

from eventapp.registration import services
from eventapp.registration.models import Guest
from tests.conftest import csrf_token


def _post(client, path, data=None):
    token = csrf_token(client, "/admin/")
    return client.post(path, data={"csrf_token": token, **(data or {})})


def test_dashboard_links_to_the_guest_pages(client, db, make_event, admin):
    event = make_event()
    html = client.get("/admin/").get_data(as_text=True)
    assert f"/admin/e/{event.slug}/guests" in html and f"/admin/e/{event.slug}/guests/import" in html


def test_guest_list_searches_filters_and_counts(client, db, make_event, admin):
    event = make_event(categories=("htx", "bao-chi"))
    event.categories[1].requires_approval = True
    db.session.commit()
    services.register_guest(event, event.categories[0], full_name="Nguyễn Mạnh Cường", email="c@example.org")
    services.register_guest(event, event.categories[1], full_name="Lê Thị Hoa", email="h@example.org")
    html = client.get(f"/admin/e/{event.slug}/guests?q=nguyen+cuong").get_data(as_text=True)
    assert "Nguyễn Mạnh Cường" in html and "Lê Thị Hoa" not in html
    html = client.get(f"/admin/e/{event.slug}/guests?status=pending").get_data(as_text=True)
    assert "Lê Thị Hoa" in html and "Nguyễn Mạnh Cường" not in html
    counts = client.get(f"/admin/e/{event.slug}/guests/counts.json").get_json()["counts"]
    by_code = {row["category"]: row for row in counts}
    assert by_code["htx"]["registered"] == 1 and by_code["bao-chi"]["pending"] == 1
    assert by_code[None]["checked_in"] == 0  # nobody has come through a gate yet


def test_guest_list_pages(client, db, make_event, admin):
    event = make_event()
    for i in range(55):
        services.register_guest(event, event.categories[0], full_name=f"Khách Số {i:02d}", email=f"k{i}@example.org")
    first = client.get(f"/admin/e/{event.slug}/guests").get_data(as_text=True)
    assert "Trang 1 / 2" in first and "55 khách" in first
    second = client.get(f"/admin/e/{event.slug}/guests?page=2").get_data(as_text=True)
    rows = re.findall(rf'href="/admin/e/{event.slug}/guests/(\d+)"', second)
    assert "Trang 2 / 2" in second and len(rows) == 5
    for odd in ("page=abc", f"page={10**30}", f"category={10**30}", "status=nope"):
        assert client.get(f"/admin/e/{event.slug}/guests?{odd}").status_code == 200, odd
    assert client.get(f"/admin/e/{event.slug}/guests/{10**30}").status_code == 404


def test_checked_in_column_and_filter(client, db, make_event, admin, checked_in):
    event = make_event()
    a = services.register_guest(event, event.categories[0], full_name="Trần An", email="a@example.org")
    services.register_guest(event, event.categories[0], full_name="Lê Bình", email="b@example.org")
    checked_in.add(a.id)
    html = client.get(f"/admin/e/{event.slug}/guests?checked_in=yes").get_data(as_text=True)
    assert "Trần An" in html and "Lê Bình" not in html


def test_approve_cancel_and_resend_from_the_guest_page(client, db, make_event, admin, outbox):
    event = make_event()
    event.categories[0].requires_approval = True
    db.session.commit()
    guest = services.register_guest(event, event.categories[0], full_name="Đỗ Thu Hà", email="ha@baochi.vn")
    page = f"/admin/e/{event.slug}/guests/{guest.id}"
    assert "Duyệt" in client.get(page).get_data(as_text=True)

    response = _post(client, f"{page}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert guest.status == "registered" and outbox()[0]["to"] == "ha@baochi.vn"

    _post(client, f"{page}/resend")
    assert len(outbox()) == 2 and "gửi lại" in outbox()[0]["body"]

    _post(client, f"{page}/cancel")
    db.session.expire_all()
    assert guest.status == "cancelled"
    html = client.get(page).get_data(as_text=True)
    assert "Đã huỷ" in html
    from eventapp.audit import AuditEntry

    actions = [e.action for e in db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id)).scalars()]
    assert actions == ["guest.approve", "guest.resend", "guest.cancel"]


def test_organiser_edits_and_adds_guests(client, db, make_event, admin, outbox):
    event = make_event(categories=("htx", "lanh-dao"))
    event.categories[1].public = False
    db.session.commit()
    guest = services.register_guest(event, event.categories[0], full_name="Trần An", email="a@example.org")
    page = f"/admin/e/{event.slug}/guests/{guest.id}"
    bad = _post(client, page, {"full_name": "Trần An", "email": "a@", "category": event.categories[1].id})
    assert bad.status_code == 400 and "Địa chỉ email không hợp lệ." in bad.get_data(as_text=True)
    ok = _post(client, page, {"full_name": "Trần Văn An", "email": "a@example.org", "phone": "0912345678",
                              "category": event.categories[1].id})
    assert ok.status_code == 302
    db.session.expire_all()
    assert (guest.full_name, guest.category.code, guest.phone) == ("Trần Văn An", "lanh-dao", "+84912345678")

    added = _post(client, f"/admin/e/{event.slug}/guests/new",
                  {"full_name": "Ngô Ngọc Khánh", "email": "khanh@example.org", "category": event.categories[1].id})
    assert added.status_code == 302
    new = db.session.execute(db.select(Guest).filter_by(email="khanh@example.org")).scalar_one()
    assert new.source == "admin" and new.status == "registered"
    assert outbox()[0]["to"] == "khanh@example.org" and "Thư mời" in outbox()[0]["subject"]


def test_admin_of_another_event_is_refused(client, db, make_event, make_user, login):
    mine, other = make_event(), make_event()
    login(make_user("admin", event=mine))
    assert client.get(f"/admin/e/{other.slug}/guests").status_code == 403
    assert client.get(f"/admin/e/{mine.slug}/guests").status_code == 200


def test_door_staff_cannot_open_the_guest_list(client, db, make_event, make_user, login):
    event = make_event()
    login(make_user("door"))
    assert client.get(f"/admin/e/{event.slug}/guests").status_code == 403
    assert not re.search(r"/admin/e/[^\"]+/guests", client.get("/admin/").get_data(as_text=True))
