"""Delivery to a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, refusals, an outage, and
a slow server that the registering guest never waits for."""
import io
import time
import unicodedata
from email import policy
from email.parser import BytesParser

import pytest

from eventapp.db import utcnow
from eventapp.messages import delivery
from eventapp.messages.models import Message
from tests.conftest import csrf_token
from tests.messages.conftest import later
from tests.registration.conftest import form_values

LONG_NAME = "Ngày hội Hợp tác xã và doanh nghiệp nhỏ thành phố Hải Phòng năm 2026 – Kết nối sản phẩm OCOP"


def _register(client, event, **values):
    token = csrf_token(client, f"/e/{event.slug}/register")
    return client.post(f"/e/{event.slug}/register", data={"csrf_token": token, **form_values(event, **values)})


def _only_message(db):
    db.session.expire_all()
    rows = db.session.execute(db.select(Message)).scalars().all()
    assert len(rows) == 1
    return rows[0]


def _parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def _decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_a_confirmation_arrives_formal_in_both_parts_with_the_badge_qr(db, client, make_event, smtp_server, held):
    event = make_event(name=unicodedata.normalize("NFD", LONG_NAME))
    event.organiser = "Liên minh Hợp tác xã thành phố Hải Phòng"  # the signature
    db.session.commit()
    assert _register(client, event, full_name="Trần Thị Hạnh", email="hanh@example.org").status_code == 200
    message = _only_message(db)
    assert delivery.deliver(message.id) == "sent"

    assert smtp_server.count() == 1
    raw = smtp_server.received[0]
    header = raw.split(b"\r\n\r\n")[0]
    assert b"H\xe1\xbb\xa3p" not in header and all(len(line) <= 78 for line in header.split(b"\r\n"))  # encoded, folded
    mail = _parse(raw)
    assert mail["Subject"] == "Xác nhận đăng ký – " + LONG_NAME  # NFC, every space kept across the fold
    assert mail["To"] == "hanh@example.org" and "List-Unsubscribe" not in mail

    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Kính gửi Ông/Bà Trần Thị Hạnh,\n")
    assert "trân trọng cảm ơn Ông/Bà đã đăng ký" in text and "Trạng thái: đã đăng ký" in text
    assert text.rstrip().endswith("Trân trọng,\nLiên minh Hợp tác xã thành phố Hải Phòng")
    db.session.expire_all()
    guest = message.guest
    assert f"/g/{guest.private_token}/" in text

    html = mail.get_body(("html",)).get_content()
    assert "Kính gửi Ông/Bà Trần Thị Hạnh," in html and "Liên minh Hợp tác xã thành phố Hải Phòng" in html
    assert f'href="http://localhost/g/{guest.private_token}/"' in html
    assert "<table" not in html and "http://localhost/static" not in html and 'src="http' not in html
    assert 'src="cid:badge-qr@eventapp.local"' in html

    images = [part for part in mail.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<badge-qr@eventapp.local>"
    assert mail.get_content_type() == "multipart/alternative"
    assert any(part.get_content_type() == "multipart/related" for part in mail.iter_parts())
    assert _decode_qr(images[0].get_content()) == [guest.badge_token]


def test_an_english_guest_gets_an_equally_polite_letter_and_a_waitlisted_guest_no_qr(
        db, client, make_event, smtp_server, held):
    event = make_event(name="Ngày hội HTX 2026")
    event.categories[0].capacity = 0
    db.session.commit()
    _register(client, event, full_name="Lê Văn Nam", email="nam@example.org")
    message = _only_message(db)
    message.guest.locale = "en"
    db.session.commit()
    from eventapp.registration.notify import send_guest_mail

    send_guest_mail(message.guest, "resend")
    db.session.expire_all()
    resend = db.session.execute(db.select(Message).filter_by(kind="guest.resend")).scalar_one()
    assert delivery.deliver(resend.id) == "sent"
    mail = _parse(smtp_server.received[0])
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Dear Lê Văn Nam,\n") and "Mr" not in text and "Ms" not in text
    assert "Status: on the waiting list" in text and "Yours sincerely," in text
    assert not [part for part in mail.walk() if part.get_content_type() == "image/png"]
    assert "cid:" not in mail.get_body(("html",)).get_content()


def test_a_refusing_server_means_retries_with_backoff_then_failed(db, queue, smtp_server):
    smtp_server.mode = "refuse"
    message_id = queue(to="tuchoi@example.org")
    now, waits = utcnow(), []
    for attempt in range(delivery.MAX_ATTEMPTS):
        status = delivery.deliver(message_id, now=now)
        row = db.session.get(Message, message_id, populate_existing=True)
        assert "550" in row.last_error
        if attempt < delivery.MAX_ATTEMPTS - 1:
            assert status == "queued"
            waits.append((row.next_attempt_at - now).total_seconds())
            assert delivery.deliver(message_id, now=now) is None  # not due before its backoff
            now = row.next_attempt_at
    assert status == "failed" and row.attempts == delivery.MAX_ATTEMPTS
    assert waits == [30, 60, 120, 240, 480] and smtp_server.count() == 0


def test_a_server_down_then_back_gets_the_message_exactly_once(db, queue, smtp_server):
    smtp_server.down()
    message_id = queue(to="sau@example.org")
    now = utcnow()
    assert delivery.deliver(message_id, now=now) == "queued"
    assert "Connection" in db.session.get(Message, message_id, populate_existing=True).last_error
    smtp_server.up()
    assert delivery.deliver(message_id, now=later(now, 31)) == "sent"
    assert delivery.deliver(message_id, now=later(now, 3600)) is None  # a duplicate enqueue sends nothing
    assert smtp_server.count() == 1 and b"sau@example.org" in smtp_server.received[0]


@pytest.fixture
def real_queue(app, tmp_path, monkeypatch):
    """A SqliteHuey on a file with no consumer: what production does, minus the worker."""
    from huey import SqliteHuey

    monkeypatch.setattr("eventapp.messages.queue.build_huey",
                        lambda config, path: SqliteHuey("eventapp-test", filename=str(tmp_path / "q.sqlite3"),
                                                        results=False))
    app.extensions.pop("task_queue", None)
    from eventapp.messages.queue import task_queue

    yield task_queue(app)
    app.extensions.pop("task_queue", None)


def test_the_registration_never_waits_for_a_slow_mail_server(db, client, make_event, smtp_server, real_queue):
    smtp_server.mode, smtp_server.delay = "slow", 3
    event = make_event()
    started = time.perf_counter()
    response = _register(client, event, email="cham@example.org")
    answered = time.perf_counter() - started
    assert response.status_code == 200 and answered < 1.5
    message = _only_message(db)
    assert message.status == "queued" and real_queue.huey.pending_count() == 1 and smtp_server.count() == 0

    started = time.perf_counter()
    assert delivery.deliver(message.id) == "sent"  # what the worker does, waiting for the server
    assert time.perf_counter() - started >= 3 and smtp_server.count() == 1
