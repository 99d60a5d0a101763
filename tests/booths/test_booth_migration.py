"""booths_002 on a database with a plan: the stored "assigned" becomes free (the assignment row
says the booth is taken), the database refuses it from then on, and the downgrade restores it."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from eventapp import create_app
from eventapp.extensions import db
from tests.foundation.test_migrations import empty_database  # noqa: F401  (a new database, both lanes)

NOW = "'2024-01-01 00:00:00'"
ROWS = [
    f"INSERT INTO organiser (id, name, slug, created_at) VALUES (1, 'Liên minh HTX', 'lm', {NOW})",
    "INSERT INTO event (id, slug, name, organiser, venue, address, description, timezone, starts_at, ends_at, "
    "always_open, booth_self_selection, staff_per_booth, created_at, organiser_id) VALUES (1, 'e', 'E', '', '', "
    f"'', '', 'Asia/Ho_Chi_Minh', '2024-04-06 01:00:00', '2024-04-06 04:00:00', false, false, 3, {NOW}, 1)",
    "INSERT INTO cooperative (id, name, kind, district, sector, products, representative, is_priority, search_key, "
    f"created_at, organiser_id, short_name, match_key) VALUES (1, 'HTX Một', '', '', '', '', '', false, '', {NOW}, "
    "1, '', 'htx mot')",
    "INSERT INTO booth_application (id, event_id, cooperative_id, sector, products, booths_wanted, needs_corner, "
    f"needs_power, needs_water, notes, status, created_at, updated_at) VALUES (1, 1, 1, '', '', 1, false, false, "
    f"false, '', 'approved', {NOW}, {NOW})",
] + [
    f"INSERT INTO booth (id, event_id, code, zone, x, y, width, height, is_corner, has_power, has_water, status) "
    f"VALUES ({i}, 1, '{code}', '', {3 * i}, 0, 3, 3, false, false, false, '{status}')"
    for i, (code, status) in enumerate([("A01", "assigned"), ("A02", "held"), ("A03", "blocked"),
                                        ("A04", "assigned")], start=1)  # A04: a stale copy, no row
] + [
    f"INSERT INTO booth_assignment (id, event_id, booth_id, application_id, locked, source, created_at) "
    f"VALUES (1, 1, 1, 1, true, 'manual', {NOW})",
]
STATUSES = "SELECT code, status FROM booth ORDER BY code"


def test_upgrade_frees_the_stored_copy_and_keeps_the_assignment(empty_database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="messages_002")
        with db.engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement))
        upgrade(revision="booths_002")
        with db.engine.begin() as conn:
            assert conn.execute(text(STATUSES)).all() == [("A01", "free"), ("A02", "held"), ("A03", "blocked"),
                                                          ("A04", "free")]
            assert conn.execute(text("SELECT booth_id FROM booth_assignment")).scalars().all() == [1]
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text("UPDATE booth SET status = 'assigned' WHERE id = 2"))

        downgrade(revision="messages_002")
        with db.engine.begin() as conn:
            assert conn.execute(text(STATUSES)).all() == [("A01", "assigned"), ("A02", "held"), ("A03", "blocked"),
                                                          ("A04", "free")]
        db.engine.dispose()
