"""The pages: a guest's QR and badge by private link, the organisers' print page and logo, the
door's reprint and reissue. Thin: the rules are tested in the service tests."""
import re
from io import BytesIO

import pytest

from eventapp.badges import services
from eventapp.badges.models import BadgePrintBatch
from tests.badges.pdfcheck import NAME, decode_qr_codes, needs_poppler, page_count, pdf_text
from tests.conftest import csrf_token


@pytest.fixture
def event(make_event):
    return make_event(slug="hai-phong", categories=("lanh-dao", "htx"))


# ----- the guest -------------------------------------------------------------------------------
def test_guest_gets_the_qr_as_an_svg_image(client, event, make_guest):
    guest = make_guest(event)
    response = client.get(f"/g/{guest.private_token}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).startswith("<svg")
    assert "no-cache" in response.headers["Cache-Control"]


@needs_poppler
def test_guest_downloads_their_own_badge(client, event, make_guest, tmp_path):
    guest = make_guest(event)
    response = client.get(f"/g/{guest.private_token}/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert NAME in pdf_text(response.data, tmp_path)
    assert decode_qr_codes(response.data, tmp_path) == [(guest.badge_token, "M")]
    assert guest.badge_printed_at is None  # the guest's own copy is not the organisers' print


def test_unconfirmed_or_unknown_guests_get_no_badge(client, event, make_guest):
    pending = make_guest(event, status="pending")
    for path in (f"/g/{pending.private_token}/qr.svg", f"/g/{pending.private_token}/badge.pdf"):
        response = client.get(path)
        assert response.status_code == 404
        assert "đã được xác nhận" in response.get_data(as_text=True)
    assert client.get("/g/khong-co-ai/qr.svg").status_code == 404
    assert client.get(f"/g/{pending.badge_token}/badge.pdf").status_code == 404  # the badge code opens nothing


# ----- organisers --------------------------------------------------------------------------------
def test_organiser_filters_prints_and_the_app_remembers(client, event, make_guest, make_user, login, db):
    leaders, coops = event.categories
    make_guest(event, NAME, category=leaders)
    make_guest(event, "Lê Thị An", category=coops)
    login(make_user("admin"))
    page = client.get("/admin/e/hai-phong/badges?category=htx").get_data(as_text=True)
    assert "Số thẻ phù hợp: 1" in page and "Lê Thị An" in page and NAME not in page
    preview = client.get("/admin/e/hai-phong/badges/preview.pdf?category=htx&layout=a4-8cards")
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert services.batches(event) == []  # a preview is not a print

    token = csrf_token(client, "/admin/e/hai-phong/badges")
    response = client.post("/admin/e/hai-phong/badges/print",
                           data={"csrf_token": token, "category": "", "layout": "a4-4up"})
    assert response.status_code == 303
    pdf = client.get(response.headers["Location"])
    assert pdf.mimetype == "application/pdf" and page_count(pdf.data) == 1
    page = client.get("/admin/e/hai-phong/badges?not_printed=y").get_data(as_text=True)
    assert "Số thẻ phù hợp: 0" in page and "Đợt in" in page

    make_guest(event, "Trần Văn Bình", category=coops)
    page = client.get("/admin/e/hai-phong/badges?since_last_print=y").get_data(as_text=True)
    assert "Số thẻ phù hợp: 1" in page and "Trần Văn Bình" in page


def test_printing_without_the_form_token_is_refused(client, event, make_guest, make_user, login):
    make_guest(event)
    login(make_user("admin"))
    assert client.post("/admin/e/hai-phong/badges/print", data={"layout": "a6"}).status_code == 400
    assert services.batches(event) == []


def test_organiser_uploads_a_logo_and_gets_clear_refusals(client, event, make_user, login, png_bytes):
    login(make_user("admin"))
    token = csrf_token(client, "/admin/e/hai-phong/badges/logo")
    response = client.post("/admin/e/hai-phong/badges/logo", content_type="multipart/form-data", data={
        "csrf_token": token, "upload": "1", "logo": (BytesIO(b"GIF89a" + b"\0" * 40), "logo.png")})
    assert response.status_code == 400
    assert "Chỉ nhận ảnh PNG hoặc JPEG." in response.get_data(as_text=True)
    response = client.post("/admin/e/hai-phong/badges/logo", content_type="multipart/form-data", data={
        "csrf_token": token, "upload": "1", "logo": (BytesIO(png_bytes()), "logo.png")}, follow_redirects=True)
    assert "Đã lưu logo" in response.get_data(as_text=True)
    image = client.get("/admin/e/hai-phong/badges/logo.img")
    assert image.mimetype == "image/png" and image.data == png_bytes()


def test_organiser_sets_category_colours(client, event, make_user, login):
    login(make_user("admin"))
    leaders = event.categories[0]
    token = csrf_token(client, "/admin/e/hai-phong/badges")
    client.post("/admin/e/hai-phong/badges/colors", data={"csrf_token": token, f"color-{leaders.id}": "#7c3aed"})
    assert leaders.color == "#7c3aed"
    page = client.post("/admin/e/hai-phong/badges/colors", follow_redirects=True,
                       data={"csrf_token": token, f"color-{leaders.id}": "tím"}).get_data(as_text=True)
    assert "Màu không hợp lệ" in page


# ----- door staff ---------------------------------------------------------------------------------
@needs_poppler
def test_door_staff_reprint_one_badge_with_a_reason(client, event, make_guest, make_user, login, tmp_path):
    guest = make_guest(event)
    login(make_user("door", event=event))
    url = f"/door/e/hai-phong/guests/{guest.id}/reprint"
    page = client.get(url).get_data(as_text=True)
    assert NAME in page and "Số lần in lại: 0" in page and 'list="reprint-reasons"' in page
    token = csrf_token(client, url)
    missing = client.post(url, data={"csrf_token": token, "reason": "", "layout": "label"})
    assert missing.status_code == 400 and "Vui lòng nhập lý do." in missing.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": token, "reason": "Thẻ bị hỏng", "layout": "label"})
    assert response.mimetype == "application/pdf"
    assert decode_qr_codes(response.data, tmp_path) == [(guest.badge_token, "M")]
    page = client.get(url).get_data(as_text=True)
    assert "Số lần in lại: 1" in page and "Thẻ bị hỏng" in page


def test_reissue_needs_confirmation_then_the_old_code_is_refused(client, event, make_guest, make_user, login):
    guest = make_guest(event)
    old = guest.badge_token
    login(make_user("door", event=event))
    url = f"/door/e/hai-phong/guests/{guest.id}/reissue"
    assert "Thu hồi thẻ cũ và cấp mã mới" in client.get(url).get_data(as_text=True)
    token = csrf_token(client, url)
    unconfirmed = client.post(url, data={"csrf_token": token, "reissue-reason": "Mất thẻ"})
    assert unconfirmed.status_code == 400 and "Vui lòng xác nhận" in unconfirmed.get_data(as_text=True)
    assert guest.badge_token == old
    response = client.post(url, data={"csrf_token": token, "reissue-reason": "Mất thẻ", "reissue-confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/guests/{guest.id}/reprint")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã cấp mã mới" in page and "Mất thẻ" in page
    assert services.resolve_code(event, old) == (guest, "revoked")


def test_door_staff_of_another_event_and_other_events_guests_are_refused(client, event, make_event, make_guest,
                                                                       make_user, login):
    other = make_event(slug="ha-noi")
    guest = make_guest(event)
    login(make_user("door", event=other))
    assert client.get(f"/door/e/hai-phong/guests/{guest.id}/reprint").status_code == 403
    assert client.get(f"/door/e/ha-noi/guests/{guest.id}/reprint").status_code == 404
    assert client.get("/admin/e/hai-phong/badges").status_code == 403  # door staff do not batch-print


def test_cli_prints_a_filtered_set_and_records_it(runner, event, make_guest, tmp_path, db):
    leaders, coops = event.categories
    make_guest(event, NAME, category=leaders)
    make_guest(event, "Lê Thị An", category=coops)
    out = tmp_path / "the.pdf"
    result = runner.invoke(args=["badges", "hai-phong", "--layout", "a4-8cards", "--category", "htx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 thẻ (a4-8cards)" in result.output and out.read_bytes().startswith(b"%PDF")
    again = runner.invoke(args=["badges", "hai-phong", "--not-printed", "-o", str(out)])
    assert again.exit_code == 0 and "1 thẻ (a6)" in again.output
    none_left = runner.invoke(args=["badges", "hai-phong", "--not-printed", "-o", str(out)])
    assert none_left.exit_code != 0 and "Không có thẻ nào" in none_left.output
    preview = runner.invoke(args=["badges", "hai-phong", "--no-record", "-o", str(out)])
    assert preview.exit_code == 0 and "không ghi nhận" in preview.output
    assert db.session.execute(db.select(BadgePrintBatch)).scalars().all().__len__() == 2
    unknown = runner.invoke(args=["badges", "khong-co", "-o", str(out)])
    assert unknown.exit_code != 0 and "khong-co" in unknown.output
    bad_layout = runner.invoke(args=["badges", "hai-phong", "--layout", "a3", "-o", str(out)])
    assert bad_layout.exit_code != 0


def test_dashboard_links_to_badge_printing_for_organisers_only(client, event, make_user, login):
    login(make_user("admin"))
    assert "/admin/e/hai-phong/badges" in client.get("/admin/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    login(make_user("door", event=event))
    assert "/admin/e/hai-phong/badges" not in client.get("/admin/").get_data(as_text=True)
    assert re.search(r"<h2>[^<]+</h2>", client.get("/admin/").get_data(as_text=True))


def test_the_badge_pages_stylesheet_is_served_to_everyone(client, make_user, login):
    assert client.get("/static/css/badges.css").status_code == 200
    login(make_user("door"))
    response = client.get("/static/css/badges.css")
    assert response.status_code == 200 and b".danger-zone" in response.data


def test_organiser_chooses_the_print_mode(client, event, make_guest, make_user, login):
    make_guest(event, "Nguyễn Văn An")
    login(make_user("admin"))
    page = client.get(f"/admin/e/{event.slug}/badges").get_data(as_text=True)
    assert "Nhà in (tràn lề 3 mm, dấu cắt)" in page and "Đen trắng (máy in nhãn nhiệt)" in page
    office = client.get(f"/admin/e/{event.slug}/badges/preview.pdf?layout=a6&mode=office")
    shop = client.get(f"/admin/e/{event.slug}/badges/preview.pdf?layout=a6&mode=print-shop")
    assert office.mimetype == shop.mimetype == "application/pdf"
    assert b"/TrimBox" in shop.data and b"/TrimBox" not in office.data  # the print shop's trim box
    bogus = client.get(f"/admin/e/{event.slug}/badges/preview.pdf?layout=a6&mode=tran-le", follow_redirects=True)
    assert "Cách in không hợp lệ." in bogus.get_data(as_text=True)
