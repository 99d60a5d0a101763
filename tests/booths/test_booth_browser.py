"""The exhibitor's journey in a real browser (Playwright + Chromium): log in, apply, take a booth
on the plan, register a staff member; on a phone-sized screen, with the page's CSP in force."""
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.conftest import CHROMIUM_ARGS as ARGS
from tests.conftest import _truncate_all, lane_url

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def live_server(lane, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)")
    pytest.importorskip("playwright.sync_api")
    from werkzeug.serving import make_server

    from eventapp import create_app
    from eventapp.auth.services import create_user
    from eventapp.booths.models import Booth, Cooperative
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.extensions import db

    url = f"sqlite:///{tmp_path / 'live.sqlite3'}" if lane == "sqlite" else lane_url(lane)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        if lane == "postgresql":
            _truncate_all()
        start = datetime(2026, 4, 11, 1, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi", name="Ngày hội Hợp tác xã 2026", starts_at=start, ends_at=start,
                      always_open=True, booth_self_selection=True, staff_per_booth=2)
        event.categories = [GuestCategory(code="khach", name="Khách mời", position=0),
                            GuestCategory(code="trung-bay", name="Đơn vị trưng bày", position=1)]
        db.session.add(event)
        db.session.flush()
        for i, zone in enumerate(["Thủy sản", "Thủy sản", "Nông nghiệp", "Nông nghiệp"]):
            db.session.add(Booth(event_id=event.id, code=f"A{i + 1:02d}", zone=zone, x=3.0 * i, y=0, width=3,
                                 height=3, has_power=True))
        coop = Cooperative(organiser_id=event.organiser_id, name="HTX Thủy sản Cát Bà", sector="Thủy sản", products="Nước mắm")
        coop.refresh_keys()
        db.session.add(coop)
        db.session.commit()
        create_user("catba@example.org", "exhibitor", "mat-khau-cat-ba", full_name="Phạm Thị Hoa",
                    event=event, cooperative=coop)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(10)
    with app.app_context():
        if lane == "postgresql":
            _truncate_all()
        db.engine.dispose()


def test_exhibitor_applies_takes_a_booth_and_registers_staff(live_server):
    from playwright.sync_api import expect, sync_playwright

    base, app = live_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(f"{base}/login")
        page.fill("#email", "catba@example.org")
        page.fill("#password", "mat-khau-cat-ba")
        page.click("button[type=submit]")
        page.click("text=Gian hàng của HTX Thủy sản Cát Bà")
        expect(page.locator("h1")).to_have_text("HTX Thủy sản Cát Bà")
        expect(page.locator("main")).to_contain_text("Bạn chưa đăng ký gian hàng.")

        page.click("a.button:has-text('Đăng ký gian hàng')")
        page.fill("#products", "Nước mắm, Chả mực")
        page.check("#needs_power")
        page.select_option("#wish1", label="Gian A02 (Thủy sản)")
        page.select_option("#wish2", label="Khu Thủy sản")
        page.click("button:has-text('Gửi đơn')")
        expect(page.locator(".flash")).to_contain_text("Đã gửi đơn đăng ký gian hàng.")
        expect(page.locator(".application-status")).to_contain_text("Chờ duyệt")

        # The plan fits the phone's width; free booths are links to take them.
        plan = page.locator("svg.floor-plan")
        box = plan.bounding_box()
        assert box["width"] <= 360
        page.click("a[href$='/pick'] g.booth[data-code='A02'] rect")
        expect(page.locator("h1")).to_have_text("Chọn gian A02?")
        page.click("button:has-text('Chọn gian này')")
        expect(page.locator(".flash")).to_contain_text("Bạn đã chọn gian A02.")
        expect(page.locator(".my-booths")).to_contain_text("A02")
        expect(page.locator("g.booth.mine")).to_have_attribute("data-code", "A02")
        expect(page.locator("ol.wishes li").first).to_contain_text("Gian A02 — được đáp ứng")

        page.fill("#full_name", "Nguyễn Thị Mai")
        page.fill("#email", "mai@example.org")
        page.click("button:has-text('Đăng ký nhân viên')")
        expect(page.locator(".flash")).to_contain_text("Đã đăng ký Nguyễn Thị Mai làm nhân viên gian hàng.")
        expect(page.locator(".staff-list")).to_contain_text("Nguyễn Thị Mai")
        expect(page.locator("#staff")).to_contain_text("1 / 2")
        browser.close()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems

    with app.app_context():
        from eventapp.extensions import db
        from eventapp.registration.models import Guest

        guest = db.session.execute(db.select(Guest).filter_by(email="mai@example.org")).scalar_one()
        assert guest.category.code == "trung-bay" and guest.cooperative.name == "HTX Thủy sản Cát Bà"
