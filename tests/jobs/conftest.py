import pytest


@pytest.fixture
def organiser_admin(db, make_user, login, make_organiser):
    """An organiser's admin, signed in on the client."""
    organiser = make_organiser("Liên minh HTX thành phố Hải Phòng")
    return login(make_user(organiser=organiser))


@pytest.fixture
def event(make_event, organiser_admin):
    from eventapp.events.models import Organiser
    from eventapp.extensions import db

    return make_event(categories=("dai-bieu", "htx"), organiser=db.session.get(Organiser, organiser_admin.organiser_id))


@pytest.fixture
def held_queue(monkeypatch):
    """The task queue does not run what it is given (a worker that has not started yet): returns the
    job ids handed to it, so a test can run them when it chooses."""
    handed = []
    monkeypatch.setattr("eventapp.messages.queue.enqueue_job", lambda app, job_id: handed.append(job_id))
    return handed
