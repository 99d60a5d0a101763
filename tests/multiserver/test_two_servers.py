"""Two app servers (separate gunicorn processes) in front of one PostgreSQL database, one Redis and
one worker: what a guest and an organiser do on either server is one event's work.

A guest registers on server A; an organiser previews a guest import on A and confirms it on B (a
browser behind a load balancer: one cookie jar for both); the worker delivers the registration's
confirmation and the import's invitation, each once; failed logins spread over A and B trip the
login limit as if there were one server. The database is read only to check the results.
"""
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.conftest import PG_URL
from tests.hardening.live import gunicorn
from tests.messages.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (PG_URL and REDIS_URL), reason="two-server test skipped: needs TEST_DATABASE_URL and TEST_REDIS_URL")]

SLUG = "ngay-hoi-htx"
PASSWORD = "mat-khau-ban-to-chuc"
LOGIN_LIMIT = 6

_SEED = f"""
from datetime import datetime, timedelta, timezone
from eventapp import create_app
from eventapp.auth.services import create_user
from eventapp.events.models import Event, GuestCategory
from eventapp.events.organisers import create_organiser
from eventapp.extensions import db

app = create_app()
with app.app_context():
    owner = create_organiser("Liên minh Hợp tác xã thành phố Hải Phòng")
    start = datetime.now(timezone.utc) + timedelta(days=30)
    event = Event(owner=owner, slug="{SLUG}", name="Ngày hội Hợp tác xã thành phố Hải Phòng",
                  organiser="Liên minh Hợp tác xã thành phố Hải Phòng", venue="Hội trường",
                  starts_at=start, ends_at=start + timedelta(hours=4), always_open=True)
    event.categories.append(GuestCategory(code="dai-bieu", name="Đại biểu", position=0))
    db.session.add(event)
    db.session.commit()
    create_user("bantochuc@example.org", "admin", "{PASSWORD}", full_name="Ban tổ chức")
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test follows redirects itself, to see where they lead


class Browser:
    """One person's browser. Its cookies go to both servers: they share 127.0.0.1, as two servers
    share a name behind a load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect)

    def open(self, url, data=None, headers=None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode()

    def token(self, url):
        status, _, html = self.open(url)
        assert status == 200, (url, status)
        return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def post(self, url, fields, files=None):
        if not files:
            return self.open(url, urllib.parse.urlencode(fields).encode())
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        for name, (filename, content) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f'Content-Type: text/csv\r\n\r\n'.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.open(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def _wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.2)
    return value or condition()


@pytest.fixture
def database():
    """A PostgreSQL database of its own, created and migrated (flask db upgrade) for the test."""
    admin_url = make_url(PG_URL)
    name = f"{admin_url.database}_servers"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_two_servers_one_database_one_redis_one_worker(database, tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # the queue and the rate-limit counters start empty
    mail_server = SmtpServer().up()
    env = {"DATABASE_URL": database, "SECRET_KEY": "s" * 48, "APP_ENV": "development",
           "RATELIMIT_STORAGE_URI": REDIS_URL, "TASK_QUEUE_URL": REDIS_URL, "RATELIMIT_ENABLED": "1",
           "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per hour",  # an hour: no window ends during the test
           "MAIL_SERVER": mail_server.host, "MAIL_PORT": str(mail_server.port), "MAIL_USE_TLS": "0",
           "MAIL_USE_SSL": "0", "MAIL_USERNAME": "", "PUBLIC_BASE_URL": "https://ngayhoi.example.org"}
    process_env = {**os.environ, **env, "INSTANCE_PATH": str(tmp_path / "setup")}
    flask = [sys.executable, "-m", "flask", "--app", "eventapp"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=process_env, check=True, capture_output=True, timeout=180)
    subprocess.run([sys.executable, "-c", _SEED], cwd=ROOT, env=process_env, check=True, timeout=120)

    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115  (the worker writes it until the test ends)
    worker = subprocess.Popen([*flask, "worker", "--workers", "2"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              env={**process_env, "INSTANCE_PATH": str(tmp_path / "worker")})
    engine = create_engine(database)
    try:
        with gunicorn(database, workers=1, env=env, instance_path=tmp_path / "a") as (a, _), \
                gunicorn(database, workers=1, env=env, instance_path=tmp_path / "b") as (b, _):
            # A guest registers on A, with the public form and its CSRF token.
            guest = Browser()
            form = f"{a}/e/{SLUG}/register"
            category = re.search(r'<option[^>]*value="(\d+)"', guest.open(form)[2]).group(1)
            status, _, html = guest.post(form, {
                "csrf_token": guest.token(form), "full_name": "Trần Thị Hạnh", "email": "hanh@example.org",
                "phone": "0912 345 678", "organization": "HTX Nông nghiệp Tân Dương", "position": "Giám đốc",
                "category": category, "consent": "y"})
            assert status == 200, html

            # An organiser signs in on A, uploads a list and sees its preview on A...
            organiser = Browser()
            status, headers, _ = organiser.post(f"{a}/login", {
                "csrf_token": organiser.token(f"{a}/login"), "email": "bantochuc@example.org", "password": PASSWORD})
            assert status == 302, "the organiser could not sign in"
            upload = f"{a}/admin/e/{SLUG}/guests/import"
            listing = "Họ và tên,Email,Số điện thoại,Đơn vị công tác,Chức vụ,Thành phần\n" \
                      "Nguyễn Mạnh Cường,cuong@example.org,0988 777 666,Liên minh HTX,Phó Chủ tịch,\n"
            status, headers, _ = organiser.post(upload, {"csrf_token": organiser.token(upload), "category": category},
                                                files={"file": ("khach-moi.csv", listing.encode())})
            assert status == 302, status
            preview = urllib.parse.urljoin(a, headers["Location"])
            assert "Xác nhận nhập 1 khách" in organiser.open(preview)[2]

            # ...and confirms it on B, which answers with the page of the job the worker runs.
            on_b = preview.replace(a, b)
            status, headers, _ = organiser.post(on_b, {"csrf_token": organiser.token(on_b), "send_email": "y"})
            assert status == 303 and "/jobs/" in headers["Location"]
            job = urllib.parse.urljoin(b, headers["Location"])

            def ended():  # what the job page's script asks, until the job has ended
                state = json.loads(organiser.open(job + ".json")[2])
                return state if state["status"] in ("done", "failed") else None

            state = _wait_for(ended, seconds=60)
            assert state and state["status"] == "done", state
            assert "Đã nhập 1 khách" in organiser.open(job.replace(b, a))[2]  # the same job page on A

            # The worker delivers both messages, each once.
            def arrived():
                with mail_server.lock:
                    return [raw for raw in mail_server.received
                            if re.search(rb"^To: (hanh|cuong)@example\.org", raw, re.M)]

            assert _wait_for(lambda: len(arrived()) >= 2, seconds=60), arrived()
            time.sleep(2)  # time for a duplicate to arrive, if there were one
            received = arrived()
            recipients = sorted(re.search(rb"^To: (\S+)", raw, re.M).group(1).decode() for raw in received)
            assert recipients == ["cuong@example.org", "hanh@example.org"]
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT to_address, kind, status, attempts FROM message ORDER BY to_address"))
                assert [tuple(row) for row in rows] == [("cuong@example.org", "guest.invited", "sent", 1),
                                                        ("hanh@example.org", "guest.confirmation", "sent", 1)]

            # The login limit counts on Redis: the organiser's sign-in and failures on B and A alike.
            stranger = Browser()
            token = stranger.token(f"{a}/login")
            codes = [stranger.post(f"{server}/login", {"csrf_token": token, "email": "khong-co@example.org",
                                                         "password": "sai-mat-khau"})[0]
                     for server in ((b, a) * LOGIN_LIMIT)[:LOGIN_LIMIT + 3]]
            assert codes == [200] * (LOGIN_LIMIT - 1) + [429] * 4, codes  # one server alone would allow more
            assert any(b"auth.login" in key for key in redis.Redis.from_url(REDIS_URL).keys())
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        mail_server.down()
        engine.dispose()
