"""A guest downloads everything stored about them, with the exact consent text they agreed to."""
import json
from datetime import UTC

import pytest
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, insert

from eventapp.privacy import consent, export
from tests.privacy.conftest import EMAIL, NAME, PHONE_E164


@pytest.fixture
def scan_table(app, db):
    """A table pointing at guests that the privacy feature does not know by name, as the check-in
    feature's tables are: created for one test, then dropped."""
    table = Table("test_scan_note", db.metadata,
                  Column("id", Integer, primary_key=True),
                  Column("guest_id", Integer, ForeignKey("guest.id", ondelete="CASCADE")),
                  Column("gate", String(40), nullable=False),
                  Column("note", String(200), nullable=False, default=""),
                  Column("scanned_at", DateTime))
    table.create(db.engine)
    yield table
    db.session.rollback()
    table.drop(db.engine)
    db.metadata.remove(table)


def test_the_export_holds_the_details_history_and_consent_text(db, ended_event, lived_in_guest, award_for):
    guest = lived_in_guest(ended_event)
    award_for(guest)
    data = export.guest_data(guest)
    assert data["guest"]["full_name"] == NAME
    assert data["guest"]["email"] == EMAIL and data["guest"]["phone"] == PHONE_E164
    assert data["guest"]["position"] == "Giám đốc" and data["guest"]["status"] == "registered"
    assert data["guest"]["badge_code"] == guest.badge_token
    assert data["category"]["code"] == guest.category.code
    assert data["event"]["slug"] == ended_event.slug
    assert data["consent"]["version"] == consent.CURRENT
    assert data["consent"]["text"] == {"vi": consent.text(consent.CURRENT, "vi"),
                                       "en": consent.text(consent.CURRENT, "en")}
    assert data["consent"]["agreed_at"] == guest.consent_at.isoformat()
    assert [p["kind"] for p in data["badge_prints"]] == ["batch", "reprint"]
    assert data["badge_prints"][1]["reason"] == f"Thẻ của {NAME} bị rách"
    assert data["revoked_badges"][0]["reason"] == f"Chị {NAME} báo mất thẻ"
    assert data["awards"][0]["award"].startswith("Bằng khen") and data["awards"][0]["name"] == NAME
    actions = [h["action"] for h in data["history"]]
    assert {"guest.update", "badge.reissue", "guest.resend"} <= set(actions)
    # The staff who acted are not named in it (their e-mail addresses are their own data).
    assert "cua@example.org" not in export.to_json(data)


def test_an_older_consent_shows_the_words_of_its_own_version(db, ended_event, make_guest):
    from datetime import datetime

    guest = make_guest(ended_event, consent_at=datetime(2024, 3, 1, 2, 0, tzinfo=UTC),
                       consent_version="2024-1")
    data = export.guest_data(guest)
    assert data["consent"]["version"] == "2024-1"
    assert data["consent"]["text"]["vi"] == consent.text("2024-1", "vi")
    assert "tải về hoặc xoá" not in data["consent"]["text"]["vi"]
    assert data["consent"]["agreed_at"] == "2024-03-01T02:00:00+00:00"


def test_a_guest_without_consent_has_none_in_the_export(db, ended_event, make_guest):
    assert export.guest_data(make_guest(ended_event))["consent"] is None


def test_other_tables_pointing_at_the_guest_are_exported(db, ended_event, lived_in_guest, make_guest, scan_table):
    from datetime import datetime

    guest = lived_in_guest(ended_event)
    other = make_guest(ended_event, full_name="Trần Văn Bảy")
    db.session.execute(insert(scan_table), [
        {"guest_id": guest.id, "gate": "cong-chinh", "note": "vào cổng", "scanned_at": datetime(2024, 4, 6, 1, 5)},
        {"guest_id": other.id, "gate": "cong-chinh", "note": "", "scanned_at": datetime(2024, 4, 6, 1, 6)},
    ])
    db.session.commit()
    rows = export.guest_data(guest)["other_records"]["test_scan_note"]
    assert [(r["gate"], r["note"], r["scanned_at"]) for r in rows] == \
        [("cong-chinh", "vào cổng", "2024-04-06T01:05:00")]


def test_the_guest_downloads_it_from_their_private_page(client, db, ended_event, lived_in_guest):
    guest = lived_in_guest(ended_event)
    page = client.get(f"/g/{guest.private_token}/").get_data(as_text=True)
    assert f"/g/{guest.private_token}/data.json" in page and f"/g/{guest.private_token}/delete" in page
    response = client.get(f"/g/{guest.private_token}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["guest"]["full_name"] == NAME
    assert data["consent"]["text"]["vi"] == consent.text(consent.CURRENT)
    # Vietnamese stays readable in the file, not \u-escaped.
    assert NAME in response.get_data(as_text=True)


def test_an_unknown_link_exports_nothing(client, db):
    assert client.get("/g/nobody-has-this-token/data.json").status_code == 404
