"""Fixtures of the message tests: holding the queue back, transports that record or fail."""
import threading
from datetime import timedelta

import pytest


@pytest.fixture
def held(monkeypatch):
    """Committed messages stay queued (no worker picks them up): the test delivers them itself."""
    enqueued = []
    monkeypatch.setattr("eventapp.messages.queue.enqueue_delivery", lambda app, ids: enqueued.extend(ids))
    return enqueued


class Recorder:
    """A transport that keeps what it was given (thread-safe), or raises while `failing`."""

    def __init__(self, failing=0):
        self.sent = []
        self.failing = failing
        self.lock = threading.Lock()

    def __call__(self, message):
        with self.lock:
            if self.failing:
                self.failing -= 1
                raise ConnectionRefusedError(111, "Connection refused")
            self.sent.append(message)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def queue(db, held):
    """queue(to=..., **links): one committed, still queued message; returns its id."""
    from eventapp.messages.services import queue_message

    def make(to="khach@example.org", subject="Xác nhận đăng ký – Ngày hội HTX", body="Kính gửi Ông/Bà,", **links):
        message = queue_message(to, subject, body, kind=links.pop("kind", "guest.confirmation"), **links)
        db.session.commit()
        return message.id

    return make


def later(now, seconds):
    return now + timedelta(seconds=seconds)


@pytest.fixture
def smtp_server(app):
    """A real SMTP server (accepting; set .mode / .delay, or .down() and .up()), and the app's mail
    settings pointing at it, without TLS."""
    from tests.messages.smtp import SmtpServer

    server = SmtpServer().up()
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      MAIL_USERNAME=None)
    yield server
    server.down()
