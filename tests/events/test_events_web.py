"""The organisers' event pages through the browser's eyes: forms, messages, who may do what."""
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from eventapp.events.models import Event, Organiser
from tests.conftest import csrf_token
from tests.events.conftest import png

FUTURE = (datetime.now(UTC) + timedelta(days=60)).date()


def post(client, url, data=None, **kwargs):
    token = csrf_token(client, "/admin/")
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def form_data(**changes):
    data = {"name": "Ngày hội Hợp tác xã tỉnh Thái Bình", "slug": "", "organiser": "Liên minh HTX tỉnh Thái Bình",
            "venue": "Nhà văn hoá tỉnh", "address": "Thái Bình", "description": "Tôn vinh HTX tiêu biểu.",
            "start_date": FUTURE.isoformat(), "start_time": "08:00", "end_date": FUTURE.isoformat(),
            "end_time": "11:30", "timezone": "Asia/Ho_Chi_Minh", "staff_per_booth": "3"}
    data.update(changes)
    return data


def text(response):
    return response.get_data(as_text=True)


def events(db):
    return db.session.execute(db.select(Event).order_by(Event.id)).scalars().all()


@pytest.fixture
def install_admin(make_user, login):
    return login(make_user("admin", full_name="Quản trị viên"))


def test_the_first_admin_of_an_empty_install_creates_the_first_event_and_its_organiser(client, db, install_admin):
    home = text(client.get("/admin/"))
    assert "Tạo sự kiện đầu tiên" in home and "/admin/events/new" in home
    page = text(client.get("/admin/events/new"))
    assert "Đơn vị tổ chức" in page and "Asia/Ho_Chi_Minh" in page

    response = post(client, "/admin/events/new", form_data(), follow_redirects=True)
    assert response.status_code == 200
    assert "Đã tạo sự kiện “Ngày hội Hợp tác xã tỉnh Thái Bình”" in text(response)
    [event] = events(db)
    assert event.slug == "ngay-hoi-hop-tac-xa-tinh-thai-binh"
    assert event.owner.name == "Liên minh HTX tỉnh Thái Bình"
    assert event.starts_at == datetime.combine(FUTURE, datetime.min.time(), UTC) + timedelta(hours=1)
    # The organisers' home now lists it with its state and counts, and offers the next steps.
    home = text(client.get("/admin/"))
    assert "Tạo sự kiện đầu tiên" not in home
    assert "Đang mở đăng ký" in home and "Đã check-in" in home
    assert "Sao chép từ sự kiện trước" in home and "Đơn vị tổ chức: Liên minh HTX tỉnh Thái Bình" in home
    # ...and the public can register at once, in the default category.
    assert "Tôn vinh HTX tiêu biểu." in text(client.get(f"/e/{event.slug}/"))


@pytest.mark.parametrize("changes, message", [
    ({"end_date": "", "end_time": ""}, "Vui lòng chọn ngày kết thúc."),
    ({"end_time": "07:00"}, "Thời điểm kết thúc phải sau thời điểm bắt đầu."),
    ({"slug": "Ngày hội"}, "chỉ gồm chữ thường không dấu"),
    ({"organiser": ""}, "Vui lòng nhập đơn vị tổ chức."),
    ({"opens_date": FUTURE.isoformat(), "closes_date": (FUTURE - timedelta(days=3)).isoformat()},
     "Thời điểm đóng đăng ký phải sau thời điểm mở đăng ký."),
    ({"timezone": "Asia/Hai_Phong"}, "Lựa chọn không hợp lệ."),
    ({"staff_per_booth": "-2"}, "Số phải nằm trong khoảng 0 đến 50."),
])
def test_bad_input_on_the_form_is_explained_and_creates_nothing(client, db, install_admin, changes, message):
    response = post(client, "/admin/events/new", form_data(**changes))
    assert response.status_code == 400
    page = text(response)
    assert 'class="field has-error"' in page
    assert message in page
    assert events(db) == [] and db.session.execute(db.select(Organiser)).first() is None


def test_a_taken_slug_is_explained_and_the_typed_values_stay(client, db, make_event, make_user, login):
    taken = make_event(slug="ngay-hoi-2026")
    login(make_user("admin", organiser=taken.owner))
    response = post(client, "/admin/events/new", form_data(slug="ngay-hoi-2026", venue="Cung văn hoá"))
    assert response.status_code == 400
    assert "Địa chỉ “ngay-hoi-2026” đã được dùng cho một sự kiện khác" in text(response)
    assert 'value="Cung văn hoá"' in text(response)
    assert len(events(db)) == 1


def test_editing_an_event_shows_local_times_and_saves_changes_and_a_logo(client, db, make_event, make_user, login):
    event = make_event(slug="ngay-hoi", always_open=False)
    login(make_user("admin", organiser=event.owner))
    page = text(client.get("/admin/e/ngay-hoi/edit"))
    assert 'value="08:00"' in page and 'value="2026-04-11"' in page  # 01:00 UTC in Hà Nội time
    data = form_data(name=event.name, slug="ngay-hoi-2026", start_date="2026-04-11", end_date="2026-04-11",
                     venue="Cung văn hoá Lao động")
    data["logo"] = (io.BytesIO(png()), "logo.png")
    response = post(client, "/admin/e/ngay-hoi/edit", data, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/e/ngay-hoi-2026/edit")
    db.session.expire_all()
    assert (event.slug, event.venue, event.logo_mime) == ("ngay-hoi-2026", "Cung văn hoá Lao động", "image/png")
    assert client.get("/e/ngay-hoi-2026/logo").data == event.logo

    data = form_data(name=event.name, slug="ngay-hoi-2026", start_date="2026-04-11", end_date="2026-04-11")
    data["logo"] = (io.BytesIO(b"GIF89a..."), "logo.gif")
    response = post(client, "/admin/e/ngay-hoi-2026/edit", data, content_type="multipart/form-data")
    assert response.status_code == 400 and "Chỉ nhận ảnh PNG hoặc JPEG." in text(response)
    db.session.expire_all()
    assert event.logo_mime == "image/png" and event.venue == "Cung văn hoá Lao động"


def test_closing_reopening_and_archiving_from_the_event_page(client, db, make_event, make_user, login):
    start = datetime.now(UTC) + timedelta(days=30)
    event = make_event(slug="ngay-hoi", always_open=False, starts_at=start, ends_at=start + timedelta(hours=3))
    make_event(slug="hoi-cho")  # a second event keeps the public home a list
    login(make_user("admin", organiser=event.owner))
    assert "Đăng ký tham dự" in text(client.get("/e/ngay-hoi/"))

    post(client, "/admin/e/ngay-hoi/close")
    assert "Ban tổ chức đã đóng đăng ký." in text(client.get("/e/ngay-hoi/"))
    assert "Đã đóng đăng ký" in text(client.get("/admin/"))
    post(client, "/admin/e/ngay-hoi/reopen")
    assert "Đăng ký tham dự" in text(client.get("/e/ngay-hoi/"))

    response = post(client, "/admin/e/ngay-hoi/archive", {"next": "/admin/"}, follow_redirects=True)
    assert "Đã lưu trữ" in text(response)
    archived_section = text(response).split("<details", 1)[1]
    assert "ngay-hoi" in archived_section  # the dashboard keeps it, folded under "Lưu trữ"
    assert "/e/ngay-hoi/" not in text(client.get("/"))  # off the public home
    assert "không nhận đăng ký" in text(client.get("/e/ngay-hoi/"))
    db.session.expire_all()
    assert event.archived_at is not None
    post(client, "/admin/e/ngay-hoi/unarchive")
    db.session.expire_all()
    assert event.archived_at is None


def test_copying_last_years_event_through_the_form(client, db, make_event, make_user, login):
    source = make_event(slug="ngay-hoi-2025", name="Ngày hội HTX năm 2025",
                        starts_at=datetime(2025, 4, 11, 1, 0, tzinfo=UTC),
                        ends_at=datetime(2025, 4, 11, 4, 0, tzinfo=UTC))
    login(make_user("admin", organiser=source.owner))
    page = text(client.get("/admin/events/clone?source=ngay-hoi-2025"))
    assert 'value="Ngày hội HTX năm 2026"' in page and 'value="2026-04-11"' in page  # a year on, proposed
    assert 'value="ngay-hoi-2026"' in page
    response = post(client, "/admin/events/clone", {"source": "ngay-hoi-2025", "name": "Ngày hội HTX năm 2026",
                                                     "slug": "ngay-hoi-2026", "start_date": "2026-04-10",
                                                     "parts": ["categories", "programme"]})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/e/ngay-hoi-2026/edit")
    new = db.session.execute(db.select(Event).filter_by(slug="ngay-hoi-2026")).scalar_one()
    assert new.local(new.starts_at).strftime("%d/%m/%Y %H:%M") == "10/04/2026 08:00"
    response = post(client, "/admin/events/clone", {"source": "ngay-hoi-2025", "name": "Lần nữa", "slug": "ngay-hoi-2026",
                                                     "start_date": "2026-04-10", "parts": ["categories"]})
    assert response.status_code == 400 and "đã được dùng cho một sự kiện khác" in text(response)


def test_another_organisers_admin_is_refused_and_never_sees_the_event(client, db, make_event, make_user,
                                                                     make_organiser, login):
    event = make_event(slug="hai-phong")
    login(make_user("admin", organiser=make_organiser("Liên minh HTX tỉnh Nam Định")))
    for url in ("/admin/e/hai-phong/edit",):
        assert client.get(url).status_code == 403
    for action in ("edit", "close", "reopen", "archive", "unarchive"):
        assert post(client, f"/admin/e/hai-phong/{action}", form_data()).status_code == 403
    assert "hai-phong" not in text(client.get("/admin/"))
    # Their copy page offers only their own events: none yet, so it sends them to create one.
    assert client.get("/admin/events/clone").status_code == 302
    response = post(client, "/admin/events/clone", {"source": "hai-phong", "name": "Của tôi", "slug": "cua-toi",
                                                     "start_date": "2026-06-01", "parts": ["categories"]})
    assert response.status_code == 302 and len(events(db)) == 1
    db.session.expire_all()
    assert event.registration_closed_at is None and event.archived_at is None


def test_an_admin_bound_to_one_event_cannot_create_or_copy_events(client, db, make_event, make_user, login):
    event = make_event(slug="mot-su-kien")
    login(make_user("admin", event=event))
    assert client.get("/admin/events/new").status_code == 403
    assert post(client, "/admin/events/new", form_data()).status_code == 403
    assert client.get("/admin/events/clone").status_code == 403
    assert len(events(db)) == 1
    home = text(client.get("/admin/"))
    assert "Tạo sự kiện" not in home and "mot-su-kien" in home
    assert client.get("/admin/e/mot-su-kien/edit").status_code == 200  # their own event's details


def test_door_staff_keep_their_event_and_links_on_the_home_page(client, db, make_event, make_user, login):
    mine, other = make_event(slug="cua-toi"), make_event(slug="khac")
    login(make_user("door", event=mine))
    home = text(client.get("/admin/"))
    assert mine.name in home and other.name not in home
    assert "Tạo sự kiện" not in home and "/admin/e/" not in home
    assert re.search(r"Đã đăng ký</dt><dd>0", home)
    assert client.get("/admin/e/cua-toi/edit").status_code == 403


def test_the_old_admin_events_addresses_redirect_to_one_scheme(client, db, make_event, make_user, login):
    """One event's organiser pages live under /admin/e/<slug>/; the older /admin/events/<slug>/… links
    (bookmarks, printed instructions) redirect there, keeping the query and a POST's method."""
    start = datetime.now(UTC) + timedelta(days=30)
    event = make_event(slug="ngay-hoi", always_open=False, starts_at=start, ends_at=start + timedelta(hours=3))
    login(make_user("admin", organiser=event.owner))
    response = client.get("/admin/events/ngay-hoi/booths/list?zone=A")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/admin/e/ngay-hoi/booths/list?zone=A")
    assert client.get(response.headers["Location"]).status_code == 200
    edit = client.get("/admin/events/ngay-hoi/edit", follow_redirects=True)
    assert edit.status_code == 200 and edit.request.path == "/admin/e/ngay-hoi/edit"
    moved = post(client, "/admin/events/ngay-hoi/close")
    assert moved.status_code == 308 and moved.headers["Location"].endswith("/admin/e/ngay-hoi/close")
    post(client, moved.headers["Location"])  # what a browser does with a 308: the same POST, again
    assert "Ban tổ chức đã đóng đăng ký." in text(client.get("/e/ngay-hoi/"))
    assert client.get("/admin/events/new").status_code == 200  # the collection's pages stay where they are
    # The scheme's own root is a page too (it was a 404): the event's guest list.
    home = client.get("/admin/e/ngay-hoi/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/admin/e/ngay-hoi/guests")
    assert client.get("/admin/e/khong-co/").status_code == 404
