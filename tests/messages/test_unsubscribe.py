"""List-Unsubscribe (RFC 8058) on the organisers' mailings, read from the bytes a real SMTP server
received; the one-click opt-out page; the guest's own mail never carries it."""
import re
from email import policy
from email.parser import BytesParser

import pytest
from itsdangerous import URLSafeSerializer

from eventapp.mail import outbox_messages
from eventapp.messages import delivery
from eventapp.registration import unsubscribe
from eventapp.registration.notify import send_guest_mail

BASE = "https://ngayhoi.example.vn"


@pytest.fixture
def public_base(app):
    app.config["PUBLIC_BASE_URL"] = BASE
    return BASE


def _received(smtp_server, index=-1):
    return BytesParser(policy=policy.default).parsebytes(smtp_server.received[index])


def _guest(make_event, make_guest, **values):
    event = make_event()
    return make_guest(event, full_name="Trần Văn An", email="an@example.org", **values)


@pytest.mark.parametrize("kind", ["invited", "reminder"])
def test_an_organisers_mailing_carries_one_click_list_unsubscribe(db, make_event, make_guest, smtp_server,
                                                                    public_base, kind):
    guest = _guest(make_event, make_guest)
    assert send_guest_mail(guest, kind)
    mail = _received(smtp_server)
    url = f"{BASE}/u/{unsubscribe.token_for(guest)}"
    assert mail["List-Unsubscribe"].strip() == f"<{url}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The token opens the opt-out only: it is neither the private page's key nor the badge code.
    assert guest.private_token not in url and guest.badge_token not in url
    # The letter says it too, in both parts, with the same link.
    html = mail.get_body(("html",)).get_content()
    assert f'href="{url}"' in html and "Ngừng nhận thư mời và thư nhắc của sự kiện này" in html
    assert url in mail.get_body(("plain",)).get_content()


def test_the_guests_own_mail_carries_no_list_unsubscribe(db, make_event, make_guest, smtp_server, public_base):
    guest = _guest(make_event, make_guest)
    for kind in ("confirmation", "resend", "cancelled"):
        send_guest_mail(guest, kind)
    assert smtp_server.count() == 3
    for index in range(3):
        mail = _received(smtp_server, index)
        assert mail["List-Unsubscribe"] is None and mail["List-Unsubscribe-Post"] is None
        assert "/u/" not in mail.get_body(("html",)).get_content()


def test_a_long_address_stays_one_header_line_not_encoded_words(app, db, make_event, make_guest, smtp_server):
    app.config["PUBLIC_BASE_URL"] = "https://dang-ky-ngay-hoi-hop-tac-xa-thanh-pho-hai-phong.example.vn/su-kien"
    guest = _guest(make_event, make_guest)
    send_guest_mail(guest, "invited")
    raw = smtp_server.received[-1].decode("ascii")
    line = next(ln for ln in raw.split("\r\n") if ln.startswith("List-Unsubscribe:"))
    assert line == (f"List-Unsubscribe: <{app.config['PUBLIC_BASE_URL']}/u/{unsubscribe.token_for(guest)}>")
    assert "=?utf-8?" not in line and len(line) > 78


def test_without_a_public_address_a_worker_leaves_the_header_out_and_the_footer_link_stays(
        app, db, make_event, make_guest, smtp_server, held):
    guest = _guest(make_event, make_guest)
    with app.test_request_context(base_url="https://dangky.example.vn"):  # queued from a page
        send_guest_mail(guest, "invited")
    assert delivery.deliver(held[0]) == "sent"  # by a worker: no request, no PUBLIC_BASE_URL
    mail = _received(smtp_server)
    assert mail["List-Unsubscribe"] is None
    html = mail.get_body(("html",)).get_content()
    assert f'href="https://dangky.example.vn/u/{unsubscribe.token_for(guest)}"' in html


def test_get_asks_and_a_one_click_post_without_csrf_records_the_opt_out(app, db, client, make_event, make_guest):
    guest = _guest(make_event, make_guest)
    path = f"/u/{unsubscribe.token_for(guest)}"
    page = client.get(path)
    assert page.status_code == 200 and "Ngừng nhận thư mời và thư nhắc?" in page.get_data(as_text=True)
    assert f'action="{path}"' in page.get_data(as_text=True)
    db.session.refresh(guest)
    assert guest.mail_opt_out_at is None  # a link scanner's GET changes nothing

    # What a mail provider sends (RFC 8058): no cookie, no CSRF token.
    fresh = app.test_client()
    answer = fresh.post(path, data="List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200 and "Đã ngừng gửi thư mời và thư nhắc" in answer.get_data(as_text=True)
    db.session.refresh(guest)
    first = guest.mail_opt_out_at
    assert first is not None
    assert fresh.post(path).status_code == 200  # a second click keeps the first moment
    db.session.refresh(guest)
    assert guest.mail_opt_out_at == first


def test_after_opting_out_no_mailing_goes_but_the_guests_own_mail_does(db, client, make_event, make_guest):
    guest = _guest(make_event, make_guest)
    client.post(f"/u/{unsubscribe.token_for(guest)}")
    db.session.refresh(guest)
    assert send_guest_mail(guest, "invited") is False and send_guest_mail(guest, "reminder") is False
    assert send_guest_mail(guest, "resend") is True
    assert [m["to"] for m in outbox_messages()] == ["an@example.org"]
    assert "gửi lại đường dẫn" in outbox_messages()[0]["body"]


def test_a_forged_damaged_or_other_purpose_token_opens_nothing(app, db, client, make_event, make_guest):
    guest = _guest(make_event, make_guest)
    token = unsubscribe.token_for(guest)
    unsalted = URLSafeSerializer(app.config["SECRET_KEY"]).dumps(guest.id)  # signed, for another purpose
    other = URLSafeSerializer("another-secret", salt=unsubscribe.SALT).dumps(guest.id)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), unsalted, other, guest.private_token):
        assert client.get(f"/u/{bad}").status_code == 404
        assert client.post(f"/u/{bad}").status_code == 404
    db.session.refresh(guest)
    assert guest.mail_opt_out_at is None


def test_an_anonymised_guests_link_is_gone(db, client, make_event, make_guest):
    from eventapp.db import utcnow

    guest = _guest(make_event, make_guest)
    token = unsubscribe.token_for(guest)
    guest.anonymised_at = utcnow()
    db.session.commit()
    assert client.post(f"/u/{token}").status_code == 404


def test_the_page_reads_in_english(db, client, make_event, make_guest):
    guest = _guest(make_event, make_guest)
    client.get("/lang/en?next=/")
    html = client.get(f"/u/{unsubscribe.token_for(guest)}").get_data(as_text=True)
    assert re.search(r"invitations and reminders", html, re.I), html


def test_the_organisers_guest_page_shows_the_opt_out(db, client, make_event, make_guest, make_user, login):
    guest = _guest(make_event, make_guest)
    client.post(f"/u/{unsubscribe.token_for(guest)}")
    login(make_user("admin", organiser=guest.event.owner))
    html = client.get(f"/admin/e/{guest.event.slug}/guests/{guest.id}").get_data(as_text=True)
    assert "Đã từ chối nhận thư mời, thư nhắc lúc" in html
