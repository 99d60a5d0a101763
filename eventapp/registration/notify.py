"""E-mails to guests: their private link, in their language, after each change of their status."""
from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from ..messages.services import queue_message

# Why a message is sent; the text also depends on the guest's status.
KINDS = ("confirmation", "approved", "promoted", "resend", "invited", "cancelled")


def _path(endpoint, **values):
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def absolute_url(path):
    """PUBLIC_BASE_URL when set (behind a proxy, or from the command line), else this request's host."""
    base = current_app.config.get("PUBLIC_BASE_URL") or (request.host_url if has_request_context() else "")
    return (base or "http://localhost/").rstrip("/") + path


def private_url(guest):
    return absolute_url(_path("registration.public_guest", private_token=guest.private_token))


def subject_for(guest, kind):
    name = guest.event.name
    if kind == "cancelled":
        return _("Đã huỷ đăng ký – %(event)s", event=name)
    if kind in ("approved", "promoted") and guest.status == "registered":
        return _("Đăng ký đã được xác nhận – %(event)s", event=name)
    if kind == "invited":
        return _("Thư mời tham dự – %(event)s", event=name)
    return _("Xác nhận đăng ký – %(event)s", event=name)


def send_guest_mail(guest, kind):
    """Queues one message to the guest's e-mail (none: nothing to do) and commits it. Returns True
    when queued.

    Called after the change it announces was committed; the message is delivered by the task
    queue, so a mail server that is down delays it (retried) and never loses the registration.
    """
    if not guest.email:
        return False
    with force_locale(guest.locale or "vi"):
        subject = subject_for(guest, kind)
        body = render_template("registration/email/guest.txt", guest=guest, event=guest.event,
                               kind=kind, link=private_url(guest))
    queue_message(guest.email, subject, body, kind=f"guest.{kind}", guest=guest, event=guest.event)
    db.session.commit()
    return True
