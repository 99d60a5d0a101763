"""What a scan costs the database: statements per scan kind, no ping per request on PostgreSQL, and
SQLite's write-ahead log copied back beside the scans rather than inside one scan's commit."""
import fcntl
import json
import os
import sqlite3
import threading
import time
import uuid
from contextlib import closing

import pytest
from sqlalchemy import event as sa_event

from eventapp import create_app
from eventapp import db as db_settings
from eventapp.checkin import services
from eventapp.checkin.models import Scan
from eventapp.extensions import db as _db
from tests.checkin.live import seed


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), headers={**headers, "Content-Type": "application/json"})


def statements_of(engine, action):
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement.split()[0].upper(), getattr(cursor.connection, "autocommit", None)))

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return result, seen


def test_a_repeated_badge_costs_one_read_and_one_write(client, db, setup, make_key, make_guest):
    """A door rescans constantly: on PostgreSQL the repeat is recorded as the duplicate of the first
    scan by the same one statement as a first scan, in autocommit (one commit, one flush to disk);
    SQLite marks it in the scan's one write transaction. Both answer with the first admission."""
    event, main, hall, _guest = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    guest = make_guest(event, full_name="Trịnh Văn Lặp")
    code = guest.badge_token
    first = post(client, url, {"code": code, "gate": "cong-chinh"}, key).get_json()
    assert first["result"] == "accepted"
    db.session.commit()

    answer, seen = statements_of(db.engine,
                                 lambda: post(client, url, {"code": code, "gate": "cong-chinh"}, key).get_json())
    assert answer["result"] == "already_checked_in"
    assert answer["first_check_in"]["gate"] == "Cổng chính"
    assert answer["first_check_in"]["at"] == first_at(db, first["scan_id"])
    if db.engine.dialect.name == "postgresql":
        assert seen == [("SELECT", True), ("WITH", True)]
    else:
        assert [verb for verb, _ in seen] == ["BEGIN", "SELECT", "ROLLBACK", "BEGIN", "INSERT", "INSERT", "UPDATE",
                                              "SELECT", "UPDATE"]
    scans = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()
    assert [(s.result, s.duplicate_of_id) for s in scans[-2:]] == [
        ("accepted", None), ("already_checked_in", scans[-2].id)]


def test_a_repeat_after_leaving_still_re_enters(client, db, setup, make_key, make_guest):
    """The one statement answers only plain repeats; a guest who left comes back in (re-entry), and
    the scan is then `accepted`, not a duplicate."""
    event, *_ = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    code = make_guest(event, full_name="Đinh Thị Về").badge_token
    answers = [post(client, url, {"code": code, "gate": "cong-chinh", "direction": direction}, key).get_json()
               for direction in ("in", "out", "in", "in")]
    assert [a["result"] for a in answers] == ["accepted", "exited", "accepted", "already_checked_in"]
    db.session.commit()
    scans = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()
    assert [(s.result, s.duplicate_of_id) for s in scans] == [
        ("accepted", None), ("exited", None), ("accepted", None), ("already_checked_in", scans[0].id)]


def test_an_earlier_offline_scan_still_takes_the_admission_over(db, setup, door_scanner):
    """A device that was offline admitted the badge before the admission the server holds: the
    earliest scan wins, as before the one-statement repeat."""
    from datetime import timedelta

    event, main, _hall, guest = setup
    online = services.check_in(event, main, door_scanner, code=guest.badge_token, client_id=str(uuid.uuid4()))
    earlier = services.check_in(event, main, door_scanner, code=guest.badge_token, client_id=str(uuid.uuid4()),
                                offline=True, scanned_at=online_time(db, online.scan_id) - timedelta(minutes=5),
                                local_result="accepted")
    assert (online.result, earlier.result) == ("accepted", "accepted")
    first, second = db.session.get(Scan, online.scan_id), db.session.get(Scan, earlier.scan_id)
    assert (first.result, first.duplicate_of_id, second.duplicate_of_id) == ("already_checked_in", second.id, None)


def first_at(db, scan_id):
    return db.session.get(Scan, scan_id).scanned_at.isoformat()


def online_time(db, scan_id):
    return db.session.get(Scan, scan_id).scanned_at


def test_a_connection_lost_while_idle_is_replaced_before_the_scan(client, db, lane, setup, make_key, monkeypatch):
    """No ping before every request (a round trip of every scan): a pooled connection is pinged only
    after sitting idle, and replaced when the ping fails, so the scan after an idle spell in which
    the database dropped the connection still succeeds."""
    if lane != "postgresql":
        pytest.skip("SQLite has no connection to lose")
    from sqlalchemy import create_engine

    event, _main, _hall, guest = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    code = guest.badge_token
    assert post(client, url, {"code": code, "gate": "cong-chinh"}, key).get_json()["result"] == "accepted"
    db.session.remove()
    # Every pooled connection of the app is dropped by the server, as a restart would.
    admin = create_engine(db.engine.url)
    with admin.connect() as conn:
        conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    admin.dispose()
    monkeypatch.setattr(db_settings, "IDLE_PING_S", 0.0)  # as if they had sat idle for long
    answer = post(client, url, {"code": code, "gate": "cong-chinh"}, key)
    assert answer.status_code == 200 and answer.get_json()["result"] == "already_checked_in"


def test_the_scans_read_is_planned_once_per_connection(client, db, lane, setup, make_key):
    """PostgreSQL plans a prepared statement once (its generic plan) only when that plan looks no
    dearer than planning each time: the scan's read did not (its short-code lookups made the generic
    plan look dear), so every scan was planned again. Now, once psycopg has prepared the read on a
    connection, PostgreSQL runs its generic plan for the next scans."""
    if lane != "postgresql":
        pytest.skip("SQLite plans every statement")
    from eventapp.registration.models import Guest

    event, *_ = setup
    key = make_key(event)
    url = f"/api/v1/events/{event.slug}/checkins"
    # A large event's guest list (at 3,000 guests the old read still got its generic plan), with
    # the planner's statistics of it.
    guests = [Guest(event_id=event.id, category_id=event.categories[0].id, full_name=f"Khách {n}",
                    email=f"khach-{n}@example.org") for n in range(6000)]
    for guest in guests:
        guest.refresh_keys()
    db.session.add_all(guests)
    db.session.commit()
    codes = [guest.badge_token for guest in guests[:12]]
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    db.session.remove()
    db.engine.dispose()  # the scans below, one after the other, then share one new connection
    connections = set()

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT event.id"):
            connections.add(cursor.connection)

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        answers = [post(client, url, {"code": code, "gate": "cong-chinh"}, key).get_json()["result"]
                   for code in codes + codes[:3]]
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    assert answers == ["accepted"] * 12 + ["already_checked_in"] * 3
    assert len(connections) == 1  # one pooled connection served the requests one after the other
    raw = connections.pop()
    generic, custom = raw.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                                  "WHERE statement LIKE 'SELECT event.id%'").fetchone()
    raw.rollback()
    assert generic >= 5 and custom <= 5, (generic, custom)


def door_on_file(tmp_path, guests):
    """An event with `guests` guests in a SQLite file, the app on it, a test client and one device's
    key: (database path, slug, badge codes, app, client, headers)."""
    database = tmp_path / "door.sqlite3"
    url = f"sqlite:///{database}"
    slug, codes, keys = seed(url, guests=guests, devices=1)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    return database, slug, codes, app, app.test_client(), {"Authorization": f"Bearer {keys[0]}"}


def test_the_write_ahead_log_is_copied_back_by_the_checkpointer(tmp_path):
    """On a SQLite file, a commit no longer copies the log into the database (that stalled every
    writer about each hundredth scan): the process's checkpointer thread does, and the log starts
    again from the beginning (its header's checkpoint counter moves) long before the 10,000 pages at
    which a commit would."""
    database, slug, codes, app, client, headers = door_on_file(tmp_path, guests=150)

    def restarts():
        with open(f"{database}-wal", "rb") as wal:
            return int.from_bytes(wal.read(16)[12:16], "big")

    with app.app_context():
        pages = _db.session.execute(_db.text("PRAGMA wal_autocheckpoint")).scalar()
        assert pages == db_settings.WAL_AUTOCHECKPOINT_PAGES
        _db.session.remove()
    before = restarts()

    def scan(code):
        answer = post(client, f"/api/v1/events/{slug}/checkins", {"code": code, "gate": "cong-chinh"}, headers)
        assert answer.get_json()["result"] == "accepted"

    for code in codes[:140]:  # some 10 pages each: well past SQLite's default of 1,000 pages
        scan(code)
    for code in codes[140:]:  # the log starts again at the first write after a complete checkpoint
        if restarts() > before:
            break
        time.sleep(db_settings.CHECKPOINT_PAUSE_S * 2)
        scan(code)
    assert restarts() > before
    with app.app_context():
        _db.engine.dispose()


def test_writers_of_other_processes_queue_for_the_database_in_turn(tmp_path):
    """The cause of the SQLite tail of a door re-scanning the same badges (p99 706 ms): server
    processes competing for the write lock through SQLite's busy handler, which sleeps 1, 2, 5 ...
    100 ms between tries, so a writer that keeps losing waits hundreds of ms. Scans now queue on a
    lock file beside the database (flock: the waiter wakes when the holder lets go). Here another
    holder of that lock (a second descriptor: another server process, as far as flock can tell)
    keeps a scan waiting without it touching the database, and the scan goes on once let go."""
    database, slug, codes, app, client, headers = door_on_file(tmp_path, guests=3)
    url_path = f"/api/v1/events/{slug}/checkins"
    assert post(client, url_path, {"code": codes[0], "gate": "cong-chinh"}, headers).get_json()["result"] == "accepted"
    assert os.path.exists(f"{database}-scans.lock")

    other = os.open(f"{database}-scans.lock", os.O_RDWR)
    fcntl.flock(other, fcntl.LOCK_EX)
    answers = []
    scanning = threading.Thread(target=lambda: answers.append(
        post(client, url_path, {"code": codes[1], "gate": "cong-chinh"}, headers).get_json()["result"]))
    try:
        scanning.start()
        scanning.join(0.5)
        assert scanning.is_alive() and answers == []  # waiting its turn
        with sqlite3_connection(database) as conn:  # the database itself is free all along
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    finally:
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
    scanning.join(10)
    assert answers == ["accepted"]
    with app.app_context():
        _db.engine.dispose()


def sqlite3_connection(path):
    return closing(sqlite3.connect(path, timeout=0, isolation_level=None))
