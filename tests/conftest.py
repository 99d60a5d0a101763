"""Shared fixtures: app, db, client, runner and factories.

Database tests run on two lanes: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test). Without it that lane is skipped, saying so.
"""
import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect as sa_inspect

from eventapp import create_app
from eventapp.extensions import db as _db


def _own_services_per_worker():
    """`make test` runs the tests in parallel workers (pytest-xdist): each worker gets its own PostgreSQL
    database (<name>_gw0, created when missing) and its own Redis database number, so the lanes' truncations
    and queues never meet. Done before any test module reads the variables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or os.environ.get("EVENTAPP_TEST_WORKER") == worker:
        return
    os.environ["EVENTAPP_TEST_WORKER"] = worker
    number = int(worker.removeprefix("gw"))
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        from sqlalchemy import create_engine

        base, name = url.rsplit("/", 1)
        own = f"{name}_{worker}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (own,)).first() is None:
                conn.exec_driver_sql(f'CREATE DATABASE "{own}"')
        admin.dispose()
        os.environ["TEST_DATABASE_URL"] = f"{base}/{own}"
    redis = os.environ.get("TEST_REDIS_URL")
    if redis:
        base, _, index = redis.partition("://")[2].partition("/")
        index = int(index) if index.isdigit() else 0
        os.environ["TEST_REDIS_URL"] = f"{redis.partition('://')[0]}://{base}/{(index - 1 - number) % 16}"


_own_services_per_worker()
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
LANES = ["sqlite", "postgresql"]
_pg_schema_ready = False


def lane_url(lane):
    if lane == "sqlite":
        return "sqlite://"
    if not PG_URL:
        pytest.skip("PostgreSQL lane skipped: TEST_DATABASE_URL is not set")
    return PG_URL


@pytest.fixture(params=LANES)
def lane(request):
    return request.param


@pytest.fixture
def app(lane, tmp_path):
    global _pg_schema_ready
    url = lane_url(lane)
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        if lane == "postgresql":
            if not _pg_schema_ready:
                # The test database may hold the schema of an older checkout, whose constraints
                # today's models do not know: start from an empty schema.
                with _db.engine.begin() as conn:
                    conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
                _db.create_all()
                _pg_schema_ready = True
            _truncate_all()
        else:
            _db.create_all()
        yield app
        _db.session.remove()
        if lane == "postgresql":
            _truncate_all()
        _db.engine.dispose()


def _truncate_all():
    tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    with _db.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ----- factories -----------------------------------------------------------------------------

@pytest.fixture
def make_event(db):
    from eventapp.events.models import Event, GuestCategory

    counter = {"n": 0}

    def make(slug=None, categories=("khach",), organiser=None, **values):
        from eventapp.events.organisers import organiser_named

        counter["n"] += 1
        start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
        fields = dict(slug=slug or f"su-kien-{counter['n']}", name=f"Ngày hội Hợp tác xã {counter['n']}",
                      organiser="Liên minh HTX thành phố", venue="Hội trường",
                      starts_at=start, ends_at=start + timedelta(hours=4), always_open=True)
        fields.update(values)
        event = Event(owner=organiser or organiser_named(fields["organiser"]), **fields)
        for position, code in enumerate(categories):
            event.categories.append(GuestCategory(code=code, name=f"Hạng {code}", position=position))
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def make_guest(db):
    from eventapp.registration.models import Guest

    counter = {"n": 0}

    def make(event, full_name="Nguyễn Mạnh Cường", category=None, **values):
        counter["n"] += 1
        values.setdefault("email", f"khach{counter['n']}@example.org")
        guest = Guest(event_id=event.id, category_id=(category or event.categories[0]).id,
                      full_name=full_name, **values)
        guest.refresh_keys()
        db.session.add(guest)
        db.session.commit()
        return guest

    return make


@pytest.fixture
def make_user(db):
    from eventapp.auth.services import create_user

    counter = {"n": 0}

    def make(role="admin", password="mat-khau-rat-dai", **values):
        counter["n"] += 1
        return create_user(values.pop("email", f"{role}{counter['n']}@example.org"), role, password, **values)

    return make


@pytest.fixture
def make_cooperative(db):
    from eventapp.cooperatives.models import Cooperative

    def make(event, name="HTX Nông nghiệp Tân Dương", **values):
        coop = Cooperative(organiser_id=event.organiser_id, name=name, **values)
        coop.refresh_keys()
        db.session.add(coop)
        db.session.commit()
        return coop

    return make


@pytest.fixture
def make_booth(db):
    from eventapp.booths.models import Booth

    def make(event, code="A01", **values):
        booth = Booth(event_id=event.id, code=code, **values)
        db.session.add(booth)
        db.session.commit()
        return booth

    return make


@pytest.fixture
def login(client):
    """Signs a user in on the test client without going through the form."""

    def do(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return do


def csrf_token(client, path="/login"):
    """Fetches a page and returns the CSRF token of its meta tag."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


def column_values(obj):
    return {attr.key: getattr(obj, attr.key) for attr in sa_inspect(obj).mapper.column_attrs}


@pytest.fixture
def rate_limited(app):
    """Turns the rate limiter on for one test (the test app is built with it off, without storage)."""
    from eventapp.extensions import limiter

    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    limiter.reset()
    yield limiter
    limiter.enabled = False


@pytest.fixture
def make_organiser(db):
    from eventapp.events.organisers import create_organiser

    counter = {"n": 0}

    def make(name=None):
        counter["n"] += 1
        return create_organiser(name or f"Liên minh HTX tỉnh {counter['n']}")

    return make
