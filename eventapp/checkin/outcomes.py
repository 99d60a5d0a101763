"""What the door is told about a scan: the message in the user's language and the JSON answer."""
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import current_locale, format_time

if TYPE_CHECKING:
    from .judging import EventRef
    from .services import Outcome

# How the scanning page colours each answer: green, amber or red.
COLOURS = {
    "accepted": "green", "exited": "green",
    "already_checked_in": "amber", "not_inside": "amber",
    "invalid": "red", "revoked": "red", "cancelled": "red", "not_approved": "red",
    "wrong_event": "red", "not_allowed_here": "red",
}


# Short names of the results, for lists and the scanning page (translated when shown).
LABELS = {
    "accepted": _l("Mời vào"),
    "already_checked_in": _l("Đã check-in"),
    "invalid": _l("Mã không hợp lệ"),
    "revoked": _l("Thẻ đã thu hồi"),
    "cancelled": _l("Đã huỷ đăng ký"),
    "not_approved": _l("Chưa được duyệt"),
    "wrong_event": _l("Thẻ của sự kiện khác"),
    "not_allowed_here": _l("Không vào cổng này"),
    "exited": _l("Đã ra"),
    "not_inside": _l("Chưa vào cổng này"),
}


def result_label(result: str) -> str:
    return str(LABELS[result]) if result in LABELS else result


def result_labels() -> dict[str, str]:
    return {result: str(label) for result, label in LABELS.items()}


def message(outcome: "Outcome", timezone: str, locale: str | None = None) -> str:
    guest = outcome.guest
    locale = locale or current_locale()
    if outcome.result == "accepted":
        if guest is not None and guest.attention:
            return _("Khách cần đón tiếp: mời hướng dẫn vào chỗ.")
        # The label already says "Mời vào": the message adds what the staff need, no echo.
        if outcome.reentry:
            return _("Khách vào lại.")
        return _("Đã ghi nhận check-in.")
    if outcome.result == "already_checked_in":
        gate = outcome.first_gate_en if locale == "en" and outcome.first_gate_en else outcome.first_gate
        if outcome.first_at is None:
            return _("Thẻ này đã được check-in.")
        return _("Đã check-in lúc %(time)s tại %(gate)s.", time=format_time(outcome.first_at, timezone), gate=gate)
    if outcome.result == "invalid":
        return _("Mã không hợp lệ: không có thẻ nào với mã này.")
    if outcome.result == "revoked":
        return _("Thẻ này đã bị thu hồi (khách đã được cấp thẻ mới).")
    if outcome.result == "cancelled":
        return _("Đăng ký của khách đã bị huỷ.")
    if outcome.result == "not_approved":
        if guest is not None and guest.status == "waiting":
            return _("Khách đang ở danh sách chờ, chưa có chỗ.")
        return _("Đăng ký của khách chưa được ban tổ chức duyệt.")
    if outcome.result == "wrong_event":
        return _("Thẻ của sự kiện khác: %(event)s.", event=outcome.other_event)
    if outcome.result == "not_allowed_here":
        category = guest.category_label(locale) if guest else ""
        return _("Thành phần “%(category)s” không được vào cổng này.", category=category)
    if outcome.result == "exited":
        return _("Đã ghi nhận khách ra.")
    if outcome.result == "not_inside":
        return _("Khách chưa vào qua cổng này.")
    return outcome.result


def payload(outcome: "Outcome", event: "EventRef") -> dict[str, Any]:
    """The JSON answer of a check-in."""
    locale = current_locale()
    data: dict[str, Any] = {
        "result": outcome.result,
        "colour": COLOURS.get(outcome.result, "red"),
        "label": result_label(outcome.result),
        "message": message(outcome, event.timezone, locale),
        "scan_id": outcome.scan_id,
        "client_id": outcome.client_id,
        "replayed": outcome.replayed,
        "reentry": outcome.reentry,
        "guest": None,
    }
    guest = outcome.guest
    if guest is not None:
        data["guest"] = {
            "id": guest.id, "name": guest.name, "category": guest.category_label(locale),
            "organization": guest.organization, "attention": guest.attention,
            "award_recipient": guest.award_recipient, "badge_printed": guest.badge_printed,
        }
    if outcome.result == "already_checked_in" and outcome.first_at is not None:
        data["first_check_in"] = {
            "at": outcome.first_at.isoformat(),
            "time": format_time(outcome.first_at, event.timezone),
            "gate": outcome.first_gate_en if locale == "en" and outcome.first_gate_en else outcome.first_gate,
        }
    if outcome.result == "wrong_event":
        data["other_event"] = outcome.other_event
    data.update(outcome.extra)
    return data
