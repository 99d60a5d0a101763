"""Every /api/v1 blueprint (api, checkin_api, registration_api) answers an error the same way:
{"error": message, "field": name or null}, with the status of the error's kind, as documented; when
several values were at fault at once, "errors" lists each {"error", "field"}."""
import pytest

SHAPE = {"error", "field"}


def _error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert body.keys() >= SHAPE and isinstance(body["error"], str) and body["error"]
    return body


def test_404_has_one_shape_in_every_blueprint(client, door, make_key):
    event, _, _ = door
    key = make_key(event, role="admin")
    for url in ("/api/v1/events/khong-co/gates",                      # checkin_api: no such event
                f"/api/v1/events/{event.slug}/gates/cong-sau/offline",  # checkin_api: no such gate
                "/api/v1/events/khong-co/guests",                     # registration_api: no such event
                f"/api/v1/events/{event.slug}/guests/999999",         # registration_api: no such guest
                "/api/v1/khong-co-duong-dan"):                        # no such route under /api/v1
        body = _error(client.get(url, headers=key), 404)
        assert body["field"] is None, url
    assert _error(client.get(f"/api/v1/events/{event.slug}/guests/999999", headers=key),
                  404)["error"] == "Không tìm thấy khách."


def test_403_has_one_shape_in_every_blueprint(client, door, make_key, make_event, make_user, make_cooperative, login):
    event, _, _ = door
    other = make_event()
    key = make_key(other, role="admin")
    for url in (f"/api/v1/events/{event.slug}/gates", f"/api/v1/events/{event.slug}/guests"):
        assert _error(client.get(url, headers=key), 403)["field"] is None, url
    # a door key asking for the organisers' numbers; a key bound to one gate naming another
    assert _error(client.get(f"/api/v1/events/{other.slug}/checkins/stats", headers=make_key(other)), 403)
    bound = make_key(event, gate="cong-chinh")
    refused = _error(client.get(f"/api/v1/events/{event.slug}/gates/cong-sau/offline", headers=bound), 403)
    assert refused["field"] == "gate"
    # the api blueprint itself: a signed-in person whose role has no API
    login(make_user("exhibitor", cooperative=make_cooperative(event)))
    assert _error(client.get("/api/v1/events"), 403)["field"] is None


def test_409_has_the_shape(client, door, make_key):
    event, gate, guest = door
    key = make_key(event, role="admin")
    scan = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": guest.badge_token, "gate": gate.code},
                       headers=key).get_json()["scan_id"]
    assert client.post(f"/api/v1/events/{event.slug}/checkins/{scan}/undo", headers=key).status_code == 200
    again = _error(client.post(f"/api/v1/events/{event.slug}/checkins/{scan}/undo", headers=key), 409)
    assert again == {"error": "Lượt quét này đã được huỷ.", "field": None}
    duplicate = client.post(f"/api/v1/events/{event.slug}/walk-ins", headers=key, json={
        "gate": gate.code, "category": event.categories[0].code, "full_name": "Người Khác", "email": guest.email})
    body = _error(duplicate, 409)
    assert body["field"] == "email" and body["existing"]["id"] == guest.id


@pytest.mark.parametrize("url, field", [
    ("/api/v1/events/{slug}/guests?page=0", "page"),
    ("/api/v1/events/{slug}/guests?per_page=100000", "per_page"),
    ("/api/v1/events/{slug}/gates/cong-chinh/guests?q=an&offset=-1", "offset"),
])
def test_422_on_a_bad_query_names_the_parameter(client, door, make_key, url, field):
    event, _, _ = door
    body = _error(client.get(url.format(slug=event.slug), headers=make_key(event, role="admin")), 422)
    assert body["field"] == field


@pytest.mark.parametrize("body, status, field, text", [
    ({"gate": "cong-chinh"}, 422, "code", "Thiếu trường “code” (nội dung mã đã quét)."),
    ({"code": 5, "gate": "cong-chinh"}, 422, "code", "Trường “code” phải là chuỗi."),
    ({"code": "A", "gate": "cong-chinh", "direction": "up"}, 422, "direction",
     "Trường “direction” phải là “in” hoặc “out”."),
    ({"code": "A", "gate": "cong-chinh", "guest_id": True}, 422, "guest_id",
     "Trường “guest_id” phải là số nguyên dương."),
    ({"code": "A", "gate": "cong-chinh", "scanned_at": "2026-04-11T08:00:00"}, 422, "scanned_at",
     "Trường “scanned_at” cần có múi giờ (vd. 2024-04-06T08:15:00+07:00)."),
    ([1], 422, None, "Cần một đối tượng JSON."),
])
def test_422_on_a_bad_body_names_the_field_in_vietnamese(client, door, make_key, body, status, field, text):
    event, _, _ = door
    answer = _error(client.post(f"/api/v1/events/{event.slug}/checkins", json=body, headers=make_key(event)), status)
    assert answer == {"error": text, "field": field}


def test_422_in_english_with_the_english_locale(client, door, make_key):
    event, _, _ = door
    answer = _error(client.post(f"/api/v1/events/{event.slug}/checkins?lang=en", json={"gate": "cong-chinh"},
                                headers=make_key(event)), 422)
    assert answer["field"] == "code" and "code" in answer["error"] and "Thiếu" not in answer["error"]


def test_a_body_that_is_not_json_is_400(client, door, make_key):
    event, _, _ = door
    response = client.post(f"/api/v1/events/{event.slug}/checkins", data="{nope",
                           headers={**make_key(event), "Content-Type": "application/json"})
    assert _error(response, 400)["field"] is None


def test_the_openapi_document_comes_from_the_models(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1") and doc["servers"] == [{"url": "/api/v1"}]
    error = doc["components"]["schemas"]["Error"]
    assert set(error["properties"]) == SHAPE | {"errors"} and error["required"] == ["error"]
    scan = doc["components"]["schemas"]["ScanInput"]["properties"]
    assert scan["client_id"]["anyOf"][0]["pattern"] == "^[A-Za-z0-9_.:-]{8,64}$"
    assert scan["direction"]["enum"] == ["in", "out"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    schema = doc["components"]["schemas"][ref.rpartition("/")[2]]
                    assert schema["properties"].keys() >= SHAPE, (path, method, status)
    checkins = doc["paths"]["/events/{slug}/checkins"]["post"]
    assert {"400", "401", "403", "404", "409", "422"} <= checkins["responses"].keys()
    body = checkins["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ScanInput"}


def test_no_documentation_page_is_served(client):
    for url in ("/apidoc/swagger", "/apidoc/redoc", "/apidoc/openapi.json", "/api/v1/apidoc/swagger"):
        assert client.get(url).status_code == 404, url
