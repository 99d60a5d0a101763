"""The short code under the QR: derived from the badge code, easy to read aloud, accepted typed."""
import re

import pytest

from eventapp.checkin.services import check_in
from eventapp.registration.models import RevokedBadge
from eventapp.tokens import new_badge_token, parse_short_code, short_code


def test_the_short_code_reads_aloud_without_confusable_letters():
    codes = [short_code(new_badge_token()) for _ in range(2000)]
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}", code), code
    # 10 symbols of 32: 50 bits; 2,000 badges never share one.
    assert len(set(codes)) == len(codes)
    token = new_badge_token()
    assert short_code(token) == short_code(token)  # derived, not drawn


@pytest.mark.parametrize("typed", ["{c}", "{c_lower}", "{bare}", "{spaced}", "  {bare_lower}\n"])
def test_a_short_code_is_read_with_or_without_dashes_in_any_case(typed):
    token = new_badge_token()
    code = short_code(token)
    text = typed.format(c=code, c_lower=code.lower(), bare=code.replace("-", ""),
                        spaced=code.replace("-", " "), bare_lower=code.replace("-", "").lower())
    assert parse_short_code(text) == token[:10]


@pytest.mark.parametrize("text", ["", "K7QX-4MRT-W", "K7QX-4MRT-WPA", "K7QX-4MRT-W0", "K7QX-4MRT-WI", None, "x" * 500])
def test_what_is_not_a_short_code_is_refused(text):
    assert parse_short_code(text) is None


def test_a_typed_short_code_admits_its_guest_then_says_already_checked_in(db, setup, door_scanner):
    event, main, _, guest = setup
    typed = short_code(guest.badge_token).replace("-", " ").lower()
    first = check_in(event, main, door_scanner, code=typed)
    assert first.result == "accepted" and first.guest.name == "Nguyễn Mạnh Cường"
    again = check_in(event, main, door_scanner, code=short_code(guest.badge_token))
    assert again.result == "already_checked_in"


def test_a_short_code_nobody_has_is_invalid(db, setup, door_scanner):
    event, main, _, guest = setup
    other = short_code(new_badge_token())
    assert check_in(event, main, door_scanner, code=other).result == "invalid"


def test_a_reissued_badge_old_short_code_says_revoked_and_the_new_one_admits(db, setup, door_scanner):
    event, main, _, guest = setup
    old = guest.badge_token
    db.session.add(RevokedBadge(guest_id=guest.id, token=old, reason="Mất thẻ"))
    guest.badge_token = new_badge_token()
    db.session.commit()
    outcome = check_in(event, main, door_scanner, code=short_code(old))
    assert outcome.result == "revoked" and outcome.guest.name == guest.full_name
    assert check_in(event, main, door_scanner, code=short_code(guest.badge_token)).result == "accepted"


def test_another_events_short_code_is_wrong_event(db, setup, make_event, make_guest, door_scanner):
    event, main, _, _ = setup
    stranger = make_guest(make_event(name="Ngày hội HTX Hà Nội"), full_name="Trần Văn Khách")
    outcome = check_in(event, main, door_scanner, code=short_code(stranger.badge_token))
    assert outcome.result == "wrong_event" and outcome.guest is None


def test_the_api_accepts_a_typed_short_code(client, db, setup, make_key):
    event, main, _, guest = setup
    headers = make_key(event, main)
    response = client.post(f"/api/v1/events/{event.slug}/checkins", headers=headers,
                           json={"gate": main.code, "code": short_code(guest.badge_token).replace("-", "")})
    assert response.status_code == 200
    assert response.get_json()["result"] == "accepted"
    assert response.get_json()["guest"]["name"] == "Nguyễn Mạnh Cường"
