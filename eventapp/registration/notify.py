"""E-mails to guests: their private link, in their language, after each change of their status."""
from typing import Any

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from ..i18n import format_date, format_time
from ..mail import Letter, letter_html, letter_text
from ..messages import sms
from ..messages.delivery import UNSUBSCRIBABLE_KINDS
from ..messages.services import queue_message
from .models import Guest
from .unsubscribe import unsubscribe_url

# Why a message is sent; the text also depends on the guest's status.
KINDS = ("confirmation", "approved", "promoted", "resend", "invited", "cancelled", "reminder")


def _path(endpoint: str, **values: Any) -> str:
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def absolute_url(path: str) -> str:
    """PUBLIC_BASE_URL when set (behind a proxy, or from the command line), else this request's host."""
    base = current_app.config.get("PUBLIC_BASE_URL") or (request.host_url if has_request_context() else "")
    return (base or "http://localhost/").rstrip("/") + path


def private_url(guest: Guest) -> str:
    return absolute_url(_path("registration.public_guest", private_token=guest.private_token))


def subject_for(guest: Guest, kind: str) -> str:
    name = guest.event.name
    if kind == "cancelled":
        return _("Đã huỷ đăng ký – %(event)s", event=name)
    if kind in ("approved", "promoted") and guest.status == "registered":
        return _("Đăng ký đã được xác nhận – %(event)s", event=name)
    if kind == "invited":
        return _("Thư mời tham dự – %(event)s", event=name)
    if kind == "reminder":
        return _("Thông tin tham dự – %(event)s", event=name)
    return _("Xác nhận đăng ký – %(event)s", event=name)


def greeting(name: str) -> str:
    """The formal salutation: "Ông/Bà" with the full name in Vietnamese, the full name alone in
    English (a title guessed from a Vietnamese name would often be wrong)."""
    return _("Kính gửi Ông/Bà %(name)s,", name=name) if name else _("Kính gửi Quý đại biểu,")


def _opening(guest: Guest, kind: str) -> str:
    event = guest.event.name
    if kind == "cancelled":
        return _("Ban tổ chức %(event)s xin thông báo: đăng ký tham dự của Ông/Bà đã được huỷ. Nếu đây là "
                 "nhầm lẫn, Ông/Bà có thể đăng ký lại hoặc liên hệ Ban tổ chức.", event=event)
    if kind == "invited":
        return _("Ban tổ chức %(event)s trân trọng kính mời Ông/Bà tới dự sự kiện.", event=event)
    if kind == "promoted":
        return _("Ban tổ chức %(event)s trân trọng thông báo: đã có chỗ dành cho Ông/Bà, đăng ký của Ông/Bà "
                 "được chuyển từ danh sách chờ sang danh sách tham dự.", event=event)
    if kind == "approved":
        return _("Ban tổ chức %(event)s đã duyệt đăng ký tham dự của Ông/Bà.", event=event)
    if kind == "reminder":
        return _("Ban tổ chức %(event)s trân trọng gửi tới Ông/Bà thông tin tham dự và đường dẫn đến trang đăng ký "
                 "riêng của Ông/Bà.", event=event)
    if kind == "resend":
        return _("Theo đề nghị của Ông/Bà, Ban tổ chức %(event)s xin gửi lại đường dẫn đến trang đăng ký "
                 "riêng của Ông/Bà.", event=event)
    return _("Ban tổ chức %(event)s trân trọng cảm ơn Ông/Bà đã đăng ký tham dự.", event=event)


def _status(guest: Guest) -> str:
    if guest.status == "registered":
        return _("Trạng thái: đã đăng ký. Ban tổ chức trân trọng kính mời Ông/Bà tới dự theo thời gian và địa "
                 "điểm dưới đây. Thẻ đại biểu có mã QR nằm ở trang riêng của Ông/Bà; kính đề nghị Ông/Bà xuất "
                 "trình mã QR (trên điện thoại hoặc bản in) tại cổng.")
    if guest.status == "waiting":
        return _("Trạng thái: trong danh sách chờ. Thành phần Ông/Bà đăng ký đã đủ chỗ; Ban tổ chức sẽ gửi thư "
                 "tới Ông/Bà ngay khi có chỗ.")
    if guest.status == "pending":
        return _("Trạng thái: chờ Ban tổ chức duyệt. Thẻ đại biểu sẽ được cấp sau khi đăng ký được duyệt.")
    return ""


def guest_letter(guest: Guest, kind: str, link: str) -> Letter:
    """The letter to a guest, in the current locale (the caller forces the guest's)."""
    event = guest.event
    letter = Letter(greeting=greeting(guest.full_name), paragraphs=[_opening(guest, kind)],
                    closing=_("Trân trọng,"), signature=event.organiser or _("Ban tổ chức"))
    if kind == "cancelled":
        return letter
    letter.paragraphs.append(_status(guest))
    venue = event.venue + (f", {event.address}" if event.address else "")
    letter.facts = [
        (_("Thành phần"), guest.category.label(guest.locale)),
        (_("Thời gian"),
         f"{format_time(event.starts_at, event.timezone)} {format_date(event.starts_at, event.timezone)}"),
        (_("Địa điểm"), venue),
    ]
    letter.link_intro = _("Trang riêng của Ông/Bà (xem thẻ, sửa hoặc huỷ đăng ký):")
    letter.link = link
    letter.button = _("Mở trang đăng ký của Ông/Bà")
    letter.after = [_("Đường dẫn này dành riêng cho Ông/Bà, xin vui lòng không chia sẻ.")]
    if guest.status == "registered":
        letter.qr_caption = _("Mã QR của thẻ đại biểu, xin xuất trình tại cổng.")
    return letter


def send_guest_mail(guest: Guest, kind: str) -> bool:
    """Queues one message to the guest's e-mail (none: by SMS for SMS_KINDS when configured, else
    nothing to do) and commits it. Returns True when queued.

    Called after the change it announces was committed; the message is delivered by the task
    queue, so a mail server that is down delays it (retried) and never loses the registration.
    """
    if not queue_guest_mail(guest, kind):
        return False
    db.session.commit()
    return True


def queue_guest_mail(guest: Guest, kind: str) -> bool:
    """send_guest_mail without the commit: a mailing to many guests commits them in batches."""
    bulk = f"guest.{kind}" in UNSUBSCRIBABLE_KINDS
    if bulk and guest.mail_opt_out_at is not None:
        return False  # they asked for no more of the organisers' mailings
    if not guest.email:
        return queue_guest_sms(guest, kind)
    locale = guest.locale or "vi"
    with force_locale(locale):
        subject = subject_for(guest, kind)
        letter = guest_letter(guest, kind, private_url(guest))
        if bulk:
            _unsubscribe_footer(letter, guest)
        text, html = letter_text(letter), letter_html(letter, locale, subject)
    queue_message(guest.email, subject, text, kind=f"guest.{kind}", guest=guest, event=guest.event,
                  body_html=html)
    return True


def _unsubscribe_footer(letter: Letter, guest: Guest) -> None:
    """The organisers' mailings say how to stop them (the List-Unsubscribe header of the same letter
    leads to the same page); the link has the host of the letter's own link."""
    letter.footer = _("Ông/Bà nhận thư này vì có tên trong danh sách khách mời của Ban tổ chức.")
    letter.footer_link = unsubscribe_url(guest, base=absolute_url("")) or ""
    letter.footer_link_text = _("Ngừng nhận thư mời và thư nhắc của sự kiện này")


# ----- text messages (SMS), for guests who gave a phone and no e-mail ----------------------------

# The guest's own news; the organisers' mailings (invitations, reminders) never go by SMS.
SMS_KINDS = ("confirmation", "resend", "approved", "promoted")


def sms_text(guest: Guest, kind: str, link: str) -> str:
    """The text message to a guest, in the current locale: the event, the status and the private
    link, nothing more. With diacritics an SMS part holds 67 characters: about three parts."""
    event = guest.event.name
    if guest.status == "registered":
        return _("%(event)s: đăng ký của Ông/Bà đã được xác nhận. Thẻ đại biểu: %(link)s", event=event, link=link)
    if guest.status == "waiting":
        return _("%(event)s: Ông/Bà đang ở danh sách chờ. Theo dõi tại: %(link)s", event=event, link=link)
    if guest.status == "pending":
        return _("%(event)s: đăng ký của Ông/Bà đang chờ duyệt. Theo dõi tại: %(link)s", event=event, link=link)
    return _("%(event)s: đăng ký của Ông/Bà đã được huỷ. Chi tiết: %(link)s", event=event, link=link)


def queue_guest_sms(guest: Guest, kind: str) -> bool:
    """One text message to the guest's phone, without the commit; False when SMS is not configured,
    the guest has no phone, or the kind does not go by SMS."""
    if kind not in SMS_KINDS or not guest.phone or not sms.is_configured():
        return False
    with force_locale(guest.locale or "vi"):
        text = sms_text(guest, kind, private_url(guest))
    sms.queue_sms(guest.phone, text, kind=f"guest.{kind}", guest=guest, event=guest.event)
    return True


def send_guest_sms(guest: Guest, kind: str) -> bool:
    """queue_guest_sms, committed: the link by SMS even to a guest who has an e-mail (they asked by phone)."""
    if not queue_guest_sms(guest, kind):
        return False
    db.session.commit()
    return True
