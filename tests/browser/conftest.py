"""A live server with the demo event, and a Chromium page (Playwright driving Debian's Chromium)."""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def _require_chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app on a free port, on a SQLite file with the demo event and one admin (admin@example.org)."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        from eventapp.auth.services import create_user
        from eventapp.demo.services import load_demo

        event = load_demo()
        create_user("admin@example.org", "admin", "mat-khau-quan-tri", full_name="Quản trị viên")
        slug = event.slug
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app, "slug": slug,
           "admin": ("admin@example.org", "mat-khau-quan-tri")}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_phone(browser):
    """A new page (in its own context) in a 360-pixel-wide phone viewport, Vietnamese locale."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                  is_mobile=True, has_touch=True)
    return context.new_page()


@pytest.fixture
def phone(browser):
    """A page in a 360-pixel-wide phone viewport, Vietnamese locale."""
    page = new_phone(browser)
    yield page
    page.context.close()


def axe_violations(page, impacts=("serious", "critical"), paused_clock=False):
    """Runs axe-core in the page; returns the violations of the given impacts.

    With paused_clock (page.clock paused, to hold a passing state on screen), the clock is stepped a
    millisecond at a time until axe, which waits on timers of its own, has finished."""
    # evaluate() runs through DevTools, so the page's CSP (no inline script) stays as it is.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    if not paused_clock:
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    else:
        page.evaluate("() => { window.axeResult = null;"
                      " axe.run(document, {resultTypes: ['violations']}).then(r => { window.axeResult = r; }); }")
        for _ in range(200):
            if page.evaluate("window.axeResult !== null"):
                break
            page.clock.run_for(1)
        result = page.evaluate("window.axeResult")
        assert result is not None, "axe-core did not finish"
    return [v for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(page, what, paused_clock=False):
    """No serious or critical axe-core violation, and the page itself does not scroll sideways."""
    violations = axe_violations(page, paused_clock=paused_clock)
    assert violations == [], [(what, v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


def login_as(page, base_url, email, password):
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
