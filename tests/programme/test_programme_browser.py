"""An organiser's journey in a real browser: reorder the running order, import recipients, print."""
import os
import threading
from datetime import UTC, datetime

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.conftest import CHROMIUM_ARGS as ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def live_server(tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)")
    pytest.importorskip("playwright.sync_api")
    from werkzeug.serving import make_server

    from eventapp import create_app
    from eventapp.auth.services import create_user
    from eventapp.events.models import Event
    from eventapp.events.organisers import organiser_named
    from eventapp.extensions import db
    from eventapp.programme import awards, services

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite3'}",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        start = datetime(2024, 4, 6, 1, 0, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi", name="Ngày hội Hợp tác xã", organiser="Liên minh HTX", venue="Hội trường",
                      starts_at=start, ends_at=start.replace(hour=4))
        db.session.add(event)
        db.session.commit()
        for title in ("Chào mừng", "Phát biểu khai mạc", "Trao Giấy khen"):
            services.create_item(event, title=title, duration_minutes=10)
        awards.create_category(event, name="Giấy khen của Chủ tịch Liên minh HTX thành phố")
        create_user("bantochuc@example.org", "admin", "mat-khau-rat-dai")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_organiser_reorders_imports_and_prints(live_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    listing = tmp_path / "danh-sach.csv"
    listing.write_text("Họ và tên,Chức vụ,Đơn vị,Tập thể\nĐinh Thùy Lan,Giám đốc,HTX Tân Tiến,\n"
                       "Công ty A & B <HTX>,,,có\n", encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})  # a phone
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", "bantochuc@example.org")
        page.fill("input[name=password]", "mat-khau-rat-dai")
        page.click("button[type=submit]")
        page.get_by_role("link", name="Chương trình", exact=True).click()
        rows = page.locator("table.programme-table tbody tr")
        expect(rows.first).to_contain_text("Chào mừng")
        page.get_by_role("button", name="Xuống sau: Chào mừng").click()
        expect(rows.nth(0)).to_contain_text("Phát biểu khai mạc")
        expect(rows.nth(0)).to_contain_text("08:00–08:10")
        expect(rows.nth(1)).to_contain_text("Chào mừng")
        expect(rows.nth(1)).to_contain_text("08:10–08:20")

        page.click("nav.programme-nav >> text=Nhập danh sách")
        page.set_input_files("input[name=file]", str(listing))
        page.select_option("select[name=category_id]", label="Giấy khen của Chủ tịch Liên minh HTX thành phố")
        page.get_by_role("button", name="Xem trước").click()
        expect(page.locator("table.import-preview")).to_contain_text("Công ty A & B <HTX>")
        page.get_by_role("button", name="Xác nhận: thêm 2 người nhận").click()
        expect(page.locator(".flash")).to_contain_text("Đã nhập 2 người nhận.")

        page.get_by_role("link", name="Danh sách và thứ tự gọi").click()
        expect(page.locator("table.programme-table")).to_contain_text("Đinh Thùy Lan")
        response = page.request.get(f"{live_server}/admin/e/ngay-hoi/programme/print/guest.pdf")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        browser.close()
