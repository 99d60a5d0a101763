"""Walks the whole URL map: a staff view cannot forget its access rule."""
import re

import pytest

from eventapp.access import required_roles
from eventapp.auth.models import ROLES

# Endpoints meant for anyone: the public side (event pages, registration, guests' private pages
# by unguessable token), login, health probe and the API description.
EXPECTED_PUBLIC_PREFIXES = ("events.", "auth.", "static", "registration.public_", "badges.public_",
                            "booths.public_", "privacy.public_", "checkin.public_", "staff.public_")


def _url_for_rule(rule):
    url = rule.rule
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", url):
        value = "1" if converter in ("int", "float") else "x"
        url = re.sub(rf"<(?:\w+:)?{name}>", value, url)
    return url


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


@pytest.fixture
def walk_app(app):
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own walk; here only access is judged
    return app


def test_every_rule_declares_its_access(walk_app):
    for rule, _ in _rules(walk_app):
        access = required_roles(rule.endpoint)
        assert access == "public" or access, f"{rule.endpoint} declares no role and no @public"


def test_anonymous_requests_to_staff_views_are_refused(walk_app, client):
    checked = 0
    for rule, method in _rules(walk_app):
        if required_roles(rule.endpoint) == "public":
            continue
        response = client.open(_url_for_rule(rule), method=method)
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, (rule.rule, method, response.status_code)
        else:
            assert response.status_code == 302, (rule.rule, method, response.status_code)
            assert "/login" in response.headers["Location"]
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("role", ROLES)
def test_wrong_role_requests_are_refused(walk_app, client, make_user, make_event, make_cooperative, login, role):
    extra = {}
    if role == "exhibitor":
        extra["cooperative"] = make_cooperative(make_event())
    login(make_user(role, **extra))
    checked = 0
    for rule, method in _rules(walk_app):
        access = required_roles(rule.endpoint)
        if access == "public" or role in access:
            continue
        response = client.open(_url_for_rule(rule), method=method)
        assert response.status_code == 403, (role, rule.rule, method, response.status_code)
        checked += 1
    if role != "admin":
        assert checked > 0


def test_public_views_are_the_expected_ones(walk_app):
    for rule, _ in _rules(walk_app):
        if required_roles(rule.endpoint) == "public":
            assert rule.endpoint.startswith(EXPECTED_PUBLIC_PREFIXES) or rule.endpoint in {
                "api.openapi"}, f"unexpected public endpoint {rule.endpoint}"


def test_revoked_or_unknown_api_key_is_refused(client, db, make_event):
    from eventapp.access import forget_api_keys
    from eventapp.auth.models import ApiKey, hash_api_key
    from eventapp.db import utcnow

    event = make_event()
    key = ApiKey.generate()
    db.session.add(ApiKey(key_hash=hash_api_key(key), prefix=key[:8], role="door", event=event))
    db.session.commit()
    assert client.get("/api/v1/events", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    assert client.get("/api/v1/events", headers={"Authorization": "Bearer ev_nope"}).status_code == 401
    stored = db.session.execute(db.select(ApiKey)).scalar_one()
    stored.revoked_at = utcnow()
    db.session.commit()
    forget_api_keys(client.application)  # what revoking through eventapp.checkin.keys does
    assert client.get("/api/v1/events", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_api_key_sees_only_its_event(client, db, make_event):
    from eventapp.auth.models import ApiKey, hash_api_key

    mine, other = make_event(), make_event()
    key = ApiKey.generate()
    db.session.add(ApiKey(key_hash=hash_api_key(key), prefix=key[:8], role="door", event=mine))
    db.session.commit()
    data = client.get("/api/v1/events", headers={"Authorization": f"Bearer {key}"}).get_json()
    assert [e["slug"] for e in data["events"]] == [mine.slug]
    assert other.slug not in str(data)
