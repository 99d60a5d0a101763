"""A real browser on a phone-sized screen fills the form and reaches the private page by the mailed link."""
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, assert_accessible
from tests.browser.conftest import CHROMIUM_ARGS as ARGS

pytestmark = pytest.mark.browser


@pytest.fixture
def live_site(tmp_path):
    """The app on a free local port, with a temporary SQLite file and one event."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser test skipped: no Chromium at {CHROMIUM} (set CHROMIUM_PATH)")
    pytest.importorskip("playwright.sync_api", reason="browser test skipped: playwright is not installed")
    from werkzeug.serving import make_server

    from eventapp import create_app
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite3'}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi-htx", name="Ngày hội Hợp tác xã thành phố", venue="Hội trường",
                      organiser="Liên minh HTX thành phố", starts_at=start, ends_at=start + timedelta(hours=4),
                      always_open=True)
        event.categories = [GuestCategory(code="dai-bieu", name="Đại biểu / Khách mời", position=0),
                            GuestCategory(code="htx", name="HTX thành viên", position=1)]
        db.session.add(event)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def phone_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_guest_registers_from_a_phone_and_reaches_the_private_page(live_site, phone_page, tmp_path):
    base, app = live_site
    page = phone_page
    page.goto(f"{base}/e/ngay-hoi-htx/")
    page.get_by_role("link", name="Đăng ký tham dự").first.click()
    page.wait_for_url("**/e/ngay-hoi-htx/register")
    assert _fits_the_screen(page)

    page.fill("input[name=full_name]", "Nguyễn Mạnh Cường")
    page.fill("input[name=phone]", "0912 345")
    page.select_option("select[name=category]", label="HTX thành viên")
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    # A mistyped phone: the message sits next to the field and what was typed is still there.
    assert page.locator("#phone-error").inner_text() == "Số điện thoại không hợp lệ."
    assert page.input_value("input[name=full_name]") == "Nguyễn Mạnh Cường"

    page.fill("input[name=phone]", "0912 345 678")
    page.fill("input[name=email]", "cuong@example.org")
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    # The answer tells where the link went (the same answer as for an address already on file).
    page.wait_for_selector("h1:has-text('Vui lòng kiểm tra email')")
    assert "cuong@example.org" in page.locator("main").inner_text()
    assert_accessible(page, "the answer to the form")

    from eventapp.mail import outbox_messages

    with app.app_context():
        [mail] = outbox_messages()
    link = re.search(r"https?://\S+/g/[\w-]+/", mail["body"]).group(0)
    assert mail["to"] == "cuong@example.org" and link.startswith(base)
    page.goto(link)
    body = page.locator("main").inner_text()
    assert "Nguyễn Mạnh Cường" in body and "Đã đăng ký" in body and "HTX thành viên" in body
    assert "0912 345 678" in body
    assert _fits_the_screen(page)
    page.screenshot(path=str(tmp_path / "private-page.png"), full_page=True)

    from eventapp.extensions import db
    from eventapp.registration.models import Guest

    with app.app_context():
        guest = db.session.execute(db.select(Guest)).scalar_one()
        assert page.url.endswith(f"/g/{guest.private_token}/") and guest.phone == "+84912345678"
        if "badges.public_qr" in app.view_functions:
            assert page.locator("img.qr").is_visible()
        else:
            assert guest.badge_token in body
