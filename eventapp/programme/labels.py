"""The names users see for the kinds of programme items, awards and certificate layouts."""
from flask_babel import lazy_gettext as _l

ITEM_KIND_LABELS = {
    "opening": _l("Khai mạc"),
    "speech": _l("Phát biểu"),
    "report": _l("Báo cáo"),
    "award_round": _l("Trao thưởng"),
    "signing": _l("Ký kết"),
    "performance": _l("Văn nghệ"),
    "visit": _l("Tham quan"),
    "break": _l("Giải lao"),
    "other": _l("Khác"),
}

AWARD_KIND_LABELS = {
    "certificate": _l("Bằng khen, giấy khen"),
    "flag": _l("Cờ thi đua"),
    "medal": _l("Kỷ niệm chương"),
    "title": _l("Danh hiệu"),
}

CERTIFICATE_TEMPLATE_LABELS = {
    "classic": _l("Cổ điển: khung viền đôi, chữ căn giữa"),
    "modern": _l("Hiện đại: dải màu bên trái, chữ căn trái"),
}
