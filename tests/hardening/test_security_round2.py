"""Security round 2 (both lanes): sessions end on the server, exhibitors cancel only their booth
staff, and people see only their organiser's and their event's rows."""
import pytest

from eventapp.audit import AuditEntry
from eventapp.booths import placement, portal
from eventapp.errors import NotFound
from eventapp.registration.models import Guest
from tests.conftest import csrf_token

# ----- 2. logging out ends the session on the server ----------------------------------------------

def _signed_in(client, user, password="mat-khau-rat-dai"):
    client.post("/login", data={"csrf_token": csrf_token(client), "email": user.email, "password": password})
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert client.get("/admin/audit").status_code == 200
    return cookie.value


def _replayed(app, cookie_value):
    other = app.test_client()
    other.set_cookie("session", cookie_value)
    return other.get("/admin/audit")


def _is_login_page(response):
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_saved_before_logout_no_longer_opens_staff_pages(app, client, make_user):
    user = make_user("admin")
    saved = _signed_in(client, user)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    assert _is_login_page(_replayed(app, saved))


@pytest.mark.parametrize("action", ["new_password", "deactivated", "everywhere"])
def test_a_saved_cookie_fails_after_password_change_deactivation_or_log_out_everywhere(app, client, db, make_user,
                                                                                       action):
    from eventapp.auth.services import end_sessions

    user = make_user("admin")
    saved = _signed_in(client, user)
    if action == "new_password":
        user.set_password("mot-mat-khau-moi-dai")
        db.session.commit()
    elif action == "deactivated":
        user.active = False
        db.session.commit()
    else:
        end_sessions(user)
    assert _is_login_page(_replayed(app, saved))


def test_a_cookie_of_before_revocable_sessions_reads_as_signed_out(client, make_user):
    user = make_user("admin")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # the shape of the cookies issued before
    assert _is_login_page(client.get("/admin/audit"))


# ----- 3. an exhibitor cancels only the booth staff it registered ---------------------------------

@pytest.fixture
def staffed(db, make_event, make_cooperative, make_booth, make_guest):
    from eventapp.booths.models import BoothApplication

    event = make_event(categories=("khach", "trung-bay"), staff_per_booth=2)
    guests_category, staff_category = event.categories
    guests_category.capacity = 1
    coop = make_cooperative(event, "HTX Thủy sản Cát Bà")
    application = BoothApplication(event_id=event.id, cooperative_id=coop.id, sector="Thủy sản", status="approved")
    db.session.add(application)
    db.session.commit()
    placement.assign(make_booth(event, "A01"), application)
    delegate = make_guest(event, "Phạm Văn Đức", category=guests_category, cooperative_id=coop.id)
    waiting = make_guest(event, "Lê Thị Hoa", category=guests_category, status="waiting")
    staff = portal.register_staff(event, coop, full_name="Nguyễn Văn An", email="an@example.org")
    return event, coop, delegate, waiting, staff


def test_an_exhibitor_cannot_cancel_a_guest_of_its_cooperative_who_is_not_booth_staff(db, staffed):
    event, coop, delegate, _waiting, _staff = staffed
    with pytest.raises(NotFound):
        portal.remove_staff(event, coop, delegate.id)
    assert db.session.get(Guest, delegate.id).status == "registered"


def test_removing_booth_staff_goes_through_the_cancellation_service(db, staffed, make_user, client, login):
    event, coop, _delegate, _waiting, staff = staffed
    login(make_user("exhibitor", cooperative=coop, event=event))
    response = client.post(f"/exhibitor/staff/{staff.id}/remove",
                           data={"csrf_token": csrf_token(client, "/exhibitor/")}, follow_redirects=True)
    assert response.status_code == 200
    assert db.session.get(Guest, staff.id).status == "cancelled"
    actions = db.session.execute(db.select(AuditEntry.action).where(AuditEntry.target == f"guest:{staff.id}")
                                 ).scalars().all()
    assert "guest.cancel" in actions and "booth.staff_remove" in actions


def test_the_portal_refuses_to_cancel_a_delegate_of_the_cooperative(db, staffed, make_user, client, login):
    event, coop, delegate, waiting, _staff = staffed
    login(make_user("exhibitor", cooperative=coop, event=event))
    response = client.post(f"/exhibitor/staff/{delegate.id}/remove",
                           data={"csrf_token": csrf_token(client, "/exhibitor/")}, follow_redirects=True)
    assert "Đã huỷ đăng ký nhân viên" not in response.get_data(as_text=True)
    assert db.session.get(Guest, delegate.id).status == "registered"
    assert db.session.get(Guest, waiting.id).status == "waiting"


# ----- 6. a sheet of cells beyond the columns read is refused before it is parsed -----------------

def _sheet(rows, columns, first_columns=("Họ và tên", "Email")):
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(first_columns))
    for i in range(rows):
        sheet.append([f"Nguyễn Văn {i}", f"a{i}@example.org"] + [None] * 98 + [1] * columns)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_an_xlsx_with_a_mass_of_cells_beyond_column_100_is_refused_before_parsing(app):
    from eventapp.errors import DomainError
    from eventapp.uploads import read_table

    with app.test_request_context():
        with pytest.raises(DomainError, match="quá nhiều ô"):
            read_table("ds.xlsx", _sheet(rows=60, columns=150), max_rows=50)
        rows = read_table("ds.xlsx", _sheet(rows=40, columns=0), max_rows=50)
    assert len(rows) == 41 and rows[1][1][:2] == ["Nguyễn Văn 0", "a0@example.org"]


# ----- 6. NUL in any parameter is a 400 on every GET rule, never a 500 --------------------------

NUL_QUERY = "?action=a%00b&q=%00&page=%00&event=%00&status=%00&category=%00&gate=%00&organiser=%00&next=%00"


def test_a_nul_in_the_audit_filter_is_a_400(client, make_user, login):
    login(make_user("admin"))
    assert client.get("/admin/audit?action=a%00b").status_code == 400


def test_a_nul_in_any_query_parameter_of_any_get_rule_is_refused(app, client, make_user, make_event, login):
    from eventapp.access import required_roles
    from tests.foundation.test_access import _rules, _url_for_rule

    event = make_event(slug="x")
    login(make_user("admin", event=None))
    seen = 0
    for rule, method in _rules(app):
        access = required_roles(rule.endpoint)
        if method != "GET" or (access != "public" and "admin" not in access):
            continue
        response = client.get(_url_for_rule(rule).replace("/x/", f"/{event.slug}/") + NUL_QUERY)
        assert response.status_code == 400, (rule.rule, response.status_code)
        seen += 1
    assert seen > 50


def test_a_nul_in_a_form_field_is_a_400(client, make_event):
    event = make_event()
    page = client.get(f"/e/{event.slug}/register")
    assert page.status_code == 200
    response = client.post(f"/e/{event.slug}/register",
                           data={"csrf_token": csrf_token(client, f"/e/{event.slug}/register"), "full_name": "A\x00B"})
    assert response.status_code == 400


# ----- 6. the database down: 503 with Retry-After, JSON for the API -------------------------------

@pytest.mark.parametrize("url", ["sqlite:////nonexistent-folder/x.sqlite3",
                                 "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"])
def test_the_api_answers_503_with_retry_after_when_the_database_is_down(url):
    from eventapp import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    api = client.get("/api/v1/events", headers={"Authorization": "Bearer ev_not-a-real-key"})
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert "error" in api.get_json()
    page = client.get("/e/ngay-hoi/")
    assert page.status_code == 503 and "thử lại" in page.get_data(as_text=True)


# ----- 6. SQLite overwrites deleted rows; HSTS in production ---------------------------------------

def test_sqlite_runs_with_secure_delete_on(tmp_path):
    from eventapp import create_app
    from eventapp.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA secure_delete")).scalar() == 1


def test_production_sends_hsts_even_behind_a_plain_http_proxy(monkeypatch, tmp_path):
    import config
    from eventapp import create_app

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "s" * 48)
    app = create_app("production")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    response = app.test_client().get("/lang/vi")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_nginx_config_sends_hsts_and_logs_without_tokens():
    from pathlib import Path

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    assert 'add_header Strict-Transport-Security "max-age=31536000' in conf
    assert conf.count("eventapp_redacted;") == 2  # both servers log with the redacting format
    assert "$eventapp_uri" in conf and "$request " not in conf.split("log_format", 1)[1].split(";", 1)[0]


# ----- 4. private links are redacted in the access logs --------------------------------------------

def test_gunicorn_access_log_lines_carry_no_private_link():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from eventapp.gunicorn_logging import RedactingLogger

    logger = RedactingLogger(Config())
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/g/Zx9SecretToken123/badge.pdf?lang=en",
               "PATH_INFO": "/g/Zx9SecretToken123/badge.pdf", "QUERY_STRING": "lang=en", "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_REFERER": "https://ngayhoi.example.vn/exhibitor/password/AbC.dEf-123"}
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = logger.cfg.access_log_format % atoms
    assert "Zx9SecretToken123" not in line and "AbC.dEf-123" not in line
    assert "GET /g/***/badge.pdf?lang=en" in line and "/exhibitor/password/***" in line


def test_the_development_server_log_is_redacted_too():
    import logging

    from eventapp.security import RedactingFilter

    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '%s - - "%s" %s',
                               ("127.0.0.1", "GET /g/Zx9SecretToken123/ HTTP/1.1", "200"), None)
    RedactingFilter().filter(record)
    assert "Zx9SecretToken123" not in record.getMessage() and "/g/***/" in record.getMessage()


# ----- 6. a per-account login throttle with a growing delay ----------------------------------------

def test_repeated_wrong_passwords_make_the_account_wait_longer_each_time(db, make_user):
    from datetime import timedelta

    from eventapp.auth.services import TooManyAttempts, authenticate
    from eventapp.db import utcnow

    user = make_user("admin", email="ban.to.chuc@example.org")
    start = utcnow()
    for i in range(5):  # the first five mistakes cost nothing
        assert authenticate(user.email, "sai-mat-khau", now=start + timedelta(seconds=i)) is None
    assert authenticate(user.email, "sai-mat-khau", now=start + timedelta(seconds=5)) is None  # 6th: waits 2 s
    with pytest.raises(TooManyAttempts, match="thử lại sau 2 giây"):
        authenticate(user.email, "mat-khau-rat-dai", now=start + timedelta(seconds=5, milliseconds=500))
    assert authenticate(user.email, "sai-mat-khau", now=start + timedelta(seconds=8)) is None  # 7th: waits 4 s
    with pytest.raises(TooManyAttempts, match="sau 4 giây"):
        authenticate(user.email, "mat-khau-rat-dai", now=start + timedelta(seconds=8, milliseconds=100))
    assert authenticate(user.email, "mat-khau-rat-dai", now=start + timedelta(seconds=13)) == user
    assert user.failed_logins == 0  # a success starts the count again


def test_the_login_page_says_to_wait(client, make_user):
    user = make_user("admin", email="cua@example.org")
    for _ in range(6):
        client.post("/login", data={"csrf_token": csrf_token(client), "email": user.email, "password": "sai"})
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": user.email,
                                           "password": "mat-khau-rat-dai"})
    assert response.status_code == 429 and "vui lòng thử lại sau" in response.get_data(as_text=True)


# ----- 5. door roles and device keys read no contacts ----------------------------------------------

def test_a_gate_bound_door_key_reads_names_but_no_contacts(client, db, make_event, make_guest, make_user, login):
    from eventapp.checkin.keys import create_api_key
    from eventapp.checkin.models import Gate

    event = make_event()
    db.session.add(Gate(event_id=event.id, code="cong-chinh", name="Cổng chính"))
    db.session.commit()
    guest = make_guest(event, "Trần Thị Hà", email="ha@example.org", phone="+84912345678")
    _key, secret = create_api_key("door", event.slug, gate_code="cong-chinh", label="Máy 1")
    for headers in ({"Authorization": f"Bearer {secret}"}, None):
        if headers is None:
            login(make_user("door", event=event))
        listing = client.get(f"/api/v1/events/{event.slug}/guests", headers=headers)
        one = client.get(f"/api/v1/events/{event.slug}/guests/{guest.id}", headers=headers)
        assert listing.get_json()["guests"][0]["full_name"] == one.get_json()["full_name"] == "Trần Thị Hà"
        for body in (listing.get_data(as_text=True), one.get_data(as_text=True)):
            assert "ha@example.org" not in body and "912345678" not in body and "912 345 678" not in body


# ----- 4. erasing a guest erases the messages sent to them -----------------------------------------

def test_a_guest_who_deletes_their_data_leaves_no_mail_in_the_outbox(app, db, make_event):
    from eventapp.mail import outbox_messages
    from eventapp.privacy.services import delete_guest_data
    from eventapp.registration import services

    event = make_event()
    other = services.self_register(event, event.categories[0], full_name="Lê Văn Nam", email="nam@example.org")
    guest = services.self_register(event, event.categories[0], full_name="Trần Thị Hà", email="ha@example.org")
    token = guest.private_token
    with app.test_request_context():
        assert any(token in m["body"] for m in outbox_messages())
        delete_guest_data(guest)
        left = outbox_messages()
    assert not any(token in m["body"] or m["to"] == "ha@example.org" for m in left)
    assert any(m["to"] == "nam@example.org" for m in left) and other.private_token


# ----- 1. an admin of one event reads only that event's rows ---------------------------------------

def test_an_admin_of_one_event_never_reads_another_events_audit_or_dashboard(client, db, make_event, make_user, login):
    from eventapp.audit import record

    other = make_event(name="Ngày hội HTX Quảng Ninh")
    mine = make_event(name="Ngày hội HTX Hải Phòng")
    record("guest.note", "guest:1", event=other, note="Mật của Quảng Ninh")
    record("guest.note", "guest:2", event=mine, note="Của Hải Phòng")
    db.session.commit()
    login(make_user("admin", email="admy@t.org", event=mine))
    for url in ("/admin/audit", f"/admin/audit?event={other.id}", "/admin/"):
        body = client.get(url).get_data(as_text=True)
        assert "Quảng Ninh" not in body, url
    assert "Của Hải Phòng" in client.get("/admin/audit").get_data(as_text=True)
    for role in ("door", "exhibitor"):
        client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
        user = make_user(role, event=mine, **({"cooperative": _coop(db, mine)} if role == "exhibitor" else {}))
        login(user)
        assert "Quảng Ninh" not in client.get("/admin/").get_data(as_text=True)


def _coop(db, event):
    from eventapp.cooperatives.models import Cooperative

    coop = Cooperative(organiser_id=event.organiser_id, name="HTX Cát Bà")
    coop.refresh_keys()
    db.session.add(coop)
    db.session.commit()
    return coop
