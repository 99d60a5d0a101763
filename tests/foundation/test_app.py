"""The application shell: health probe, configuration, sign-in, languages, CLI, demo."""
import re
import threading
from datetime import UTC

import pytest

from eventapp import create_app
from tests.conftest import csrf_token


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_says_503_when_the_database_is_gone(app, client, monkeypatch):
    from eventapp.events import services

    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(services, "database_ok", broken)
    assert client.get("/healthz").status_code == 503


def test_production_refuses_debug_or_a_weak_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="DEBUG"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40, "DEBUG": True})
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    import config

    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    first = config.secret_key_fallback()
    assert len(first) >= 64
    assert config.secret_key_fallback() == first
    assert (tmp_path / "secret_key").read_text() == first


def test_home_page_is_vietnamese_and_switches_to_english(client, make_event):
    make_event(name="Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024")
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024" in page
    assert "Đăng nhập cán bộ" in page
    client.get("/lang/en?next=/")
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in page and "Staff sign-in" in page


def test_dates_are_dd_mm_yyyy_in_the_event_timezone(client, make_event):
    from datetime import datetime

    event = make_event(starts_at=datetime(2024, 4, 6, 1, 0, tzinfo=UTC),
                       ends_at=datetime(2024, 4, 6, 4, 30, tzinfo=UTC))
    page = client.get(f"/e/{event.slug}/").get_data(as_text=True)
    assert "08:00" in page and "06/04/2024" in page


def test_language_switch_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get(f"/lang/en?next={target}")
        assert response.headers["Location"] == "/"


def test_login_with_csrf_then_logout(client, make_user):
    make_user("admin", email="bantochuc@example.org", password="mat-khau-rat-dai")
    token = csrf_token(client, "/login")
    refused = client.post("/login", data={"email": "bantochuc@example.org", "password": "mat-khau-rat-dai"})
    assert refused.status_code == 400  # no CSRF token
    wrong = client.post("/login", data={"csrf_token": token, "email": "bantochuc@example.org", "password": "sai"})
    assert "Email hoặc mật khẩu không đúng." in wrong.get_data(as_text=True)
    ok = client.post("/login?next=/admin/", data={"csrf_token": token, "email": "BanToChuc@example.org",
                                                  "password": "mat-khau-rat-dai"})
    assert ok.status_code == 302 and ok.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    assert client.get("/admin/").status_code == 302


def test_login_next_cannot_leave_the_site(client, make_user):
    make_user("admin", email="a@example.org", password="mat-khau-rat-dai")
    token = csrf_token(client, "/login")
    response = client.post("/login?next=https://evil.example/x",
                           data={"csrf_token": token, "email": "a@example.org", "password": "mat-khau-rat-dai"})
    assert response.headers["Location"] == "/admin/"


def test_login_is_rate_limited(app, client, make_user, rate_limited):
    make_user("admin", email="a@example.org")
    token = csrf_token(client, "/login")
    codes = [client.post("/login", data={"csrf_token": token, "email": "a@example.org",
                                         "password": "sai-mat-khau"}).status_code for _ in range(12)]
    assert codes[0] == 200 and codes[-1] == 429


def test_create_user_command(runner, db):
    from eventapp.auth.models import User

    result = runner.invoke(args=["create-user", "cua1@example.org", "--role", "door", "--password-stdin"],
                           input="mot-mat-khau-dai\n")
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User).filter_by(email="cua1@example.org")).scalar_one()
    assert user.role == "door" and user.check_password("mot-mat-khau-dai")
    assert "mot-mat-khau-dai" not in user.password_hash
    again = runner.invoke(args=["create-user", "cua1@example.org", "--role", "door", "--password-stdin"],
                          input="mot-mat-khau-dai\n")
    assert again.exit_code != 0 and "Đã có tài khoản" in again.output
    generated = runner.invoke(args=["create-user", "cua2@example.org", "--role", "admin"])
    assert re.search(r"Mật khẩu: \S{12,}", generated.output)


def test_demo_loads_twice_without_duplicating(app, runner, db):
    from eventapp.demo.services import demo_counts

    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    counts = demo_counts()
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert demo_counts() == counts
    assert counts["award_category"] == 6 and counts["award_recipient"] == 52
    assert counts["cooperative"] == 100 and 250 <= counts["guest"] <= 350
    assert counts["booth"] >= 40


def test_demo_reproduces_the_report(app, db):
    from eventapp.demo.services import load_demo
    from eventapp.programme.models import AwardCategory, ProgrammeItem
    from eventapp.registration.models import Guest

    event = load_demo()
    assert event.local(event.starts_at).strftime("%d/%m/%Y") == "06/04/2024"
    counts = {c.name: len(c.recipients) for c in db.session.execute(db.select(AwardCategory)).scalars()}
    assert counts == {
        "Bằng khen của Liên minh HTX Việt Nam": 5, "Kỷ niệm chương Vì sự nghiệp phát triển HTX": 15,
        "Cờ thi đua đơn vị xuất sắc dẫn đầu năm 2023": 3, "Bằng khen của UBND thành phố": 7,
        "Giấy khen của Chủ tịch Liên minh HTX thành phố": 14, "HTX tiêu biểu năm 2023": 8,
    }
    speakers = {i.speaker_name for i in db.session.execute(db.select(ProgrammeItem)).scalars()}
    assert {"Ngô Ngọc Khánh", "Hoàng Minh Cường", "Nguyễn Mạnh Cường", "Nguyễn Minh Hoàng"} <= speakers
    official = db.session.execute(db.select(Guest).filter_by(full_name="Nguyễn Mạnh Cường")).scalar_one()
    assert official.position == "Phó Chủ tịch Liên minh HTX Việt Nam" and official.needs_attention


def test_bootstrap_prints_the_admin_password_once(runner, db):
    first = runner.invoke(args=["bootstrap"])
    assert first.exit_code == 0, first.output
    password = re.search(r"Mật khẩu: (\S+)", first.output).group(1)
    from eventapp.auth.services import authenticate

    assert authenticate("admin@example.org", password) is not None
    second = runner.invoke(args=["bootstrap"])
    assert "Mật khẩu:" not in second.output


def test_sqlite_file_runs_wal_with_foreign_keys_and_immediate_writes(tmp_path):
    """Read-then-write transactions in many threads: no 'database is locked', no lost update."""
    from sqlalchemy import text

    from eventapp.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wal.sqlite3'}"})
    with app.app_context():
        db.create_all()
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.execute(text("CREATE TABLE counter (n INTEGER)"))
        db.session.execute(text("INSERT INTO counter VALUES (0)"))
        db.session.commit()
    errors = []

    def bump():
        with app.app_context():
            for _ in range(25):
                try:
                    n = db.session.execute(text("SELECT n FROM counter")).scalar()
                    db.session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
                    db.session.commit()
                except Exception as exc:  # collected and asserted below
                    errors.append(exc)
                    db.session.rollback()
            db.session.remove()

    threads = [threading.Thread(target=bump) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        assert errors == []
        assert db.session.execute(text("SELECT n FROM counter")).scalar() == 150
        db.engine.dispose()


def test_mail_goes_to_the_outbox_in_development(app, db, client, make_user, login):
    from eventapp.mail import outbox_messages
    from eventapp.messages.services import queue_message

    queue_message("khach@example.org", "Xác nhận đăng ký – Ngày hội HTX", "Kính gửi Ông Nguyễn Mạnh Cường",
                  kind="guest.confirmation")
    db.session.commit()
    messages = outbox_messages()
    assert messages[0]["status"] == "sent"
    assert messages[0]["subject"] == "Xác nhận đăng ký – Ngày hội HTX"
    assert "Nguyễn Mạnh Cường" in messages[0]["body"]
    login(make_user("admin"))
    assert "Xác nhận đăng ký – Ngày hội HTX" in client.get("/admin/outbox").get_data(as_text=True)


def test_every_message_has_an_english_translation():
    from eventapp.i18n_catalogues import missing

    assert missing() == []


def test_wtforms_own_messages_are_vietnamese_and_english_on_request(app):
    """WTForms has no Vietnamese catalogue: ours (wtforms.po) covers every message it can say."""
    from babel.messages.pofile import read_po
    from wtforms import EmailField, IntegerField, SelectField
    from wtforms.i18n import messages_path
    from wtforms.validators import Email, Length

    from eventapp.forms import FlaskForm, choices
    from eventapp.i18n import PACKAGE_DIR

    class Form(FlaskForm):
        email = EmailField(validators=[Email(), Length(max=5)])
        count = IntegerField()
        choice = SelectField(choices=choices([("a", "A")]))

    data = {"email": "khong-phai-email", "count": "mười", "choice": "z"}
    # A fresh app context for each request, as a served request has (the language is kept on g).
    with app.app_context(), app.test_request_context("/", method="POST", data=data):
        form = Form(meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {"email": ["Địa chỉ email không hợp lệ.", "Không được dài quá 5 ký tự."],
                               "count": ["Vui lòng nhập một số nguyên."], "choice": ["Lựa chọn không hợp lệ."]}
    with app.app_context(), app.test_request_context("/?lang=en", method="POST", data=data):
        form = Form(meta={"csrf": False})
        form.validate()
        assert form.errors["choice"] == ["Not a valid choice."]

    with open(f"{messages_path()}/wtforms.pot", "rb") as handle:
        theirs = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with (PACKAGE_DIR / "translations/vi/LC_MESSAGES/wtforms.po").open("rb") as handle:
        ours = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id and m.string}
    assert theirs <= ours


def test_the_catalogues_are_extracted_by_babel_and_split_by_feature(tmp_path):
    """`translations update` runs pybabel extract once: each feature's messages go to its own catalogue."""
    from eventapp.i18n_catalogues import PACKAGE, extract

    templates = extract(tmp_path)
    registration = {m.id for m in templates[PACKAGE / "registration" / "translations"] if m.id}
    shared = {m.id for m in templates[PACKAGE / "translations"] if m.id}
    assert "Vui lòng nhập email hoặc số điện thoại." in registration  # eventapp/registration/contact.py
    assert "Không tìm thấy khách." in registration
    assert "Vui lòng nhập email hoặc số điện thoại." not in shared
    # Templates of a feature are that feature's: templates/registration/... are in its catalogue.
    locations = {path for m in templates[PACKAGE / "registration" / "translations"] for path, _line in m.locations}
    assert any(path.startswith("templates/registration/") for path in locations)
    assert all(path.startswith(("eventapp/registration/", "templates/registration/")) for path in locations)


def test_compiled_catalogues_translate_what_the_po_files_say(app):
    from flask_babel import force_locale, gettext

    from eventapp.i18n_catalogues import compile_all

    assert compile_all()  # pybabel compile of every catalogue
    with app.test_request_context(), force_locale("en"):
        assert gettext("Vui lòng nhập email hoặc số điện thoại.") != "Vui lòng nhập email hoặc số điện thoại."


def test_every_error_of_a_form_checked_whole_reaches_its_field(app):
    """errors.Checks runs every check and reports all failures (Invalid); forms.report_error puts
    each on its own field; a single failure is raised as it is."""
    from wtforms import StringField

    from eventapp.errors import Checks, DomainError, Invalid
    from eventapp.forms import FlaskForm, report_error
    from eventapp.registration.contact import normalize_email, normalize_phone

    class Form(FlaskForm):
        phone = StringField()
        email = StringField()

    with app.test_request_context("/"):
        checks = Checks()
        assert checks.run(normalize_phone, "0912 345 678") == "+84912345678"
        checks.run(normalize_phone, "abc")
        checks.run(normalize_email, "not-an-email")
        with pytest.raises(Invalid) as raised:
            checks.done()
        form = Form(meta={"csrf": False})
        report_error(raised.value, form)
        assert (form.phone.errors, form.email.errors) == (["Số điện thoại không hợp lệ."], ["Địa chỉ email không hợp lệ."])
        one = Checks()
        one.run(normalize_email, "x@")
        with pytest.raises(DomainError) as single:
            one.done()
        assert not isinstance(single.value, Invalid) and single.value.field == "email"
