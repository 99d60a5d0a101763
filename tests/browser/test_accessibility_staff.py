"""Organisers', door staff's, exhibitors' and guests' own pages pass axe-core (no serious or critical
violations) and fit a 360-pixel screen; wide tables scroll inside their own box, never the page."""
from datetime import datetime, timedelta

import pytest

from tests.browser.conftest import assert_accessible, login_as, new_phone

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOOR = ("cong@example.org", "mat-khau-cong-chinh")
EXHIBITOR = ("htx@example.org", "mat-khau-don-vi")

ADMIN_PAGES = [
    "/admin/",
    "/admin/e/{slug}/guests",
    "/admin/e/{slug}/guests/new",
    "/admin/e/{slug}/guests/{guest}",
    "/admin/e/{slug}/guests/import",
    "/admin/e/{slug}/badges",
    "/admin/e/{slug}/badges/logo",
    "/admin/e/{slug}/checkin/",
    "/admin/e/{slug}/checkin/scans",
    "/admin/e/{slug}/gates/",
    "/admin/e/{slug}/gates/new",
    "/admin/e/{slug}/gates/{gate}",
    "/admin/e/{slug}/devices/",
    "/admin/e/{slug}/booths/",
    "/admin/e/{slug}/booths/list",
    "/admin/e/{slug}/booths/new",
    "/admin/e/{slug}/booths/{booth}",
    "/admin/e/{slug}/booths/editor",
    "/admin/e/{slug}/booths/applications",
    "/admin/e/{slug}/booths/applications/{application}",
    "/admin/e/{slug}/booths/exhibitors",
    "/admin/e/{slug}/booths/exhibitors/invite",
    "/admin/e/{slug}/booths/import",
    "/admin/e/{slug}/booths/log",
    "/admin/e/{slug}/booths/settings",
    "/admin/e/{slug}/booths/zones",
    "/admin/e/{slug}/programme/",
    "/admin/e/{slug}/programme/items/new",
    "/admin/e/{slug}/programme/items/{item}",
    "/admin/e/{slug}/programme/awards",
    "/admin/e/{slug}/programme/awards/new",
    "/admin/e/{slug}/programme/awards/{award}",
    "/admin/e/{slug}/programme/awards/{award}/recipients/new",
    "/admin/e/{slug}/programme/awards/{award}/recipients/{recipient}",
    "/admin/e/{slug}/programme/awards/import",
    "/admin/e/{slug}/programme/awards/arrivals",
    "/admin/e/{slug}/programme/print",
    "/admin/e/{slug}/anonymise",
    "/admin/audit",
    "/admin/outbox",
]
DOOR_PAGES = ["/door/", "/door/e/{slug}/", "/door/e/{slug}/guests/{guest}/reprint",
              "/door/e/{slug}/guests/{guest}/reissue"]
EXHIBITOR_PAGES = ["/exhibitor/", "/exhibitor/application", "/exhibitor/booths/{free_booth}/pick"]
GUEST_PAGES = ["/g/{token}/", "/g/{token}/edit", "/g/{token}/cancel", "/g/{token}/delete",
               "/exhibitor/password/{password_token}"]


@pytest.fixture(scope="module")
def site(live_server):
    """A door account and an exhibitor account for the demo event, and the ids its pages need."""
    from eventapp.auth.services import create_user
    from eventapp.booths.accounts import password_token
    from eventapp.booths.models import Booth, BoothApplication
    from eventapp.checkin.keys import create_api_key, revoke_api_key
    from eventapp.checkin.models import Gate
    from eventapp.events.models import Event
    from eventapp.extensions import db
    from eventapp.programme.models import AwardCategory, AwardRecipient, ProgrammeItem
    from eventapp.registration.models import Guest

    def first(model, **keys):
        return db.session.execute(db.select(model).filter_by(**keys).order_by(model.id)).scalars().first()

    with live_server["app"].app_context():
        event = first(Event, slug=live_server["slug"])
        create_user(DOOR[0], "door", DOOR[1], full_name="Cán bộ cổng", event=event)
        application = first(BoothApplication, event_id=event.id)
        exhibitor = create_user(EXHIBITOR[0], "exhibitor", EXHIBITOR[1], full_name="Phạm Thị Hoa",
                                event=event, cooperative=application.cooperative)
        spare = Booth(event_id=event.id, code="F01", zone="Nông nghiệp", x=2, y=32)  # the demo plan is full
        db.session.add(spare)
        db.session.commit()
        create_api_key("door", event.slug, gate_code="cong-chinh", label="Máy quét cổng chính 1")
        revoke_api_key(event, key_id=create_api_key("door", event.slug, label="Máy quét bị mất")[0].id)
        guests = db.session.execute(db.select(Guest).filter_by(event_id=event.id, status="registered",
                                                               needs_attention=False).order_by(Guest.id).limit(2)
                                    ).scalars().all()
        award = first(AwardCategory, event_id=event.id)
        ids = {"slug": event.slug, "guest": guests[0].id, "token": guests[0].private_token,
               "gate": first(Gate, event_id=event.id, code="cong-chinh").id, "booth": first(Booth, event_id=event.id).id,
               "free_booth": spare.id, "application": application.id,
               "item": first(ProgrammeItem, event_id=event.id).id, "award": award.id,
               "recipient": first(AwardRecipient, category_id=award.id).id, "password_token": password_token(exhibitor),
               # One guest to admit at the door per language the scanning page is checked in.
               "arrivals": {language: (g.badge_token, g.full_name) for language, g in zip(("vi", "en"), guests)}}
        db.session.remove()
    return ids


def sign_in(browser, live_server, role, language="vi"):
    """A new phone page signed in as the role's account ("guest": nobody), in the language."""
    accounts = {"admin": live_server["admin"], "door": DOOR, "exhibitor": EXHIBITOR}
    page = new_phone(browser)
    if role != "guest":
        login_as(page, live_server["url"], *accounts[role])
        page.wait_for_url(lambda url: "/login" not in url)
    if language != "vi":
        page.goto(f"{live_server['url']}/lang/{language}")
    return page


@pytest.fixture(scope="module")
def signed_in(browser, live_server, site):
    """One signed-in phone page per account and language, reused by the module's tests."""
    pages = {}

    def page_for(role, language="vi"):
        if (role, language) not in pages:
            pages[role, language] = sign_in(browser, live_server, role, language)
        return pages[role, language]

    yield page_for
    for page in pages.values():
        page.context.close()


def visit(page, live_server, site, path):
    response = page.goto(live_server["url"] + path.format(**site))
    assert response.status == 200, f"{path}: {response.status}"


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_organiser_pages_pass_axe_and_fit_a_phone(live_server, site, signed_in, path):
    page = signed_in("admin")
    visit(page, live_server, site, path)
    assert_accessible(page, path)


@pytest.mark.parametrize("role, path", [("door", p) for p in DOOR_PAGES] + [("exhibitor", p) for p in EXHIBITOR_PAGES]
                         + [("guest", p) for p in GUEST_PAGES])
def test_door_exhibitor_and_guest_pages_pass_axe_and_fit_a_phone(live_server, site, signed_in, role, path):
    page = signed_in(role)
    visit(page, live_server, site, path)
    assert_accessible(page, path)


def open_scanner(page, live_server, site):
    # The answer covers the screen for about a second: the page's clock is stopped while axe reads it.
    page.clock.install()
    visit(page, live_server, site, "/door/e/{slug}/cong-chinh/")
    page.wait_for_function("() => document.body.dataset.scanReady === '1'")
    page.clock.pause_at(datetime.now() + timedelta(seconds=5))


def scan(page, code, colour):
    page.fill("#code-input", code)
    page.press("#code-input", "Enter")
    page.wait_for_selector(f"#answer.colour-{colour}")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_scanning_page_and_its_answers_pass_axe_on_a_phone(live_server, site, browser, language):
    badge, name = site["arrivals"][language]
    page = sign_in(browser, live_server, "door", language)  # its own page: the scanner's clock is stopped
    try:
        open_scanner(page, live_server, site)
        assert page.inner_text("h1") == {"vi": "Cổng chính", "en": "Main entrance"}[language]
        assert_accessible(page, "scanning page", paused_clock=True)

        scan(page, "ZZZZZZZZZZZZZZZZZZZZZZZZZ2", "red")
        assert_accessible(page, "answer: invalid code", paused_clock=True)
        assert page.is_visible("#answer")  # still on screen when axe read it
        page.click("#answer")
        scan(page, badge, "green")
        assert page.inner_text("#answer-name") == name
        assert_accessible(page, "answer: admitted guest", paused_clock=True)
        assert page.is_visible("#answer")  # still on screen when axe read it
        page.click("#answer")
        assert page.locator("#recent li").count() == 2
        assert_accessible(page, "scanning page with recent scans", paused_clock=True)

        page.click("#search-toggle")
        page.fill("#search-input", name)
        page.press("#search-input", "Enter")
        page.wait_for_selector("#search-results li")
        assert name in page.inner_text("#search-results")
        assert_accessible(page, "search panel with results", paused_clock=True)

        page.click("#walkin-toggle")
        page.click("#walkin-form button[type=submit]")
        page.wait_for_function("() => document.getElementById('walkin-error').textContent !== ''")
        assert_accessible(page, "walk-in panel with an error", paused_clock=True)
    finally:
        page.context.close()


def test_the_organiser_pages_in_english_pass_axe_and_fit_a_phone(live_server, site, signed_in):
    """English words run longer than Vietnamese ones: the same pages, once, in English."""
    page = signed_in("admin", "en")
    for path in ADMIN_PAGES:
        visit(page, live_server, site, path)
        assert page.evaluate("document.documentElement.lang") == "en"
        assert_accessible(page, path)


def upload(page, name, text):
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])


def test_form_errors_import_previews_and_the_allocation_result_pass_axe(live_server, site, signed_in):
    """States after a POST; last in the module, as the allocation re-places the demo's booths."""
    page = signed_in("admin")
    visit(page, live_server, site, "/admin/e/{slug}/guests/new")
    page.click("main button[type=submit]")
    page.wait_for_selector(".has-error")
    assert_accessible(page, "a guest form with errors")

    visit(page, live_server, site, "/admin/e/{slug}/guests/import")
    upload(page, "khach.csv", "Họ và tên,Email,Thành phần\nĐỗ Thị Lan,lan@example.org,\nKhông Liên Lạc,,\n")
    page.click("main button[type=submit]")
    page.wait_for_url("**/guests/import/*")
    assert "Đỗ Thị Lan" in page.inner_text("main")
    assert_accessible(page, "the guest import preview")

    visit(page, live_server, site, "/admin/e/{slug}/programme/awards/import")
    upload(page, "khen-thuong.csv", "Họ và tên,Chức vụ,Đơn vị,Tập thể\nHTX Nông nghiệp Tân Dương,,Thủy Nguyên,có\n")
    page.select_option("#category_id", index=1)
    page.click("main button[type=submit]")
    page.wait_for_url("**/awards/import/*")
    assert "HTX Nông nghiệp Tân Dương" in page.inner_text("main")
    assert_accessible(page, "the award import preview")

    visit(page, live_server, site, "/admin/e/{slug}/booths/")
    page.fill("#time_limit", "1")
    page.click("form[action$='/allocate'] button[type=submit]")
    page.wait_for_url("**/jobs/*")  # the allocator runs as a job; its page shows the result when done
    page.wait_for_selector("#job[data-ended=true] .allocation-verdict")
    assert_accessible(page, "the allocation result")
