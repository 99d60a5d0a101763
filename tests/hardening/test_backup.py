"""`flask backup` makes a consistent copy of a live database; `restore` brings it back."""
import os
import sqlite3
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text

from eventapp import create_app
from eventapp.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _snapshot():
    """Every row of the demo tables, so that a restore can be compared with the original."""
    tables = ["event", "guest_category", "gate", "cooperative", "guest", "programme_item",
              "award_category", "award_recipient", "booth", "booth_application"]
    return {t: db.session.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in tables}


def test_sqlite_backup_while_writing_then_restore(tmp_path):
    live = tmp_path / "live.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}"})
    runner = app.test_cli_runner()
    with app.app_context():
        db.create_all()
        runner.invoke(args=["demo-data"])
        before = _snapshot()
        db.session.execute(text("CREATE TABLE churn (n INTEGER)"))
        db.session.commit()
    stop = threading.Event()

    def writer():  # another process-like writer keeps the database busy during the backup
        conn = sqlite3.connect(live, timeout=30)
        while not stop.is_set():
            conn.execute("INSERT INTO churn VALUES (1)")
            conn.commit()
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = runner.invoke(args=["backup", "-o", str(tmp_path / "copy.sqlite3")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()

    with app.app_context():
        db.session.execute(text("DELETE FROM award_recipient"))
        db.session.execute(text("UPDATE guest SET full_name = 'xoá'"))
        db.session.commit()
        db.session.remove()
    result = runner.invoke(args=["restore", str(tmp_path / "copy.sqlite3"), "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _snapshot() == before
        db.engine.dispose()


def test_restore_refuses_a_broken_file_and_changes_nothing(tmp_path):
    live = tmp_path / "live.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}"})
    with app.app_context():
        db.create_all()
        app.test_cli_runner().invoke(args=["demo-data"])
        before = _snapshot()
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    result = app.test_cli_runner().invoke(args=["restore", str(broken), "--yes"])
    assert result.exit_code != 0
    with app.app_context():
        assert _snapshot() == before
        db.engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL lane skipped: TEST_DATABASE_URL is not set")
def test_postgresql_dump_and_restore(tmp_path):
    name = f"eventapp_backup_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = f"{PG_URL.rsplit('/', 1)[0]}/{name}"
    try:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        runner = app.test_cli_runner()
        with app.app_context():
            db.create_all()
            runner.invoke(args=["demo-data"])
            before = _snapshot()
            result = runner.invoke(args=["backup", "-o", str(tmp_path / "dump.pgc")])
            assert result.exit_code == 0, result.output
            assert (tmp_path / "dump.pgc").read_bytes()[:5] == b"PGDMP"
            db.session.execute(text("DELETE FROM award_recipient"))
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
            result = runner.invoke(args=["restore", str(tmp_path / "dump.pgc"), "--yes"])
            assert result.exit_code == 0, result.output
            assert _snapshot() == before
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
