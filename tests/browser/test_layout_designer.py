"""The badge designer in a real browser: drag the name, save, and the next printed badge has it
moved; the keyboard nudges and undoes; a QR code too small to scan is refused next to it."""
import shutil

import pytest

from tests.badges.pdfcheck import pdf_words
from tests.browser.conftest import assert_accessible, login_as, new_phone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"),
]
KIND = "badge-a6"
PT_PER_MM = 72 / 25.4


@pytest.fixture
def designer(live_server, browser):
    """The designer of the demo event's A6 badge, on a tablet-sized screen, drawn at 3 px per mm."""
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="vi-VN", has_touch=True)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and "422" not in m.text and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    login_as(page, live_server["url"], *live_server["admin"])
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server['url']}/admin/e/{live_server['slug']}/layouts/{KIND}")
    page.select_option("#ld-zoom", "3")
    assert page.get_attribute("#ld-page", "data-scale") == "3"
    yield page
    context.close()


def _first_guest(live_server):
    from eventapp.badges import services
    from eventapp.events.services import get_event

    with live_server["app"].app_context():
        event = get_event(live_server["slug"])
        return services.select_guests(event)[0].full_name


def _badge_pdf(page, live_server):
    """The organisers' print preview of the event's A6 badges (the same drawing as a print run)."""
    response = page.request.get(f"{live_server['url']}/admin/e/{live_server['slug']}/badges/preview.pdf",
                                params={"layout": "a6"})
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return response.body()


def _top_of(words, name):
    """The top of the first guest's name (its last word: the given name) on the badge, in points."""
    given = name.split()[-1]
    tops = [w[2] for w in words if w[0] == given]
    assert tops, f"{given} is not on the badge: {[w[0] for w in words][:40]}"
    return tops[0]


def _drag(page, selector, dx, dy):
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y + dy * step / 10)
    page.mouse.up()


def _saved_layout(page, live_server):
    response = page.request.get(f"{live_server['url']}/admin/e/{live_server['slug']}/layouts/{KIND}.json")
    assert response.ok
    return response.json()["layout"]


def _element(layout, ident):
    return next(e for e in layout["elements"] if e["id"] == ident)


def test_a_dragged_name_prints_moved_on_the_next_badge(live_server, designer, tmp_path):
    page = designer
    name = _first_guest(live_server)
    before = _top_of(pdf_words(_badge_pdf(page, live_server), tmp_path), name)
    start = _element(_saved_layout(page, live_server), "name")

    _drag(page, '.ld-el[data-id="name"]', 0, 20 * 3)  # 20 mm down at 3 px per mm
    moved_y = float(page.input_value("#ld-p-y"))
    assert abs(moved_y - start["y_mm"] - 20) <= 1, (start["y_mm"], moved_y)  # snapping moves it by less than 1 mm
    assert float(page.input_value("#ld-p-x")) == start["x_mm"]
    assert page.get_attribute("#layout-designer", "data-dirty") == "true"

    page.click('[data-action="save"]')
    page.wait_for_selector('#layout-designer[data-dirty="false"]')
    assert "Đã lưu lúc" in page.inner_text("#ld-status")
    saved = _element(_saved_layout(page, live_server), "name")
    assert saved["y_mm"] == moved_y and saved["x_mm"] == start["x_mm"]

    after = _top_of(pdf_words(_badge_pdf(page, live_server), tmp_path), name)
    moved_pt = (moved_y - start["y_mm"]) * PT_PER_MM
    # In office mode the A6 card is drawn 5 mm inside the paper's edge, a little smaller (95/105).
    assert 0.85 * moved_pt <= after - before <= 1.02 * moved_pt, (before, after, moved_pt)

    assert page.problems == []


def test_the_preview_shows_the_pdf_the_server_draws_for_the_layout_on_screen(live_server, designer):
    page = designer
    page.locator('.ld-el[data-id="qr"]').focus()
    page.keyboard.press("Shift+ArrowUp")  # not saved: the preview draws what is on screen
    with page.expect_response(lambda r: r.url.endswith(f"/layouts/{KIND}/preview")) as answer:
        page.click('[data-action="preview"]')
    assert answer.value.ok and answer.value.headers["content-type"] == "application/pdf"
    sent = _element(answer.value.request.post_data_json["layout"], "qr")
    stored = _element(_saved_layout(page, live_server), "qr")
    assert sent["y_mm"] == float(page.input_value("#ld-p-y")) == stored["y_mm"] - 5
    page.wait_for_selector("#ld-preview:not([hidden])")
    src = page.get_attribute("#ld-preview-frame", "src")
    assert src.startswith("blob:") and page.get_attribute("#ld-preview-open", "href") == src
    page.wait_for_timeout(300)
    assert page.problems == []  # the page's CSP lets it show its own PDF (frame-src blob:)
    assert page.locator("#ld-preview-frame").is_visible()
    with page.context.expect_page() as opened:
        page.click("#ld-preview-open")
    assert opened.value.url == src

    # Live: the next change draws the preview again.
    with page.expect_response(lambda r: r.url.endswith(f"/layouts/{KIND}/preview")):
        page.locator('.ld-el[data-id="qr"]').focus()
        page.keyboard.press("Shift+ArrowDown")
    page.wait_for_function("src => document.getElementById('ld-preview-frame').src !== src", arg=src)


def test_arrow_keys_nudge_and_ctrl_z_undoes(live_server, designer):
    page = designer
    page.focus('[data-action="preview"]')  # the toolbar's last control: Tab goes on to the elements
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.dataset.id")
    assert first == _saved_layout(page, live_server)["elements"][0]["id"]
    page.locator('.ld-el[data-id="qr"]').focus()  # focusing an element selects it
    assert page.get_attribute('.ld-el[data-id="qr"]', "aria-pressed") == "true"
    x0, y0 = float(page.input_value("#ld-p-x")), float(page.input_value("#ld-p-y"))

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowLeft")
    assert float(page.input_value("#ld-p-y")) == pytest.approx(y0 + 1.0)
    assert float(page.input_value("#ld-p-x")) == pytest.approx(x0 - 5.0)
    assert "mm" in page.inner_text("#ld-status")  # the new position is read out

    page.keyboard.press("Control+z")
    assert float(page.input_value("#ld-p-x")) == pytest.approx(x0)
    assert float(page.input_value("#ld-p-y")) == pytest.approx(y0 + 1.0)
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    assert float(page.input_value("#ld-p-y")) == pytest.approx(y0)
    page.keyboard.press("Control+y")
    assert float(page.input_value("#ld-p-y")) == pytest.approx(y0 + 0.5)
    assert page.evaluate("document.activeElement.dataset.id") == "qr"  # undo keeps the keyboard's place

    # Shift + Enter keeps the selection while Tab moves on; the next Shift + Enter adds to it.
    page.locator('.ld-el[data-id="name"]').focus()
    name_x = float(page.input_value("#ld-p-x"))
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.id") == "qr"
    page.keyboard.press("Shift+Enter")
    ticked = "Array.from(document.querySelectorAll('#ld-list input:checked')).map(i => i.dataset.id)"
    assert page.evaluate(ticked) == ["name", "qr"]
    page.click('[data-align="left"]')  # the QR code's left edge goes to the name's
    assert float(page.input_value("#ld-p-x")) == name_x
    page.keyboard.press("Control+z")
    assert float(page.input_value("#ld-p-x")) == pytest.approx(x0)

    page.locator('.ld-el[data-id="qr"]').focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Delete")
    assert page.locator('.ld-el[data-id="qr"]').count() == 0
    page.click('[data-action="undo"]')
    assert page.locator('.ld-el[data-id="qr"]').count() == 1

    # Leaving with unsaved changes asks first.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]


def test_a_qr_code_too_small_to_scan_is_refused_next_to_it(live_server, designer):
    page = designer
    stored = _element(_saved_layout(page, live_server), "qr")
    page.click('.ld-el[data-id="qr"]')
    page.fill("#ld-p-w", "15")
    page.press("#ld-p-w", "Tab")
    page.click('[data-action="save"]')

    alert = page.locator("#ld-error")
    alert.wait_for()
    assert "20 mm" in alert.inner_text() and "qr" in alert.inner_text()
    bubble = page.locator("#ld-bubble")
    assert "20 mm" in bubble.inner_text()
    qr = page.locator('.ld-el[data-id="qr"]')
    assert "has-error" in qr.get_attribute("class") and qr.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.activeElement.dataset.id") == "qr"
    bubble_box, qr_box = bubble.bounding_box(), qr.bounding_box()
    assert abs(bubble_box["y"] - (qr_box["y"] + qr_box["height"])) < 20  # right under the QR code
    assert "20 mm" in page.inner_text(".has-error #ld-field-error")  # and at the width's input
    assert page.get_attribute("#ld-p-w", "aria-invalid") == "true"
    assert _element(_saved_layout(page, live_server), "qr") == stored  # nothing saved
    assert page.get_attribute("#layout-designer", "data-dirty") == "true"

    page.fill("#ld-p-w", str(stored["w_mm"]))
    page.press("#ld-p-w", "Tab")
    assert page.locator("#ld-error").is_hidden()  # the next edit clears the refusal
    assert_accessible(page, "layout designer")


def test_a_finger_drags_an_element_on_a_tablet(designer):
    page = designer
    qr = page.locator('.ld-el[data-id="qr"]')
    qr.focus()
    y0 = float(page.input_value("#ld-p-y"))
    box = qr.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    scrolled = page.evaluate("window.scrollY")
    touch = page.context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + 3 * step}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert float(page.input_value("#ld-p-y")) == pytest.approx(y0 + 10, abs=1)  # 30 px at 3 px per mm
    assert page.evaluate("window.scrollY") == scrolled  # the finger moved the element, not the page


def test_the_designer_fits_a_phone_and_passes_axe(live_server, browser):
    page = new_phone(browser)
    try:
        login_as(page, live_server["url"], *live_server["admin"])
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{live_server['url']}/admin/e/{live_server['slug']}/layouts/{KIND}")
        assert page.locator(".ld-el").count() >= 5  # the page is drawn, scaled to the screen
        assert_accessible(page, "layout designer on a phone")
    finally:
        page.context.close()
