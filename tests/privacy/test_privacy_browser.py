"""Real-browser journeys on a phone-sized screen: a guest downloads then deletes their data; an
organiser anonymises an ended event. The pages pass axe-core and fit 360 pixels."""
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, axe_violations, login_as

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site(tmp_path):
    """The app on a free port, on a SQLite file: an event that ended yesterday, two guests, an admin."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser test skipped: no Chromium at {CHROMIUM} (set CHROMIUM_PATH)")
    pytest.importorskip("playwright.sync_api", reason="browser test skipped: playwright is not installed")
    from werkzeug.serving import make_server

    from eventapp import create_app
    from eventapp.auth.services import create_user
    from eventapp.db import utcnow
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.extensions import db
    from eventapp.registration.services import self_register

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite3'}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        start = utcnow() - timedelta(days=1)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi-htx", name="Ngày hội Hợp tác xã thành phố", venue="Hội trường",
                      organiser="Liên minh HTX thành phố", starts_at=start, ends_at=start + timedelta(hours=4))
        event.categories = [GuestCategory(code="dai-bieu", name="Đại biểu / Khách mời", position=0)]
        db.session.add(event)
        db.session.commit()
        tokens = [self_register(event, event.categories[0], full_name=name, email=email).private_token
                  for name, email in (("Phạm Thị Xuân Quỳnh", "quynh@example.org"),
                                      ("Trần Văn Bảy", "bay@example.org"))]
        create_user("admin@example.org", "admin", "mat-khau-quan-tri")
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_port}", "tokens": tokens, "slug": "ngay-hoi-htx"}
    finally:
        server.shutdown()
        thread.join(10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                      locale="vi-VN", accept_downloads=True)
        yield context.new_page()
        browser.close()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]


def test_a_guest_downloads_then_deletes_their_data(site, phone):
    private = f"{site['url']}/g/{site['tokens'][0]}/"
    phone.goto(private)
    with phone.expect_download() as download:
        phone.click("text=Tải dữ liệu của tôi (JSON)")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["guest"]["full_name"] == "Phạm Thị Xuân Quỳnh"
    assert "13/2023/NĐ-CP" in data["consent"]["text"]["vi"]

    phone.click("text=Xoá dữ liệu của tôi")
    phone.wait_for_url("**/delete")
    _fits(phone)
    phone.click("button:has-text('Xoá dữ liệu của tôi')")
    phone.wait_for_url(f"**/e/{site['slug']}/")
    assert "Dữ liệu cá nhân của bạn đã được xoá" in phone.content()
    assert phone.goto(private).status == 404


def test_an_organiser_anonymises_the_ended_event(site, phone):
    login_as(phone, site["url"], "admin@example.org", "mat-khau-quan-tri")
    phone.wait_for_url("**/admin/")
    phone.click("text=Ẩn danh dữ liệu khách")
    phone.wait_for_url(f"**/admin/e/{site['slug']}/anonymise")
    _fits(phone)
    assert phone.inner_text("#remaining-guests") == "2"
    phone.fill("input[name=confirmation]", site["slug"])
    phone.click("button:has-text('Ẩn danh 2 khách')")
    phone.wait_for_selector("text=Đã ẩn danh dữ liệu của 2 khách")
    assert phone.inner_text("#remaining-guests") == "0"
    assert phone.inner_text("#total-guests") == "2"
    assert phone.goto(f"{site['url']}/g/{site['tokens'][1]}/").status == 404
