"""Copying the demo event (the 2024 Hải Phòng Cooperative Day) for the next year."""
from datetime import date

from eventapp.booths.models import Booth, BoothZoneRule
from eventapp.checkin.models import Gate
from eventapp.demo.services import load_demo
from eventapp.events.cloning import clone_event
from eventapp.programme.models import AwardCategory, AwardRecipient, ProgrammeItem
from eventapp.registration.models import Guest


def of(db, model, event, *columns):
    query = db.select(*columns).where(model.event_id == event.id)
    return sorted(tuple(row) for row in db.session.execute(query).all())


def test_the_demo_copied_to_2025_keeps_its_set_up_and_none_of_its_guests(db):
    demo = load_demo()
    new = clone_event(demo, name="Ngày hội Hợp tác xã thành phố Hải Phòng năm 2025", slug="ngay-hoi-htx-hai-phong-2025",
                      start_date=date(2025, 4, 11))

    assert [(c.code, c.name, c.capacity, c.color) for c in new.categories] == [
        (c.code, c.name, c.capacity, c.color) for c in demo.categories]
    assert of(db, Gate, new, Gate.code, Gate.name) == of(db, Gate, demo, Gate.code, Gate.name)
    gates = {g.code: [c.code for c in g.categories] for g in db.session.execute(
        db.select(Gate).filter_by(event_id=demo.id)).scalars()}
    assert {g.code: [c.code for c in g.categories] for g in db.session.execute(
        db.select(Gate).filter_by(event_id=new.id)).scalars()} == gates
    booth = (Booth.code, Booth.zone, Booth.x, Booth.y, Booth.width, Booth.height)
    assert len(of(db, Booth, new, *booth)) == 60 and of(db, Booth, new, *booth) == of(db, Booth, demo, *booth)
    assert {status for (status,) in of(db, Booth, new, Booth.status)} <= {"free", "blocked"}
    assert of(db, BoothZoneRule, new, BoothZoneRule.zone, BoothZoneRule.sector) == of(
        db, BoothZoneRule, demo, BoothZoneRule.zone, BoothZoneRule.sector)
    award = (AwardCategory.name, AwardCategory.kind, AwardCategory.awarding_body, AwardCategory.position)
    assert len(of(db, AwardCategory, new, *award)) == 6 and of(db, AwardCategory, new, *award) == of(
        db, AwardCategory, demo, *award)

    new_awards = db.session.execute(db.select(AwardCategory).filter_by(event_id=new.id)).scalars().all()
    assert all(a.recipients == [] for a in new_awards)
    assert all(a.programme_item.event_id == new.id for a in new_awards if a.programme_item_id)
    assert db.session.execute(db.select(Guest.id).filter_by(event_id=new.id)).first() is None
    assert db.session.execute(db.select(AwardRecipient.id).join(AwardCategory).where(
        AwardCategory.event_id == new.id)).first() is None

    # The programme starts at 08:00 on 11/04/2025, as the demo's did on 06/04/2024.
    first = db.session.execute(db.select(ProgrammeItem).filter_by(event_id=new.id, position=1)).scalar_one()
    assert new.local(first.pinned_start).strftime("%d/%m/%Y %H:%M") == "11/04/2025 08:00"
    assert new.local(new.starts_at).strftime("%d/%m/%Y %H:%M") == "11/04/2025 08:00"
    assert len(of(db, ProgrammeItem, new, ProgrammeItem.title)) == len(of(db, ProgrammeItem, demo, ProgrammeItem.title))
