"""A live server in real gunicorn worker processes, and an event with many guests to scan."""
from contextlib import contextmanager
from datetime import UTC

from eventapp import create_app
from eventapp.extensions import db
from tests.hardening.live import gunicorn as live_gunicorn


@contextmanager
def gunicorn(database_url, folder, workers=2, threads=4):
    """Runs `gunicorn wsgi:app` (gthread workers) on a free port; yields the base URL."""
    env = {"SECRET_KEY": "s" * 40, "RATELIMIT_ENABLED": "0", "GUNICORN_THREADS": str(threads)}
    with live_gunicorn(database_url, workers=workers, env=env, instance_path=folder) as (base, _):
        yield base


def seed(database_url, guests=500, devices=4, fresh_schema=False):
    """An event with a main gate, `guests` guests and one door key per device.

    Returns (slug, [badge codes], [bearer keys]).
    """
    from datetime import datetime

    from eventapp.checkin.keys import create_api_key
    from eventapp.checkin.models import Gate
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.registration.models import Guest

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if fresh_schema:
            db.drop_all()
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi-tai", name="Ngày hội HTX (thử tải)", starts_at=start, ends_at=start,
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
