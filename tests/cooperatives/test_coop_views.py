"""The organisers' registry pages, through the test client."""
import html
import io
import re

import pytest

from eventapp.booths.models import BoothApplication
from eventapp.cooperatives.models import Cooperative
from tests.conftest import csrf_token

from .conftest import csv_bytes, names

BASE = "/admin/cooperatives"


@pytest.fixture
def admin(make_user, organiser, login):
    return login(make_user("admin", organiser=organiser))


def text(response):
    return html.unescape(response.get_data(as_text=True))


def post(client, path, data, page=None, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client, page or f"{BASE}/"), **data}, **kwargs)


def form_data(**values):
    data = dict(name="Hợp tác xã Nông nghiệp Tân Dương", short_name="", kind="Hợp tác xã", district="Thủy Nguyên",
                sector="Nông nghiệp", products="Rau", representative="Nguyễn Văn Hải", email="", phone="",
                member_since="", is_priority="y")
    data.update(values)
    return data


def test_list_searches_without_diacritics_filters_and_pages(client, admin, organiser, add_coop, db, make_event):
    for n in range(35):
        add_coop(organiser, f"HTX Dịch vụ số {n:02d}", district="Kiến An", sector="Dịch vụ")
    tan_duong = add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương", sector="Nông nghiệp", is_priority=True,
                         products="Gạo nếp cái hoa vàng")
    event = make_event(organiser=organiser)
    db.session.add(BoothApplication(event_id=event.id, cooperative_id=tan_duong.id))
    db.session.commit()
    page = text(client.get(f"{BASE}/"))
    assert "36 hợp tác xã" in page and "Trang 1 / 2" in page
    # Vietnamese order: "Hợp" (o) before "HTX" (t).
    assert page.index("Hợp tác xã Nông nghiệp Tân Dương") < page.index("HTX Dịch vụ số 00")
    assert "HTX Dịch vụ số 34" not in page
    found = text(client.get(f"{BASE}/?q=gao+nep"))
    assert "1 hợp tác xã" in found and "Hợp tác xã Nông nghiệp Tân Dương" in found
    assert re.search(r"Tân Dương</a>.*?<td>1</td>\s*<td>0</td>", found, re.S)  # one application, no award
    assert "1 hợp tác xã" in text(client.get(f"{BASE}/?district=Th%E1%BB%A7y+Nguy%C3%AAn"))
    assert "35 hợp tác xã" in text(client.get(f"{BASE}/?sector=D%E1%BB%8Bch+v%E1%BB%A5"))
    assert "1 hợp tác xã" in text(client.get(f"{BASE}/?priority=1"))
    second = text(client.get(f"{BASE}/?page=2"))
    assert "Trang 2 / 2" in second and "HTX Dịch vụ số 34" in second and "Tân Dương" not in second
    for odd in ("x99", "²", "99999999999"):
        assert client.get(f"{BASE}/?page={odd}").status_code == 200


def test_create_refuses_bad_input_with_its_message_and_writes_nothing(client, admin, organiser, db):
    response = post(client, f"{BASE}/new", form_data(email="khong-phai-email", member_since="1800", name=""))
    page = text(response)
    assert response.status_code == 400
    assert "Địa chỉ email không hợp lệ." in page and "Năm kết nạp phải là một năm từ 1945" in page
    assert "Vui lòng nhập tên hợp tác xã." in page
    assert names(organiser) == []


def test_create_then_a_conflict_then_the_duplicate_warning(client, admin, organiser, add_coop):
    response = post(client, f"{BASE}/new", form_data(phone="0912 345 678"))
    assert response.status_code == 302
    coop_url = response.headers["Location"]
    page = text(client.get(coop_url))
    assert "Đã thêm hợp tác xã Hợp tác xã Nông nghiệp Tân Dương." in page and 'value="0912 345 678"' in page
    again = post(client, f"{BASE}/new", form_data())
    assert again.status_code == 400
    assert "Đã có hợp tác xã «Hợp tác xã Nông nghiệp Tân Dương» ở «Thủy Nguyên»." in text(again)
    twin = add_coop(organiser, "HTX nong nghiep Tan Duong", district="thuy nguyen")
    warned = text(client.get(coop_url))
    assert "Có thể trùng với:" in warned and f'href="{BASE}/{twin.id}"' in warned


def test_edit_saves_and_refuses_a_bad_phone(client, admin, organiser, add_coop, db):
    coop = add_coop(organiser, "HTX Thủy sản Lập Lễ", kind="Liên hiệp HTX")
    page = text(client.get(f"{BASE}/{coop.id}"))
    assert '<option selected value="Liên hiệp hợp tác xã">' in page
    bad = post(client, f"{BASE}/{coop.id}", form_data(name="HTX Thủy sản Lập Lễ", phone="12"))
    assert bad.status_code == 400 and "Số điện thoại không hợp lệ." in text(bad)
    db.session.expire_all()
    assert db.session.get(Cooperative, coop.id).district == "Thủy Nguyên"
    assert post(client, f"{BASE}/{coop.id}", form_data(name="HTX Thủy sản Lập Lễ", district="Kiến Thụy")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Cooperative, coop.id).district == "Kiến Thụy"


def upload(client, rows, filename="htx.csv"):
    return post(client, f"{BASE}/import", {"file": (io.BytesIO(csv_bytes(rows)), filename)}, page=f"{BASE}/import",
                content_type="multipart/form-data")


HEADER = ["Tên HTX", "Quận huyện", "Điện thoại", "Tiêu biểu"]


def test_import_preview_merge_choice_error_rows_and_confirmation(client, admin, organiser, add_coop, db):
    tan_duong = add_coop(organiser)
    response = upload(client, [HEADER, ["HTX nong nghiep Tan Duong", "thuy nguyen", "0912345678", ""],
                               ["HTX Vận tải Kiến An", "Kiến An", "", ""],
                               ["HTX Lỗi", "", "123", "có lẽ"]])
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = text(client.get(preview_url))
    assert "Trùng hợp tác xã đã có" in page and f'href="{BASE}/{tan_duong.id}"' in page
    assert "Sẽ bổ sung: Điện thoại" in page
    assert "HTX Lỗi" in page and "Điện thoại: Số điện thoại không hợp lệ." in page and "Tiêu biểu:" in page
    assert re.search(r'name="merge" value="2" checked', page)
    # The error row not left out: nothing is written.
    refused = post(client, preview_url, {"merge": "2"}, page=preview_url)
    assert refused.status_code == 409 and "Dòng 4 (HTX Lỗi)" in text(refused)
    assert names(organiser) == ["Hợp tác xã Nông nghiệp Tân Dương"]
    # Left out, and the merge unticked: two new records.
    done = post(client, preview_url, {"skip": "4"}, page=preview_url)
    assert done.status_code == 302
    assert "Đã nhập: 2 hợp tác xã mới, 0 gộp" in text(client.get(done.headers["Location"]))
    assert sorted(names(organiser)) == sorted(["Hợp tác xã Nông nghiệp Tân Dương", "HTX nong nghiep Tan Duong",
                                               "HTX Vận tải Kiến An"])


def test_import_of_a_foreign_file_and_a_discarded_preview(client, admin, organiser):
    refused = upload(client, [["Họ và tên", "Email"], ["A", "a@example.org"]])
    assert refused.status_code == 400 and "Dòng đầu của tệp phải có cột «Tên HTX»." in text(refused)
    preview_url = upload(client, [HEADER, ["HTX Vận tải Kiến An", "Kiến An"]]).headers["Location"]
    assert post(client, f"{preview_url}/discard", {}, page=preview_url).status_code == 302
    gone = client.get(preview_url, follow_redirects=True)
    assert "Bản xem trước không còn" in text(gone)
    assert names(organiser) == []


def test_duplicates_page_and_merge(client, admin, organiser, add_coop, db, make_event):
    keep = add_coop(organiser)
    other = add_coop(organiser, "HTX nong nghiep Tan Duong", district="thuy nguyen", representative="Phạm Văn Tư")
    listing = text(client.get(f"{BASE}/duplicates"))
    link = f"{BASE}/merge?keep={keep.id}&remove={other.id}"
    assert html.escape(link) in client.get(f"{BASE}/duplicates").get_data(as_text=True) and "Giữ hồ sơ này" in listing
    event = make_event(organiser=organiser, name="Ngày hội HTX 2024")
    db.session.add_all([BoothApplication(event_id=event.id, cooperative_id=keep.id),
                        BoothApplication(event_id=event.id, cooperative_id=other.id)])
    db.session.commit()
    clash = text(client.get(link))
    assert "Không gộp được:" in clash and "«Ngày hội HTX 2024»" in clash and "Gộp hai hồ sơ" not in clash
    refused = post(client, f"{BASE}/merge", {"keep": keep.id, "remove": other.id}, page=link)
    assert refused.status_code == 409 and db.session.get(Cooperative, other.id) is not None
    db.session.execute(db.delete(BoothApplication).where(BoothApplication.cooperative_id == other.id))
    db.session.commit()
    page = text(client.get(link))
    assert "Người đại diện" in page and "Gộp hai hồ sơ" in page
    merged = post(client, f"{BASE}/merge", {"keep": keep.id, "remove": other.id}, page=link)
    assert merged.status_code == 302 and merged.headers["Location"].endswith(f"{BASE}/{keep.id}")
    assert names(organiser) == ["Hợp tác xã Nông nghiệp Tân Dương"]
    assert "Không có hồ sơ nào trùng lặp." in text(client.get(f"{BASE}/duplicates"))
    assert client.get(f"{BASE}/merge?keep=²&remove={keep.id}").status_code == 404


def test_exports_are_downloads(client, admin, organiser, add_coop):
    add_coop(organiser)
    response = client.get(f"{BASE}/export.csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.data.decode("utf-8-sig").startswith("Tên HTX,")
    assert client.get(f"{BASE}/export.xlsx").data.startswith(b"PK")


def test_another_organisers_person_never_sees_or_changes_them(client, organiser, add_coop, make_organiser,
                                                              make_user, login, db):
    ours = add_coop(organiser, "HTX Bí mật của A")
    mine = add_coop(organiser, "HTX nong nghiep bi mat cua A")
    other = make_organiser()
    login(make_user("admin", organiser=other))
    add_coop(other, "HTX của B")
    assert "HTX Bí mật" not in text(client.get(f"{BASE}/?q=bi+mat"))
    assert client.get(f"{BASE}/{ours.id}").status_code == 404
    assert post(client, f"{BASE}/{ours.id}", form_data(name="Đổi tên")).status_code == 404
    assert client.get(f"{BASE}/merge?keep={ours.id}&remove={mine.id}").status_code == 404
    assert post(client, f"{BASE}/merge", {"keep": ours.id, "remove": mine.id}).status_code == 404
    assert "HTX Bí mật" not in client.get(f"{BASE}/export.csv").data.decode("utf-8-sig")
    assert "HTX Bí mật" not in text(client.get(f"{BASE}/duplicates"))
    db.session.expire_all()
    assert sorted(names(organiser)) == sorted(["HTX Bí mật của A", "HTX nong nghiep bi mat cua A"])


def test_an_import_preview_is_its_organisers_only(client, organiser, make_organiser, make_user, login):
    login(make_user("admin", organiser=organiser))
    preview_url = upload(client, [HEADER, ["HTX Vận tải Kiến An", "Kiến An"]]).headers["Location"]
    login(make_user("admin", organiser=make_organiser()))
    assert "Bản xem trước không còn" in text(client.get(preview_url, follow_redirects=True))
    assert post(client, preview_url, {}, page=f"{BASE}/").status_code == 302
    assert names(organiser) == []


def test_door_staff_and_event_bound_admins_are_refused(client, organiser, event, make_user, login):
    login(make_user("door", event=event))
    assert client.get(f"{BASE}/").status_code == 403
    login(make_user("admin", event=event))
    assert client.get(f"{BASE}/").status_code == 403
    assert client.get(f"{BASE}/new").status_code == 403


def test_before_the_first_event_the_pages_say_so(client, db, make_user, login):
    login(make_user("admin"))
    for path in ("/", "/new", "/import", "/duplicates", "/export.csv"):
        assert "hãy tạo sự kiện đầu tiên trước" in text(client.get(BASE + path))


def test_the_organisers_home_link(app, admin):
    from flask import render_template_string

    with app.test_request_context():
        rendered = render_template_string('{% include "cooperatives/_organiser_links.html" %}')
    assert rendered.strip().startswith("<li>") and f'href="{BASE}/"' in rendered
