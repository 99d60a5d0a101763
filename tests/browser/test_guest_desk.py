"""The organiser's guest list in a real browser: the list uses a laptop's width, and a bulk action
shows its count live, asks for confirmation with the count, then does it."""
import pytest

from tests.browser.conftest import login_as

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def test_cancelling_ticked_guests_asks_first_with_their_count(live_server, laptop):
    page = laptop
    login_as(page, live_server["url"], *live_server["admin"])
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server['url']}/admin/e/{live_server['slug']}/guests?status=registered")
    assert page.evaluate("document.querySelector('table.guests').getBoundingClientRect().width") > 1200

    boxes = page.locator('input[name="guest"]')
    names = [page.locator("table.guests tbody tr").nth(i).locator("td").nth(1).locator("a").inner_text()
             for i in (0, 1)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert page.inner_text("[data-bulk-count]") == "Đã chọn 2 khách"
    assert page.is_hidden("[data-bulk-category]")  # only "change category" needs a target
    page.select_option("#bulk-action", "category")
    assert page.is_visible("[data-bulk-category]")
    page.select_option("#bulk-action", "cancel")
    page.click("#bulk-form button[type=submit]")

    page.wait_for_url("**/guests/bulk")
    assert page.inner_text("h1") == "Huỷ đăng ký của 2 khách?"
    listed = page.inner_text("ul.bulk-names")
    assert all(name in listed for name in names)
    page.click("text=Xác nhận: Huỷ đăng ký của 2 khách")

    page.wait_for_url("**/guests?status=registered")
    assert "Đã huỷ đăng ký của 2 khách." in page.inner_text("main")
    remaining = page.inner_text("table.guests")
    assert not any(name in remaining for name in names)  # no longer among the registered

    page.check("[data-bulk-all]")
    ticked = page.locator('input[name="guest"]:checked').count()
    assert ticked == boxes.count() and page.inner_text("[data-bulk-count]") == f"Đã chọn {ticked} khách"
