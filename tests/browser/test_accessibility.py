"""Public pages pass axe-core (no serious or critical violations) and fit a 360-pixel screen."""
import pytest

from tests.browser.conftest import assert_accessible, login_as

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC_PATHS = ["/", "/e/{slug}/", "/login", "/e/{slug}/register", "/e/{slug}/resend", "/e/{slug}/booths",
                "/e/{slug}/exhibitors/sign-up"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_pass_axe_and_fit_a_phone(live_server, phone, path):
    phone.goto(live_server["url"] + path.format(slug=live_server["slug"]))
    assert_accessible(phone, path)


def test_the_registration_form_with_its_errors_passes_axe_on_a_phone(live_server, phone):
    phone.goto(live_server["url"] + f"/e/{live_server['slug']}/register")
    phone.click("form.registration-form button[type=submit]")
    phone.wait_for_selector(".has-error")
    assert_accessible(phone, "the registration form with errors")


def test_csp_allows_the_pages_own_assets_and_reports_no_errors(live_server, phone):
    errors = []
    phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    phone.goto(live_server["url"] + f"/e/{live_server['slug']}/")
    assert phone.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
    assert errors == []


def test_admin_signs_in_and_reads_the_dashboard_in_vietnamese(live_server, phone):
    login_as(phone, live_server["url"], *live_server["admin"])
    phone.wait_for_url("**/admin/")
    assert phone.locator("h1").inner_text() == "Bảng điều khiển"
    assert "Ngày hội Hợp tác xã thành phố Hải Phòng năm 2024" in phone.content()
