"""GET /api/v1/events/<slug>/guests and /guests/<id>: bearer key or staff session; JSON errors."""
import unicodedata

import pytest

from eventapp.auth.models import ApiKey, hash_api_key
from eventapp.registration import services


@pytest.fixture
def bearer(db):
    def make(event, role="door"):
        key = ApiKey.generate()
        db.session.add(ApiKey(key_hash=hash_api_key(key), prefix=key[:8], role=role, event=event))
        db.session.commit()
        return {"Authorization": f"Bearer {key}"}

    return make


def _add(event, name, email, **values):
    return services.register_guest(event, event.categories[0], full_name=name, email=email, **values)


def test_search_without_diacritics_through_the_api(client, db, make_event, bearer):
    event = make_event()
    _add(event, unicodedata.normalize("NFD", "Nguyễn Mạnh Cường"), "c@example.org", phone="0912345678")
    _add(event, "Lê Thị Hoa", "h@example.org")
    response = client.get(f"/api/v1/events/{event.slug}/guests?q=nguyen+cuong", headers=bearer(event))
    data = response.get_json()
    assert response.status_code == 200 and data["total"] == 1
    guest = data["guests"][0]
    assert guest["full_name"] == "Nguyễn Mạnh Cường" and guest["checked_in"] is False
    assert "private_token" not in guest and "badge_token" not in guest
    assert "phone" not in guest and "email" not in guest  # a door key reads no contacts
    admin = client.get(f"/api/v1/events/{event.slug}/guests?q=nguyen+cuong", headers=bearer(event, "admin"))
    guest = admin.get_json()["guests"][0]
    assert guest["phone"] == "+84912345678" and guest["phone_display"] == "0912 345 678"
    assert guest["email"] == "c@example.org"
    everyone = client.get(f"/api/v1/events/{event.slug}/guests", headers=bearer(event)).get_json()
    assert [g["full_name"] for g in everyone["guests"]] == ["Nguyễn Mạnh Cường", "Lê Thị Hoa"]  # by given name


def test_paging_and_one_guest(client, db, make_event, bearer, checked_in):
    event = make_event()
    guests = [_add(event, f"Khách {i}", f"k{i}@example.org") for i in range(5)]
    checked_in.add(guests[0].id)
    headers = bearer(event)
    page = client.get(f"/api/v1/events/{event.slug}/guests?page=2&per_page=2", headers=headers).get_json()
    assert (page["page"], page["pages"], page["total"], len(page["guests"])) == (2, 3, 5, 2)
    one = client.get(f"/api/v1/events/{event.slug}/guests/{guests[0].id}", headers=headers).get_json()
    assert one["id"] == guests[0].id and one["checked_in"] is True and one["category"]["code"] == "khach"


def test_errors_are_json_and_never_500(client, db, make_event, bearer):
    event, other = make_event(), make_event()
    stranger = _add(other, "Người Khác", "o@example.org")
    headers = bearer(event)
    cases = {
        f"/api/v1/events/{event.slug}/guests?page=0": 422,
        f"/api/v1/events/{event.slug}/guests?page=abc": 422,
        f"/api/v1/events/{event.slug}/guests?per_page=100000": 422,
        f"/api/v1/events/{event.slug}/guests/{stranger.id}": 404,
        f"/api/v1/events/{event.slug}/guests/999999": 404,
        f"/api/v1/events/{event.slug}/guests/abc": 404,
        f"/api/v1/events/{event.slug}/guests/{10**30}": 404,
        f"/api/v1/events/{event.slug}/guests?page={10**30}": 422,
        f"/api/v1/events/{event.slug}/guests?page=100000": 200,
        f"/api/v1/events/{event.slug}/guests?category={10**30}&status=nope&checked_in=maybe": 200,
        "/api/v1/events/khong-co/guests": 404,
        f"/api/v1/events/{other.slug}/guests": 403,
    }
    for url, status in cases.items():
        response = client.get(url, headers=headers)
        assert response.status_code == status, url
        assert response.is_json, url
        if status != 200:
            assert response.get_json()["error"], url
    assert client.get(f"/api/v1/events/{event.slug}/guests").status_code == 401


def test_staff_session_reads_the_api(client, db, make_event, make_user, login):
    event = make_event()
    _add(event, "Trần An", "a@example.org")
    login(make_user("door"))
    assert client.get(f"/api/v1/events/{event.slug}/guests?q=tran").get_json()["total"] == 1
    login(make_user("admin"))
    assert client.get(f"/api/v1/events/{event.slug}/guests").status_code == 200


def test_openapi_describes_the_guest_endpoints(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/events/{slug}/guests" in doc["paths"] and "/events/{slug}/guests/{guest_id}" in doc["paths"]
    params = {p["name"] for p in doc["paths"]["/events/{slug}/guests"]["get"]["parameters"]}
    assert {"slug", "q", "page"} <= params
    assert {"Guest", "GuestPage"} <= doc["components"]["schemas"].keys()
