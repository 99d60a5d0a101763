"""Fixtures of the registration tests: the outbox, an admin on the client, the public form."""
import re
import sys
import types

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def outbox(app):
    """The messages sent so far, newest first: [{"to", "subject", "body"}]."""
    from eventapp.mail import outbox_messages

    return outbox_messages


@pytest.fixture
def admin(db, login):
    """An organiser signed in on the client (no password hashing: the login form is not used)."""
    from eventapp.auth.models import User

    user = User(email="bantochuc@example.org", role="admin", password_hash="!")
    db.session.add(user)
    db.session.commit()
    return login(user)


@pytest.fixture
def checked_in(monkeypatch):
    """Stands in for the check-in feature: the returned set holds the ids of checked-in guests."""
    ids = set()
    module = types.ModuleType("eventapp.checkin.services")
    module.checked_in_guest_ids = lambda event: set(ids)
    monkeypatch.setitem(sys.modules, "eventapp.checkin.services", module)
    return ids


def form_values(event, category=None, **values):
    data = {"full_name": "Nguyễn Mạnh Cường", "email": "cuong@example.org", "phone": "0912 345 678",
            "organization": "HTX Nông nghiệp Tân Dương", "position": "Giám đốc",
            "category": str((category or event.categories[0]).id), "consent": "y"}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def submit(client):
    """Posts the public form with a fresh CSRF token, as a browser would."""

    def post(event, category=None, follow=False, **values):
        token = csrf_token(client, f"/e/{event.slug}/register")
        return client.post(f"/e/{event.slug}/register", data={"csrf_token": token, **form_values(
            event, category, **values)}, follow_redirects=follow)

    return post


def private_link(body):
    match = re.search(r"https?://[^/\s]+(/g/[A-Za-z0-9_-]+/)", body)
    assert match, body
    return match.group(1)


def link_sent_to(outbox, address):
    """The private path in the newest message sent to this address: what the guest clicks."""
    mails = [m for m in outbox() if m["to"] == address]
    assert mails, f"no message to {address}"
    return private_link(mails[0]["body"])
