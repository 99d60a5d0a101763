"""A provincial alliance sets up its own Cooperative Day in the browser, on an install with no demo:
its first administrator creates the event, two guest categories, a gate and a door account; the
door officer accepts the invitation; a guest registers from a phone and is admitted at that gate."""
import re
import threading

import pytest
from werkzeug.serving import make_server

from eventapp import create_app
from eventapp.extensions import db
from tests.browser.conftest import new_phone

pytestmark = pytest.mark.browser

ADMIN = ("lien.minh@htxninhbinh.vn", "mat-khau-quan-tri-dai")


@pytest.fixture(scope="module")
def empty_install(tmp_path_factory):
    """The app on a free port, on a new SQLite file holding only the first administrator."""
    folder = tmp_path_factory.mktemp("fresh")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'fresh.sqlite3'}", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        from eventapp.auth.services import create_user

        db.create_all()
        create_user(ADMIN[0], "admin", ADMIN[1], full_name="Phạm Thị Lan")
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def _desk(browser, base_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", base_url=base_url)
    return context.new_page()


def _login(page, email, password):
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")


def _invitation_link(app, address):
    from eventapp.mail import outbox_messages

    with app.test_request_context():
        for message in outbox_messages():
            if message["to"] == address:
                return re.search(r"https?://\S+/staff/invitation/\S+", message["body"]).group(0)
    raise AssertionError(f"no invitation mailed to {address}")


def _badge_code(app, email):
    from eventapp.registration.models import Guest

    with app.app_context():
        guest = db.session.execute(db.select(Guest).filter_by(email=email)).scalar_one()
        code, name = guest.badge_token, guest.full_name
        db.session.remove()
    return code, name


def test_an_alliance_sets_up_its_first_cooperative_day_and_admits_a_guest(browser, empty_install):
    base, app = empty_install["url"], empty_install["app"]
    admin = _desk(browser, base)
    _login(admin, *ADMIN)
    admin.wait_for_url("**/admin/")
    admin.get_by_role("link", name="Tạo sự kiện đầu tiên").click()

    # The event, with the organiser it belongs to (the install has none yet).
    admin.get_by_label("Đơn vị tổ chức").fill("Liên minh Hợp tác xã tỉnh Ninh Bình")
    admin.get_by_label("Tên sự kiện").fill("Ngày hội Hợp tác xã tỉnh Ninh Bình năm 2027")
    admin.get_by_label("Địa điểm").fill("Trung tâm Hội nghị tỉnh")
    admin.get_by_label("Ngày bắt đầu").fill("2027-04-10")
    admin.get_by_label("Giờ bắt đầu").fill("08:00")
    admin.get_by_label("Ngày kết thúc").fill("2027-04-10")
    admin.get_by_label("Giờ kết thúc").fill("11:30")
    admin.get_by_label("Luôn mở đăng ký (không theo thời gian trên)").check()
    admin.locator("form button[type=submit]").last.click()
    admin.wait_for_load_state()
    slug = "ngay-hoi-hop-tac-xa-tinh-ninh-binh-nam-2027"  # proposed from the name, without diacritics
    assert "Ngày hội Hợp tác xã tỉnh Ninh Bình năm 2027" in admin.content()

    # Two guest categories.
    for name, code in (("Đại biểu", "dai-bieu"), ("HTX thành viên", "htx")):
        admin.goto(f"/admin/e/{slug}/categories/new")
        admin.get_by_label("Tên thành phần").fill(name)
        admin.get_by_label("Mã", exact=True).fill(code)
        admin.locator("form button[type=submit]").last.click()
        admin.wait_for_url(re.compile(rf".*/admin/e/{slug}/categories/(#.*)?$"))
    listing = admin.inner_text("main")
    assert "Đại biểu" in listing and "HTX thành viên" in listing

    # A gate that admits both.
    admin.goto(f"/admin/e/{slug}/gates/new")
    admin.get_by_label("Mã cổng").fill("cong-chinh")
    admin.get_by_label("Tên cổng").fill("Cổng chính")
    admitted = admin.get_by_role("group", name="Thành phần được vào")
    admitted.get_by_label("Đại biểu", exact=True).check()
    admitted.get_by_label("HTX thành viên", exact=True).check()
    admin.locator("form button[type=submit]").last.click()
    admin.wait_for_url(re.compile(rf".*/admin/e/{slug}/gates/(#.*)?$"))
    assert "Cổng chính" in admin.inner_text("main")

    # A door officer for this event, invited by e-mail.
    admin.goto("/admin/staff/invite")
    admin.get_by_label("Email").fill("can.bo.cong@htxninhbinh.vn")
    admin.get_by_label("Họ và tên").fill("Đinh Văn Hùng")
    admin.get_by_label("Vai trò").select_option("door")
    admin.get_by_label("Phạm vi").select_option(label="Ngày hội Hợp tác xã tỉnh Ninh Bình năm 2027")
    admin.locator("form button[type=submit]").last.click()
    admin.wait_for_load_state()
    assert "can.bo.cong@htxninhbinh.vn" in admin.content()
    admin.context.close()

    door = _desk(browser, base)
    door.goto(_invitation_link(app, "can.bo.cong@htxninhbinh.vn"))
    door.locator("input[name=password]").fill("mat-khau-cong-chinh")
    door.locator("input[name=confirm]").fill("mat-khau-cong-chinh")
    door.locator("form button[type=submit]").last.click()
    door.wait_for_url("**/admin/")

    # A guest registers from a phone.
    guest = new_phone(browser)
    guest.goto(f"{base}/e/{slug}/register")
    guest.get_by_label("Thành phần tham dự").select_option(label="Đại biểu")
    guest.get_by_label("Họ và tên").fill("Trịnh Thị Ngọc Ánh")
    guest.get_by_label("Email", exact=True).fill("ngoc.anh@gmail.com")
    guest.locator("input[name=consent]").check()
    guest.locator("form button[type=submit]").last.click()
    guest.wait_for_load_state()
    assert "ngoc.anh@gmail.com" in guest.content() or "Trịnh Thị Ngọc Ánh" in guest.content()
    guest.context.close()

    # The door officer scans the badge at the gate.
    code, name = _badge_code(app, "ngoc.anh@gmail.com")
    door.goto(f"/door/e/{slug}/cong-chinh/")
    door.wait_for_function("() => document.body.dataset.scanReady === '1'")
    door.fill("#code-input", code)
    door.press("#code-input", "Enter")
    door.wait_for_selector("#answer.colour-green")
    assert door.inner_text("#answer-name") == name == "Trịnh Thị Ngọc Ánh"
    door.context.close()
