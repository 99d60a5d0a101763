"""A capacity change and a registration racing each other, on PostgreSQL (SQLite runs one write
transaction at a time, so there they cannot interleave at all)."""
import threading

import pytest

from eventapp.categories import services
from eventapp.events.models import Event, GuestCategory
from eventapp.registration import services as registration


@pytest.fixture
def postgresql_only(lane):
    if lane != "postgresql":
        pytest.skip("SQLite serialises write transactions: no race to test")


def _in_thread(app, work):
    """Runs work(event, category) in its own app context (its own session); returns (thread, result)."""
    result = {}

    def run():
        with app.app_context():
            from eventapp.extensions import db

            try:
                result["value"] = work(db.session.get(Event, result["event_id"]),
                                       db.session.get(GuestCategory, result["category_id"]))
            except Exception as exc:  # reported to the test below
                result["error"] = exc

    return threading.Thread(target=run), result


def test_a_capacity_change_waits_for_a_registration_holding_the_category(app, db, postgresql_only, make_event,
                                                                        register):
    event = make_event(categories=("htx",))
    category = event.categories[0]
    register(event, category)
    thread, result = _in_thread(app, lambda e, c: services.set_capacity(c, 1).over_capacity)
    result.update(event_id=event.id, category_id=category.id)
    db.session.commit()
    with db.engine.connect() as other:  # a registration in progress: it holds the category's lock
        with other.begin():
            other.exec_driver_sql("SELECT id FROM guest_category WHERE id = %s FOR UPDATE", (category.id,))
            thread.start()
            thread.join(0.5)
            assert thread.is_alive(), "the capacity change did not wait for the lock"
            other.exec_driver_sql(
                "INSERT INTO guest (event_id, category_id, full_name, email, organization, position, status, "
                "source, locale, needs_attention, private_token, badge_token, search_key, sort_key, created_at, "
                "updated_at) SELECT event_id, category_id, 'Lê Thị Bình', 'binh@example.org', organization, "
                "position, 'registered', source, locale, needs_attention, 'race-private', 'race-badge', "
                "search_key, sort_key, created_at, updated_at "
                "FROM guest WHERE category_id = %s", (category.id,))
        thread.join(10)
    assert "error" not in result, result.get("error")
    assert result["value"] == 1  # it counted the guest registered while it waited


def test_a_registration_waiting_for_a_capacity_change_counts_against_the_new_capacity(
        app, db, postgresql_only, make_event, register):
    event = make_event(categories=("htx",))
    category = event.categories[0]
    register(event, category)
    thread, result = _in_thread(app, lambda e, c: registration.register_guest(
        e, c, full_name="Lê Thị Bình", email="binh@example.org").status)
    result.update(event_id=event.id, category_id=category.id)
    db.session.commit()
    with db.engine.connect() as other:  # a capacity change in progress, as set_capacity makes it
        with other.begin():
            other.exec_driver_sql("SELECT id FROM guest_category WHERE id = %s FOR UPDATE", (category.id,))
            thread.start()
            thread.join(0.5)
            assert thread.is_alive(), "the registration did not wait for the lock"
            other.exec_driver_sql("UPDATE guest_category SET capacity = 1 WHERE id = %s", (category.id,))
        thread.join(10)
    assert "error" not in result, result.get("error")
    assert result["value"] == "waiting"  # not a second confirmed place in a category of one
