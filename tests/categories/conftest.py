"""Fixtures of the guest-category tests: the outbox, an organiser signed in, guests in a category."""
import pytest

from eventapp.registration import services as registration


@pytest.fixture
def outbox(app):
    """The messages sent so far, newest first: [{"to", "subject", "body"}]."""
    from eventapp.mail import outbox_messages

    return outbox_messages


@pytest.fixture
def admin(make_user, login, make_event):
    """An admin of the organiser that owns the events make_event builds, signed in on the client."""
    event = make_event(slug="ngay-hoi", categories=("khach", "bao-chi"))
    return login(make_user("admin", organiser=event.owner))


@pytest.fixture
def event(admin, db):
    from eventapp.events.models import Event

    return db.session.execute(db.select(Event).filter_by(slug="ngay-hoi")).scalar_one()


@pytest.fixture
def register():
    """Registers a guest through the registration service (no mail), as the public form would."""
    counter = {"n": 0}

    def do(event, category, name=None, **values):
        counter["n"] += 1
        values.setdefault("email", f"khach{counter['n']}@example.org")
        return registration.register_guest(event, category, full_name=name or f"Nguyễn Văn Khách {counter['n']}",
                                           **values)

    return do
