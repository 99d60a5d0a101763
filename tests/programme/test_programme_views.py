"""The organisers' pages, thinly: each form reaches its service and the user sees the result."""
import io

from eventapp.programme import awards, services
from eventapp.programme.models import AwardRecipient
from tests.conftest import csrf_token


def base(event):
    return f"/admin/e/{event.slug}/programme"


def post(client, url, data=None, page=None, **kwargs):
    token = csrf_token(client, page or "/admin/")
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def test_adding_and_editing_items_shows_their_computed_times(client, db, make_event, admin):
    event = make_event()
    response = post(client, f"{base(event)}/items/new", {"title": "Khai mạc", "kind": "opening",
                                                         "duration_minutes": "20"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Khai mạc" in page and "08:00–08:20" in page
    post(client, f"{base(event)}/items/new", {"title": "Phát biểu <chào mừng>", "kind": "speech",
                                              "duration_minutes": "15", "pinned_start": "2026-04-11T09:00"})
    page = client.get(f"{base(event)}/").get_data(as_text=True)
    assert "09:00–09:15" in page and "cố định" in page
    assert "Phát biểu &lt;chào mừng&gt;" in page  # escaped in the page, as typed on screen
    item = services.list_items(event)[1]
    form = client.get(f"{base(event)}/items/{item.id}").get_data(as_text=True)
    assert 'value="2026-04-11T09:00"' in form  # the pinned time shown in the event's local time


def test_a_form_error_is_shown_next_to_its_field_and_nothing_is_saved(client, db, make_event, admin):
    event = make_event()
    response = post(client, f"{base(event)}/items/new", {"title": "", "kind": "opening", "duration_minutes": "5"})
    assert response.status_code == 200 and 'class="field has-error"' in response.get_data(as_text=True)
    assert services.list_items(event) == []


def test_move_buttons_reorder_the_programme(client, db, make_event, admin):
    event = make_event()
    for title in ("Một", "Hai", "Ba"):
        services.create_item(event, title=title, duration_minutes=10)
    third = services.list_items(event)[2]
    response = post(client, f"{base(event)}/items/{third.id}/move", {"direction": "up"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#item-{third.id}")
    assert [i.title for i in services.list_items(event)] == ["Một", "Ba", "Hai"]
    post(client, f"{base(event)}/items/{third.id}/delete")
    assert [i.title for i in services.list_items(event)] == ["Một", "Hai"]


def test_typed_numbers_reorder_several_items_at_once(client, db, make_event, admin):
    event = make_event()
    one, two, three, four = (services.create_item(event, title=t, duration_minutes=5) for t in ("1", "2", "3", "4"))
    post(client, f"{base(event)}/items/reorder", {f"position-{four.id}": "1", f"position-{one.id}": "3",
                                                  f"position-{two.id}": "3", f"position-{three.id}": "9"})
    assert [i.title for i in services.list_items(event)] == ["4", "1", "2", "3"]


def test_award_pages_add_reorder_and_link_recipients(client, db, make_event, make_guest, admin):
    event = make_event()
    guest = make_guest(event, full_name="Nguyễn Mạnh Cường")
    response = post(client, f"{base(event)}/awards/new", {"name": "Kỷ niệm chương", "kind": "medal",
                                                          "certificate_template": "modern"})
    category = awards.list_categories(event)[0]
    assert response.headers["Location"].endswith(f"/awards/{category.id}")
    for name in ("Trần Văn An", "Nguyễn Mạnh Cường"):
        post(client, f"{base(event)}/awards/{category.id}/recipients/new", {"name": name})
    page = client.get(f"{base(event)}/awards/{category.id}").get_data(as_text=True)
    page = page[page.index("Thứ tự gọi lên sân khấu"):]  # the list, not the flashed message
    assert page.index("Trần Văn An") < page.index("Nguyễn Mạnh Cường")
    assert "Khách: Nguyễn Mạnh Cường" in page  # linked to the guest of the same name
    second = category.recipients[1]
    post(client, f"{base(event)}/awards/{category.id}/recipients/{second.id}/move", {"direction": "up"})
    db.session.expire_all()
    assert [r.name for r in category.recipients] == ["Nguyễn Mạnh Cường", "Trần Văn An"]
    post(client, f"{base(event)}/awards/{category.id}/recipients/{second.id}/link", {"guest_id": ""})
    assert db.session.get(AwardRecipient, second.id).guest_id is None
    post(client, f"{base(event)}/awards/{category.id}/link")
    assert db.session.get(AwardRecipient, second.id).guest_id == guest.id


def test_the_award_page_edits_the_category_beside_the_recipient_form(client, db, make_event, admin):
    event = make_event()
    item = services.create_item(event, title="Trao thưởng", kind="award_round", duration_minutes=10)
    category = awards.create_category(event, name="Giấy khen")
    url = f"{base(event)}/awards/{category.id}"
    page = client.get(url).get_data(as_text=True)
    assert page.count('id="name"') == 1 and 'id="category-name"' in page  # no two fields share an id
    post(client, url, {"category-name": "Giấy khen của Chủ tịch", "category-kind": "certificate",
                       "category-programme_item_id": str(item.id), "category-presenter": "Đồng chí Hoàng",
                       "category-certificate_template": "modern"})
    db.session.expire_all()
    assert (category.name, category.programme_item_id, category.presenter, category.certificate_template) == (
        "Giấy khen của Chủ tịch", item.id, "Đồng chí Hoàng", "modern")


def test_a_duplicate_award_name_is_refused_on_the_form(client, db, make_event, admin):
    event = make_event()
    awards.create_category(event, name="Cờ thi đua")
    response = post(client, f"{base(event)}/awards/new", {"name": "Cờ thi đua", "kind": "flag",
                                                          "certificate_template": "classic"})
    assert "Đã có hình thức khen thưởng cùng tên" in response.get_data(as_text=True)
    assert len(awards.list_categories(event)) == 1


def test_import_upload_preview_then_confirm(client, db, make_event, admin, app, tmp_path):
    event = make_event()
    category = awards.create_category(event, name="Giấy khen")
    data = "Họ và tên,Đơn vị\nLê Thị Hoa,HTX Một\n,HTX Hai\n".encode()
    response = post(client, f"{base(event)}/awards/import",
                    {"file": (io.BytesIO(data), "ds.csv"), "category_id": str(category.id)},
                    content_type="multipart/form-data")
    preview_url = response.headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "Sẽ thêm" in page and "Lỗi" in page and "Xác nhận" not in page  # a bad row: no confirm button
    with client.session_transaction() as session:
        assert "Lê Thị Hoa" not in str(dict(session))  # the preview is not in the cookie
    response = post(client, f"{preview_url}/commit", follow_redirects=True)
    assert "không ghi dòng nào" in response.get_data(as_text=True)
    assert category.recipients == []
    good = "Họ và tên,Đơn vị\nLê Thị Hoa,HTX Một\n".encode()
    response = post(client, f"{base(event)}/awards/import",
                    {"file": (io.BytesIO(good), "ds.csv"), "category_id": str(category.id)},
                    content_type="multipart/form-data")
    response = post(client, response.headers["Location"] + "/commit", follow_redirects=True)
    assert "Đã nhập 1 người nhận." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [r.name for r in category.recipients] == ["Lê Thị Hoa"]


def test_pdfs_are_sent_as_pdf(client, db, make_event, admin):
    event = make_event()
    category = awards.create_category(event, name="Giấy khen")
    awards.add_recipient(category, name="Lê Thị Hoa")
    for kind in ("guest", "booklet", "runsheet", "certificates"):
        response = client.get(f"{base(event)}/print/{kind}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf", kind
        assert response.data.startswith(b"%PDF"), kind
    assert client.get(f"{base(event)}/print/certificates.pdf?category={category.id}").status_code == 200
    assert client.get(f"{base(event)}/print/certificates.pdf?category=999").status_code == 404
    assert client.get(f"{base(event)}/print/poster.pdf").status_code == 404


def test_arrivals_page_says_who_cannot_be_told(client, db, make_event, admin):
    event = make_event()
    category = awards.create_category(event, name="Giấy khen")
    awards.add_recipient(category, name="Lê Thị Hoa")  # not a guest: the gates cannot tell
    page = client.get(f"{base(event)}/awards/arrivals").get_data(as_text=True)
    assert "Lê Thị Hoa" in page and "Không rõ" in page and "không liên kết với khách" in page
    assert "0/1 đã đến" in page


def test_the_public_event_page_shows_the_programme_times_and_titles(client, db, make_event):
    event = make_event()
    services.create_item(event, title="Khai mạc", duration_minutes=30)
    services.create_item(event, title="Tham quan gian hàng", duration_minutes=45)
    page = client.get(f"/e/{event.slug}/").get_data(as_text=True)
    assert "08:00" in page and "Khai mạc" in page and "08:30" in page and "Tham quan gian hàng" in page


def test_the_dashboard_links_to_the_programme_pages_and_counts_arrivals(
        client, db, make_event, make_guest, admin, monkeypatch):
    import sys
    import types

    event = make_event()
    guest = make_guest(event, full_name="Lê Thị Hoa")
    category = awards.create_category(event, name="Giấy khen")
    awards.add_recipient(category, name="Lê Thị Hoa")
    awards.add_recipient(category, name="HTX Tân Dương", is_collective=True)
    page = client.get("/admin/").get_data(as_text=True)
    assert f'href="{base(event)}/"' in page and f'href="{base(event)}/awards"' in page
    assert "(0/2)" in page  # nobody has come through a gate yet
    checkin = types.ModuleType("eventapp.checkin.services")
    checkin.checked_in_guest_ids = lambda e: {guest.id}
    monkeypatch.setitem(sys.modules, "eventapp.checkin.services", checkin)
    assert "(1/2)" in client.get("/admin/").get_data(as_text=True)


def test_an_organiser_of_another_event_is_refused(client, db, make_event, make_user, login):
    mine, other = make_event(), make_event()
    login(make_user("admin", event=mine))
    assert client.get(f"{base(mine)}/").status_code == 200
    assert client.get(f"{base(other)}/").status_code == 403
    assert client.get("/admin/e/nope/programme/").status_code == 404


def test_the_cli_prints_each_kind(runner, db, make_event, tmp_path):
    event = make_event()
    services.create_item(event, title="Khai mạc", duration_minutes=30)
    for kind in ("guest", "booklet", "runsheet", "certificates"):
        out = tmp_path / f"{kind}.pdf"
        result = runner.invoke(args=["programme", event.slug, "--kind", kind, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF")
    result = runner.invoke(args=["programme", "khong-co", "--kind", "guest", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "khong-co" in result.output
