"""Text messages through the SMS gateway adapter, against a real local HTTP gateway: what it is
sent, and how a refusal, a gateway that is down or a slow one become retries, then a failure."""
import base64
import unicodedata

from eventapp.db import utcnow
from eventapp.messages import delivery, sms
from eventapp.messages.models import Message
from eventapp.messages.services import resend
from tests.messages.sms_gateway import sms_gateway  # noqa: F401  (fixture)

TEXT = "Ngày hội Hợp tác xã: Đăng ký của Ông/Bà đã được xác nhận. Thẻ đại biểu (mã QR): https://example.org/g/abc/"


def _row(db, message_id):
    db.session.expire_all()
    return db.session.get(Message, message_id)


def _queued_sms(db, to="+84912345678", text=TEXT, **links):
    message = sms.queue_sms(to, text, kind=links.pop("kind", "guest.confirmation"), **links)
    db.session.commit()
    return message.id


def test_a_text_goes_to_the_gateway_as_utf8_json_with_the_sender_and_token(db, held, sms_gateway):
    message_id = _queued_sms(db)
    assert delivery.deliver(message_id) == "sent"
    [request] = sms_gateway.requests
    assert request.path == "/api/sms" and request.headers["Authorization"] == "Bearer sms-test-token"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.json == {"to": "+84912345678", "sender": "NGAYHOIHTX", "text": TEXT}
    # The diacritics travel as UTF-8 (not \u escapes), composed (NFC): "Hợp" is three characters.
    assert "Hợp tác xã".encode() in request.raw and unicodedata.is_normalized("NFC", request.json["text"])
    row = _row(db, message_id)
    assert (row.channel, row.subject, row.status, row.attempts, row.last_error) == ("sms", "", "sent", 1, "")


def test_a_user_and_password_go_as_basic_authentication(app, db, held, sms_gateway):
    app.config.update(SMS_GATEWAY_TOKEN="", SMS_GATEWAY_USER="htx", SMS_GATEWAY_PASSWORD="mật-khẩu")
    assert delivery.deliver(_queued_sms(db)) == "sent"
    scheme, encoded = sms_gateway.requests[0].headers["Authorization"].split()
    assert (scheme, base64.b64decode(encoded).decode()) == ("Basic", "htx:mật-khẩu")


def test_a_gateway_answering_500_is_retried_with_backoff_then_the_text_fails(db, held, sms_gateway):
    sms_gateway.mode = "fail"
    message_id = _queued_sms(db)
    now = utcnow()
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        status = delivery.deliver(message_id, now=now)
        assert status == ("failed" if attempt == delivery.MAX_ATTEMPTS else "queued")
        row = _row(db, message_id)
        assert row.attempts == attempt and "500" in row.last_error and "route unavailable" in row.last_error
        now = row.next_attempt_at
    assert len(sms_gateway.requests) == delivery.MAX_ATTEMPTS and _row(db, message_id).sent_at is None


def test_a_gateway_that_is_down_is_a_failed_attempt_and_the_retry_goes_when_it_is_back(db, held, sms_gateway):
    sms_gateway.down()
    message_id = _queued_sms(db)
    now = utcnow()
    assert delivery.deliver(message_id, now=now) == "queued"
    row = _row(db, message_id)
    assert "unreachable" in row.last_error and row.next_attempt_at > now
    assert delivery.deliver(message_id, now=now) is None  # not due before its backoff
    sms_gateway.up()
    assert delivery.deliver(message_id, now=row.next_attempt_at) == "sent"
    assert sms_gateway.texts("+84912345678") == [TEXT] and _row(db, message_id).attempts == 2


def test_a_gateway_slower_than_the_timeout_is_a_failed_attempt(app, db, held, sms_gateway):
    app.config["SMS_GATEWAY_TIMEOUT"] = 0.3
    sms_gateway.mode, sms_gateway.delay = "slow", 1.5
    message_id = _queued_sms(db)
    assert delivery.deliver(message_id) == "queued"
    assert "timed out" in _row(db, message_id).last_error


def test_a_text_delivered_after_sms_was_switched_off_fails_rather_than_pass_for_sent(app, db, held, sms_gateway):
    message_id = _queued_sms(db)
    app.config["SMS_GATEWAY_URL"] = ""
    assert delivery.deliver(message_id) == "queued"
    row = _row(db, message_id)
    assert "SMS_GATEWAY_URL" in row.last_error and row.sent_at is None and sms_gateway.requests == []


def test_a_gateway_address_that_is_not_http_is_refused(app, db, held, sms_gateway, tmp_path):
    app.config["SMS_GATEWAY_URL"] = f"file://{tmp_path}/sms.json"
    message_id = _queued_sms(db)
    assert delivery.deliver(message_id) == "queued"
    assert "http" in _row(db, message_id).last_error and sms_gateway.requests == []


def test_an_email_still_goes_to_the_mail_transport_beside_a_text(db, held, sms_gateway, queue, recorder):
    email_id = queue(to="an@example.org")
    assert delivery.deliver(email_id, transport=recorder) == "sent"
    assert [m["To"] for m in recorder.sent] == ["an@example.org"] and sms_gateway.requests == []


def test_the_organisers_list_shows_the_channel_and_a_resent_text_stays_a_text(
        app, db, client, login, make_user, make_event, make_guest, sms_gateway):
    event = make_event()
    guest = make_guest(event, full_name="Phạm Thu", email=None, phone="+84988777666")
    message = sms.queue_sms(guest.phone, TEXT, kind="guest.confirmation", guest=guest)
    db.session.commit()
    assert _row(db, message.id).status == "sent"  # tests deliver at once
    copy = resend(_row(db, message.id))
    assert (copy.channel, copy.to_address) == ("sms", "+84988777666")
    assert sms_gateway.texts("+84988777666") == [TEXT, TEXT]

    login(make_user("admin", organiser=event.owner))
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert "<td>SMS</td>" in html and "0988 777 666" in html and "Tin nhắn SMS" in html
