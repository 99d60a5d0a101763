"""Taking a person out of text that stays (pure functions, no database)."""
import json

from eventapp.privacy.redaction import REDACTED, personal_values, redact_details, redact_text

QUYNH = personal_values("Phạm Thị Xuân Quỳnh", "quynh.pham@example.org", "+84987654321")


def test_whole_words_in_any_case_and_next_to_punctuation():
    assert redact_text("Chị PHẠM THỊ XUÂN QUỲNH báo mất thẻ.", QUYNH) == f"Chị {REDACTED} báo mất thẻ."
    assert redact_text("Gửi tới <quynh.pham@example.org>, sđt:+84987654321.", QUYNH) == \
        f"Gửi tới <{REDACTED}>, sđt:{REDACTED}."
    assert redact_text("Thẻ bị rách", QUYNH) is None


def test_a_name_inside_a_longer_name_is_not_struck():
    an = personal_values("Lê Văn An")
    assert redact_text("Đón Lê Văn Anh ở cổng", an) is None
    assert redact_text("Đón Lê Văn An ở cổng", an) == f"Đón {REDACTED} ở cổng"


def test_values_too_short_to_look_for_are_left_out():
    assert list(personal_values("An", None, "", "Bình")) == ["Bình"]


def test_the_guests_own_entries_keep_only_neutral_details():
    details = json.dumps({"name": "Phạm Thị Xuân Quỳnh", "by": "guest", "fields": ["email"],
                          "reason": "chị ấy làm mất thẻ"}, ensure_ascii=False)
    assert json.loads(redact_details(details, QUYNH, own=True)) == {
        "name": REDACTED, "by": "guest", "fields": ["email"], "reason": REDACTED}


def test_other_entries_lose_only_the_values():
    details = json.dumps({"note": "Mời Phạm Thị Xuân Quỳnh và Trần Văn Bảy", "rows": 3}, ensure_ascii=False)
    assert json.loads(redact_details(details, QUYNH, own=False)) == {
        "note": f"Mời {REDACTED} và Trần Văn Bảy", "rows": 3}
    assert redact_details(json.dumps({"rows": 3}), QUYNH, own=False) is None
    assert redact_details("", QUYNH, own=True) is None
    assert redact_details("không phải JSON: quynh.pham@example.org", QUYNH, own=False) == \
        f"không phải JSON: {REDACTED}"


def test_thousands_of_values_are_looked_up_not_scanned():
    many = personal_values(*(f"Nguyễn Văn Khách {i}" for i in range(5000)),
                           *(f"khach{i}@example.org" for i in range(5000)))
    assert redact_text("Đã gửi thư cho khach4321@example.org và Nguyễn Văn Khách 17.", many) == \
        f"Đã gửi thư cho {REDACTED} và {REDACTED}."
    assert redact_text("Nguyễn Văn Khách 170000", many) is None
