"""The scanning page in a real Chromium (Playwright): the camera path with a fake camera showing a
badge's QR code, and a door that loses the network, scans, and syncs when it is back."""
import os
import threading

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db

pytestmark = [pytest.mark.browser, pytest.mark.slow]
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "mat-khau-cong-chinh"


def qr_y4m(text, path, width=640, height=480, frames=5):
    """A Y4M video (what Chromium's fake camera plays) of a QR code on white: YUV4MPEG2 header,
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


@pytest.fixture(scope="module")
def door(tmp_path_factory):
    """A live server on a SQLite file: an event, its main gate, three guests and a door account."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from datetime import datetime, timezone

    from eventapp.auth.services import create_user
    from eventapp.checkin.models import Gate
    from eventapp.events.models import Event, GuestCategory
    from eventapp.events.organisers import organiser_named
    from eventapp.registration.models import Guest

    folder = tmp_path_factory.mktemp("door")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'door.sqlite3'}", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        start = datetime(2026, 4, 11, 1, 0, tzinfo=timezone.utc)
        event = Event(owner=organiser_named("Liên minh HTX thành phố"), slug="ngay-hoi", name="Ngày hội HTX", starts_at=start, ends_at=start, always_open=True)
        event.categories.append(GuestCategory(code="khach", name="Khách mời"))
        db.session.add(event)
        db.session.flush()
        db.session.add(Gate(event_id=event.id, code="cong-chinh", name="Cổng chính"))
        guests = {}
        for key, name in (("camera", "Nguyễn Mạnh Cường"), ("offline", "Trần Thị Hoa"), ("late", "Lê Văn Muộn")):
            guest = Guest(event_id=event.id, category_id=event.categories[0].id, full_name=name,
                          email=f"{key}@example.org")
            guest.refresh_keys()
            db.session.add(guest)
            guests[key] = guest
        db.session.commit()
        create_user("cua@example.org", "door", PASSWORD, full_name="Cán bộ cổng", event=event)
        tokens = {key: guest.badge_token for key, guest in guests.items()}
        db.session.remove()
    video = folder / "badge.y4m"
    qr_y4m(f"https://ngayhoi.example.vn/b/{tokens['camera']}", video)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app, "tokens": tokens, "video": str(video)}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser(door):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={door['video']}", "--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, door):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True,
                                  has_touch=True, permissions=["camera"], base_url=door["url"])
    page = context.new_page()
    page.goto("/login?next=/door/e/ngay-hoi/cong-chinh/")
    page.fill("input[name=email]", "cua@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/door/e/ngay-hoi/cong-chinh/")
    page.wait_for_function("() => document.body.dataset.scanReady === '1'")
    yield page
    context.close()


def scans(door):
    from eventapp.checkin.models import Scan

    with door["app"].app_context():
        rows = db.session.execute(db.select(Scan).order_by(Scan.id)).scalars().all()
        result = [(s.guest.full_name if s.guest else None, s.result, s.offline, s.local_result) for s in rows]
        db.session.remove()
    return result


def test_the_camera_reads_a_badge_with_the_javascript_decoder(phone, door):
    assert phone.evaluate("'BarcodeDetector' in window") is False  # Chromium on Linux: jsQR it is
    phone.click("#camera-toggle")
    phone.wait_for_selector("#answer.colour-green", timeout=15000)
    assert phone.inner_text("#answer-name") == "Nguyễn Mạnh Cường"
    assert phone.inner_text("#answer-label") == "Mời vào"
    assert phone.get_attribute("#camera", "data-decoder") == "jsQR"
    # The badge stays in front of the camera: it is not scanned again and again.
    phone.wait_for_timeout(1500)
    assert ("Nguyễn Mạnh Cường", "accepted", False, None) in scans(door)
    assert [s for s in scans(door) if s[0] == "Nguyễn Mạnh Cường"] == [("Nguyễn Mạnh Cường", "accepted", False, None)]
    # The answer clears within about a second and the input is ready for a handheld scanner.
    phone.wait_for_selector("#answer.hidden", state="attached", timeout=3000)
    assert phone.evaluate("document.activeElement.id") == "code-input"


def test_offline_scans_are_judged_locally_and_synced_when_back(phone, door):
    context = phone.context
    tokens = door["tokens"]
    # The page is an installable web app: its service worker controls /door/.
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{door['url']}/door/"
    phone.wait_for_function("() => document.getElementById('list-info').textContent.includes('3 khách')")
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
