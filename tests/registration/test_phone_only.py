"""Guests who give a phone and no e-mail: never told an e-mail went; told to keep their page and
badge, and that the door finds them by name or phone. With an SMS gateway their link goes by SMS,
and the form and the resend page answer alike whether or not the number is on file."""
import re

from eventapp.messages.models import Message
from eventapp.registration.models import Guest
from tests.conftest import csrf_token
from tests.messages.sms_gateway import sms_gateway  # noqa: F401  (fixture)
from tests.registration.conftest import private_link

PHONE = "+84912345678"
EMAIL_CLAIMS = ("đã được gửi tới địa chỉ", "kiểm tra email", "Chúng tôi sẽ gửi thư")


def _guests(db):
    return db.session.execute(db.select(Guest).order_by(Guest.id)).scalars().all()


def _messages(db):
    db.session.expire_all()
    return db.session.execute(db.select(Message).order_by(Message.id)).scalars().all()


def _page(response):
    """The answer's HTML without its CSRF tokens (they follow the visitor's session)."""
    return re.sub(r'(name="csrf[-_]token" (?:content|value)=")[^"]+', r"\1…", response.get_data(as_text=True))


def _event_of(db, make_event, organiser):
    """An event whose public page names this organising body."""
    event = make_event()
    event.organiser = organiser
    db.session.commit()
    return event


def _emails(outbox):
    return [m for m in outbox() if "@" in m["to"]]


def _resend(client, event, **contact):
    token = csrf_token(client, f"/e/{event.slug}/resend")
    return client.post(f"/e/{event.slug}/resend", data={"csrf_token": token, "email": "", "phone": "", **contact})


# ----- without SMS ---------------------------------------------------------------------------------

def test_a_new_phone_only_guest_is_told_to_keep_the_page_and_badge_and_no_email_is_claimed(
        client, db, make_event, submit, outbox):
    event = _event_of(db, make_event, "Liên minh HTX thành phố Hải Phòng")
    response = submit(event, email="", phone="0912 345 678")
    guest = _guests(db)[0]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hãy lưu thẻ đại biểu ngay" in html and "không có thư nào được gửi cho bạn" in html
    assert "đánh dấu (bookmark) trang này" in html and "chụp màn hình mã QR" in html
    assert "cán bộ có thể tìm bạn theo họ tên hoặc số điện thoại" in html
    # One clear button to the badge, and it is a PDF.
    assert html.count(f'href="/g/{guest.private_token}/badge.pdf"') == 1
    assert client.get(f"/g/{guest.private_token}/badge.pdf").mimetype == "application/pdf"
    assert not any(claim in html for claim in EMAIL_CLAIMS) and "SMS" not in html
    assert outbox() == [] and _messages(db) == []


def test_a_guest_with_an_email_sees_no_phone_only_note(client, db, make_event, submit, outbox):
    event = make_event()
    submit(event, email="an@example.org", phone="0912 345 678")
    html = client.get(private_link(outbox()[0]["body"])).get_data(as_text=True)
    assert "Hãy lưu thẻ đại biểu ngay" not in html and 'id="phone-only"' not in html
    assert html.count("/badge.pdf") == 1


def test_a_phone_only_guest_on_the_waiting_list_is_not_promised_a_letter(client, db, make_event, submit):
    event = make_event()
    event.categories[0].capacity = 0
    db.session.commit()
    response = submit(event, email="", phone="0912 345 678")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _guests(db)[0].status == "waiting" and "danh sách chờ" in html
    assert "Hãy lưu trang này" in html and "thẻ đại biểu sẽ hiện ở đây" in html
    assert not any(claim in html for claim in EMAIL_CLAIMS) and "badge.pdf" not in html


def test_the_resend_page_says_links_go_by_email_only_and_how_to_reach_the_organisers(
        client, db, make_event, submit, outbox):
    event = _event_of(db, make_event, "Liên minh HTX thành phố Hải Phòng")
    submit(event, full_name="Phạm Thu", email="", phone="0988 777 666")
    form = client.get(f"/e/{event.slug}/resend").get_data(as_text=True)
    assert "Đường dẫn chỉ được gửi qua email" in form and "không gửi qua tin nhắn điện thoại" in form
    assert "liên hệ Ban tổ chức (Liên minh HTX thành phố Hải Phòng)" in form
    assert f'href="/e/{event.slug}/"' in form
    known, unknown = _resend(client, event, phone="0988777666"), _resend(client, event, phone="0977111222")
    assert _page(known) == _page(unknown) and "Đường dẫn chỉ được gửi qua email" in _page(known)
    assert "liên hệ Ban tổ chức (Liên minh HTX thành phố Hải Phòng)" in _page(known)
    assert outbox() == []


# ----- with an SMS gateway -----------------------------------------------------------------------

def test_with_sms_a_new_and_a_repeated_number_get_the_same_page_and_each_an_sms(
        client, db, make_event, submit, sms_gateway):
    event = make_event()
    new = submit(event, full_name="Phạm Thu", email="", phone="0912 345 678")
    again = submit(event, full_name="Kẻ Lạ", email="", phone="+84 912 345 678")
    guest = _guests(db)[0]
    assert (new.status_code, again.status_code, len(_guests(db))) == (200, 200, 1)
    assert _page(new) == _page(again) and new.headers["Cache-Control"] == "no-store"
    html = _page(new)
    assert "đã được gửi bằng tin nhắn SMS tới số 0912 345 678" in html and "Không có email nào được gửi" in html
    assert "cán bộ có thể tìm bạn theo họ tên hoặc số điện thoại" in html and "tải thẻ đại biểu (PDF)" in html
    for secret in (guest.private_token, guest.badge_token, "Phạm Thu"):
        assert secret not in html
    # The confirmation, then the link again: both by SMS to the number on file, in Vietnamese.
    texts = sms_gateway.texts(PHONE)
    assert len(texts) == 2 and all(f"/g/{guest.private_token}/" in t for t in texts)
    assert "đăng ký của Ông/Bà đã được xác nhận. Thẻ đại biểu:" in texts[0]
    assert [(m.channel, m.kind, m.status) for m in _messages(db)] == [
        ("sms", "guest.confirmation", "sent"), ("sms", "guest.resend", "sent")]


def test_with_sms_repeating_the_form_does_not_flood_the_phone(app, db, make_event, submit, sms_gateway, rate_limited):
    app.config["RESEND_CONTACT_RATE_LIMIT"] = "2 per hour"
    event = make_event()
    answers = [submit(event, email="", phone="0912 345 678") for _ in range(5)]
    assert len({_page(a) for a in answers}) == 1
    assert len(sms_gateway.texts(PHONE)) == 3  # the confirmation, then two more links at most


def test_with_sms_the_private_page_says_the_link_went_by_sms(client, db, make_event, submit, sms_gateway):
    event = make_event()
    submit(event, email="", phone="0912 345 678")
    html = client.get(private_link(sms_gateway.texts(PHONE)[0])).get_data(as_text=True)
    assert "gửi bằng tin nhắn SMS tới số 0912 345 678" in html and "Hãy lưu thẻ đại biểu ngay" in html


def test_with_sms_resend_by_phone_goes_by_sms_and_answers_alike(client, db, make_event, submit, sms_gateway, outbox):
    event = make_event()
    submit(event, full_name="Trần Văn An", email="an@example.org", phone="0912 345 678")
    an = _guests(db)[0]
    form = client.get(f"/e/{event.slug}/resend").get_data(as_text=True)
    assert "bằng tin nhắn SMS tới số đó" in form and "Đường dẫn chỉ được gửi qua email" not in form

    known, unknown = _resend(client, event, phone="0912345678"), _resend(client, event, phone="0977111222")
    assert _page(known) == _page(unknown) and "tin nhắn SMS" in _page(known)
    # Asked by phone, the link went to that phone, not to the address on file.
    assert [private_link(t) for t in sms_gateway.texts(PHONE)] == [f"/g/{an.private_token}/"]
    assert sms_gateway.texts("+84977111222") == [] and len(_emails(outbox)) == 1  # the confirmation
    # Asked by e-mail, it goes by e-mail as before.
    _resend(client, event, email="an@example.org")
    assert len(_emails(outbox)) == 2 and len(sms_gateway.texts(PHONE)) == 1


def test_an_organiser_resending_to_a_phone_only_guest_sends_an_sms(client, db, make_event, make_guest, admin,
                                                                     sms_gateway):
    event = make_event()
    guest = make_guest(event, full_name="Phạm Thu", email=None, phone=PHONE)
    page = f"/admin/e/{event.slug}/guests/{guest.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Gửi lại đường dẫn qua SMS" in html
    action = re.search(r'action="([^"]+/resend)"', html).group(1)
    client.post(action, data={"csrf_token": csrf_token(client, page)})
    assert [private_link(t) for t in sms_gateway.texts(PHONE)] == [f"/g/{guest.private_token}/"]


def test_an_invitation_never_goes_by_sms(db, make_event, make_guest, sms_gateway):
    from eventapp.registration.notify import send_guest_mail

    event = make_event()
    guest = make_guest(event, email=None, phone=PHONE)
    assert send_guest_mail(guest, "invited") is False and sms_gateway.requests == []


def test_a_phone_only_guest_given_a_place_from_the_waiting_list_is_told_by_sms(
        client, db, make_event, submit, sms_gateway):
    from eventapp.registration.services import fill_free_places

    event = make_event()
    event.categories[0].capacity = 0
    db.session.commit()
    submit(event, email="", phone="0912 345 678")
    page = client.get(private_link(sms_gateway.texts(PHONE)[0])).get_data(as_text=True)
    assert "danh sách chờ" in sms_gateway.texts(PHONE)[0]
    assert "Chúng tôi sẽ báo cho bạn bằng tin nhắn SMS ngay khi có chỗ." in page
    event.categories[0].capacity = 1
    db.session.commit()
    fill_free_places(event.categories[0])
    texts = sms_gateway.texts(PHONE)
    assert len(texts) == 2 and "đã được xác nhận. Thẻ đại biểu:" in texts[1]
