"""Cancel, approve, edit, resend and the waiting list, as services (no HTTP)."""
import unicodedata

import pytest

from eventapp.errors import Conflict, DomainError
from eventapp.registration import queries, resend, services
from eventapp.registration.models import Guest
from tests.registration.conftest import private_link


def _event_with_capacity(db, make_event, capacity=1, approval=False):
    event = make_event(categories=("htx", "khac"))
    event.categories[0].capacity = capacity
    event.categories[0].requires_approval = approval
    db.session.commit()
    return event


def _register(event, name, email, category=None):
    return services.register_guest(event, category or event.categories[0], full_name=name, email=email)


def test_cancel_gives_the_place_to_the_first_on_the_waiting_list_and_tells_them(db, make_event, outbox):
    event = _event_with_capacity(db, make_event, capacity=1)
    holder = _register(event, "Trần Văn An", "an@example.org")
    first = _register(event, "Lê Thị Bình", "binh@example.org")
    second = _register(event, "Phạm Văn Cường", "cuong@example.org")
    assert [first.status, second.status] == ["waiting", "waiting"]

    promoted = services.cancel_guest(holder)

    assert [g.id for g in promoted] == [first.id]
    db.session.expire_all()
    assert (holder.status, first.status, second.status) == ("cancelled", "registered", "waiting")
    assert holder.cancelled_at is not None
    mails = {m["to"]: m for m in outbox()}
    assert "danh sách chờ sang danh sách tham dự" in mails["binh@example.org"]["body"]
    assert private_link(mails["binh@example.org"]["body"]) == f"/g/{first.private_token}/"
    assert "cuong@example.org" not in mails
    assert "Đã huỷ đăng ký" in mails["an@example.org"]["subject"]


def test_cancelling_a_waiting_guest_frees_no_place(db, make_event):
    event = _event_with_capacity(db, make_event, capacity=1)
    _register(event, "Trần Văn An", "an@example.org")
    waiting = _register(event, "Lê Thị Bình", "binh@example.org")
    third = _register(event, "Phạm Văn Cường", "cuong@example.org")
    assert services.cancel_guest(waiting, notify=False) == []
    db.session.expire_all()
    assert third.status == "waiting"
    with pytest.raises(Conflict):
        services.cancel_guest(waiting, notify=False)


def test_approval_issues_the_badge_and_mails_the_link(db, make_event, outbox):
    event = _event_with_capacity(db, make_event, capacity=None, approval=True)
    guest = _register(event, "Đỗ Thu Hà", "ha@baochi.vn")
    assert guest.status == "pending" and guest.approved_at is None

    services.approve_guest(guest)

    assert guest.status == "registered" and guest.approved_at is not None
    mail = outbox()[0]
    assert mail["to"] == "ha@baochi.vn" and "đã được xác nhận" in mail["subject"]
    assert "đã duyệt" in mail["body"] and private_link(mail["body"]) == f"/g/{guest.private_token}/"
    with pytest.raises(Conflict):
        services.approve_guest(guest)


def test_approval_in_a_full_category_goes_to_the_waiting_list(db, make_event):
    event = _event_with_capacity(db, make_event, capacity=1, approval=True)
    first, second = _register(event, "A Bê", "a@example.org"), _register(event, "C Dê", "c@example.org")
    services.approve_guest(first, notify=False)
    services.approve_guest(second, notify=False)
    assert (first.status, second.status) == ("registered", "waiting")
    services.cancel_guest(first, notify=False)
    db.session.expire_all()
    assert second.status == "registered"


def test_edit_rechecks_duplicates_and_normalises(db, make_event):
    event = make_event()
    guest = _register(event, "Trần Văn An", "an@example.org")
    other = services.register_guest(event, event.categories[0], full_name="Lê Thị Bình",
                                    email="binh@example.org", phone="0912345678")
    with pytest.raises(DomainError) as caught:
        services.update_guest(guest, full_name="Trần Văn An", email="BINH@example.org", phone="")
    assert caught.value.field == "email"
    with pytest.raises(DomainError) as caught:
        services.update_guest(guest, full_name="Trần Văn An", email="an@example.org", phone="84-912-345-678")
    assert caught.value.field == "phone"
    db.session.expire_all()
    assert guest.email == "an@example.org" and guest.phone is None and other.phone == "+84912345678"

    services.update_guest(guest, full_name=unicodedata.normalize("NFD", "Trần Văn Ân"),
                          email="an.tran@example.org", phone="+84 988 777 666", organization="  HTX  Cát Bà ")
    db.session.expire_all()
    assert guest.full_name == "Trần Văn Ân" and guest.email == "an.tran@example.org"
    assert guest.phone == "+84988777666" and guest.organization == "HTX Cát Bà"
    assert "tran van an" in guest.search_key


def test_organiser_moves_a_guest_between_categories(db, make_event):
    event = make_event(categories=("htx", "bao-chi"))
    htx, press = event.categories
    htx.capacity, press.capacity = 1, 1
    db.session.commit()
    holder = _register(event, "A Bê", "a@example.org", htx)
    waiting = _register(event, "C Dê", "c@example.org", htx)
    _register(event, "E Ê", "e@example.org", press)
    with pytest.raises(DomainError) as caught:
        services.update_guest(holder, full_name="A Bê", email="a@example.org", phone="", category=press,
                              by_organiser=True)
    assert caught.value.field == "category"
    press.capacity = 2
    db.session.commit()
    services.update_guest(holder, full_name="A Bê", email="a@example.org", phone="", category=press,
                          by_organiser=True)
    db.session.expire_all()
    assert holder.category_id == press.id and holder.status == "registered"
    assert waiting.status == "registered"  # the place left in htx went to the waiting list


def test_registering_again_after_cancelling_brings_the_registration_back(db, make_event):
    event = make_event()
    guest = _register(event, "Trần Văn An", "an@example.org")
    token = guest.private_token
    services.cancel_guest(guest, notify=False)
    again = services.register_guest(event, event.categories[0], full_name="Trần Văn An",
                                    email="an@example.org", phone="0912 345 678", consent=True)
    assert again.id == guest.id and again.private_token == token
    assert again.status == "registered" and again.cancelled_at is None and again.phone == "+84912345678"
    assert db.session.execute(db.select(db.func.count()).select_from(Guest)).scalar() == 1
    with pytest.raises(services.DuplicateRegistration):
        _register(event, "Trần Văn An", "an@example.org")


def test_resend_goes_to_the_address_on_file_only(db, make_event, outbox):
    event = make_event()
    guest = services.register_guest(event, event.categories[0], full_name="Trần Văn An",
                                    email="an@example.org", phone="0912345678")
    phone_only = services.register_guest(event, event.categories[0], full_name="Lê Bình", phone="0988777666")
    assert resend.resend_to_contact(event, phone="+84 912 345 678").id == guest.id
    assert [m["to"] for m in outbox()] == ["an@example.org"]
    assert resend.resend_to_contact(event, email="khong-co@example.org") is None
    assert resend.resend_link(phone_only) is False
    assert len(outbox()) == 1


def test_counts_per_category(db, make_event, checked_in):
    event = make_event(categories=("htx", "bao-chi"))
    htx, press = event.categories
    htx.capacity, press.requires_approval = 2, True
    db.session.commit()
    a = _register(event, "A", "a@example.org", htx)
    _register(event, "B", "b@example.org", htx)
    _register(event, "C", "c@example.org", htx)
    p1 = _register(event, "D", "d@example.org", press)
    _register(event, "E", "e@example.org", press)
    services.approve_guest(p1, notify=False)
    checked_in.update({a.id, p1.id})
    rows = {r.category.code if r.category else "total": r
            for r in queries.category_counts(event, queries.checked_in_ids(event))}
    assert (rows["htx"].registered, rows["htx"].waiting, rows["htx"].remaining, rows["htx"].checked_in) == (2, 1, 0, 1)
    assert (rows["bao-chi"].registered, rows["bao-chi"].pending, rows["bao-chi"].approved) == (1, 1, 1)
    assert (rows["total"].registered, rows["total"].checked_in) == (3, 2)


def test_raising_a_capacity_fills_the_new_places_from_the_waiting_list(db, make_event, outbox):
    event = _event_with_capacity(db, make_event, capacity=1)
    _register(event, "Trần Văn An", "an@example.org")
    first = _register(event, "Lê Thị Bình", "binh@example.org")
    second = _register(event, "Phạm Văn Cường", "cuong@example.org")
    event.categories[0].capacity = 2
    db.session.commit()
    assert [g.id for g in services.fill_free_places(event.categories[0])] == [first.id]
    db.session.expire_all()
    assert (first.status, second.status) == ("registered", "waiting")
    assert [m["to"] for m in outbox()] == ["binh@example.org"]
