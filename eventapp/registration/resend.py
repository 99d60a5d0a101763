"""Sending a guest their private link again: asked by the guest (by contact) or by an organiser."""
from ..audit import record
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..messages import sms
from .contact import normalize_email, normalize_phone
from .models import Guest
from .notify import send_guest_mail, send_guest_sms
from .services import matching_guests


def resend_link(guest: Guest, by_organiser: bool = False, by_sms: bool = False) -> bool:
    """Sends the private link again: by SMS to the number on file when asked (by_sms) or when there
    is no address, if SMS is configured; else by e-mail to the address on file. False when it can
    go neither way."""
    use_sms = bool((by_sms or not guest.email) and guest.phone and sms.is_configured())
    if not use_sms and not guest.email:
        return False
    if by_organiser:
        record("guest.resend", f"guest:{guest.id}", event=guest.event_id, name=guest.full_name,
               channel="sms" if use_sms else "email")
        db.session.commit()
    return send_guest_sms(guest, "resend") if use_sms else send_guest_mail(guest, "resend")


def resend_to_contact(event: Event, email: str | None = None, phone: str | None = None) -> Guest | None:
    """The guest's "send me my link again": finds the guest by contact and sends the link to the
    contact on file: asked by phone alone, by SMS when configured; otherwise to the address on file.

    Returns the guest (or None); callers must not reveal which, nor the address.
    """
    try:
        email = normalize_email(email)
    except DomainError:
        email = None
    try:
        phone = normalize_phone(phone)
    except DomainError:
        phone = None
    existing = matching_guests(event, email, phone)
    if not existing:
        return None
    guest = next((g for g in existing if g.status != "cancelled"), existing[0])
    resend_link(guest, by_sms=bool(phone) and not (email and guest.email))
    return guest
