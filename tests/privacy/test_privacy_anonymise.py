"""Organisers anonymise an event's guests after it ends; the counts stay as they were."""
import json

import pytest
from sqlalchemy import func, select

from eventapp.audit import AuditEntry
from eventapp.badges.services import resolve_code
from eventapp.errors import DomainError
from eventapp.privacy import services
from eventapp.registration import queries
from eventapp.registration.models import Guest, RevokedBadge
from eventapp.registration.services import approve_guest, cancel_guest
from tests.conftest import csrf_token
from tests.privacy.conftest import PERSONAL, register, text_hits

PEOPLE = [("Nguyễn Văn An", "an@example.org", None), ("Lê Thị Bích Ngọc", None, "0912 000 111"),
          ("Hoàng Minh Đức", "duc@example.org", "0912 000 222"), ("Vũ Thị Hồng", "hong@example.org", None),
          ("Bùi Quang Hải", "hai@example.org", None)]


@pytest.fixture
def crowd(db, lived_in_guest):
    """Guests of every status in two categories (one needs approval, one holds two places)."""

    def make(event):
        first, second = event.categories
        second.requires_approval = True
        first.capacity = 2
        db.session.commit()
        guests = [lived_in_guest(event)]
        for index, (name, email, phone) in enumerate(PEOPLE):
            guests.append(register(event, second if index % 2 else first, full_name=name, email=email,
                                   phone=phone, organization="HTX Thủy sản Cát Bà", position=""))
        approve_guest(guests[2], notify=False)
        cancel_guest(guests[3], notify=False)
        return guests

    return make


def _counts(event):
    rows = queries.category_counts(event, queries.checked_in_ids(event))
    return [row.as_dict() for row in rows]


def _statuses(db, event):
    return sorted(db.session.execute(
        select(Guest.category_id, Guest.status, Guest.created_at, Guest.approved_at, Guest.cancelled_at)
        .where(Guest.event_id == event.id)).all())


def test_counts_per_category_and_status_are_kept(db, make_event, crowd):
    from datetime import timedelta

    from eventapp.db import utcnow

    start = utcnow() - timedelta(days=2)
    event = make_event(categories=("htx", "bao-chi"), starts_at=start, ends_at=start + timedelta(hours=4))
    crowd(event)
    before, facts = _counts(event), _statuses(db, event)
    assert {row["waiting"] for row in before} != {0}, "the crowd should fill a waiting list"

    assert services.anonymise_event(event, event.slug) == 1 + len(PEOPLE)

    assert _counts(event) == before
    assert _statuses(db, event) == facts
    names = [p[0] for p in PEOPLE] + [p[1] for p in PEOPLE if p[1]] + ["+84912000111", "+84912000222"]
    assert text_hits(db, *PERSONAL, *names) == []
    assert {g.full_name for g in db.session.execute(select(Guest)).scalars()} == {services.ANONYMOUS_NAME}
    assert db.session.execute(select(func.count()).select_from(Guest)
                              .where(Guest.search_key != "")).scalar_one() == 0


def test_badge_codes_and_private_links_stop_working(client, db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    badge, link = guest.badge_token, guest.private_token
    revoked = db.session.execute(select(RevokedBadge.token)).scalar_one()
    assert resolve_code(ended_event, badge)[1] == "ok" and resolve_code(ended_event, revoked)[1] == "revoked"

    services.anonymise_event(ended_event, ended_event.slug)

    assert resolve_code(ended_event, badge) == (None, "invalid")
    assert resolve_code(ended_event, revoked) == (None, "invalid")
    # The new codes are recorded nowhere as revoked: nothing tells the door they ever existed.
    assert db.session.execute(select(func.count()).select_from(RevokedBadge)).scalar_one() == 0
    assert client.get(f"/g/{link}/").status_code == 404
    assert client.get(f"/g/{link}/data.json").status_code == 404


def test_refused_before_the_event_ends(db, coming_event, lived_in_guest):
    guest = lived_in_guest(coming_event)
    with pytest.raises(DomainError) as refused:
        services.anonymise_event(coming_event, coming_event.slug)
    assert "chưa kết thúc" in refused.value.message
    assert db.session.get(Guest, guest.id).anonymised_at is None


def test_refused_without_the_typed_confirmation(db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    with pytest.raises(DomainError) as refused:
        services.anonymise_event(ended_event, "yes")
    assert refused.value.field == "confirmation"
    assert db.session.get(Guest, guest.id).full_name != services.ANONYMOUS_NAME


def test_audit_logged_and_a_second_run_has_nothing_left(db, ended_event, lived_in_guest):
    lived_in_guest(ended_event)
    assert services.anonymise_event(ended_event, ended_event.slug) == 1
    assert services.anonymise_event(ended_event, ended_event.slug) == 0
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.action == "privacy.anonymise_event")
                                 .order_by(AuditEntry.id)).scalars().all()
    assert [json.loads(e.details) for e in entries] == [{"guests": 1}, {"guests": 0}]
    summary = services.anonymise_summary(ended_event)
    assert (summary.total, summary.anonymised, summary.remaining) == (1, 1, 0)


def test_other_events_are_untouched(db, ended_event, make_event, lived_in_guest):
    other = make_event()
    lived_in_guest(other)
    services.anonymise_event(ended_event, ended_event.slug)
    assert db.session.execute(select(Guest.full_name).where(Guest.event_id == other.id)).scalar_one() != \
        services.ANONYMOUS_NAME


# ----- the organisers' page ----------------------------------------------------------------------
def test_the_dashboard_links_to_it(client, db, ended_event, admin):
    page = client.get("/admin/").get_data(as_text=True)
    assert f"/admin/e/{ended_event.slug}/anonymise" in page


def test_the_page_shows_the_counts_and_asks_for_the_slug(client, db, ended_event, lived_in_guest, admin):
    lived_in_guest(ended_event)
    url = f"/admin/e/{ended_event.slug}/anonymise"
    page = client.get(url).get_data(as_text=True)
    assert 'id="remaining-guests">1<' in page and 'name="confirmation"' in page

    wrong = client.post(url, data={"csrf_token": csrf_token(client, url), "confirmation": "ok"})
    assert wrong.status_code == 400 and "Vui lòng gõ đúng mã sự kiện" in wrong.get_data(as_text=True)
    assert text_hits(db, *PERSONAL)

    done = client.post(url, data={"csrf_token": csrf_token(client, url), "confirmation": ended_event.slug},
                       follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Đã ẩn danh dữ liệu của 1 khách" in text and 'id="remaining-guests">0<' in text
    assert text_hits(db, *PERSONAL) == []


def test_the_page_refuses_before_the_end(client, db, coming_event, lived_in_guest, admin):
    lived_in_guest(coming_event)
    url = f"/admin/e/{coming_event.slug}/anonymise"
    assert 'name="confirmation"' not in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "confirmation": coming_event.slug})
    assert refused.status_code == 400
    assert text_hits(db, *PERSONAL)


def test_door_staff_may_not(client, db, ended_event, make_user, login):
    login(make_user("door", event=ended_event))
    assert client.get(f"/admin/e/{ended_event.slug}/anonymise").status_code == 403


# ----- the command line --------------------------------------------------------------------------
def test_the_cli_anonymises_an_ended_event(runner, db, ended_event, lived_in_guest):
    lived_in_guest(ended_event)
    result = runner.invoke(args=["anonymise", ended_event.slug, "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Đã ẩn danh 1 khách của {ended_event.slug}" in result.output
    assert text_hits(db, *PERSONAL) == []


def test_the_cli_refuses_before_the_end_and_unknown_events(runner, db, coming_event, lived_in_guest):
    lived_in_guest(coming_event)
    early = runner.invoke(args=["anonymise", coming_event.slug, "--yes"])
    assert early.exit_code != 0 and "chưa kết thúc" in early.output
    assert runner.invoke(args=["anonymise", "khong-co", "--yes"]).exit_code != 0
    assert text_hits(db, *PERSONAL)


def test_the_cli_asks_before_it_acts(runner, db, ended_event, lived_in_guest):
    lived_in_guest(ended_event)
    result = runner.invoke(args=["anonymise", ended_event.slug], input="n\n")
    assert result.exit_code != 0
    assert text_hits(db, *PERSONAL)


def test_the_demo_event_is_loaded_with_its_data_and_can_be_anonymised(runner, db):
    from eventapp.demo.services import load_demo

    event = load_demo()
    summary = services.anonymise_summary(event)
    assert summary.ended and summary.total > 200 and summary.anonymised == 0
    before = _counts(event)
    result = runner.invoke(args=["anonymise", event.slug, "--yes"])
    assert result.exit_code == 0, result.output
    assert _counts(event) == before
    assert services.anonymise_summary(event).remaining == 0
