"""Guest categories as services (no HTTP): checks, order, retiring, deleting, capacity changes."""
import json

import pytest

from eventapp.audit import AuditEntry
from eventapp.categories import services
from eventapp.errors import Conflict, DomainError
from eventapp.events.models import GuestCategory
from eventapp.registration.models import Guest
from tests.conftest import column_values

GOOD = {"name": "Báo chí", "name_en": "Press", "code": "bao-chi-2", "capacity": "30", "color": "#b45309"}


def _stored(db, event):
    return [column_values(c) for c in services.list_categories(event)]


def _audit(db, action):
    return db.session.execute(db.select(AuditEntry).filter_by(action=action)).scalars().all()


def test_a_new_category_goes_last_with_its_code_proposed_from_the_name(db, make_event):
    event = make_event(categories=("khach",))
    category = services.create_category(event, name="  Đại biểu  Lãnh đạo ", name_en="Leaders", capacity="",
                                        public=False, needs_attention=True, requires_approval=True,
                                        color="#B91C1C")
    assert (category.code, category.name, category.capacity, category.color) == \
        ("dai-bieu-lanh-dao", "Đại biểu Lãnh đạo", None, "#b91c1c")
    assert (category.public, category.needs_attention, category.requires_approval) == (False, True, True)
    assert [c.code for c in services.list_categories(event)] == ["khach", "dai-bieu-lanh-dao"]
    assert [c.position for c in services.list_categories(event)] == [0, 1]
    entry = _audit(db, "category.create")[0]
    assert entry.event_id == event.id and "dai-bieu-lanh-dao" in entry.details


@pytest.mark.parametrize("field, value", [
    ("name", ""), ("name", "   "), ("name", "x" * 121), ("name_en", "y" * 121),
    ("code", "Báo Chí!"), ("code", "bao_chi"), ("code", "-bao-chi"), ("code", "a" * 41),
    ("capacity", "ba mươi"), ("capacity", "-1"), ("capacity", "2.5"), ("capacity", "10000000"), ("capacity", -3),
    ("color", "red"), ("color", "#12345"), ("color", "#gggggg"), ("color", "1d4ed8"),
])
def test_bad_input_is_refused_with_its_field_and_nothing_changes(db, make_event, field, value):
    event = make_event(categories=("khach",))
    before = _stored(db, event)
    with pytest.raises(DomainError) as caught:
        services.create_category(event, **{**GOOD, field: value})
    assert caught.value.field == field and caught.value.message
    db.session.rollback()
    assert _stored(db, event) == before

    category = event.categories[0]
    with pytest.raises(DomainError) as caught:
        services.update_category(category, **{**GOOD, field: value})
    assert caught.value.field == field
    db.session.rollback()
    assert _stored(db, event) == before
    assert _audit(db, "category.create") == [] and _audit(db, "category.update") == []


def test_a_name_with_nothing_to_make_a_code_from_asks_for_the_code(db, make_event):
    event = make_event(categories=())
    with pytest.raises(DomainError) as caught:
        services.create_category(event, name="—")
    assert caught.value.field == "code"


def test_a_code_is_unique_within_its_event_only(db, make_event):
    event, other = make_event(categories=("bao-chi",)), make_event(categories=("bao-chi",))
    with pytest.raises(Conflict) as caught:
        services.create_category(event, name="Báo chí")  # proposed code bao-chi: taken
    assert caught.value.field == "code" and "bao-chi" in caught.value.message
    second = services.create_category(event, name="Phóng viên")
    with pytest.raises(Conflict):
        services.update_category(second, code="BAO-CHI")
    db.session.rollback()
    assert [c.code for c in services.list_categories(event)] == ["bao-chi", "phong-vien"]
    assert services.create_category(other, name="Phóng viên").code == "phong-vien"


def test_the_database_keeps_codes_unique_when_two_forms_race(db, make_event, monkeypatch):
    event = make_event(categories=("bao-chi",))
    monkeypatch.setattr(services, "_refuse_taken_code", lambda *args: None)  # both passed the check
    with pytest.raises(Conflict) as caught:
        services.create_category(event, name="Báo chí")
    assert caught.value.field == "code"
    assert [c.code for c in services.list_categories(event)] == ["bao-chi"]


def test_editing_changes_the_fields_and_records_what_changed(db, make_event):
    event = make_event(categories=("khach",))
    category = event.categories[0]
    saved = services.update_category(category, name="Khách mời", code="khach-moi", public=False, color="#15803d")
    assert saved.changed == ["code", "color", "name", "public"]
    db.session.expire_all()
    assert (category.name, category.code, category.public, category.color) == \
        ("Khách mời", "khach-moi", False, "#15803d")
    assert '"code": ["khach", "khach-moi"]' in _audit(db, "category.update")[0].details


def test_move_up_and_down_keeps_positions_contiguous(db, make_event):
    event = make_event(categories=("a", "b", "c"))
    for category, position in zip(event.categories, (0, 5, 9)):  # gaps from older data
        category.position = position
    db.session.commit()
    a, b, c = services.list_categories(event)
    assert services.move_category(c, "up") is True
    assert [(x.code, x.position) for x in services.list_categories(event)] == [("a", 0), ("c", 1), ("b", 2)]
    assert services.move_category(a, "up") is False
    assert services.move_category(a, "down") is True
    assert [x.code for x in services.list_categories(event)] == ["c", "a", "b"]
    with pytest.raises(DomainError):
        services.move_category(a, "sideways")
    assert len(_audit(db, "category.move")) == 2


def test_a_retired_category_takes_no_registration_and_leaves_the_forms(db, make_event, register):
    from eventapp.checkin.door import walk_in_categories
    from eventapp.checkin.models import Gate

    event = make_event(categories=("khach", "bao-chi"))
    press = event.categories[1]
    kept = register(event, press)
    services.retire_category(press)
    with pytest.raises(DomainError) as caught:
        register(event, press)
    assert caught.value.field == "category" and "đã đóng" in caught.value.message
    with pytest.raises(Conflict):
        services.retire_category(press)
    db.session.expire_all()
    assert kept.status == "registered" and kept.category_id == press.id
    gate = Gate(event_id=event.id, code="chinh", name="Cổng chính")
    db.session.add(gate)
    db.session.commit()
    assert [c.code for c in walk_in_categories(event, gate)] == ["khach"]
    assert [entry.target for entry in _audit(db, "category.retire")] == [f"guest_category:{press.id}"]

    services.reopen_category(press)
    assert register(event, press).status == "registered"
    assert len(_audit(db, "category.reopen")) == 1


def test_organisers_and_the_import_cannot_put_a_guest_in_a_retired_category(db, make_event, register):
    from eventapp.registration import importing
    from eventapp.registration import services as registration

    event = make_event(categories=("khach", "bao-chi"))
    guest = register(event, event.categories[0])
    press = event.categories[1]
    services.retire_category(press)
    with pytest.raises(DomainError) as caught:
        registration.add_guest(event, press, full_name="Lê Thị Hà", email="ha@example.org")
    assert caught.value.field == "category"
    db.session.rollback()
    with pytest.raises(DomainError):
        registration.update_guest(guest, full_name=guest.full_name, email=guest.email, phone=None,
                                  category=press, by_organiser=True)
    db.session.rollback()
    data = "Họ và tên,Email,Mã thành phần\nLê Thị Hà,ha@example.org,bao-chi\n".encode()
    preview = importing.build_preview(event, "khach.csv", data, event.categories[0])
    assert preview.rows[0].action == "error" and "đã đóng" in preview.rows[0].reason
    assert db.session.execute(db.select(db.func.count()).select_from(Guest)).scalar_one() == 1


def test_a_retirement_committed_meanwhile_is_seen_by_a_registration(db, make_event, register):
    """The registration holds a category read before another worker retired it: it reads it again."""
    event = make_event(categories=("khach",))
    category = event.categories[0]
    assert category.retired_at is None  # loaded in this session
    db.session.connection().exec_driver_sql(
        f"UPDATE guest_category SET retired_at = CURRENT_TIMESTAMP WHERE id = {category.id:d}")
    with pytest.raises(DomainError):
        register(event, category)


def test_delete_is_refused_while_guests_gates_or_booth_settings_use_the_category(db, make_event, register):
    from eventapp.booths.models import BoothSettings
    from eventapp.checkin.models import Gate
    from eventapp.registration import services as registration

    event = make_event(categories=("khach", "bao-chi", "trung-bay", "trong"))
    khach, press, staff, empty = event.categories
    guest = register(event, press)
    registration.cancel_guest(guest, notify=False)  # even a cancelled guest keeps its category
    db.session.add(Gate(event_id=event.id, code="vip", name="Cổng VIP", categories=[khach]))
    db.session.add(BoothSettings(event_id=event.id, staff_category_id=staff.id))
    db.session.commit()
    for category, reason in ((press, "1 khách"), (khach, "Cổng VIP"), (staff, "nhân viên gian hàng")):
        with pytest.raises(Conflict) as caught:
            services.delete_category(category)
        assert reason in caught.value.message and "đóng thành phần" in caught.value.message
    assert len(services.list_categories(event)) == 4

    services.delete_category(empty)
    assert [c.code for c in services.list_categories(event)] == ["khach", "bao-chi", "trung-bay"]
    services.move_category(services.create_category(event, name="Tạm"), "up")
    services.delete_category(services.category_by_code(event, "tam"))
    assert [(c.code, c.position) for c in services.list_categories(event)] == \
        [("khach", 0), ("bao-chi", 1), ("trung-bay", 2)]
    assert [json.loads(e.details)["code"] for e in _audit(db, "category.delete")] == ["trong", "tam"]


def test_raising_the_capacity_promotes_the_earliest_waiting_guests_and_mails_them(db, make_event, register,
                                                                                    outbox):
    event = make_event(categories=("htx",))
    category = event.categories[0]
    services.set_capacity(category, 2)
    holders = [register(event, category, f"Người Giữ Chỗ {i}") for i in range(2)]
    waiting = [register(event, category, name, email=f"cho{i}@example.org")
               for i, name in enumerate(("Trần Văn An", "Lê Thị Bình", "Phạm Văn Cường"))]
    assert {g.status for g in holders} == {"registered"} and {g.status for g in waiting} == {"waiting"}

    saved = services.set_capacity(category, "4")

    assert [g.full_name for g in saved.promoted] == ["Trần Văn An", "Lê Thị Bình"]
    db.session.expire_all()
    assert [g.status for g in waiting] == ["registered", "registered", "waiting"]
    assert sorted(m["to"] for m in outbox()) == ["cho0@example.org", "cho1@example.org"]
    assert all("danh sách chờ sang danh sách tham dự" in m["body"] for m in outbox())
    assert category.capacity == 4 and saved.over_capacity == 0
    assert len(_audit(db, "guest.promote")) == 2 and len(_audit(db, "category.update")) == 2


def test_lowering_the_capacity_cancels_nobody(db, make_event, register, outbox):
    event = make_event(categories=("htx",))
    category = event.categories[0]
    guests = [register(event, category) for _ in range(4)]
    saved = services.set_capacity(category, 2)
    assert saved.over_capacity == 2 and saved.promoted == []
    db.session.expire_all()
    assert [g.status for g in guests] == ["registered"] * 4
    assert register(event, category).status == "waiting"  # the next one waits
    assert services.overview(event)[0].over_capacity == 2
    assert outbox() == []


def test_an_unlimited_capacity_lets_the_whole_waiting_list_in(db, make_event, register):
    event = make_event(categories=("htx",))
    category = event.categories[0]
    services.set_capacity(category, 0)
    waiting = [register(event, category) for _ in range(3)]
    assert services.set_capacity(category, "").promoted == waiting
    assert category.capacity is None


def test_a_capacity_lowered_meanwhile_is_seen_by_a_registration(db, make_event, register):
    """No overbooking when the category was read before another worker lowered its capacity."""
    event = make_event(categories=("htx",))
    category = event.categories[0]
    register(event, category)
    assert category.capacity is None  # loaded in this session
    db.session.connection().exec_driver_sql(f"UPDATE guest_category SET capacity = 1 WHERE id = {category.id:d}")
    assert register(event, category).status == "waiting"


def test_overview_counts_guests_per_category(db, make_event, register):
    event = make_event(categories=("khach", "bao-chi"))
    press = event.categories[1]
    press.requires_approval = True
    db.session.commit()
    register(event, event.categories[0])
    register(event, press)
    rows = services.overview(event)
    assert [(r.category.code, r.registered, r.pending, r.guests) for r in rows] == \
        [("khach", 1, 0, 1), ("bao-chi", 0, 1, 1)]
    assert isinstance(rows[0].category, GuestCategory)
