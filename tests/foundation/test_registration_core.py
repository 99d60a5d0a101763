"""The registration rules shared by the form, the import and the door."""
import unicodedata

import pytest

from eventapp.errors import DomainError
from eventapp.registration.services import DuplicateRegistration, register_guest


def test_phone_in_any_format_is_one_registration(db, make_event):
    event = make_event()
    category = event.categories[0]
    first = register_guest(event, category, full_name="Nguyễn Mạnh Cường", phone="0912 345 678")
    assert first.phone == "+84912345678" and first.status == "registered"
    for other in ("+84912345678", "84-912-345-678"):
        with pytest.raises(DuplicateRegistration) as caught:
            register_guest(event, category, full_name="Người khác", phone=other)
        assert caught.value.guest.id == first.id


def test_email_duplicate_ignores_case(db, make_event):
    event = make_event()
    register_guest(event, event.categories[0], full_name="Lê Thị An", email="an.le@example.org")
    with pytest.raises(DuplicateRegistration):
        register_guest(event, event.categories[0], full_name="Lê Thị An", email="An.Le@Example.org")


def test_decomposed_name_is_stored_nfc(db, make_event):
    event = make_event()
    guest = register_guest(event, event.categories[0], email="a@example.org",
                           full_name=unicodedata.normalize("NFD", "Nguyễn Mạnh Cường"))
    assert guest.full_name == "Nguyễn Mạnh Cường" and "nguyen manh cuong" in guest.search_key


def test_capacity_then_waiting_list_and_approval(db, make_event):
    event = make_event(categories=("htx", "bao-chi"))
    htx, press = event.categories
    htx.capacity = 1
    press.requires_approval = True
    db.session.commit()
    assert register_guest(event, htx, full_name="A B", email="a@example.org").status == "registered"
    assert register_guest(event, htx, full_name="C D", email="c@example.org").status == "waiting"
    assert register_guest(event, press, full_name="E F", email="e@example.org").status == "pending"


def test_contact_is_required_and_validated(db, make_event):
    event = make_event()
    with pytest.raises(DomainError) as caught:
        register_guest(event, event.categories[0], full_name="Lê Văn Nam")
    assert caught.value.field == "email"
    with pytest.raises(DomainError) as caught:
        register_guest(event, event.categories[0], full_name="Lê Văn Nam", phone="12")
    assert caught.value.field == "phone"
    with pytest.raises(DomainError) as caught:
        register_guest(event, event.categories[0], full_name="Lê Văn Nam", email="khong-phai-email")
    assert caught.value.field == "email"
    from eventapp.registration.models import Guest

    assert db.session.execute(db.select(Guest)).first() is None
