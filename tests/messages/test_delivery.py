"""Messages as rows: queued with the change they announce, delivered once, retried, recovered."""
import threading
import unicodedata
from datetime import timedelta
from email import policy
from email.parser import BytesParser

import pytest

from eventapp.db import utcnow
from eventapp.mail import outbox_messages, wire_bytes
from eventapp.messages import delivery
from eventapp.messages.models import Message
from eventapp.messages.services import queue_message
from tests.messages.conftest import Recorder


def _row(db, message_id):
    db.session.expire_all()
    return db.session.get(Message, message_id)


def test_a_rolled_back_transaction_sends_nothing(db, make_event):
    event = make_event()
    queue_message("an@example.org", "Xác nhận đăng ký", "Kính gửi", kind="guest.confirmation", event=event)
    db.session.rollback()
    queue_message("binh@example.org", "Xác nhận đăng ký", "Kính gửi", kind="guest.confirmation", event=event)
    db.session.commit()
    assert [m["to"] for m in outbox_messages()] == ["binh@example.org"]
    assert db.session.execute(db.select(db.func.count()).select_from(Message)).scalar_one() == 1


def test_a_committed_message_is_delivered_at_once_in_tests(db, make_event, make_guest):
    event = make_event()
    guest = make_guest(event, email="an@example.org")
    message = queue_message(guest.email, "Thư mời tham dự", "Kính gửi Ông An", kind="guest.invited", guest=guest)
    db.session.commit()
    row = _row(db, message.id)
    assert (row.status, row.attempts, row.event_id, row.organiser_id) == ("sent", 1, event.id, event.organiser_id)
    assert row.sent_at is not None and outbox_messages()[0] == {
        "id": row.id, "to": "an@example.org", "subject": "Thư mời tham dự", "body": "Kính gửi Ông An",
        "status": "sent"}


def test_delivery_hands_the_message_to_the_transport_and_marks_it_sent(db, queue, recorder):
    message_id = queue(to="ha@example.org", body="Đường dẫn riêng: https://example.org/g/abc/")
    assert _row(db, message_id).status == "queued"
    assert delivery.deliver(message_id, transport=recorder) == "sent"
    assert [m["To"] for m in recorder.sent] == ["ha@example.org"]
    assert "https://example.org/g/abc/" in recorder.sent[0].get_body(("plain",)).get_content()
    row = _row(db, message_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
    # Sent once: a second delivery of the same id (a duplicate enqueue) sends nothing.
    assert delivery.deliver(message_id, transport=recorder) is None and len(recorder.sent) == 1


def test_a_failing_transport_retries_with_backoff_then_gives_up_after_six_attempts(db, queue):
    message_id = queue()
    transport = Recorder(failing=99)
    now = utcnow()
    waits = []
    for attempt in range(1, 7):
        assert delivery.deliver(message_id, transport=transport, now=now) == ("failed" if attempt == 6 else "queued")
        row = _row(db, message_id)
        assert row.attempts == attempt and "Connection refused" in row.last_error
        if attempt < 6:
            waits.append(round((row.next_attempt_at - now).total_seconds()))
            # Not due before its backoff: an early delivery does nothing.
            assert delivery.deliver(message_id, transport=transport, now=now) is None
            now = row.next_attempt_at
    assert waits == [30, 60, 120, 240, 480]
    assert delivery.backoff(10) == timedelta(hours=1)  # capped
    assert _row(db, message_id).status == "failed" and transport.sent == []
    assert delivery.deliver(message_id, transport=transport, now=now + timedelta(days=1)) is None


def test_a_retry_succeeds_when_the_server_is_back(db, queue):
    message_id = queue()
    transport = Recorder(failing=2)
    now = utcnow()
    for _ in range(3):
        status = delivery.deliver(message_id, transport=transport, now=now)
        now = _row(db, message_id).next_attempt_at
    row = _row(db, message_id)
    assert (status, row.status, row.attempts, len(transport.sent)) == ("sent", "sent", 3, 1)


def test_the_periodic_task_requeues_due_messages_and_recovers_stuck_ones(app, db, queue):
    from eventapp.messages.queue import task_queue

    stuck, _due, later = queue(to="stuck@example.org"), queue(to="due@example.org"), queue(to="later@example.org")
    fresh = queue(to="fresh@example.org")
    now = utcnow()
    assert delivery.claim(stuck) and delivery.claim(fresh)
    # One worker died mid-send 11 minutes ago; another is still sending (claimed 2 minutes ago).
    for message_id, minutes in ((stuck, 11), (fresh, 2)):
        db.session.execute(db.update(Message).where(Message.id == message_id)
                           .values(claimed_at=now - timedelta(minutes=minutes)))
    db.session.execute(db.update(Message).where(Message.id == later).values(next_attempt_at=now + timedelta(minutes=5)))
    db.session.commit()
    task_queue(app).requeue.call_local()  # what the consumer runs every minute
    statuses = {m.to_address: m.status for m in db.session.execute(db.select(Message)).scalars()}
    assert statuses == {"stuck@example.org": "sent", "due@example.org": "sent", "later@example.org": "queued",
                        "fresh@example.org": "sending"}
    assert delivery.due_message_ids(now + timedelta(minutes=6)) == [later]


@pytest.fixture
def threaded_app(lane, tmp_path, request):
    """Two threads need two connections: on SQLite a database file, not the in-memory one."""
    if lane == "postgresql":
        yield request.getfixturevalue("app")
        return
    from eventapp import create_app
    from eventapp.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'threads.sqlite3'}",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_two_workers_given_the_same_message_send_it_once(threaded_app, held):
    from eventapp.extensions import db

    messages = [queue_message(f"khach{n}@example.org", "Xác nhận", "Kính gửi", kind="guest.confirmation")
                for n in range(15)]
    db.session.flush()
    ids = [m.id for m in messages]
    db.session.commit()  # and no transaction left open: the main thread holds no SQLite lock
    transport = Recorder()
    errors = []

    def worker(barrier):
        with threaded_app.app_context():
            for message_id in ids:
                try:
                    barrier.wait()
                    delivery.deliver(message_id, transport=transport)
                except Exception as exc:  # reported below: a worker must not crash on a lost race
                    errors.append(exc)

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=worker, args=(barrier,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(m["To"] for m in transport.sent) == sorted(f"khach{n}@example.org" for n in range(15))
    db.session.expire_all()
    assert {m.status for m in db.session.execute(db.select(Message)).scalars()} == {"sent"}


@pytest.mark.parametrize("subject", [
    "Thư mời tham dự – Ngày hội Hợp tác xã thành phố Hồ Chí Minh năm 2026",
    "Thư mời tham dự – Ngày hội Hợp tác xã và doanh nghiệp nhỏ thành phố Hải Phòng năm 2026",
    "Lời mời tham gia ban tổ chức – Liên minh Hợp tác xã tỉnh Bà Rịa – Vũng Tàu lần thứ 3",
])
def test_a_long_vietnamese_subject_arrives_with_every_space(db, queue, recorder, subject):
    decomposed = unicodedata.normalize("NFD", subject)  # as typed on some keyboards
    message_id = queue(subject=decomposed)
    delivery.deliver(message_id, transport=recorder)
    raw = wire_bytes(recorder.sent[0])
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))  # it was folded
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert parsed["Subject"] == unicodedata.normalize("NFC", subject)
    assert parsed.get_body(("plain",)).get_content().strip() == "Kính gửi Ông/Bà,"
