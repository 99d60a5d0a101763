"""The layout pages and JSON routes: thin, over the services tested in test_layouts_services."""
import copy
import io
import json

import pytest

from eventapp.layouts.document import default_layout
from eventapp.layouts.queries import design_for
from tests.badges.pdfcheck import needs_poppler, page_count, pdf_text
from tests.conftest import csrf_token
from tests.layouts.designs import ADDED_TEXT, designed_layout


@pytest.fixture
def event(make_event):
    return make_event(slug="hai-phong", categories=("lanh-dao", "htx"))


@pytest.fixture
def admin(make_user, login, client):
    return login(make_user("admin"))


def _post_json(client, url, body, token):
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       headers={"X-CSRFToken": token, "Accept": "application/json"})


def test_the_list_offers_every_kind(client, event, admin):
    html = client.get("/admin/e/hai-phong/layouts/").get_data(as_text=True)
    for kind in ("badge-a6", "badge-a4-4up", "badge-card", "badge-label", "certificate"):
        assert f'id="kind-{kind}"' in html
        assert f"/admin/e/hai-phong/layouts/{kind}/export" in html
    assert "Mẫu mặc định" in html


def test_only_admins_of_the_event_see_layouts(client, event, make_user, login, make_event):
    assert client.get("/admin/e/hai-phong/layouts/badge-a6.json").status_code in (302, 401)
    login(make_user("door"))
    assert client.get("/admin/e/hai-phong/layouts/badge-a6.json").status_code == 403
    other = make_event(slug="quang-ninh")
    login(make_user("admin", event=other))
    assert client.get("/admin/e/hai-phong/layouts/badge-a6.json").status_code == 403
    assert client.get("/admin/e/hai-phong/layouts/khong-co.json").status_code in (403, 404)


def test_the_designer_page_renders(client, event, admin, make_guest):
    make_guest(event, full_name="Nguyễn Mạnh Cường")
    response = client.get("/admin/e/hai-phong/layouts/badge-a6")
    assert response.status_code == 200
    assert client.get("/admin/e/hai-phong/layouts/poster").status_code == 404


def test_save_through_json_and_read_it_back(client, event, admin):
    url = "/admin/e/hai-phong/layouts/badge-a6.json"
    answer = client.get(url).get_json()
    assert answer["is_default"] is True and answer["layout"] == default_layout("badge-a6")
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    response = _post_json(client, url, {"layout": designed_layout("badge-a6")}, token)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["saved_at"]
    answer = client.get(url).get_json()
    assert answer["is_default"] is False and answer["layout"] == designed_layout("badge-a6")


def test_without_the_csrf_header_nothing_is_saved(client, event, admin):
    response = client.post("/admin/e/hai-phong/layouts/badge-a6.json", json={"layout": designed_layout("badge-a6")})
    assert response.status_code == 400
    assert design_for(event, "badge-a6") is None


@pytest.mark.parametrize("change, field, words", [
    ({"w_mm": 15, "h_mm": 15}, "w_mm", "mã QR phải rộng ít nhất 20 mm"),
    ({"x_mm": 120}, "x_mm", "nằm ngoài trang"),
])
def test_a_small_qr_or_an_element_off_the_page_is_refused_and_nothing_changes(client, event, admin, change, field,
                                                                               words):
    url = "/admin/e/hai-phong/layouts/badge-a6.json"
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    assert _post_json(client, url, {"layout": designed_layout("badge-a6")}, token).status_code == 200
    doc = copy.deepcopy(designed_layout("badge-a6"))
    index = next(i for i, e in enumerate(doc["elements"]) if e["type"] == "qr")
    doc["elements"][index].update(change)
    response = _post_json(client, url, {"layout": doc}, token)
    assert response.status_code == 422
    body = response.get_json()
    assert body["element"] == index and body["field"] == f"elements[{index}].{field}"
    assert body["error"].startswith(f"Phần tử {index + 1} (qr)") and words in body["error"]
    assert design_for(event, "badge-a6") == designed_layout("badge-a6")  # the saved design is untouched
    preview = _post_json(client, "/admin/e/hai-phong/layouts/badge-a6/preview", {"layout": doc}, token)
    assert preview.status_code == 422 and words in preview.get_json()["error"]


def test_a_body_that_is_not_a_layout_is_refused(client, event, admin):
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    response = client.post("/admin/e/hai-phong/layouts/badge-a6.json", data="nope", content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert response.status_code == 422 and response.get_json()["field"] == "layout"


@needs_poppler
def test_preview_is_a_pdf_of_the_sample_guests(client, event, admin, make_guest, tmp_path):
    guests = [make_guest(event, full_name="Nguyễn Mạnh Cường"), make_guest(event, full_name="Lê Thị Hoa",
                                                                         category=event.categories[1])]
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    response = _post_json(client, "/admin/e/hai-phong/layouts/badge-a6/preview",
                          {"layout": designed_layout("badge-a6"), "guest_ids": [guests[1].id]}, token)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert page_count(response.data) == 1 and "Lê Thị Hoa" in text and ADDED_TEXT in text
    assert design_for(event, "badge-a6") is None


def test_background_upload_returns_the_part_to_put_in_the_layout(client, event, admin, png_bytes):
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    url = "/admin/e/hai-phong/layouts/badge-a6/background"
    response = client.post(url, data={"file": (io.BytesIO(png_bytes()), "nen.png")}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    background = response.get_json()["background"]
    assert background["media_type"] == "image/png"
    doc = default_layout("badge-a6")
    doc["background"] = background
    assert _post_json(client, "/admin/e/hai-phong/layouts/badge-a6.json", {"layout": doc}, token).status_code == 200
    bad = client.post(url, data={"file": (io.BytesIO(b"GIF89a..."), "nen.gif")}, headers={"X-CSRFToken": token})
    assert bad.status_code == 422 and bad.get_json()["field"] == "file"


def test_export_import_and_reset_from_the_list(client, event, admin, make_event):
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    _post_json(client, "/admin/e/hai-phong/layouts/badge-card.json", {"layout": designed_layout("badge-card")}, token)
    exported = client.get("/admin/e/hai-phong/layouts/badge-card/export")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    make_event(slug="quang-ninh")
    response = client.post("/admin/e/quang-ninh/layouts/badge-card/import",
                           data={"file": (io.BytesIO(exported.data), "mau.json"), "csrf_token": token})
    assert response.status_code == 303
    assert client.get("/admin/e/quang-ninh/layouts/badge-card/export").data == exported.data
    broken = json.loads(exported.data)
    broken["elements"][0]["x_mm"] = 500
    response = client.post("/admin/e/quang-ninh/layouts/badge-card/import",
                           data={"file": (io.BytesIO(json.dumps(broken).encode()), "mau.json"), "csrf_token": token},
                           follow_redirects=True)
    assert "nằm ngoài trang" in response.get_data(as_text=True)
    assert client.get("/admin/e/quang-ninh/layouts/badge-card/export").data == exported.data
    response = client.post("/admin/e/quang-ninh/layouts/badge-card/reset", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith("/layouts/badge-card")
    assert client.get("/admin/e/quang-ninh/layouts/badge-card.json").get_json()["is_default"] is True


def test_a_bad_print_mode_is_refused_not_an_error(client, event, admin):
    token = csrf_token(client, "/admin/e/hai-phong/layouts/")
    for kind, mode in (("badge-a6", "laser"), ("certificate", "mono")):
        response = _post_json(client, f"/admin/e/hai-phong/layouts/{kind}/preview",
                              {"layout": default_layout(kind), "mode": mode}, token)
        assert response.status_code == 422 and response.get_json()["field"] == "mode"
