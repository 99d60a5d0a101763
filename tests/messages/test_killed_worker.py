"""Exactly once across a killed worker: the hand-over (handed_at committed before the final
"<CRLF>.<CRLF>") tells a recovery whether the mail server has the message.

The last test kills a real worker process with SIGKILL in the middle of 1,000 invitations and
counts what a real SMTP server received: each message once. A kill that falls between a hand-over's
commit and its final dot (the gap delivery.py documents: 3 kills in 50 on a 2-core machine, all
while other test suites ran on it) loses that one message; the test then reports it as an expected
failure, and fails on anything else: a message received twice, or lost without being handed over.
"""
import os
import random
import re
import signal
import smtplib
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from eventapp.messages import delivery
from eventapp.messages.models import Message
from tests.conftest import PG_URL
from tests.messages.smtp import SmtpServer, _Handler

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
INVITATIONS = 1000


def _row(db, message_id):
    db.session.expire_all()
    return db.session.get(Message, message_id)


def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def _data_then(server, finish: bool) -> None:
    """MAIL, RCPT, DATA and a message; then the final dot, or a close without it."""
    smtp = smtplib.SMTP(server.host, server.port, timeout=10)
    smtp.ehlo()
    smtp.mail("ban-to-chuc@example.org")
    smtp.rcpt("khach@example.org")
    assert smtp.docmd("DATA")[0] == 354
    smtp.send(b"Subject: Thu moi\r\n\r\nKinh gui Ong/Ba,\r\n")
    if finish:
        smtp.send(b".\r\n")
        assert smtp.getreply()[0] == 250
        smtp.quit()
    else:
        smtp.close()


def test_a_mail_server_drops_a_message_whose_connection_closes_before_the_final_dot():
    server = SmtpServer().up()
    try:
        _data_then(server, finish=False)
        time.sleep(0.5)
        assert server.count() == 0
        _data_then(server, finish=True)  # the same conversation with the terminator is received
        assert _wait_for(lambda: server.count() == 1)
    finally:
        server.down()


def test_the_hand_over_is_committed_before_the_server_has_the_message(db, queue, smtp_server, monkeypatch):
    message_id = queue(to="giao@example.org")
    seen = []
    hand_over = delivery._hand_over

    def watching(*args):
        hand_over(*args)
        seen.append((_row(db, message_id).handed_at is not None, smtp_server.count()))

    monkeypatch.setattr(delivery, "_hand_over", watching)
    assert delivery.deliver(message_id) == "sent"
    assert seen == [(True, 0)] and smtp_server.count() == 1
    row = _row(db, message_id)
    assert row.handed_at <= row.sent_at and row.claimed_at is None


class Killed(BaseException):
    """What a SIGKILL does to the worker, inside one process: nothing after it runs."""


def test_a_worker_killed_before_the_hand_over_leaves_nothing_at_the_server_and_the_message_goes_once(
        db, queue, smtp_server, monkeypatch):
    message_id = queue(to="truoc@example.org")

    def killed(*args):
        raise Killed

    monkeypatch.setattr(delivery, "_hand_over", killed)
    with pytest.raises(Killed):
        delivery.deliver(message_id)
    monkeypatch.undo()
    time.sleep(0.3)
    row = _row(db, message_id)
    assert (row.status, row.handed_at, smtp_server.count()) == ("sending", None, 0)

    assert delivery.recover_at_start() == 1  # the next worker, as it starts
    assert _row(db, message_id).status == "queued"
    assert delivery.deliver(message_id) == "sent"
    assert smtp_server.count() == 1 and b"truoc@example.org" in smtp_server.received[0]


def test_a_worker_killed_after_the_hand_over_is_recorded_sent_and_never_sent_again(db, queue, smtp_server):
    message_id = queue(to="sau@example.org")
    claimed = delivery.claim(message_id)
    delivery._hand_over(message_id, claimed)  # then killed before the server's answer was recorded
    assert delivery.recover_stuck() == 0  # not stuck yet for the periodic task (STUCK_AFTER)...
    assert delivery.recover_at_start() == 1  # ...but a worker starting takes it back at once
    row = _row(db, message_id)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, row.handed_at)
    assert "không được gửi lại" in row.last_error
    assert delivery.deliver(message_id) is None and delivery.due_message_ids() == []
    assert smtp_server.count() == 0  # (this test's dead worker never sent the final dot)


def test_a_live_worker_whose_message_is_taken_back_closes_without_the_final_dot(db, queue, smtp_server, monkeypatch):
    """A second worker starting while the first is in the middle of DATA: the message arrives
    once, sent by the second."""
    message_id = queue(to="song@example.org")
    hand_over = delivery._hand_over
    second = []

    def another_worker_starts(*args):
        monkeypatch.setattr(delivery, "_hand_over", hand_over)
        assert delivery.recover_at_start() == 1
        second.append(delivery.deliver(message_id))
        hand_over(*args)

    monkeypatch.setattr(delivery, "_hand_over", another_worker_starts)
    assert delivery.deliver(message_id) is None  # the first worker: its claim was taken, it records nothing
    assert second == ["sent"]
    time.sleep(0.3)
    assert smtp_server.count() == 1
    row = _row(db, message_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")


def test_a_refusal_of_the_final_dot_is_a_failed_attempt(db, queue, smtp_server, monkeypatch):
    async def refuse(self, smtp, session, envelope):
        return "554 5.6.0 Message rejected"

    monkeypatch.setattr(_Handler, "handle_DATA", refuse)
    message_id = queue(to="bituchoi@example.org")
    assert delivery.deliver(message_id) == "queued"
    row = _row(db, message_id)
    assert (row.attempts, row.handed_at, row.claimed_at) == (1, None, None)
    assert "554" in row.last_error and smtp_server.count() == 0


# ----- a real worker process, killed ------------------------------------------------------------

def _seed(url: str) -> None:
    """The schema and an event with INVITATIONS registered guests (no messages yet)."""
    from datetime import datetime

    from eventapp import create_app
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.extensions import db
    from eventapp.registration.models import Guest

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố Hải Phòng"), slug="ngay-hoi-htx",
                      name="Ngày hội Hợp tác xã thành phố Hải Phòng", starts_at=start, ends_at=start,
                      always_open=True)
        event.categories.append(GuestCategory(code="khach", name="Khách mời"))
        db.session.add(event)
        db.session.flush()
        for n in range(INVITATIONS):
            guest = Guest(event_id=event.id, category_id=event.categories[0].id, full_name=f"Nguyễn Văn Khách {n}",
                          email=f"khach{n}@example.org")
            guest.refresh_keys()
            db.session.add(guest)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


_INVITE = """
from eventapp import create_app
from eventapp.extensions import db
from eventapp.registration.models import Guest
from eventapp.registration.notify import queue_guest_mail

app = create_app()
with app.app_context():
    for guest in db.session.execute(db.select(Guest).order_by(Guest.id)).scalars():
        queue_guest_mail(guest, "invited")
    db.session.commit()  # and the 1,000 ids go to the queue
"""


def _received_ids(server) -> Counter:
    """Message row id → how many copies the server received (from the Message-ID header)."""
    with server.lock:
        raw = list(server.received)
    ids = Counter()
    for message in raw:
        header = re.search(rb"^Message-ID:\s*<[^>]*\.message-(\d+)@eventapp\.local>", message, re.M | re.I)
        assert header, message[:300]
        ids[int(header.group(1))] += 1
    return ids


@pytest.mark.slow
def test_a_worker_killed_in_the_middle_of_a_thousand_invitations_delivers_each_exactly_once(tmp_path):
    url = PG_URL or f"sqlite:///{tmp_path / 'app.sqlite3'}"
    if REDIS_URL:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    _seed(url)
    server = SmtpServer().up()
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path), "APP_ENV": "development", "SECRET_KEY": "k" * 40,
           "DATABASE_URL": url, "TASK_QUEUE_URL": REDIS_URL, "MAIL_SERVER": server.host,
           "MAIL_PORT": str(server.port), "MAIL_USE_TLS": "0", "MAIL_USE_SSL": "0", "MAIL_USERNAME": "",
           "PUBLIC_BASE_URL": "https://ngayhoi.example.org"}
    engine = create_engine(url)

    def scalar(sql):
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()

    def ids(sql):
        with engine.connect() as conn:
            return set(conn.execute(text(sql)).scalars())

    worker_command = [sys.executable, "-m", "flask", "--app", "eventapp", "worker"]  # its default threads
    workers = []
    try:
        subprocess.run([sys.executable, "-c", _INVITE], cwd=ROOT, env=env, check=True, timeout=300)
        assert scalar("SELECT count(*) FROM message WHERE status = 'queued'") == INVITATIONS

        workers.append(subprocess.Popen(worker_command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        # Kill at a moment nobody chose: after a random share has arrived, plus a random delay.
        target = random.randint(INVITATIONS // 5, INVITATIONS * 3 // 5)
        assert _wait_for(lambda: server.count() >= target, seconds=240), server.count()
        time.sleep(random.uniform(0, 0.2))
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=30)
        time.sleep(0.5)  # what the dead worker's connections had sent has arrived (or been dropped)
        at_kill = server.count()
        sending = ids("SELECT id FROM message WHERE status = 'sending'")
        handed = ids("SELECT id FROM message WHERE status = 'sending' AND handed_at IS NOT NULL")
        assert 0 < at_kill < INVITATIONS

        started = time.monotonic()
        workers.append(subprocess.Popen(worker_command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        assert _wait_for(lambda: scalar("SELECT count(*) FROM message WHERE status = 'sent'") == INVITATIONS,
                         seconds=300), scalar("SELECT count(*) FROM message WHERE status = 'sent'")
        finished = time.monotonic() - started
        time.sleep(1)  # a late duplicate would have time to arrive
        print(f"\nkilled after {at_kill} received ({len(sending)} rows in sending, {len(handed)} of them handed "
              f"over); the second worker finished in {finished:.1f} s")

        copies = _received_ids(server)
        queued = ids("SELECT id FROM message")
        lost, twice = sorted(queued - set(copies)), sorted(n for n, count in copies.items() if count != 1)
        assert twice == [] and set(lost) <= handed, f"lost {lost} (handed over at the kill: {sorted(handed)}), " \
                                                    f"received twice {twice}"
        if lost:  # the kill fell in the gap delivery.py documents: reported, neither hidden nor failed
            pytest.xfail(f"killed between the hand-over and the final dot of message {lost}: lost, not sent twice")
        assert len(queued) == server.count() == INVITATIONS
        assert scalar("SELECT count(*) FROM message WHERE status <> 'sent'") == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGINT)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
        server.down()
        engine.dispose()
        if PG_URL:
            from tests.checkin.live import clear

            clear(url)
