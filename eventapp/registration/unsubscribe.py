"""A guest's opt-out of the organisers' mailings (invitations, reminders): the List-Unsubscribe link.

The link carries a signed token of the guest's id, salted for this purpose alone: it opens
nothing but this opt-out, unlike the private token, which opens the guest's page. A letter may be
forwarded; whoever holds it can stop that guest's mailings and nothing more. The guest's own mail
(confirmation, their link, a cancellation) is not affected.
"""
from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from ..audit import record
from ..db import utcnow
from ..errors import NotFound
from ..extensions import db
from .models import Guest

SALT = "guest-mail-opt-out"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(guest: Guest) -> str:
    return _serializer().dumps(guest.id)


def unsubscribe_url(guest: Guest, base: str | None = None) -> str | None:
    """The absolute address of the guest's opt-out page. base: the site's public address; by
    default PUBLIC_BASE_URL, else this request's host. None when neither is known (a worker
    without PUBLIC_BASE_URL): a link to the wrong host is worse than none."""
    base = base or current_app.config.get("PUBLIC_BASE_URL") or (request.host_url if has_request_context() else "")
    if not base:
        return None
    if has_request_context():
        path = url_for("registration.public_unsubscribe", token=token_for(guest))
    else:
        with current_app.test_request_context():  # url_for needs a request only to build the path
            path = url_for("registration.public_unsubscribe", token=token_for(guest))
    return base.rstrip("/") + path


def guest_for_token(token: str) -> Guest:
    """The guest the token names; NotFound when it is forged, damaged or the guest is gone."""
    unknown = NotFound(_("Đường dẫn này không hợp lệ hoặc không còn dùng được."))
    try:
        guest_id = _serializer().loads(token)
    except BadSignature:
        raise unknown from None
    guest = db.session.get(Guest, guest_id) if isinstance(guest_id, int) else None
    if guest is None or guest.anonymised_at is not None:
        raise unknown
    return guest


def opt_out(guest: Guest) -> Guest:
    """Records the opt-out once (a second click keeps the first moment). Commits."""
    if guest.mail_opt_out_at is None:
        guest.mail_opt_out_at = utcnow()
        record("guest.mail_opt_out", f"guest:{guest.id}", event=guest.event_id)
        db.session.commit()
    return guest
