"""The code at the door: forged, foreign and revoked codes are refused, each with its reason."""
import pytest

from eventapp.audit import AuditEntry
from eventapp.badges.services import lookup_code, reissue_badge, resolve_code, revocations
from eventapp.errors import Conflict, DomainError
from eventapp.registration.models import RevokedBadge
from eventapp.tokens import new_badge_token

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def test_a_guests_own_code_is_ok_bare_or_in_a_url(db, make_event, make_guest):
    event = make_event()
    guest = make_guest(event)
    assert resolve_code(event, guest.badge_token) == (guest, "ok")
    assert resolve_code(event, f"https://example.org/c/{guest.badge_token.lower()}\n") == (guest, "ok")


def test_every_single_character_change_is_refused(db, make_event, make_guest):
    event = make_event()
    token = make_guest(event).badge_token
    for position in range(len(token)):
        for letter in BASE32:
            if letter != token[position]:
                forged = token[:position] + letter + token[position + 1:]
                assert resolve_code(event, forged) == (None, "invalid"), forged


def test_garbage_and_made_up_codes_are_invalid(db, make_event, make_guest):
    event = make_event()
    make_guest(event)
    for text in ("", "   ", "hello", "A" * 26, new_badge_token(), "1" * 26, None, "<script>"):
        assert resolve_code(event, text) == (None, "invalid")


def test_another_events_code_is_refused_without_naming_its_guest(db, make_event, make_guest):
    here, there = make_event(), make_event()
    stranger = make_guest(there)
    assert resolve_code(here, stranger.badge_token) == (None, "wrong_event")
    assert resolve_code(there, stranger.badge_token) == (stranger, "ok")


def test_a_reissued_code_is_refused_as_revoked_with_its_reason(db, make_event, make_guest):
    event = make_event()
    guest = make_guest(event)
    old = guest.badge_token
    guest.badge_printed_at = guest.created_at
    db.session.commit()
    reissue_badge(guest, "  Mất thẻ  ")
    assert guest.badge_token != old and guest.badge_printed_at is None  # the new badge still has to be printed
    found = lookup_code(event, old)
    assert (found.state, found.guest, found.revoked.reason) == ("revoked", guest, "Mất thẻ")
    assert resolve_code(event, guest.badge_token) == (guest, "ok")
    assert resolve_code(make_event(), old) == (None, "wrong_event")
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="badge.reissue")).scalar_one()
    assert entry.target == f"guest:{guest.id}" and "Mất thẻ" in entry.details and old not in entry.details
    assert [r.token for r in revocations(guest)] == [old]


def test_reissue_needs_a_reason(db, make_event, make_guest):
    guest = make_guest(make_event())
    with pytest.raises(DomainError) as caught:
        reissue_badge(guest, "   ")
    assert caught.value.field == "reason"
    with pytest.raises(DomainError):
        reissue_badge(guest, "x" * 256)
    assert db.session.execute(db.select(RevokedBadge)).first() is None


def test_a_code_is_revoked_once_the_database_says_so(db, make_event, make_guest):
    from sqlalchemy.exc import IntegrityError

    guest = make_guest(make_event())
    old = guest.badge_token
    reissue_badge(guest, "Mất thẻ")
    db.session.add(RevokedBadge(guest_id=guest.id, token=old, reason="lần hai"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert [r.reason for r in revocations(guest)] == ["Mất thẻ"]


def test_reissue_by_two_people_at_once_says_conflict(db, make_event, make_guest):
    guest = make_guest(make_event())
    old = guest.badge_token
    db.session.add(RevokedBadge(guest_id=guest.id, token=old, reason="đã thu hồi ở máy khác"))
    db.session.commit()
    guest.badge_token = old  # this session still believes the old code is current
    with pytest.raises(Conflict):
        reissue_badge(guest, "Mất thẻ")
