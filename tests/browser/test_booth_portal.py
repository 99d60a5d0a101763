"""The exhibitor portal guides a two-booth request (real browser, phone screen): the plan offers
only booths that can still make two adjacent booths, says how many are still needed, and can be
read as a list."""
import threading
from datetime import UTC, datetime

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db
from tests.browser.conftest import new_phone

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def portal_server(tmp_path_factory):
    """A1–A2 side by side; B01 alone; C01 next to C02, which another exhibitor holds; E01 alone
    in another zone. An approved application of 'HTX Thủy sản Cát Bà' wants two adjacent booths."""
    folder = tmp_path_factory.mktemp("portal")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'portal.sqlite3'}",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        from eventapp.auth.services import create_user
        from eventapp.booths.models import Booth, BoothApplication, BoothAssignment, BoothPreference, Cooperative
        from eventapp.events.models import Event, GuestCategory
        from eventapp.events.organisers import organiser_named

        db.create_all()
        start = datetime(2026, 4, 11, 1, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi", name="Ngày hội HTX 2026",
                      starts_at=start, ends_at=start, always_open=True, booth_self_selection=True, staff_per_booth=2)
        event.categories = [GuestCategory(code="trung-bay", name="Đơn vị trưng bày", position=0)]
        db.session.add(event)
        db.session.flush()
        booths = {code: Booth(event_id=event.id, code=code, zone=zone, x=x, y=0, width=3, height=3)
                  for code, zone, x in [("A01", "Thủy sản", 0), ("A02", "Thủy sản", 3), ("B01", "Thủy sản", 20),
                                        ("C01", "Thủy sản", 40), ("C02", "Thủy sản", 43),
                                        ("E01", "Thủ công mỹ nghệ", 60)]}
        db.session.add_all(booths.values())
        coops = [Cooperative(organiser_id=event.organiser_id, name=name, sector="Thủy sản") for name in
                 ("HTX Thủy sản Cát Bà", "HTX Dịch vụ tổng hợp Vĩnh An")]
        for coop in coops:
            coop.refresh_keys()
        db.session.add_all(coops)
        db.session.flush()
        mine = BoothApplication(event_id=event.id, cooperative_id=coops[0].id, sector="Thủy sản", booths_wanted=2,
                                status="approved", preferences=[BoothPreference(rank=1, zone="Thủy sản")])
        other = BoothApplication(event_id=event.id, cooperative_id=coops[1].id, sector="Thủy sản", status="approved")
        db.session.add_all([mine, other])
        db.session.flush()
        db.session.add(BoothAssignment(event_id=event.id, booth_id=booths["C02"].id, application_id=other.id))
        db.session.commit()
        create_user("catba@example.org", "exhibitor", "mat-khau-cat-ba", full_name="Phạm Thị Hoa",
                    event=event, cooperative=coops[0])
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    with app.app_context():
        db.engine.dispose()


def offered(page):
    return sorted(page.locator("svg.floor-plan a g.booth").evaluate_all("els => els.map(e => e.dataset.code)"))


def test_a_two_booth_request_is_offered_only_booths_that_complete_a_pair(portal_server, browser):
    from playwright.sync_api import expect

    page = new_phone(browser)
    page.goto(f"{portal_server}/login")
    page.fill("#email", "catba@example.org")
    page.fill("#password", "mat-khau-cat-ba")
    page.click("button[type=submit]")
    page.goto(f"{portal_server}/exhibitor/")
    expect(page.locator("ol.wishes li").first).to_contain_text("Khu Thủy sản — đang chờ xếp")
    # B01 (alone), C01 (its neighbour is taken) and E01 (alone) cannot make a pair: not offered.
    assert offered(page) == ["A01", "A02"]
    expect(page.locator(".pick-guide")).to_contain_text("cần 2 gian liền kề; còn cần chọn 2 gian")
    # The neighbour's label: its name without the legal form, in whole words (the full name is the title).
    lines = page.locator("g.booth[data-code='C02'] text.who tspan").all_text_contents()
    assert lines == ["Dịch vụ", "tổng hợp…"]

    page.click("a[href$='/pick'] g.booth[data-code='A01'] rect")
    expect(page.locator("h1")).to_have_text("Chọn gian A01?")
    page.click("button:has-text('Chọn gian này')")
    expect(page.locator(".flash")).to_contain_text("Bạn đã chọn gian A01.")
    assert offered(page) == ["A02"]
    expect(page.locator(".pick-guide")).to_contain_text("còn cần chọn 1 gian")
    expect(page.locator("main")).to_contain_text("còn cần thêm 1 gian sát các gian đã có")

    # On the phone, the plan can also be read as a list, with the same choices.
    page.click("summary:has-text('Xem sơ đồ dạng danh sách')")
    rows = page.locator("details.booth-list tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("details.booth-list a")).to_have_text(["Chọn gian A02"])
    page.context.close()
