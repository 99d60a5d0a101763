"""The letters themselves: formal wording, the same words in the text and HTML parts, the badge QR
only where the guest holds a badge when the message leaves."""
from flask_babel import force_locale

from eventapp.booths import accounts
from eventapp.mail import Letter, letter_html, letter_text
from eventapp.messages import delivery
from eventapp.messages.models import Message
from eventapp.registration.notify import send_guest_mail
from eventapp.staff.invitations import send_link


def _messages(db, **filters):
    db.session.expire_all()
    return db.session.execute(db.select(Message).filter_by(**filters).order_by(Message.id)).scalars().all()


def test_text_and_html_carry_the_same_words_and_the_html_escapes_them():
    letter = Letter(greeting="Kính gửi Ông/Bà <Lan> & Cộng sự,", paragraphs=["Đoạn một.", "Đoạn hai."],
                    facts=[("Địa điểm", "Hội trường A")], link_intro="Mở liên kết:", link="https://example.org/g/x/?a=1&b=2",
                    button="Mở trang", closing="Trân trọng,", signature="Liên minh HTX")
    text, html = letter_text(letter), letter_html(letter, "vi", "Tiêu đề")
    assert text == ("Kính gửi Ông/Bà <Lan> & Cộng sự,\n\nĐoạn một.\n\nĐoạn hai.\n\nĐịa điểm: Hội trường A\n\n"
                    "Mở liên kết:\nhttps://example.org/g/x/?a=1&b=2\n\nTrân trọng,\nLiên minh HTX\n")
    assert "Kính gửi Ông/Bà &lt;Lan&gt; &amp; Cộng sự," in html and "<Lan>" not in html
    assert 'href="https://example.org/g/x/?a=1&amp;b=2"' in html and ">Mở trang</a>" in html
    assert "<table" not in html and "<link" not in html and "<script" not in html and "cid:" not in html
    assert '<html lang="vi">' in html and "Liên minh HTX" in html


def test_a_cancelled_guest_gets_no_link_and_no_qr(db, make_event, make_guest, held):
    event = make_event()
    guest = make_guest(event, full_name="Đỗ Thị Mai", email="mai@example.org", status="cancelled")
    send_guest_mail(guest, "cancelled")
    [message] = _messages(db, kind="guest.cancelled")
    assert message.body_text.startswith("Kính gửi Ông/Bà Đỗ Thị Mai,\n\n")
    assert "đã được huỷ" in message.body_text and guest.private_token not in message.body_text
    assert "cid:" not in message.body_html and guest.private_token not in message.body_html


def test_the_qr_is_left_out_when_the_guest_lost_the_badge_before_delivery(db, make_event, make_guest, held, recorder):
    event = make_event()
    guest = make_guest(event, email="an@example.org")
    send_guest_mail(guest, "confirmation")
    [message] = _messages(db, kind="guest.confirmation")
    assert "cid:badge-qr@eventapp.local" in message.body_html  # queued with the QR
    guest.status = "cancelled"
    db.session.commit()
    delivery.deliver(message.id, transport=recorder)
    sent = recorder.sent[0]
    assert not [p for p in sent.walk() if p.get_content_type() == "image/png"]
    assert "cid:" not in sent.get_body(("html",)).get_content()
    assert "Trạng thái: đã đăng ký" in sent.get_body(("plain",)).get_content()  # the words stay as queued


def test_staff_invitation_is_formal_in_vietnamese_with_an_html_part(db, app, make_user, make_organiser, held):
    organiser = make_organiser("Liên minh Hợp tác xã tỉnh Quảng Ninh")
    user = make_user("door", email="lan@example.org", full_name="Nguyễn Thị Lan", organiser=organiser)
    with app.test_request_context(), force_locale("en"):
        send_link(user, "https://example.org/moi/abc")
    [message] = _messages(db, kind="staff.invitation")
    assert message.body_text.startswith("Kính gửi Ông/Bà Nguyễn Thị Lan,\n\n")
    assert "trân trọng kính mời Ông/Bà" in message.body_text and "72 giờ" in message.body_text
    assert message.body_text.endswith("Trân trọng,\nLiên minh Hợp tác xã tỉnh Quảng Ninh")
    assert 'href="https://example.org/moi/abc"' in message.body_html and "Kính gửi Ông/Bà Nguyễn Thị Lan," in message.body_html


def test_an_exhibitor_invited_from_the_english_page_gets_a_polite_english_letter(db, app, make_event, make_cooperative, held):
    event = make_event()
    coop = make_cooperative(event, "HTX Thủy sản Cát Bà")
    with app.test_request_context(), force_locale("en"):
        accounts.invite(event, email="catba@example.org", full_name="Phạm Thị Hoa", cooperative=coop,
                        link_for=lambda token: f"https://example.org/p/{token}")
    [message] = _messages(db, kind="exhibitor.invitation")
    assert message.body_text.startswith("Dear Phạm Thị Hoa,\n\n") and "Mr" not in message.body_text
    assert "cordially invites HTX Thủy sản Cát Bà to exhibit" in message.body_text
    assert "valid for 7 days" in message.body_text and "Yours sincerely,\nLiên minh HTX thành phố" in message.body_text
    assert '<html lang="en">' in message.body_html and "https://example.org/p/" in message.body_html
