"""A live server in real gunicorn worker processes, and an event with many guests to scan."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from eventapp import create_app
from eventapp.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url, folder, workers=2, threads=4):
    """Runs `gunicorn wsgi:app` on a free port with its own settings; yields the base URL."""
    port = free_port()
    settings = Path(folder) / "gunicorn.conf.py"
    settings.write_text("# the test's own settings, not the repository's\n")
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development", "INSTANCE_PATH": str(folder),
           "SECRET_KEY": "s" * 40, "RATELIMIT_ENABLED": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(settings), "-w", str(workers), "-k", "gthread",
         "--threads", str(threads), "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def seed(database_url, guests=500, devices=4, fresh_schema=False):
    """An event with a main gate, `guests` guests and one door key per device.

    Returns (slug, [badge codes], [bearer keys]).
    """
    from eventapp.checkin.keys import create_api_key
    from eventapp.checkin.models import Gate
    from eventapp.events.models import Event, GuestCategory
    from eventapp.registration.models import Guest
    from datetime import datetime, timezone

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if fresh_schema:
            db.drop_all()
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=timezone.utc)
        event = Event(slug="ngay-hoi-tai", name="Ngày hội HTX (thử tải)", starts_at=start, ends_at=start,
                      always_open=True)
        event.categories.append(GuestCategory(code="khach", name="Khách mời"))
        db.session.add(event)
        db.session.flush()
        db.session.add(Gate(event_id=event.id, code="cong-chinh", name="Cổng chính"))
        rows = []
        for index in range(guests):
            guest = Guest(event_id=event.id, category_id=event.categories[0].id, full_name=f"Khách Số {index}",
                          email=f"khach{index}@example.org")
            guest.refresh_keys()
            rows.append(guest)
        db.session.add_all(rows)
        db.session.commit()
        codes = [guest.badge_token for guest in rows]
        keys = [create_api_key("door", event.slug, label=f"Máy {n}")[1] for n in range(devices)]
        db.session.remove()
        db.engine.dispose()
    return "ngay-hoi-tai", codes, keys


def count(database_url, sql):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        value = db.session.execute(db.text(sql)).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return value


def clear(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        db.engine.dispose()
