"""privacy_001 on a database with data: the guest table is rebuilt (on SQLite) without cascading
into the tables that point at it, and anonymised rows pass the relaxed contact check."""
import os
import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from eventapp import create_app
from eventapp.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")

ROWS = [
    "INSERT INTO event (id, slug, name, organiser, venue, address, description, timezone, starts_at, ends_at, "
    "always_open, booth_self_selection, staff_per_booth, created_at) VALUES (1, 'e', 'E', '', '', '', '', "
    "'Asia/Ho_Chi_Minh', '2024-04-06 01:00:00', '2024-04-06 04:00:00', false, false, 3, '2024-01-01 00:00:00')",
    "INSERT INTO guest_category (id, event_id, code, name, name_en, requires_approval, public, needs_attention, "
    "color, position) VALUES (1, 1, 'k', 'K', '', false, true, false, '#000000', 0)",
    "INSERT INTO guest (id, event_id, category_id, full_name, email, organization, position, search_key, "
    "sort_key, status, source, needs_attention, badge_token, private_token, locale, created_at, updated_at) "
    "VALUES (1, 1, 1, 'Nguyễn Văn A', 'a@example.org', '', '', '', '', 'registered', 'self', false, "
    "'AAAAAAAAAAAAAAAAAAAAAAAAAA', 'private', 'vi', '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
    "INSERT INTO revoked_badge (id, guest_id, token, reason, revoked_at) VALUES "
    "(1, 1, 'BBBBBBBBBBBBBBBBBBBBBBBBBB', 'mất thẻ', '2024-01-01 00:00:00')",
    "INSERT INTO badge_print_batch (id, event_id, kind, layout, filters, reason, actor, guest_count, created_at) "
    "VALUES (1, 1, 'batch', 'a6', '', '', '', 1, '2024-01-02 00:00:00')",
    "INSERT INTO badge_print (id, batch_id, guest_id, badge_token) VALUES (1, 1, 1, 'AAAAAAAAAAAAAAAAAAAAAAAAAA')",
    "INSERT INTO award_category (id, event_id, name, awarding_body, kind, position, presenter, "
    "certificate_template, certificate_text) VALUES (1, 1, 'Bằng khen', '', 'certificate', 0, '', 'classic', '')",
    "INSERT INTO award_recipient (id, category_id, position, is_collective, name, title, organization, guest_id) "
    "VALUES (1, 1, 1, false, 'Nguyễn Văn A', '', '', 1)",
]
COUNTS = "SELECT (SELECT count(*) FROM revoked_badge), (SELECT count(*) FROM badge_print), " \
         "(SELECT count(*) FROM award_recipient WHERE guest_id = 1)"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL lane skipped: TEST_DATABASE_URL is not set")
    name = f"eventapp_privacy_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_upgrade_keeps_what_points_at_guests_and_allows_anonymised_rows(database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        upgrade(revision="badges_001")
        with db.engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement))
        upgrade(revision="privacy_001")
        with db.engine.begin() as conn:
            assert tuple(conn.execute(text(COUNTS)).one()) == (1, 1, 1)
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            conn.execute(text("UPDATE guest SET email = NULL, anonymised_at = '2024-05-01 00:00:00' WHERE id = 1"))
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text("UPDATE guest SET anonymised_at = NULL WHERE id = 1"))

        downgrade(revision="badges_001")
        with db.engine.begin() as conn:
            assert tuple(conn.execute(text(COUNTS)).one()) == (1, 1, 1)
            assert conn.execute(text("SELECT email FROM guest")).scalar() == "anonymised-1@invalid"
        db.engine.dispose()
