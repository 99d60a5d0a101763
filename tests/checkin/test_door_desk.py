"""The door without a badge: a search ranked as typed, counted and paged; walk-in categories per
gate; what the door offers to print; one "Mời vào" on the green screen."""
import pytest

from eventapp.checkin.door import SEARCH_PAGE, search_guests, walk_in, walk_in_categories
from eventapp.checkin.gates import save_gate
from eventapp.errors import DomainError
from eventapp.events.models import GuestCategory


def names(page):
    return [g["name"] for g in page.guests]


def test_ngoc_khanh_finds_the_man_named_so_before_a_khanh_of_ngoc_hai(db, setup, make_guest):
    event, main, _, _ = setup
    make_guest(event, full_name="Đặng Mạnh Khánh", organization="HTX Ngọc Hải")
    make_guest(event, full_name="Ngô Ngọc Khánh", organization="Liên minh HTX thành phố")
    make_guest(event, full_name="Khánh Ngọc Anh", organization="HTX Tân Dương")
    # As typed, diacritics or not: the whole name in that order, then both words in any order,
    # then the one whose second word is only in the organisation.
    for query in ("ngoc khanh", "Ngọc Khánh", "NGOC  KHANH"):
        assert names(search_guests(event, main, query)) == ["Ngô Ngọc Khánh", "Khánh Ngọc Anh", "Đặng Mạnh Khánh"], query
    # Family name first or given name first: the words themselves count most.
    assert names(search_guests(event, main, "khanh ngo"))[0] == "Ngô Ngọc Khánh"


def test_whole_words_before_parts_of_words(db, setup, make_guest):
    event, main, _, _ = setup
    make_guest(event, full_name="Phạm Thị Lan", organization="HTX Lâm nghiệp")
    make_guest(event, full_name="Trần Thị Lành", organization="HTX Tân Dương")
    assert names(search_guests(event, main, "lan")) == ["Phạm Thị Lan", "Trần Thị Lành"]


def test_a_common_family_name_is_counted_and_paged(db, setup, make_guest):
    event, main, _, _ = setup
    for n in range(45):
        make_guest(event, full_name=f"Nguyễn Văn Khách{n:02d}", email=f"k{n}@example.org", organization="HTX Tân Dương")
    first = search_guests(event, main, "nguyen")
    assert first.total == 46 and len(first.guests) == SEARCH_PAGE  # and Nguyễn Mạnh Cường of the setup
    rest = [search_guests(event, main, "nguyen", offset=offset) for offset in (20, 40)]
    seen = names(first) + names(rest[0]) + names(rest[1])
    assert len(seen) == 46 and len(set(seen)) == 46
    assert names(search_guests(event, main, "nguyen", offset=46)) == []


def test_the_api_says_x_of_y_and_pages(client, setup, make_key, make_guest):
    event, *_ = setup
    for n in range(25):
        make_guest(event, full_name=f"Nguyễn Thị Hoa{n:02d}", email=f"h{n}@example.org")
    url = f"/api/v1/events/{event.slug}/gates/cong-chinh/guests"
    first = client.get(url, query_string={"q": "nguyen"}, headers=make_key(event)).get_json()
    assert (first["total"], first["offset"], len(first["guests"])) == (26, 0, 20)
    more = client.get(url, query_string={"q": "nguyen", "offset": 20}, headers=make_key(event)).get_json()
    assert (more["total"], more["offset"], len(more["guests"])) == (26, 20, 6)
    assert not {g["id"] for g in first["guests"]} & {g["id"] for g in more["guests"]}


def test_walk_ins_default_to_public_categories_and_follow_the_gate_setting(db, make_event, make_gate, door_scanner):
    event = make_event(categories=("dai-bieu", "lanh-dao", "bao-chi"))
    delegates, leaders, press = event.categories
    leaders.public = False
    db.session.commit()
    gate = make_gate(event)
    # Nobody is made a leader at the door unless the organisers say so.
    assert walk_in_categories(event, gate) == [delegates, press]
    save_gate(event, gate, code=gate.code, name=gate.name, walk_in_category_ids=[delegates.id])
    assert walk_in_categories(event, gate) == [delegates]
    with pytest.raises(DomainError) as refused:
        walk_in(event, gate, door_scanner, category_code="bao-chi", full_name="Lê Phóng Viên", phone="0912345670")
    assert refused.value.field == "category"
    guest_id, outcome = walk_in(event, gate, door_scanner, category_code="dai-bieu", full_name="Lê Văn Mới",
                                phone="0912345671")
    assert outcome.result == "accepted" and outcome.guest.badge_printed is False


def test_a_gate_cannot_take_walk_ins_in_a_category_it_does_not_admit(db, make_event, make_gate):
    event = make_event(categories=("dai-bieu", "lanh-dao"))
    delegates, leaders = event.categories
    gate = make_gate(event, categories=[leaders])
    with pytest.raises(DomainError) as refused:
        save_gate(event, gate, code=gate.code, name=gate.name, category_ids=[leaders.id],
                  walk_in_category_ids=[delegates.id])
    assert refused.value.field == "walk_in_categories"


def test_the_gate_form_keeps_the_walk_in_setting(client, db, setup, make_user, login):
    event, main, _, _ = setup
    login(make_user("admin"))
    khach = db.session.execute(db.select(GuestCategory).filter_by(event_id=event.id, code="khach")).scalar_one()
    page = client.get(f"/admin/e/{event.slug}/gates/{main.id}").get_data(as_text=True)
    assert "Thành phần cán bộ cổng được thêm khách mới" in page
    from tests.conftest import csrf_token
    token = csrf_token(client, f"/admin/e/{event.slug}/gates/{main.id}")
    response = client.post(f"/admin/e/{event.slug}/gates/{main.id}", data={
        "csrf_token": token, "code": main.code, "name": main.name, "position": "0", "active": "y",
        "allow_reentry": "y", "walk_in_categories": [str(khach.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert [c.code for c in main.walk_in_categories] == ["khach"]


def test_the_scan_answer_says_whether_the_badge_was_ever_printed(client, db, setup, make_key):
    from eventapp.db import utcnow

    event, main, _, guest = setup
    url = f"/api/v1/events/{event.slug}/checkins"
    first = client.post(url, json={"gate": "cong-chinh", "code": guest.badge_token}, headers=make_key(event)).get_json()
    assert first["guest"]["badge_printed"] is False
    guest.badge_printed_at = utcnow()
    db.session.commit()
    again = client.post(url, json={"gate": "cong-chinh", "code": guest.badge_token}, headers=make_key(event)).get_json()
    assert again["guest"]["badge_printed"] is True


def test_the_green_answer_says_mời_vào_once(client, setup, make_key):
    event, main, _, guest = setup
    body = client.post(f"/api/v1/events/{event.slug}/checkins", json={"gate": "cong-chinh", "code": guest.badge_token},
                       headers=make_key(event)).get_json()
    assert body["label"] == "Mời vào"
    assert "Mời vào" not in body["message"] and body["message"]
