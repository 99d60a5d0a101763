"""The consent texts, one per version, exactly as guests saw them (Nghị định 13/2023/NĐ-CP).

A guest's consent is stored as (time, version); the version's text is kept here forever, in both
languages of the form, so that the guest's data export can show the very words they agreed to.
A text is never edited once guests have agreed to it: a change is a new version, and CURRENT
becomes that version. Plain strings, not gettext: a catalogue update must not change a text that
was already agreed to.
"""
from flask_babel import LazyString, get_locale

TEXTS = {
    "2024-1": {
        "vi": "Tôi đồng ý để Ban tổ chức xử lý dữ liệu cá nhân của tôi (họ tên, email, số điện thoại, "
              "đơn vị, chức vụ) nhằm tổ chức sự kiện: xác nhận đăng ký, cấp thẻ đại biểu và check-in, "
              "theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Tôi có thể sửa hoặc huỷ đăng ký "
              "bất cứ lúc nào qua đường dẫn riêng được gửi cho tôi.",
        "en": "I agree that the organisers process my personal data (name, e-mail, phone number, "
              "organisation, position) to run the event: confirming my registration, issuing my badge "
              "and checking me in, under Decree 13/2023/NĐ-CP on personal data protection. I can change "
              "or cancel my registration at any time through the private link sent to me.",
    },
    "2026-1": {
        "vi": "Tôi đồng ý để Ban tổ chức xử lý dữ liệu cá nhân của tôi (họ tên, email, số điện thoại, "
              "đơn vị, chức vụ) nhằm tổ chức sự kiện: xác nhận đăng ký, cấp thẻ đại biểu và check-in, "
              "theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Qua đường dẫn riêng được gửi "
              "cho tôi, tôi có thể sửa hoặc huỷ đăng ký, tải về hoặc xoá dữ liệu của mình bất cứ lúc "
              "nào. Sau khi sự kiện kết thúc, Ban tổ chức có thể ẩn danh dữ liệu, chỉ giữ lại số liệu "
              "thống kê.",
        "en": "I agree that the organisers process my personal data (name, e-mail, phone number, "
              "organisation, position) to run the event: confirming my registration, issuing my badge "
              "and checking me in, under Decree 13/2023/NĐ-CP on personal data protection. Through the "
              "private link sent to me I can change or cancel my registration, and download or delete "
              "my data, at any time. After the event the organisers may anonymise the data, keeping "
              "only statistics.",
    },
}

# The version the registration form shows and registration records.
CURRENT = "2026-1"
LANGUAGES = ("vi", "en")


def text(version: str | None, language: str = "vi") -> str | None:
    """The text of a version in a language (Vietnamese when the language is unknown); None for an
    unknown version."""
    texts = TEXTS.get(version or "")
    if texts is None:
        return None
    return texts.get(language) or texts["vi"]


def texts(version: str | None) -> dict[str, str] | None:
    """{language: text} of a version, or None."""
    found = TEXTS.get(version or "")
    return dict(found) if found else None


def _page_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "vi"


# The registration form's label: the current version, in the page's language.
current_label = LazyString(lambda: text(CURRENT, _page_language()))
