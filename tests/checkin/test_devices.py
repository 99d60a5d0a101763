"""Scanning devices' API keys: made on the organiser's page (shown once), listed, revoked."""
import re

from eventapp import access
from eventapp.audit import AuditEntry
from eventapp.auth.models import ApiKey, hash_api_key
from eventapp.checkin.keys import create_api_key, revoke_api_key
from eventapp.db import utcnow
from tests.conftest import csrf_token

KEY = re.compile(r'<code class="secret">(ev_[A-Za-z0-9_-]+)</code>')


def _scan(client, event, headers, guest, gate="cong-chinh"):
    return client.post(f"/api/v1/events/{event.slug}/checkins", headers=headers,
                       json={"code": guest.badge_token, "gate": gate})


def test_organiser_makes_a_key_sees_it_once_and_revokes_it(client, db, setup, make_guest, make_user, login):
    event, main, hall, guest = setup
    login(make_user("admin"))
    url = f"/admin/e/{event.slug}/devices/"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "label": "Máy quét cổng chính 1", "role": "door",
                                      "gate": "cong-chinh"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    secret = KEY.search(page).group(1)
    stored = db.session.execute(db.select(ApiKey)).scalar_one()
    assert stored.key_hash == hash_api_key(secret) and secret not in (stored.prefix, stored.key_hash)
    assert (stored.label, stored.role, stored.gate_id) == ("Máy quét cổng chính 1", "door", main.id)

    headers = {"Authorization": f"Bearer {secret}"}
    assert _scan(client, event, headers, guest).json["result"] == "accepted"
    assert _scan(client, event, headers, guest, gate="hoi-truong").status_code == 403  # bound to its gate

    listing = client.get(url).get_data(as_text=True)
    assert secret not in listing  # never shown again
    assert f"{stored.prefix}…" in listing and "Máy quét cổng chính 1" in listing and "Cổng chính" in listing
    row = listing[listing.index(f"{stored.prefix}…"):]
    assert re.search(r"<td>1</td>", row[:600]), "one scan counted for the key"

    revoked = client.post(f"{url}{stored.id}/revoke", data={"csrf_token": token}, follow_redirects=True)
    assert "Đã thu hồi khoá" in revoked.get_data(as_text=True)
    assert _scan(client, event, headers, make_guest(event)).status_code == 401  # at once, in this process
    actions = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions[-2:] == ["api_key.create", "api_key.revoke"]


def test_key_form_refuses_bad_input_and_changes_nothing(client, db, setup, make_user, login):
    event = setup[0]
    login(make_user("admin"))
    url = f"/admin/e/{event.slug}/devices/"
    token = csrf_token(client, url)
    for data, message in (({"label": "", "role": "door", "gate": ""}, "Vui lòng đặt tên cho thiết bị."),
                          ({"label": "Máy A", "role": "root", "gate": ""}, "Lựa chọn không hợp lệ."),
                          ({"label": "Máy A", "role": "door", "gate": "cong-khong-co"}, "Lựa chọn không hợp lệ.")):
        page = client.post(url, data={"csrf_token": token, **data}).get_data(as_text=True)
        assert message in page
        assert not KEY.search(page)
    assert db.session.execute(db.select(ApiKey)).first() is None
    assert client.post(f"{url}999/revoke", data={"csrf_token": token}).status_code == 404


def test_door_staff_and_other_events_cannot_manage_keys(client, setup, make_event, make_user, login):
    event = setup[0]
    login(make_user("door", event=event))
    assert client.get(f"/admin/e/{event.slug}/devices/").status_code == 403
    other = make_event()
    key, _ = create_api_key("door", other.slug, label="Máy sự kiện khác")
    login(make_user("admin"))
    token = csrf_token(client, f"/admin/e/{event.slug}/devices/")
    assert client.post(f"/admin/e/{event.slug}/devices/{key.id}/revoke", data={"csrf_token": token}).status_code == 404
    assert key.revoked_at is None


def test_cli_lists_and_revokes_by_prefix(runner, db, setup, make_guest, client):
    event, main, hall, guest = setup
    key, secret = create_api_key("door", event.slug, gate_code="cong-chinh", label="Máy quét 1")
    _scan(client, event, {"Authorization": f"Bearer {secret}"}, guest)
    listed = runner.invoke(args=["list-api-keys", "--event", event.slug])
    assert listed.exit_code == 0 and f"{key.prefix}…" in listed.output and "Máy quét 1" in listed.output
    assert "1 lượt quét" in listed.output and secret not in listed.output

    assert "Không có khoá này." in runner.invoke(args=["revoke-api-key", "--event", event.slug, "ev_zzzz"]).output
    assert "Không có sự kiện" in runner.invoke(args=["revoke-api-key", "--event", "khong-co", key.prefix]).output
    done = runner.invoke(args=["revoke-api-key", "--event", event.slug, f"{key.prefix}…"])
    assert done.exit_code == 0 and "Đã thu hồi khoá" in done.output
    db.session.expire_all()
    assert key.revoked_at is not None
    assert "thu hồi" in runner.invoke(args=["list-api-keys", "--event", event.slug]).output


def test_an_ambiguous_prefix_revokes_nothing(db, setup):
    event = setup[0]
    first, _ = create_api_key("door", event.slug, label="A")
    second, _ = create_api_key("door", event.slug, label="B")
    first.prefix, second.prefix = "ev_same111", "ev_same222"
    db.session.commit()
    try:
        revoke_api_key(event, prefix="ev_same")
    except Exception as exc:  # noqa: BLE001 - the message is what the organiser reads
        assert "Có 2 khoá bắt đầu bằng “ev_same”" in exc.message
    else:
        raise AssertionError("an ambiguous prefix must be refused")
    assert [first.revoked_at, second.revoked_at] == [None, None]
    assert revoke_api_key(event, prefix="ev_same2") is second and second.revoked_at is not None


def test_a_key_revoked_on_another_server_stops_within_the_cache_time(app, client, db, setup, make_guest, monkeypatch):
    event, main, hall, guest = setup
    key, secret = create_api_key("door", event.slug)
    headers = {"Authorization": f"Bearer {secret}"}
    clock = [1000.0]
    monkeypatch.setattr(access.time, "monotonic", lambda: clock[0])
    assert _scan(client, event, headers, guest).json["result"] == "accepted"
    # Another server revokes it: this process does not hear of it, and keeps its copy for a while.
    db.session.execute(db.update(ApiKey).where(ApiKey.id == key.id).values(revoked_at=utcnow()))
    db.session.commit()
    clock[0] += app.config["API_KEY_CACHE_SECONDS"] - 1
    assert _scan(client, event, headers, make_guest(event)).status_code == 200
    clock[0] += 2
    assert _scan(client, event, headers, make_guest(event)).status_code == 401
