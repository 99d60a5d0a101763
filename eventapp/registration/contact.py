"""E-mail and phone as stored: validated, normalised, comparable."""
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from ..errors import DomainError
from ..text import clean

DEFAULT_REGION = "VN"


def require_email_or_phone(email: str | None, phone: str | None) -> None:
    """The one rule of how a guest is reached: an e-mail, a phone number, or both. Checked on what was
    typed (the forms) and on what was normalised (the services); DomainError on the e-mail field."""
    if not (email or "").strip() and not (phone or "").strip():
        raise DomainError(_("Vui lòng nhập email hoặc số điện thoại."), field="email")


def normalize_phone(raw: str | None, field: str = "phone") -> str | None:
    """'0912 345 678', '+84912345678', '84-912-345-678' -> '+84912345678'. Empty -> None."""
    raw = clean(raw)
    if not raw:
        return None
    digits = "".join(ch for ch in raw if ch.isdigit())
    candidates = [raw]
    # "84912345678" written without the plus is the country code, not a local number.
    if not raw.startswith(("+", "0")) and digits.startswith("84") and len(digits) >= 11:
        candidates.insert(0, "+" + digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise DomainError(_("Số điện thoại không hợp lệ."), field=field)


def normalize_email(raw: str | None, field: str = "email") -> str | None:
    """Validated syntax, then the whole address lower-cased, local part included ('An.Tran@Example.VN'
    -> 'an.tran@example.vn'): mail servers treat the local part case-insensitively in practice, and one
    guest must not register twice by typing capitals. Empty -> None."""
    raw = clean(raw)
    if not raw:
        return None
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise DomainError(_("Địa chỉ email không hợp lệ."), field=field) from None
    return result.normalized.lower()


def display_phone(e164: str | None) -> str:
    """+84912345678 -> 0912 345 678 for Vietnamese numbers, international format otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 84:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
