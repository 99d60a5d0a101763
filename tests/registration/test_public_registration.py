"""The public side through the HTTP client: form, CSRF, private page, edit, cancel, resend."""
import re
import unicodedata
from datetime import UTC

import pytest

from eventapp.registration.models import Guest
from eventapp.registration.services import CONSENT_VERSION
from tests.conftest import csrf_token
from tests.registration.conftest import form_values, link_sent_to, private_link


def _guests(db):
    return db.session.execute(db.select(Guest).order_by(Guest.id)).scalars().all()


def test_event_page_links_to_the_form_and_shows_availability(client, db, make_event):
    event = make_event(categories=("htx", "bao-chi", "lanh-dao"))
    event.categories[1].requires_approval = True
    event.categories[2].public = False
    db.session.commit()
    html = client.get(f"/e/{event.slug}/").get_data(as_text=True)
    assert f'href="/e/{event.slug}/register"' in html
    assert "cần ban tổ chức duyệt" in html and f"/e/{event.slug}/resend" in html
    form = client.get(f"/e/{event.slug}/register").get_data(as_text=True)
    assert "Hạng htx" in form and "Hạng bao-chi (cần ban tổ chức duyệt)" in form
    assert "Hạng lanh-dao" not in form  # invitation-only
    assert "Nghị định 13/2023/NĐ-CP" in form
    for name in ("full_name", "email", "phone", "organization", "position", "category", "consent"):
        assert f'name="{name}"' in form


def test_whole_flow_mails_the_link_and_the_link_opens_the_private_page(client, db, make_event, submit, outbox):
    event = make_event()
    response = submit(event)
    assert response.status_code == 200
    assert "đã được gửi tới địa chỉ cuong@example.org" in response.get_data(as_text=True)
    guest = _guests(db)[0]
    assert guest.phone == "+84912345678" and guest.status == "registered"
    assert guest.consent_at is not None and guest.consent_version == CONSENT_VERSION
    mail = outbox()[0]
    assert mail["to"] == "cuong@example.org" and private_link(mail["body"]) == f"/g/{guest.private_token}/"

    page = client.get(private_link(mail["body"]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Nguyễn Mạnh Cường" in html and "Đã đăng ký" in html and "0912 345 678" in html


def test_post_without_csrf_token_is_refused(client, db, make_event):
    event = make_event()
    response = client.post(f"/e/{event.slug}/register", data=form_values(event))
    assert response.status_code == 400 and "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert _guests(db) == []


@pytest.mark.parametrize("values, field, message", [
    ({"full_name": "  "}, "full_name", "Vui lòng nhập họ và tên."),
    ({"email": "", "phone": ""}, "email", "Vui lòng nhập email hoặc số điện thoại."),
    ({"email": "khong-phai-email"}, "email", "Địa chỉ email không hợp lệ."),
    ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ."),
    ({"consent": None}, "consent", "Bạn cần đồng ý với việc xử lý dữ liệu cá nhân để đăng ký."),
])
def test_bad_input_is_explained_next_to_the_field_and_kept(db, make_event, submit, values, field, message):
    event = make_event()
    response = submit(event, organization="HTX Thủy sản Cát Bà", **values)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'<p class="error" id="{field}-error">{re.escape(message)}</p>', html), html
    assert 'value="HTX Thủy sản Cát Bà"' in html
    assert _guests(db) == []


def test_hidden_category_cannot_be_posted(db, make_event, submit):
    event = make_event(categories=("htx", "lanh-dao"))
    event.categories[1].public = False
    db.session.commit()
    response = submit(event, category=event.categories[1])
    assert response.status_code == 400 and _guests(db) == []


@pytest.mark.parametrize("first, again", [
    ({"email": "an@example.org", "phone": ""}, {"email": "AN@Example.org", "phone": ""}),
    ({"email": "", "phone": "0912 345 678"}, {"email": "", "phone": "+84912345678"}),
    ({"email": "", "phone": "0912 345 678"}, {"email": "khac@example.org", "phone": "84-912-345-678"}),
])
def test_registering_twice_never_shows_the_registration(
        client, db, make_event, submit, outbox, first, again):
    event = make_event()
    assert submit(event, full_name="Trần Văn An", **first).status_code in (200, 302)
    response = submit(event, full_name="Kẻ Lạ", **again)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Bạn đã đăng ký" not in html
    assert len(_guests(db)) == 1
    guest = _guests(db)[0]
    assert guest.private_token not in html and "Trần Văn An" not in html
    if guest.email:
        assert guest.email not in html.lower().replace(again["email"].lower(), "")


def test_already_registered_can_have_the_link_sent_to_the_address_on_file(client, db, make_event, submit, outbox):
    event = make_event()
    submit(event, email="an@example.org", phone="0912 345 678")
    token = _guests(db)[0].private_token
    html = submit(event, email="", phone="0912345678").get_data(as_text=True)
    assert "an@example.org" not in html
    resend = re.search(r'action="(/e/[^"]+/resend)"', html).group(1)
    response = client.post(resend, data={"csrf_token": csrf_token(client, f"/e/{event.slug}/register"),
                                         "email": "", "phone": "0912345678"})
    assert response.status_code == 200 and "an@example.org" not in response.get_data(as_text=True)
    mails = outbox()
    assert len(mails) == 2 and mails[0]["to"] == "an@example.org"
    assert "gửi lại đường dẫn" in mails[0]["body"] and private_link(mails[0]["body"]) == f"/g/{token}/"


def test_lookup_answers_the_same_for_unknown_contacts(client, db, make_event, outbox):
    event = make_event()
    token = csrf_token(client, f"/e/{event.slug}/resend")
    response = client.post(f"/e/{event.slug}/resend", data={"csrf_token": token, "email": "ai@example.org"})
    assert response.status_code == 200 and "Nếu thông tin này đã được dùng để đăng ký" in response.get_data(as_text=True)
    assert outbox() == []
    empty = client.post(f"/e/{event.slug}/resend", data={"csrf_token": token})
    assert empty.status_code == 400 and "Vui lòng nhập email hoặc số điện thoại." in empty.get_data(as_text=True)


def test_decomposed_name_from_the_form_is_stored_nfc(db, make_event, submit):
    event = make_event()
    submit(event, full_name=unicodedata.normalize("NFD", "Nguyễn Thị Thủy"))
    assert _guests(db)[0].full_name == unicodedata.normalize("NFC", "Nguyễn Thị Thủy")


def test_waiting_and_pending_guests_see_their_status_and_no_badge(client, db, make_event, submit, outbox):
    event = make_event(categories=("htx", "bao-chi"))
    event.categories[0].capacity = 0
    event.categories[1].requires_approval = True
    db.session.commit()
    submit(event, email="w@example.org", phone="")
    submit(event, category=event.categories[1], email="p@example.org", phone="")
    waiting = client.get(link_sent_to(outbox, "w@example.org")).get_data(as_text=True)
    pending = client.get(link_sent_to(outbox, "p@example.org")).get_data(as_text=True)
    assert "danh sách chờ" in waiting and "chờ ban tổ chức duyệt" in pending
    for html, guest in zip((waiting, pending), _guests(db)):
        assert guest.badge_token not in html and "Mã thẻ đại biểu" not in html and "qr.svg" not in html


def test_private_page_shows_the_qr_and_badge_link(client, db, make_event, submit, outbox):
    event = make_event()
    submit(event)
    location = link_sent_to(outbox, "cuong@example.org")
    html = client.get(location).get_data(as_text=True)
    assert f'src="{location}qr.svg"' in html and f'href="{location}badge.pdf"' in html


def test_unknown_private_link_is_not_found(client, db):
    assert client.get("/g/khong-co-token-nay/").status_code == 404


def test_guest_edits_their_details(client, db, make_event, submit):
    event = make_event()
    submit(event, email="an@example.org", phone="")
    submit(event, email="binh@example.org", phone="0988 777 666", full_name="Lê Bình")
    guest = _guests(db)[0]
    edit = f"/g/{guest.private_token}/edit"
    token = csrf_token(client, edit)
    taken = client.post(edit, data={"csrf_token": token, "full_name": "Trần An", "email": "an@example.org",
                                    "phone": "+84988777666"})
    assert taken.status_code == 400 and "Số điện thoại này đã được dùng" in taken.get_data(as_text=True)
    done = client.post(edit, data={"csrf_token": token, "full_name": "Trần Văn An", "email": "an@example.org",
                                   "phone": "0912 000 111", "organization": "HTX Cát Bà"})
    assert done.status_code == 302
    db.session.expire_all()
    assert (guest.full_name, guest.phone, guest.organization) == ("Trần Văn An", "+84912000111", "HTX Cát Bà")


def test_guest_cancels_and_the_waiting_list_moves_up(client, db, make_event, submit, outbox):
    event = make_event()
    event.categories[0].capacity = 1
    db.session.commit()
    submit(event, email="an@example.org", phone="")
    submit(event, email="binh@example.org", phone="", full_name="Lê Bình")
    holder, waiting = _guests(db)
    assert waiting.status == "waiting"
    cancel = f"/g/{holder.private_token}/cancel"
    assert "Bạn có chắc muốn huỷ" in client.get(cancel).get_data(as_text=True)
    response = client.post(cancel, data={"csrf_token": csrf_token(client, cancel)}, follow_redirects=True)
    assert "Đã huỷ đăng ký của bạn." in response.get_data(as_text=True)
    db.session.expire_all()
    assert (holder.status, waiting.status) == ("cancelled", "registered")
    assert outbox()[0]["to"] == "binh@example.org"


def test_closed_registration_stores_nothing(client, db, make_event):
    from datetime import datetime

    event = make_event(always_open=False, registration_closes_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert "Đã hết thời gian đăng ký." in client.get(f"/e/{event.slug}/register").get_data(as_text=True)
    token = csrf_token(client, f"/e/{event.slug}/")
    response = client.post(f"/e/{event.slug}/register", data={"csrf_token": token, **form_values(event)})
    assert response.status_code == 403 and _guests(db) == []


def test_register_post_is_rate_limited(app, client, db, make_event, rate_limited):
    event = make_event()
    app.config["REGISTER_RATE_LIMIT"] = "3 per minute"
    token = csrf_token(client, f"/e/{event.slug}/register")
    codes = [client.post(f"/e/{event.slug}/register", data={
        "csrf_token": token, **form_values(event, email=f"k{i}@example.org", phone="")}).status_code
        for i in range(5)]
    page = client.get(f"/e/{event.slug}/register").status_code
    assert codes == [200, 200, 200, 429, 429]
    assert page == 200  # reading the form is not limited
    assert len(_guests(db)) == 3


def test_stylesheets_are_served_to_anonymous_guests(client):
    response = client.get("/static/css/registration.css")
    assert response.status_code == 200 and b".badge-box" in response.data
