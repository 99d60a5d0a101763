"""Takes the README's screenshots: `.venv/bin/python docs/screenshots.py` (needs Chromium).

Starts the app on a temporary SQLite file with the demo event, then photographs the main pages of
each kind of user in Chromium (Playwright), into docs/screenshots/.
"""
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from eventapp import create_app  # noqa: E402
from eventapp.extensions import db  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main():
    folder = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
                      "MAIL_OUTBOX_DIR": str(folder / "outbox")})
    with app.app_context():
        from eventapp.auth.services import create_user
        from eventapp.demo.services import load_demo
        from eventapp.registration.models import Guest

        db.create_all()
        event = load_demo()
        create_user("admin@example.org", "admin", "mat-khau-minh-hoa", full_name="Ban tổ chức")
        guest = db.session.execute(db.select(Guest).filter_by(full_name="Nguyễn Mạnh Cường")).scalar_one()
        slug, token = event.slug, guest.private_token
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1).new_page()
        for name, path in [("event-page", f"/e/{slug}/"), ("register", f"/e/{slug}/register"),
                           ("guest-page", f"/g/{token}/")]:
            phone.goto(base + path)
            phone.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
        desk = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
        desk.goto(base + "/login")
        desk.fill("input[name=email]", "admin@example.org")
        desk.fill("input[name=password]", "mat-khau-minh-hoa")
        desk.click("button[type=submit]")
        desk.wait_for_url("**/admin/")
        for name, path in [("admin-guests", f"/admin/e/{slug}/guests"),
                           ("floor-plan", f"/admin/events/{slug}/booths"),
                           ("programme", f"/admin/e/{slug}/programme"),
                           ("checkin-dashboard", f"/admin/e/{slug}/checkin/")]:
            desk.goto(base + path)
            desk.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
        door = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        door.context.add_cookies(desk.context.cookies())
        door.goto(base + f"/door/e/{slug}/cong-chinh/")
        door.screenshot(path=str(OUT / "door-scan.png"), full_page=False)
        browser.close()
    server.shutdown()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
