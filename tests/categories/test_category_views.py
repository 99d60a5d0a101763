"""The organisers' category pages through the test client: forms, messages, access."""
import re

import pytest

from eventapp.categories import services
from tests.conftest import csrf_token


def base(event):
    return f"/admin/e/{event.slug}/categories"


def post(client, url, data=None, follow_redirects=False):
    token = csrf_token(client, "/admin/")
    return client.post(url, data={"csrf_token": token, **(data or {})}, follow_redirects=follow_redirects)


def text(response):
    """The page as a reader sees it: tags removed, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


FORM = {"name": "Phóng viên", "name_en": "Reporters", "code": "", "capacity": "", "visibility": "public",
        "color": "#1d4ed8", "color_text": ""}


def test_the_list_shows_each_category_with_its_counts_and_settings(client, event, register):
    press = event.categories[1]
    services.update_category(press, name_en="Press", capacity=5, requires_approval=True, public=False,
                             needs_attention=True, color="#b45309")
    register(event, press)
    services.retire_category(event.categories[0])
    response = client.get(f"{base(event)}/")
    page = text(response)
    assert response.status_code == 200
    assert "Hạng khach" in page and "Hạng bao-chi" in page and "Press" in page
    assert "Chỉ khách mời" in page and "Cần duyệt" in page and "VIP" in page
    assert "Đã đóng" in page and "Đang mở" in page
    assert 'fill="#b45309"' in response.get_data(as_text=True)
    row = re.search(rf'id="category-{press.id:d}".*?</tr>', response.get_data(as_text=True), re.S).group(0)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
    assert cells[2:7] == ["bao-chi", "5", "0", "0", "1"]  # code, capacity, registered, waiting, pending


def test_adding_a_category_through_the_form(client, event):
    response = post(client, f"{base(event)}/new", {**FORM, "capacity": "30", "requires_approval": "y",
                                                   "visibility": "invitation", "color_text": "#B91C1C"})
    assert response.status_code == 302
    category = services.category_by_code(event, "phong-vien")
    assert (category.capacity, category.requires_approval, category.public, category.color) == \
        (30, True, False, "#b91c1c")
    page = text(client.get(response.headers["Location"]))
    assert "Đã thêm thành phần «Phóng viên» (mã phong-vien)" in page


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Vui lòng nhập tên thành phần."),
    ({"capacity": "ba mươi"}, "capacity", "Sức chứa phải là một số nguyên từ 0 trở lên"),
    ({"capacity": "-5"}, "capacity", "Sức chứa phải là một số nguyên từ 0 trở lên"),
    ({"code": "Phóng viên!"}, "code", "Mã chỉ gồm chữ thường không dấu"),
    ({"color_text": "đỏ"}, "color_text", "Màu phải có dạng #rrggbb"),
    ({"name": "Báo chí"}, "code", "Mã “bao-chi” đã dùng cho một thành phần khác"),
])
def test_bad_input_shows_a_message_next_to_its_field_and_adds_nothing(client, event, changes, field, message):
    response = post(client, f"{base(event)}/new", {**FORM, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'id="{field}-error">[^<]*{re.escape(message)}', html), html
    assert [c.code for c in services.list_categories(event)] == ["khach", "bao-chi"]


def test_a_taken_proposed_code_is_shown_to_be_corrected(client, event):
    response = post(client, f"{base(event)}/new", {**FORM, "name": "Báo chí"})
    assert 'value="bao-chi"' in response.get_data(as_text=True)


def test_editing_shows_the_stored_values_and_saves_changes(client, event):
    press = event.categories[1]
    services.update_category(press, capacity=12, public=False, color="#15803d")
    form = client.get(f"{base(event)}/{press.id}").get_data(as_text=True)
    assert 'value="12"' in form and 'value="#15803d"' in form
    assert re.search(r'<input checked[^>]*value="invitation"', form)
    response = post(client, f"{base(event)}/{press.id}", {**FORM, "name": "Báo chí", "code": "bao-chi",
                                                          "capacity": "20", "visibility": "public"})
    assert response.status_code == 302
    assert (press.capacity, press.public, press.name_en) == (20, True, "Reporters")


def test_raising_and_lowering_capacity_in_the_form_says_what_happened(client, event, register, outbox):
    press = event.categories[1]
    services.set_capacity(press, 1)
    register(event, press, "Trần Văn An")
    register(event, press, "Lê Thị Bình", email="binh@example.org")
    values = {**FORM, "name": press.name, "code": press.code}
    page = text(post(client, f"{base(event)}/{press.id}", {**values, "capacity": "2"}, follow_redirects=True))
    assert "1 khách được chuyển từ danh sách chờ sang đã đăng ký" in page and "Lê Thị Bình" in page
    assert [m["to"] for m in outbox()] == ["binh@example.org"]
    page = text(post(client, f"{base(event)}/{press.id}", {**values, "capacity": "0"}, follow_redirects=True))
    assert "2 khách đã đăng ký vượt sức chứa mới; không ai bị huỷ." in page


def test_move_buttons_reorder_the_list(client, event):
    khach, press = event.categories
    response = post(client, f"{base(event)}/{press.id}/move", {"direction": "up"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#category-{press.id}")
    assert [c.code for c in services.list_categories(event)] == ["bao-chi", "khach"]
    page = client.get(f"{base(event)}/").get_data(as_text=True)
    assert page.index("Hạng bao-chi") < page.index("Hạng khach")


def test_retiring_removes_the_category_from_the_forms_and_reopening_brings_it_back(client, event):
    press = event.categories[1]
    page = text(post(client, f"{base(event)}/{press.id}/retire", follow_redirects=True))
    assert "Thành phần «Hạng bao-chi» đã đóng, không nhận đăng ký mới." in page
    assert "Hạng bao-chi" not in client.get(f"/e/{event.slug}/register").get_data(as_text=True)
    assert "Hạng bao-chi" not in client.get(f"/admin/e/{event.slug}/guests/new").get_data(as_text=True)
    post(client, f"{base(event)}/{press.id}/reopen")
    assert "Hạng bao-chi" in client.get(f"/e/{event.slug}/register").get_data(as_text=True)


def test_a_guest_of_a_retired_category_can_still_be_edited(client, event, register):
    press = event.categories[1]
    guest = register(event, press, "Đỗ Thu Hà", email="ha@example.org")
    services.retire_category(press)
    response = post(client, f"/admin/e/{event.slug}/guests/{guest.id}", {
        "full_name": "Đỗ Thu Hà", "email": "ha@example.org", "phone": "", "organization": "Báo Hải Phòng",
        "position": "", "category": str(press.id)})
    assert response.status_code == 302
    assert guest.organization == "Báo Hải Phòng" and guest.category_id == press.id


def test_delete_explains_why_it_cannot_and_offers_retiring(client, event, register):
    press = event.categories[1]
    register(event, press)
    page = client.get(f"{base(event)}/{press.id}/delete")
    assert "Không thể xoá thành phần này" in text(page) and "1 khách" in text(page)
    assert f"{base(event)}/{press.id}/retire" in page.get_data(as_text=True)
    page = text(post(client, f"{base(event)}/{press.id}/delete", follow_redirects=True))
    assert "Không thể xoá thành phần «Hạng bao-chi»" in page
    assert len(services.list_categories(event)) == 2


def test_an_unused_category_is_deleted(client, event):
    khach = event.categories[0]
    assert "Xoá hẳn «Hạng khach»" in text(client.get(f"{base(event)}/{khach.id}/delete"))
    page = text(post(client, f"{base(event)}/{khach.id}/delete", follow_redirects=True))
    assert "Đã xoá thành phần «Hạng khach»." in page
    assert [(c.code, c.position) for c in services.list_categories(event)] == [("bao-chi", 0)]


def test_a_category_of_another_event_is_not_found(client, event, make_event):
    other = make_event(organiser=event.owner)
    assert client.get(f"{base(event)}/{other.categories[0].id}").status_code == 404
    assert post(client, f"{base(event)}/{other.categories[0].id}/retire").status_code == 404
    assert client.get(f"{base(event)}/999999999999").status_code == 404


@pytest.mark.parametrize("who", ["other_organiser", "other_event", "door"])
def test_people_who_may_not_manage_the_event_are_refused(client, db, make_event, make_user, make_organiser, login,
                                                         who):
    event = make_event(categories=("khach",))
    category = event.categories[0]
    if who == "other_organiser":
        user = make_user("admin", organiser=make_organiser())
    elif who == "other_event":
        user = make_user("admin", event=make_event(organiser=event.owner))
    else:
        user = make_user("door", event=event)
    login(user)
    token = csrf_token(client, "/login")
    urls = [f"{base(event)}/", f"{base(event)}/new", f"{base(event)}/{category.id}",
            f"{base(event)}/{category.id}/delete"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403 and "Hạng khach" not in response.get_data(as_text=True), url
    for action in ("move", "retire", "reopen", "delete"):
        assert client.post(f"{base(event)}/{category.id}/{action}",
                           data={"csrf_token": token, "direction": "up"}).status_code == 403
    assert client.post(f"{base(event)}/new", data={"csrf_token": token, **FORM}).status_code == 403
    assert [c.code for c in services.list_categories(event)] == ["khach"] and category.retired_at is None


def test_the_dashboard_link_is_for_admins(app, event, make_user):
    template = app.jinja_env.get_template("categories/_dashboard_links.html")
    with app.test_request_context("/admin/"):
        html = template.render(event=event, current_user=make_user("admin", organiser=event.owner))
        assert f'href="{base(event)}/"' in html
        assert template.render(event=event, current_user=make_user("door", event=event)).strip() == ""
