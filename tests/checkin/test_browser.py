"""The scanning page in a real Chromium (Playwright): the camera path with a fake camera showing a
badge's QR code, and a door that loses the network, scans, and syncs when it is back."""
import os
import threading
from datetime import UTC

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "mat-khau-cong-chinh"


def qr_y4m(text, path, width=640, height=480, frames=5, blank_frames=0):
    """A Y4M video (what Chromium's fake camera plays, in a loop, at 10 frames a second) of a QR
    code on white, then `blank_frames` of white alone (the badge out of view): YUV4MPEG2 header,
    then per frame 'FRAME' and the I420 planes (grey: U and V at 128)."""
    import numpy as np
    import qrcode

    code = qrcode.QRCode(border=4, box_size=10)
    code.add_data(text)
    picture = code.make_image(fill_color="black", back_color="white").convert("L")
    side = min(height - 40, picture.size[0])
    picture = picture.resize((side, side))
    luma = np.full((height, width), 255, dtype=np.uint8)
    top, left = (height - side) // 2, (width - side) // 2
    luma[top:top + side, left:left + side] = np.asarray(picture)
    chroma = np.full((height // 2, width // 2), 128, dtype=np.uint8).tobytes()
    with open(path, "wb") as handle:
        handle.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            handle.write(b"FRAME\n" + luma.tobytes() + chroma + chroma)
        white = np.full((height, width), 255, dtype=np.uint8).tobytes()
        for _ in range(blank_frames):
            handle.write(b"FRAME\n" + white + chroma + chroma)


@pytest.fixture(scope="module")
def door(tmp_path_factory):
    """A live server on a SQLite file: an event, its main gate, three guests and a door account."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from datetime import datetime

    from eventapp.auth.services import create_user
    from eventapp.checkin.models import Gate
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.registration.models import Guest

    folder = tmp_path_factory.mktemp("door")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'door.sqlite3'}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=UTC)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi", name="Ngày hội HTX", starts_at=start, ends_at=start, always_open=True)
        event.categories.append(GuestCategory(code="khach", name="Khách mời"))
        event.categories.append(GuestCategory(code="lanh-dao", name="Lãnh đạo", public=False, position=1))
        db.session.add(event)
        db.session.flush()
        db.session.add(Gate(event_id=event.id, code="cong-chinh", name="Cổng chính"))
        guests = {}
        people = [("camera", "Nguyễn Mạnh Cường", ""), ("offline", "Trần Thị Hoa", ""), ("late", "Lê Văn Muộn", ""),
                  ("dang", "Đặng Mạnh Khánh", "HTX Ngọc Hải"), ("ngo", "Ngô Ngọc Khánh", "Liên minh HTX thành phố"),
                  ("back", "Phạm Thị Quay", "")]
        people += [(f"nguyen{n}", f"Nguyễn Văn Khách{n:02d}", "HTX Tân Dương") for n in range(22)]
        for key, name, organization in people:
            guest = Guest(event_id=event.id, category_id=event.categories[0].id, full_name=name,
                          email=f"{key}@example.org", organization=organization)
            guest.refresh_keys()
            db.session.add(guest)
            guests[key] = guest
        db.session.commit()
        create_user("cua@example.org", "door", PASSWORD, full_name="Cán bộ cổng", event=event)
        tokens = {key: guest.badge_token for key, guest in guests.items()}
        db.session.remove()
    video = folder / "badge.y4m"
    qr_y4m(f"https://ngayhoi.example.vn/b/{tokens['camera']}", video)
    # A badge 2 s in front of the camera, then 3 s away, again and again.
    comes_back = folder / "comes-back.y4m"
    qr_y4m(f"https://ngayhoi.example.vn/b/{tokens['back']}", comes_back, frames=20, blank_frames=30)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app, "tokens": tokens, "video": str(video),
           "comes_back": str(comes_back), "guests": len(people)}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def launch(playwright, video):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}", "--autoplay-policy=no-user-gesture-required"])


@pytest.fixture(scope="module")
def playwright(door):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright, door):
    browser = launch(playwright, door["video"])
    yield browser
    browser.close()


def door_page(browser, door):
    """The main gate's scanning page on a phone, signed in as door staff."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True,
                                  has_touch=True, permissions=["camera"], base_url=door["url"])
    page = context.new_page()
    page.goto("/login?next=/door/e/ngay-hoi/cong-chinh/")
    page.fill("input[name=email]", "cua@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/door/e/ngay-hoi/cong-chinh/")
    page.wait_for_function("() => document.body.dataset.scanReady === '1'")
    return page


@pytest.fixture
def phone(browser, door):
    page = door_page(browser, door)
    yield page
    page.context.close()


def scans(door):
    from eventapp.checkin.models import Scan

    with door["app"].app_context():
        rows = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()
        result = [(s.guest.full_name if s.guest else None, s.result, s.offline, s.local_result) for s in rows]
        db.session.remove()
    return result


def checkin_requests(page):
    """The check-in requests the page sends, as a list that fills while the test runs."""
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.url.endswith("/checkins") else None)
    return sent


def test_the_camera_reads_a_badge_with_the_javascript_decoder(phone, door):
    sent = checkin_requests(phone)
    assert phone.evaluate("'BarcodeDetector' in window") is False  # Chromium on Linux: jsQR it is
    phone.click("#camera-toggle")
    phone.wait_for_selector("#answer.colour-green", timeout=15000)
    assert phone.inner_text("#answer-name") == "Nguyễn Mạnh Cường"
    assert phone.inner_text("#answer-label") == "Mời vào"
    assert phone.get_attribute("#camera", "data-decoder") == "jsQR"
    # The answer clears within about a second and the input is ready for a handheld scanner.
    phone.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
    assert phone.evaluate("document.activeElement.id") == "code-input"
    # The badge stays in front of the camera well past its verdict: read again and again, never
    # sent again, no amber "Đã check-in" for the guest just let in, one scan in the log.
    phone.wait_for_timeout(4500)
    assert int(phone.evaluate("document.body.dataset.ignoredReads || '0'")) >= 10
    assert phone.get_attribute("#answer", "class").split()[-1] == "hidden"
    assert len(sent) == 1
    assert [s for s in scans(door) if s[0] == "Nguyễn Mạnh Cường"] == [("Nguyễn Mạnh Cường", "accepted", False, None)]
    # A deliberate rescan is answered (and logged) again.
    phone.click("#rescan-last")
    phone.wait_for_selector("#answer.colour-amber", timeout=5000)
    assert phone.inner_text("#answer-label") == "Đã check-in"
    phone.wait_for_timeout(1500)
    assert len(sent) == 2
    assert [s[1] for s in scans(door) if s[0] == "Nguyễn Mạnh Cường"] == ["accepted", "already_checked_in"]
    phone.click("#camera-toggle")


def test_a_badge_that_leaves_the_camera_and_comes_back_is_scanned_again(playwright, door):
    """Held in view, a badge is one scan; taken away after its verdict cleared and shown again, it
    is a new scan (a guest coming back to the gate), answered "Đã check-in" and logged."""
    browser = launch(playwright, door["comes_back"])  # the badge: 2 s in view, 3 s away, in a loop
    try:
        page = door_page(browser, door)
        sent = checkin_requests(page)
        page.click("#camera-toggle")
        page.wait_for_selector("#answer.colour-green", timeout=15000)
        assert page.inner_text("#answer-name") == "Phạm Thị Quay"
        page.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
        assert len(sent) == 1
        # Away for 3 s, then back in view: a second scan, once.
        page.wait_for_selector("#answer.colour-amber", timeout=10000)
        assert page.inner_text("#answer-label") == "Đã check-in"
        assert page.inner_text("#answer-name") == "Phạm Thị Quay"
        page.wait_for_timeout(1000)
        assert len(sent) == 2
        page.click("#camera-toggle")
        assert [s[1] for s in scans(door) if s[0] == "Phạm Thị Quay"] == ["accepted", "already_checked_in"]
    finally:
        browser.close()


def test_a_scanner_that_sends_the_code_twice_is_answered_once(phone, door):
    sent = checkin_requests(phone)
    code = door["tokens"]["late"]
    # A keyboard wedge typing the code and Enter twice in a row, faster than the server answers.
    phone.evaluate("""(code) => {
        const form = document.getElementById('code-form'), input = document.getElementById('code-input');
        input.value = code; form.requestSubmit(); input.value = code; form.requestSubmit();
    }""", code)
    phone.wait_for_selector("#answer.colour-green")
    # And once more while the green verdict shows.
    phone.fill("#code-input", code.lower())
    phone.press("#code-input", "Enter")
    phone.wait_for_timeout(300)
    assert phone.inner_text("#answer-label") == "Mời vào"
    assert len(sent) == 1
    assert [s[1] for s in scans(door) if s[0] == "Lê Văn Muộn"] == ["accepted"]
    # Once the verdict has cleared, the same badge scanned again is a real second scan.
    phone.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
    phone.fill("#code-input", code)
    phone.press("#code-input", "Enter")
    phone.wait_for_selector("#answer.colour-amber")
    assert len(sent) == 2
    assert [s[1] for s in scans(door) if s[0] == "Lê Văn Muộn"] == ["accepted", "already_checked_in"]


def test_offline_scans_are_judged_locally_and_synced_when_back(phone, door):
    context = phone.context
    tokens = door["tokens"]
    # The page is an installable web app: its service worker controls /door/.
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{door['url']}/door/"
    phone.wait_for_function("(n) => document.getElementById('list-info').textContent.includes(n + ' khách')",
                            arg=door["guests"])
    phone.reload()  # now through the service worker, which keeps the page for offline use
    phone.wait_for_function("() => document.body.dataset.scanReady === '1'")

    context.set_offline(True)
    phone.reload()  # the page itself comes from the cache
    phone.wait_for_function("() => document.body.dataset.scanReady === '1'")
    assert phone.inner_text("#net") == "Ngoại tuyến"
    phone.fill("#code-input", tokens["offline"])
    phone.press("#code-input", "Enter")
    phone.wait_for_selector("#answer.colour-green")
    assert phone.inner_text("#answer-name") == "Trần Thị Hoa"
    assert "Ngoại tuyến" in phone.inner_text("#answer-message")
    # A code the downloaded list does not know: neither admitted nor refused, checked later.
    phone.fill("#code-input", "ZZZZZZZZZZZZZZZZZZZZZZZZZ2")
    phone.press("#code-input", "Enter")
    phone.wait_for_selector("#answer.colour-blue")
    assert "sẽ kiểm tra khi có mạng" in phone.inner_text("#answer-message")
    assert phone.inner_text("#pending-count") == "2"
    assert [s for s in scans(door) if s[0] == "Trần Thị Hoa"] == []

    context.set_offline(False)
    phone.wait_for_function("() => document.getElementById('pending-count').textContent === '0'", timeout=15000)
    assert "Đã đồng bộ 2 lượt quét." in phone.inner_text("#sync-info")
    recent = phone.inner_text("#recent")
    assert "Sau đồng bộ: Mời vào" in recent and "Sau đồng bộ: Mã không hợp lệ" in recent
    logged = scans(door)
    assert ("Trần Thị Hoa", "accepted", True, "accepted") in logged
    assert (None, "invalid", True, "unknown") in logged


def results(phone):
    return phone.eval_on_selector_all("#search-results li strong", "items => items.map(i => i.textContent)")


# True when the element is on screen and nothing (the fixed thumb bar) lies over its middle.
UNCOVERED = """(selector) => {
  const element = document.querySelector(selector), box = element.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) return false;
  return element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
}"""


def test_search_ranks_as_typed_counts_pages_and_asks_before_admitting(phone, door):
    sent = checkin_requests(phone)
    phone.click("#search-toggle")
    phone.fill("#search-input", "ngoc khanh")
    phone.press("#search-input", "Enter")
    phone.wait_for_selector("#search-results li strong")
    assert results(phone) == ["Ngô Ngọc Khánh", "Đặng Mạnh Khánh"]
    assert phone.inner_text("#search-count") == "Đang hiện 2 / 2 khách"
    assert not phone.is_visible("#search-more")
    # "Cho vào" asks first, showing whom: name, organisation, category.
    phone.click("#search-results li:first-child button:has-text('Cho vào')")
    box = phone.inner_text(".admit-confirm")
    assert "Ngô Ngọc Khánh" in box and "Liên minh HTX thành phố" in box and "Khách mời" in box
    phone.click(".admit-confirm .admit-no")
    assert phone.query_selector(".admit-confirm") is None and sent == []
    phone.click("#search-results li:first-child button:has-text('Cho vào')")
    phone.click(".admit-confirm .admit-yes")
    phone.wait_for_selector("#answer.colour-green")
    assert phone.inner_text("#answer-name") == "Ngô Ngọc Khánh" and len(sent) == 1
    assert [s[1] for s in scans(door) if s[0] == "Ngô Ngọc Khánh"] == ["accepted"]
    # A common family name: "x of y", and the rest on demand.
    phone.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
    phone.click("#search-toggle")
    phone.fill("#search-input", "nguyen")
    phone.press("#search-input", "Enter")
    phone.wait_for_function("() => document.getElementById('search-count').textContent.includes('/ 23')")
    assert phone.inner_text("#search-count") == "Đang hiện 20 / 23 khách" and len(results(phone)) == 20
    # On a phone the question is in view above the thumb bar, both answers can be tapped.
    phone.evaluate("window.scrollTo(0, 0)")
    phone.click("#search-results li:has(button:has-text('Cho vào')) >> nth=0 >> button:has-text('Cho vào')")
    assert phone.evaluate(UNCOVERED, ".admit-confirm .admit-yes") and phone.evaluate(UNCOVERED, ".admit-confirm .admit-no")
    phone.click(".admit-confirm .admit-no")
    phone.click("#search-more")
    phone.wait_for_function("() => document.querySelectorAll('#search-results li strong').length === 23")
    assert phone.inner_text("#search-count") == "Đang hiện 23 / 23 khách"
    assert not phone.is_visible("#search-more")


def test_a_walk_in_gets_the_full_screen_verdict_and_a_first_print(phone, door):
    phone.click("#walkin-toggle")
    offered = phone.eval_on_selector_all("#walkin-category option", "options => options.map(o => o.textContent)")
    assert offered == ["Khách mời"]  # "Lãnh đạo" is by invitation: not added at the door
    # Every field at fault at once, each marked.
    phone.fill("#walkin-name", "Vũ Văn Mới")
    phone.fill("#walkin-phone", "abc")
    phone.fill("#walkin-email", "not-an-email")
    phone.click("#walkin-form button[type=submit]")
    phone.wait_for_function("() => document.getElementById('walkin-error').textContent.length > 0")
    assert phone.inner_text("#walkin-error").splitlines() == ["Số điện thoại không hợp lệ.",
                                                              "Địa chỉ email không hợp lệ."]
    assert phone.get_attribute("#walkin-phone", "aria-invalid") == "true"
    assert phone.get_attribute("#walkin-email", "aria-invalid") == "true"
    assert phone.evaluate("document.activeElement.id") == "walkin-phone"
    phone.fill("#walkin-email", "")
    phone.fill("#walkin-phone", "0987 654 321")
    phone.click("#walkin-form button[type=submit]")
    phone.wait_for_selector("#answer.colour-green")
    assert phone.inner_text("#answer-label") == "Mời vào" and phone.inner_text("#answer-name") == "Vũ Văn Mới"
    assert "Mời vào" not in phone.inner_text("#answer-message")  # said once
    phone.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
    # Nothing was ever printed for the new guest: "In thẻ", never "In lại thẻ".
    assert phone.inner_text("#walkin-done a") == "In thẻ"
    assert "In thẻ" in phone.inner_text("#recent") and "In lại thẻ" not in phone.inner_text("#recent")


def test_no_print_link_beside_a_refusal(phone, door):
    phone.fill("#code-input", "ZZZZZZZZZZZZZZZZZZZZZZZZZ3")
    phone.press("#code-input", "Enter")
    phone.wait_for_selector("#answer.colour-red")
    assert phone.query_selector("#recent li:first-child a.reprint") is None
    # A typed short code (from under the QR) is a badge like any other.
    from eventapp.tokens import short_code

    phone.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
    phone.fill("#code-input", short_code(door["tokens"]["dang"]).lower().replace("-", " "))
    phone.press("#code-input", "Enter")
    phone.wait_for_selector("#answer.colour-green")
    assert phone.inner_text("#answer-name") == "Đặng Mạnh Khánh"
    assert phone.inner_text("#recent li:first-child a.reprint") == "In thẻ"
