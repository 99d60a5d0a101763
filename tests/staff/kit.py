"""Helpers of the staff tests: the mails sent, their links, and copied session cookies."""
import re

from flask import g

from eventapp.mail import outbox_messages
from tests.conftest import csrf_token as _csrf_token

PASSWORD = "mat-khau-rat-dai"  # what tests/conftest.py's make_user gives


def csrf_token(client, path="/login"):
    """tests.conftest.csrf_token for tests that use several clients: the tests keep one app context,
    whose `g` would otherwise hand every client the first client's cached CSRF token."""
    g.pop("csrf_token", None)
    return _csrf_token(client, path)


def mails_to(address):
    return [m for m in outbox_messages() if m["to"] == address]


def link_in(message, path="/staff/invitation/"):
    match = re.search(rf"https?://\S+{re.escape(path)}(\S+)", message["body"])
    assert match, message["body"]
    return match.group(1)


def signed_in_cookie(client, email, password=PASSWORD):
    """Signs in through the login form and returns the session cookie a thief could copy."""
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200
    return client.get_cookie("session").value


def replayed(app, cookie):
    """The copied cookie, sent from another browser."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/admin/")


def is_login_redirect(response):
    return response.status_code == 302 and "/login" in response.headers["Location"]
