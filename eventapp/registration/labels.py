"""Words for statuses and sources: translated on pages, fixed Vietnamese in exported files."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "registered": _l("Đã đăng ký"),
    "waiting": _l("Danh sách chờ"),
    "pending": _l("Chờ duyệt"),
    "cancelled": _l("Đã huỷ"),
}
SOURCE_LABELS = {
    "self": _l("Tự đăng ký"),
    "import": _l("Nhập từ tệp"),
    "admin": _l("Ban tổ chức thêm"),
    "walk_in": _l("Đăng ký tại cổng"),
    "exhibitor": _l("Đơn vị trưng bày"),
    "demo": _l("Dữ liệu mẫu"),
}
# The exported files keep one language, so that a file imports back whatever the page language.
_STATUS_VI = {"registered": "Đã đăng ký", "waiting": "Danh sách chờ", "pending": "Chờ duyệt", "cancelled": "Đã huỷ"}
_SOURCE_VI = {"self": "Tự đăng ký", "import": "Nhập từ tệp", "admin": "Ban tổ chức thêm",
              "walk_in": "Đăng ký tại cổng", "exhibitor": "Đơn vị trưng bày", "demo": "Dữ liệu mẫu"}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def source_label(source: str) -> str:
    return str(SOURCE_LABELS.get(source, source))


def status_label_vi(status: str) -> str:
    return _STATUS_VI.get(status, status)


def source_label_vi(source: str) -> str:
    return _SOURCE_VI.get(source, source)
