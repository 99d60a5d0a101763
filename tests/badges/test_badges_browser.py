"""Real-browser journeys (Playwright with the system's Chromium), on a phone-sized screen."""
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.conftest import CHROMIUM_ARGS as ARGS

PASSWORD = "mat-khau-rat-dai"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)"),
]


@pytest.fixture
def site(tmp_path):
    """The app on a free port with its own SQLite file: an event, a guest, a door user, an organiser."""
    from werkzeug.serving import make_server

    from eventapp import create_app
    from eventapp.auth.services import create_user
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.extensions import db
    from eventapp.registration.models import Guest

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite3'}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="hai-phong", name="Ngày hội Hợp tác xã", starts_at=start,
                      ends_at=start + timedelta(hours=4), always_open=True)
        event.categories.append(GuestCategory(code="htx", name="HTX thành viên", color="#15803d"))
        db.session.add(event)
        db.session.commit()
        guest = Guest(event_id=event.id, category_id=event.categories[0].id, full_name="Nguyễn Mạnh Cường",
                      email="cuong@example.org", organization="HTX Nông nghiệp Tân Dương")
        guest.refresh_keys()
        db.session.add(guest)
        db.session.commit()
        create_user("cua@example.org", "door", PASSWORD, event=event)
        create_user("btc@example.org", "admin", PASSWORD)
        info = {"guest_id": guest.id, "old_code": guest.badge_token, "private_token": guest.private_token}
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}", info
    server.shutdown()
    thread.join(5)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
        tab = context.new_page()
        tab.csp_errors = []
        tab.on("console", lambda m: "Content Security Policy" in m.text and tab.csp_errors.append(m.text))
        yield tab
        browser.close()


def login(page, base, email):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/**")


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_door_staff_reissue_a_lost_badge_then_reprint_it(site, page):
    app, base, info = site
    login(page, base, "cua@example.org")
    page.goto(f"{base}/door/e/hai-phong/guests/{info['guest_id']}/reprint")
    assert page.locator("h2").first.inner_text() == "Nguyễn Mạnh Cường"
    assert "Số lần in lại: 0" in page.content()
    assert fits_the_phone(page)

    # The confirmation box is required: the browser does not send the form without it.
    page.click("text=Thu hồi thẻ cũ và cấp mã mới")
    assert page.evaluate("document.querySelector('[name=reissue-confirm]').validity.valueMissing")
    assert page.url.endswith("/reprint")
    page.check("input[name=reissue-confirm]")
    page.click("text=Thu hồi thẻ cũ và cấp mã mới")
    page.wait_for_selector(".flash-success")
    assert "Đã cấp mã mới cho Nguyễn Mạnh Cường" in page.inner_text(".flash-success")
    assert "Mất thẻ" in page.inner_text("main")  # the revocation, in the badge history

    page.fill("input[name=reason]", "In thẻ mới sau khi cấp lại mã")
    page.select_option("select[name=layout]", "label")
    with page.expect_response(lambda r: r.request.method == "POST" and "/reprint" in r.url) as answer:
        page.click("button:has-text('In lại thẻ'), input[value='In lại thẻ']")
    assert answer.value.headers["content-type"] == "application/pdf"
    assert page.csp_errors == []

    with app.app_context():
        from eventapp.badges.services import resolve_code
        from eventapp.events.services import get_event

        event = get_event("hai-phong")
        guest, state = resolve_code(event, info["old_code"])
        assert state == "revoked" and guest.id == info["guest_id"]


def test_organiser_pages_work_on_a_phone_without_inline_styles(site, page):
    _app, base, info = site
    login(page, base, "btc@example.org")
    page.click("text=In thẻ đại biểu")
    page.wait_for_url("**/admin/e/hai-phong/badges")
    assert "Số thẻ phù hợp: 1" in page.inner_text("main") and fits_the_phone(page)
    page.click("text=Logo trên thẻ")
    page.wait_for_url("**/badges/logo")
    assert fits_the_phone(page)
    assert page.csp_errors == []
    page.goto(f"{base}/g/{info['private_token']}/qr.svg")
    assert page.evaluate("document.documentElement.tagName") == "svg"
