"""The staff pages through the test client: invite, accept, sign in; bad input; isolation."""
import re

import pytest

from eventapp.auth.models import User
from eventapp.staff import invitations

from .kit import csrf_token, is_login_redirect, link_in, mails_to, replayed, signed_in_cookie

NEW_PASSWORD = "mot-mat-khau-moi-du-dai"


def _page(response):
    return response.get_data(as_text=True)


def _invite(client, **values):
    data = {"csrf_token": csrf_token(client, "/admin/staff/invite"), "email": "lan.nguyen@example.org",
            "full_name": "Nguyễn Thị Lan", "role": "door", "event_id": "0", "cooperative_id": "0"} | values
    return client.post("/admin/staff/invite", data=data)


def _user(db, email):
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/admin/staff/"), **data})


def test_invite_accept_and_sign_in(app, client, db, event, boss, login):
    login(boss)
    response = _invite(client, event_id=str(event.id))
    assert response.status_code == 302
    listing = _page(client.get("/admin/staff/"))
    assert "Nguyễn Thị Lan" in listing and "Đã mời – chưa nhận" in listing and "Chưa đăng nhập" in listing

    token = link_in(mails_to("lan.nguyen@example.org")[0])
    newcomer = app.test_client()
    form = _page(newcomer.get(f"/staff/invitation/{token}"))
    assert "lan.nguyen@example.org" in form and 'type="password"' in form
    data = {"csrf_token": csrf_token(newcomer, f"/staff/invitation/{token}")}
    short = newcomer.post(f"/staff/invitation/{token}", data=data | {"password": "ngan", "confirm": "ngan"})
    assert short.status_code == 200, _page(short)
    assert "ít nhất 10 ký tự" in _page(short)
    done = newcomer.post(f"/staff/invitation/{token}", data=data | {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/")
    assert "Nguyễn Thị Lan" in _page(newcomer.get("/admin/"))   # signed in

    again = app.test_client().get(f"/staff/invitation/{token}")
    assert again.status_code == 400 and "đã được dùng" in _page(again)
    signed_in_cookie(app.test_client(), "lan.nguyen@example.org", NEW_PASSWORD)
    listing = _page(client.get("/admin/staff/?state=active"))
    assert "Nguyễn Thị Lan" in listing and re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", listing)


@pytest.mark.parametrize("values, message", [
    ({"email": "khong-phai-email"}, "Email không hợp lệ."),
    ({"full_name": ""}, "Vui lòng nhập họ và tên."),
    ({"event_id": "0"}, "phải gắn với một sự kiện"),                   # door staff for every event
    ({"email": "ChuTich@lienminh.vn"}, "Đã có tài khoản với email chutich@lienminh.vn"),
    ({"role": "exhibitor"}, "Hãy chọn hợp tác xã"),
    ({"event_id": "99999"}, "Lựa chọn không hợp lệ"),
])
def test_bad_invitations_say_why_and_change_nothing(client, db, event, boss, login, values, message):
    login(boss)
    before = db.session.execute(db.select(db.func.count(User.id))).scalar_one()
    response = _invite(client, **({"event_id": str(event.id)} | values))
    assert response.status_code == 200 and message in _page(response)
    assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == before


@pytest.mark.parametrize("token", ["khong-phai-base64", "%FF%FE", "a" * 3000, "e30.AAAA.BBBB"])
def test_a_bad_link_gets_a_clear_page_never_a_500(client, token):
    response = client.get(f"/staff/invitation/{token}")
    assert response.status_code == 400 and "Liên kết không hợp lệ" in _page(response)
    posted = client.post(f"/staff/invitation/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.status_code in (400, 429)


def test_an_expired_link_says_so(app, client, db, event, organiser, monkeypatch):
    from itsdangerous import TimestampSigner

    with app.test_request_context():
        from eventapp.staff import services

        user = services.invite(organiser, email="lan@example.org", full_name="Lan", role="door", event=event)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: 1_000_000_000)
    token = invitations.invitation_token(user)
    monkeypatch.undo()
    response = client.get(f"/staff/invitation/{token}")
    assert response.status_code == 400
    assert "Liên kết đã hết hạn (72 giờ). Hãy đề nghị ban tổ chức gửi lại lời mời." in _page(response)


def test_role_change_and_the_self_rules_on_the_page(client, db, event, boss, make_user, login, organiser):
    door = make_user("door", event=event, organiser=organiser, full_name="Trần Văn Đức")
    login(boss)
    response = _post(client, f"/admin/staff/{door.id}", role="admin", event_id="0")
    assert response.status_code == 302
    db.session.refresh(door)
    assert (door.role, door.event_id) == ("admin", None)
    refused = _post(client, f"/admin/staff/{boss.id}", role="door", event_id=str(event.id))
    assert refused.status_code == 200 and "tự hạ quyền" in _page(refused)
    page = _page(client.get(f"/admin/staff/{boss.id}"))
    assert ">Khoá tài khoản</button>" not in page and ">Đặt lại mật khẩu</button>" in page  # no self-lockout
    refused = _post(client, f"/admin/staff/{boss.id}/deactivate")
    assert "tự khoá" in _page(client.get(refused.headers["Location"]))
    db.session.refresh(boss)
    assert boss.active and boss.role == "admin"


def test_deactivating_through_the_page_signs_the_person_out(app, client, db, event, boss, make_user, login,
                                                            organiser):
    door = make_user("door", event=event, organiser=organiser)
    cookie = signed_in_cookie(app.test_client(), door.email)
    login(boss)
    response = _post(client, f"/admin/staff/{door.id}/deactivate")
    assert "Đã khoá tài khoản" in _page(client.get(response.headers["Location"]))
    assert is_login_redirect(replayed(app, cookie))
    assert "Đã khoá" in _page(client.get("/admin/staff/?state=disabled"))
    _post(client, f"/admin/staff/{door.id}/reactivate")
    assert signed_in_cookie(app.test_client(), door.email)


def test_log_out_everywhere_through_the_page(app, client, db, event, boss, make_user, login, organiser):
    door = make_user("door", event=event, organiser=organiser)
    cookie = signed_in_cookie(app.test_client(), door.email)
    login(boss)
    response = _post(client, f"/admin/staff/{door.id}/log-out-everywhere")
    assert "đăng xuất khỏi mọi thiết bị" in _page(client.get(response.headers["Location"]))
    assert is_login_redirect(replayed(app, cookie))
    assert signed_in_cookie(app.test_client(), door.email)   # the password still works


def test_an_organiser_never_sees_nor_changes_anothers_staff(client, db, event, boss, make_organiser, make_user,
                                                            login):
    other = make_organiser("Liên minh HTX tỉnh Nam Định")
    their_admin = make_user("admin", organiser=other, email="namdinh@example.org")
    login(their_admin)
    listing = _page(client.get("/admin/staff/"))
    assert "chutich@lienminh.vn" not in listing and "namdinh@example.org" in listing
    assert client.get(f"/admin/staff/{boss.id}").status_code == 404
    for action in ("deactivate", "reset-password", "log-out-everywhere"):
        assert _post(client, f"/admin/staff/{boss.id}/{action}").status_code == 404
    assert _post(client, f"/admin/staff/{boss.id}", role="door", event_id="0").status_code == 404
    db.session.refresh(boss)
    assert boss.active and boss.role == "admin" and boss.session_version == 0
    assert event.name not in _page(client.get("/admin/staff/invite"))   # nor offers its events


def test_the_organisers_home_links_to_the_staff_pages(client, boss, make_user, login):
    login(boss)
    assert 'href="/admin/staff/"' in _page(client.get("/admin/"))
    assert 'href="/admin/organisers/"' not in _page(client.get("/admin/"))


def test_an_admin_of_one_event_may_not_manage_staff(client, event, make_user, login, organiser):
    login(make_user("admin", event=event, organiser=organiser))
    assert client.get("/admin/staff/").status_code == 403
    assert client.get("/admin/staff/invite").status_code == 403


def test_the_organisers_pages_are_the_install_administrators(client, boss, login):
    login(boss)
    assert client.get("/admin/organisers/").status_code == 403
    assert client.get("/admin/organisers/new").status_code == 403
    assert _post(client, "/admin/organisers/1/act").status_code == 403


def test_the_install_administrator_creates_and_switches_organisers(app, client, db, organiser, boss, make_user,
                                                                   login):
    login(make_user("admin"))   # no organiser: the whole install
    path = "/admin/organisers/new"
    data = {"csrf_token": csrf_token(client, path), "organiser": "Liên minh HTX tỉnh Quảng Ninh", "slug": "",
            "email": "qn@example.org", "full_name": "Vũ Thị Hằng"}
    proposed = client.post(path, data=data | {"propose": "1"})
    assert 'value="lien-minh-htx-tinh-quang-ninh"' in _page(proposed)
    assert client.post(path, data=data | {"email": "chutich@lienminh.vn"}).status_code == 200  # taken: nothing made
    assert "Quảng Ninh" not in _page(client.get("/admin/organisers/"))
    assert client.post(path, data=data).status_code == 302
    page = _page(client.get("/admin/organisers/"))
    assert "Liên minh HTX tỉnh Quảng Ninh" in page and organiser.name in page
    assert "qn@example.org" in _page(client.get("/admin/staff/"))   # acting for the new one
    assert mails_to("qn@example.org")
    client.post(f"/admin/organisers/{organiser.id}/act", data={"csrf_token": csrf_token(client, "/admin/organisers/")})
    listing = _page(client.get("/admin/staff/"))
    assert "chutich@lienminh.vn" in listing and "qn@example.org" not in listing
    assert _post(client, "/admin/organisers/99999/act").status_code == 404


def test_the_pages_speak_english_on_request(client, boss, login):
    login(boss)
    page = _page(client.get("/admin/staff/?lang=en"))
    assert "Staff and accounts" in page and "Active" in page
