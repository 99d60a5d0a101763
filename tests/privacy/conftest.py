"""Fixtures of the privacy tests: events before and after their end, a guest with a history, and
a search of every text column of every table."""
from datetime import timedelta

import pytest
from sqlalchemy import String, Text, select

from eventapp.db import utcnow
from eventapp.text import search_key

NAME = "Phạm Thị Xuân Quỳnh"
EMAIL = "quynh.pham@example.org"
PHONE = "0987 654 321"
PHONE_E164 = "+84987654321"


@pytest.fixture
def ended_event(make_event):
    """An event that ended yesterday."""
    start = utcnow() - timedelta(days=1, hours=6)
    return make_event(starts_at=start, ends_at=start + timedelta(hours=4))


@pytest.fixture
def coming_event(make_event):
    """An event ten days from now."""
    start = utcnow() + timedelta(days=10)
    return make_event(starts_at=start, ends_at=start + timedelta(hours=4))


@pytest.fixture
def admin(db, login):
    from eventapp.auth.models import User

    user = User(email="bantochuc@example.org", role="admin", password_hash="!")
    db.session.add(user)
    db.session.commit()
    return login(user)


def register(event, category=None, **values):
    """A guest through the public form's service: consent recorded, confirmation e-mailed."""
    from eventapp.registration.services import self_register

    data = {"full_name": NAME, "email": EMAIL, "phone": PHONE, "organization": "HTX Dịch vụ Xuân Quỳnh Phát",
            "position": "Kế toán trưởng"}
    data.update(values)
    return self_register(event, category or event.categories[0], **data)


@pytest.fixture
def lived_in_guest(db):
    """register() and then a history: an edit, a lost badge (reason naming her), a print run, a
    reprint at the door (reason naming her), an organiser's resend."""
    from eventapp.badges.models import BadgePrint, BadgePrintBatch
    from eventapp.badges.services import reissue_badge
    from eventapp.registration.resend import resend_link
    from eventapp.registration.services import update_guest

    def make(event, **values):
        guest = register(event, **values)
        update_guest(guest, full_name=guest.full_name, email=guest.email, phone=guest.phone,
                     organization=guest.organization, position="Giám đốc")
        reissue_badge(guest, f"Chị {guest.full_name} báo mất thẻ")
        for kind, reason in (("batch", ""), ("reprint", f"Thẻ của {guest.full_name} bị rách")):
            batch = BadgePrintBatch(event_id=event.id, kind=kind, layout="a6", reason=reason,
                                    actor="cua@example.org", guest_count=1)
            batch.prints.append(BadgePrint(guest_id=guest.id, badge_token=guest.badge_token))
            db.session.add(batch)
        db.session.commit()
        resend_link(guest, by_organiser=True)
        return guest

    return make


def needles(*values):
    """The values and their search forms (no diacritics, lower case), as stored in search keys."""
    found = set()
    for value in values:
        found.add(value)
        found.add(search_key(value))
    return {n for n in found if n}


def text_hits(db, *values):
    """[(table, column, value)] of every text column of every table that contains a value."""
    wanted = [n.casefold() for n in needles(*values)]
    hits = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).all():
            for column, value in zip(columns, row):
                if isinstance(value, str) and any(n in value.casefold() for n in wanted):
                    hits.append((table.name, column.name, value))
    return hits


PERSONAL = (NAME, EMAIL, PHONE_E164, PHONE.replace(" ", "")[1:])


@pytest.fixture
def award_for(db):
    """Makes a guest an award recipient (under their name, as organisers type it)."""
    from eventapp.programme.models import AwardCategory, AwardRecipient

    def make(guest):
        category = AwardCategory(event_id=guest.event_id, name=f"Bằng khen {guest.id}",
                                 awarding_body="UBND thành phố")
        category.recipients.append(AwardRecipient(position=1, name=guest.full_name, guest_id=guest.id))
        db.session.add(category)
        db.session.commit()
        return category

    return make
