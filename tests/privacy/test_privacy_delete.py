"""A guest deletes their data from their private page: nothing personal is left in any table."""
import json

import pytest
from sqlalchemy import Column, ForeignKey, Integer, String, Table, insert, select

from eventapp.audit import AuditEntry
from eventapp.badges.services import resolve_code
from eventapp.errors import Conflict
from eventapp.privacy import services
from eventapp.programme.models import AwardRecipient
from eventapp.registration.models import Guest, RevokedBadge
from tests.conftest import csrf_token
from tests.privacy.conftest import NAME, PERSONAL, register, text_hits


def test_nothing_personal_is_left_in_any_table(db, ended_event, lived_in_guest, make_guest):
    guest = lived_in_guest(ended_event)
    other = make_guest(ended_event, full_name="Trần Văn Bảy", email="bay@example.org")
    assert text_hits(db, *PERSONAL), "the history should have spread her data around"
    old_badge, old_link = guest.badge_token, guest.private_token
    revoked = db.session.execute(select(RevokedBadge.token)).scalar_one()

    services.delete_guest_data(guest)

    assert text_hits(db, *PERSONAL) == []
    row = db.session.get(Guest, guest.id)
    assert row.anonymised_at is not None and row.email is None and row.phone is None
    assert row.full_name == services.ANONYMOUS_NAME
    # After the event her status stays (counts of attendance); her category too.
    assert row.status == "registered" and row.category_id == ended_event.categories[0].id
    assert resolve_code(ended_event, old_badge) == (None, "invalid")
    assert resolve_code(ended_event, revoked) == (None, "invalid")
    assert row.private_token != old_link
    # The other guest is untouched.
    assert db.session.get(Guest, other.id).full_name == "Trần Văn Bảy"
    assert text_hits(db, "Trần Văn Bảy", "bay@example.org")


def test_the_audit_log_says_a_guest_deleted_their_data_and_no_more(db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    services.delete_guest_data(guest)
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "privacy.guest_deleted")).scalar_one()
    assert entry.target == f"guest:{guest.id}" and entry.event_id == ended_event.id
    assert json.loads(entry.details) == {"by": "guest"}
    # Earlier entries about her keep what happened, without her name or the reasons naming her.
    reissue = db.session.execute(select(AuditEntry).where(AuditEntry.action == "badge.reissue")).scalar_one()
    assert json.loads(reissue.details) == {"reason": "[đã xoá]"}
    update = db.session.execute(select(AuditEntry).where(AuditEntry.action == "guest.update")).scalar_one()
    assert json.loads(update.details) == {"by": "guest", "fields": ["position"]}


def test_before_the_event_her_place_goes_to_the_waiting_list(db, coming_event, make_guest):
    from eventapp.mail import outbox_messages

    category = coming_event.categories[0]
    category.capacity = 1
    db.session.commit()
    guest = register(coming_event)
    waiting = register(coming_event, full_name="Đỗ Minh Tâm", email="tam@example.org", phone="0901 111 222")
    assert (guest.status, waiting.status) == ("registered", "waiting")

    promoted = services.delete_guest_data(guest)

    assert [g.id for g in promoted] == [waiting.id]
    assert db.session.get(Guest, waiting.id).status == "registered"
    assert db.session.get(Guest, guest.id).status == "cancelled"
    assert outbox_messages()[0]["to"] == "tam@example.org"
    assert not any(m["to"] == "quynh.pham@example.org" and "huỷ" in m["subject"].lower() for m in outbox_messages())
    assert text_hits(db, *PERSONAL) == []


def test_an_award_keeps_its_recipient_but_loses_the_link(db, ended_event, lived_in_guest, award_for):
    guest = lived_in_guest(ended_event)
    award = award_for(guest)
    services.delete_guest_data(guest)
    recipient = db.session.execute(select(AwardRecipient).where(AwardRecipient.category_id == award.id)).scalar_one()
    assert recipient.guest_id is None and recipient.name == NAME
    # The honours list (and nothing else) still carries the name the organisers typed.
    assert {table for table, _, _ in text_hits(db, *PERSONAL)} == {"award_recipient"}


def test_other_tables_pointing_at_her_lose_her_name(app, db, ended_event, lived_in_guest):
    table = Table("test_door_note", db.metadata, Column("id", Integer, primary_key=True),
                  Column("guest_id", Integer, ForeignKey("guest.id", ondelete="CASCADE")),
                  Column("note", String(200), nullable=False))
    table.create(db.engine)
    try:
        guest = lived_in_guest(ended_event)
        db.session.execute(insert(table), [{"guest_id": guest.id, "note": f"Đón {NAME} ở cổng phụ"}])
        db.session.commit()
        services.delete_guest_data(guest)
        assert db.session.execute(select(table.c.note)).scalar_one() == "Đón [đã xoá] ở cổng phụ"
        assert text_hits(db, *PERSONAL) == []
    finally:
        db.session.rollback()
        table.drop(db.engine)
        db.metadata.remove(table)


def test_deleting_twice_is_refused(db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    services.delete_guest_data(guest)
    with pytest.raises(Conflict):
        services.delete_guest_data(db.session.get(Guest, guest.id))


# ----- through the private page ------------------------------------------------------------------
def test_the_confirmation_page_says_what_will_happen(client, db, coming_event):
    guest = register(coming_event)
    page = client.get(f"/g/{guest.private_token}/delete")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "Xoá dữ liệu của tôi" in text and "danh sách chờ" in text
    assert db.session.get(Guest, guest.id).anonymised_at is None


def test_deleting_needs_the_csrf_token(client, db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    response = client.post(f"/g/{guest.private_token}/delete")
    assert response.status_code == 400
    assert db.session.get(Guest, guest.id).full_name == NAME


def test_the_guest_deletes_their_data_and_their_link_stops_working(client, db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    link = f"/g/{guest.private_token}/"
    token = csrf_token(client, link + "delete")
    response = client.post(link + "delete", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/e/{ended_event.slug}/")
    landing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dữ liệu cá nhân của bạn đã được xoá" in landing
    assert client.get(link).status_code == 404
    assert client.get(link + "data.json").status_code == 404
    assert text_hits(db, *PERSONAL) == []
