"""Consent: recorded with its time and version at registration; every version's text is kept."""
import html
from datetime import timedelta

from eventapp.db import utcnow
from eventapp.privacy import consent
from eventapp.registration.services import CONSENT_VERSION, register_guest
from tests.privacy.conftest import register


def test_every_version_has_its_text_in_both_languages():
    assert consent.CURRENT in consent.TEXTS
    for version, texts in consent.TEXTS.items():
        assert set(texts) == set(consent.LANGUAGES), version
        assert "13/2023/NĐ-CP" in texts["vi"] and "13/2023/NĐ-CP" in texts["en"], version
    # The first version, as the 2024 form showed it, is still there word for word.
    assert consent.text("2024-1").endswith("Tôi có thể sửa hoặc huỷ đăng ký bất cứ lúc nào qua đường dẫn "
                                           "riêng được gửi cho tôi.")
    assert consent.text("2024-1", "en").startswith("I agree that the organisers process my personal data")
    assert consent.text("no-such-version") is None
    assert consent.text(consent.CURRENT, "fr") == consent.text(consent.CURRENT, "vi")


def test_registration_records_the_current_version_and_the_time(db, make_event):
    assert CONSENT_VERSION == consent.CURRENT
    event = make_event()
    before = utcnow()
    guest = register(event)
    assert guest.consent_version == consent.CURRENT
    assert before - timedelta(seconds=1) <= guest.consent_at <= utcnow()
    # ... and the text of that version can be read back, in the guest's words.
    assert "tải về hoặc xoá dữ liệu" in consent.text(guest.consent_version, "vi")
    assert "download or delete my data" in consent.text(guest.consent_version, "en")


def test_no_consent_no_record(db, make_event):
    event = make_event()
    guest = register_guest(event, event.categories[0], full_name="Lê Văn Tám", email="tam@example.org",
                           source="import", approved=True)
    assert guest.consent_at is None and guest.consent_version is None


def test_the_form_shows_the_current_text_and_its_version(client, make_event):
    event = make_event()
    page = html.unescape(client.get(f"/e/{event.slug}/register").get_data(as_text=True))
    assert consent.text(consent.CURRENT, "vi") in page
    assert f"phiên bản {consent.CURRENT}" in page
    english = html.unescape(client.get(f"/e/{event.slug}/register?lang=en").get_data(as_text=True))
    assert consent.text(consent.CURRENT, "en") in english
    assert f"version {consent.CURRENT}" in english
