"""The public form tells no one who is registered: a repeated e-mail gets the page a new one gets,
and the link goes only to the address on file. Phone-only stays apart until messages by phone exist."""
import re

import pytest

from eventapp.registration.models import Guest
from tests.conftest import csrf_token
from tests.registration.conftest import link_sent_to

SAME_HEADERS = ("Content-Type", "Cache-Control", "X-Robots-Tag", "Referrer-Policy")


def _guests(db):
    return db.session.execute(db.select(Guest).order_by(Guest.id)).scalars().all()


def _page(response, typed=None):
    """The answer's HTML with what may differ blanked out: the CSRF token, and the typed address."""
    html = re.sub(r'(name="csrf[-_]token" (?:content|value)=")[^"]+', r"\1…", response.get_data(as_text=True))
    return html.replace(typed, "ADDRESS") if typed else html


def _same_answer(first, second, typed=(None, None)):
    assert (first.status_code, second.status_code) == (200, 200)
    assert [first.headers.get(h) for h in SAME_HEADERS] == [second.headers.get(h) for h in SAME_HEADERS]
    # Set-Cookie follows the visitor's session (its first POST), not what was found.
    assert set(first.headers.keys()) - {"Set-Cookie"} == set(second.headers.keys()) - {"Set-Cookie"}
    assert _page(first, typed[0]) == _page(second, typed[1])


def _to(outbox, address):
    return [m for m in outbox() if m["to"] == address]


def test_a_repeated_email_gets_the_page_a_new_one_gets(db, make_event, submit, outbox):
    event = make_event()
    new = submit(event, full_name="Trần Văn An", email="an@example.org", phone="")
    again = submit(event, full_name="Kẻ Lạ", email="an@example.org", phone="")
    other = submit(event, full_name="Lê Thị Bình", email="binh@example.org", phone="")

    _same_answer(new, again)
    _same_answer(new, other, typed=("an@example.org", "binh@example.org"))
    html = new.get_data(as_text=True)
    assert "an@example.org" in html and "thư rác" in html and f"/e/{event.slug}/resend" in html
    an, binh = _guests(db)
    for token in (an.private_token, binh.private_token, an.badge_token):
        assert token not in _page(again)
    assert "Trần Văn An" not in _page(again) and an.full_name == "Trần Văn An"
    # Each answer sent one message: a confirmation, then the same link again to the address on file.
    assert [m["to"] for m in outbox()].count("an@example.org") == 2 and len(_to(outbox, "binh@example.org")) == 1
    assert [link_sent_to(outbox, a) for a in ("an@example.org", "binh@example.org")] == [
        f"/g/{an.private_token}/", f"/g/{binh.private_token}/"]
    assert "gửi lại đường dẫn" in _to(outbox, "an@example.org")[0]["body"]


def test_a_phone_on_file_sends_the_link_to_the_address_on_file_never_to_the_typed_one(
        db, make_event, submit, outbox):
    event = make_event()
    submit(event, full_name="Trần Văn An", email="an@example.org", phone="0912 345 678")
    submit(event, full_name="Phạm Thu", email="", phone="0988 777 666")
    fresh = submit(event, full_name="Lê Thị Bình", email="binh@example.org", phone="0977 111 222")
    guest, phone_only, _ = _guests(db)
    sent_before = len(outbox())

    to_an = submit(event, full_name="Kẻ Lạ", email="la@example.org", phone="+84912345678")
    to_none = submit(event, full_name="Kẻ Lạ", email="la2@example.org", phone="0988777666")

    _same_answer(fresh, to_an, typed=("binh@example.org", "la@example.org"))
    _same_answer(fresh, to_none, typed=("binh@example.org", "la2@example.org"))
    assert "an@example.org" not in to_an.get_data(as_text=True)
    assert _to(outbox, "la@example.org") == [] and _to(outbox, "la2@example.org") == []
    # The registration on file got its link again; the phone-only one has no address to send to.
    assert len(outbox()) == sent_before + 1 and link_sent_to(outbox, "an@example.org") == f"/g/{guest.private_token}/"
    db.session.expire_all()
    assert len(_guests(db)) == 3
    assert (guest.full_name, guest.email, phone_only.email) == ("Trần Văn An", "an@example.org", None)


def test_a_typed_address_on_file_gets_its_own_link_even_when_the_phone_is_anothers(db, make_event, submit, outbox):
    event = make_event()
    submit(event, full_name="Trần Văn An", email="an@example.org", phone="0912 345 678")
    submit(event, full_name="Lê Thị Bình", email="binh@example.org", phone="")
    an, binh = _guests(db)
    sent_before = len(outbox())
    assert submit(event, full_name="Lê Thị Bình", email="Binh@Example.org", phone="0912 345 678").status_code == 200
    assert len(outbox()) == sent_before + 1
    assert link_sent_to(outbox, "binh@example.org") == f"/g/{binh.private_token}/"
    assert len(_to(outbox, "an@example.org")) == 1  # only the confirmation of An's own registration


def test_a_new_phone_only_registrant_lands_on_their_private_page(client, db, make_event, submit, outbox):
    event = make_event()
    response = submit(event, email="", phone="0912 345 678")
    guest = _guests(db)[0]
    assert response.status_code == 302 and response.headers["Location"] == f"/g/{guest.private_token}/"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đăng ký thành công" in html and "hãy lưu lại đường dẫn của trang này" in html
    assert outbox() == []


def test_a_repeated_phone_only_gets_a_neutral_page_and_can_ask_for_the_link(client, db, make_event, submit, outbox):
    event = make_event()
    submit(event, full_name="Trần Văn An", email="an@example.org", phone="0912 345 678")
    guest = _guests(db)[0]
    response = submit(event, full_name="Kẻ Lạ", email="", phone="0912345678")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "chưa thể gửi đường dẫn qua số điện thoại" in html and "Bạn đã đăng ký rồi" not in html
    for secret in ("an@example.org", "Trần Văn An", guest.private_token, guest.badge_token):
        assert secret not in html
    assert len(outbox()) == 1 and len(_guests(db)) == 1
    # Its button asks the lookup page, which mails the address on file (if any) and says the same either way.
    resend = re.search(r'action="(/e/[^"]+/resend)"', html).group(1)
    phone = re.search(r'name="phone" value="([^"]*)"', html).group(1)
    asked = client.post(resend, data={"csrf_token": csrf_token(client, f"/e/{event.slug}/register"),
                                      "email": "", "phone": phone})
    assert asked.status_code == 200 and "an@example.org" not in asked.get_data(as_text=True)
    assert len(outbox()) == 2 and link_sent_to(outbox, "an@example.org") == f"/g/{guest.private_token}/"


def test_the_answer_reads_in_english(db, make_event, submit, client):
    event = make_event()
    client.get("/lang/en?next=/")
    html = submit(event, email="an@example.org", phone="").get_data(as_text=True)
    assert "has been sent to an@example.org." in html and "check your spam folder" in html


def test_repeating_the_form_does_not_flood_the_inbox_on_file(app, db, make_event, submit, outbox, rate_limited):
    app.config["RESEND_CONTACT_RATE_LIMIT"] = "2 per hour"
    event = make_event()
    answers = [submit(event, email="an@example.org", phone="") for _ in range(5)]
    for later in answers[1:]:
        _same_answer(answers[0], later)
    assert len(_to(outbox, "an@example.org")) == 3  # the confirmation, then two more links at most
    assert len(_guests(db)) == 1


@pytest.mark.parametrize("values", [{"email": "khong-phai-email"}, {"full_name": ""}])
def test_bad_input_still_gets_the_form_back_and_sends_nothing(db, make_event, submit, outbox, values):
    event = make_event()
    response = submit(event, **values)
    assert response.status_code == 400 and 'class="registration-form"' in response.get_data(as_text=True)
    assert outbox() == [] and _guests(db) == []
