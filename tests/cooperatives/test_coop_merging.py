"""Merging two records of one cooperative: every link moves to the kept one, or nothing happens."""
import json

import pytest

from eventapp.audit import AuditEntry
from eventapp.auth.models import User
from eventapp.booths.models import BoothApplication, ExhibitorAccount
from eventapp.cooperatives import merging
from eventapp.cooperatives.models import Cooperative
from eventapp.errors import Conflict, DomainError, NotFound
from eventapp.programme.models import AwardCategory, AwardRecipient
from eventapp.registration.models import Guest


@pytest.fixture
def pair(organiser, add_coop):
    keep = add_coop(organiser, "Hợp tác xã Nông nghiệp Tân Dương", district="Thủy Nguyên", sector="Nông nghiệp")
    other = add_coop(organiser, "HTX nong nghiep Tan Duong", district="thuy nguyen", sector="Rau",
                     representative="Phạm Văn Tư", phone="+84912345678", is_priority=True)
    return keep, other


@pytest.fixture
def link(db, make_user, make_guest):
    """Links one cooperative from every table that can point at one, in an event."""
    counter = {"n": 0}

    def add(coop, event, application=True, account=True):
        counter["n"] += 1
        if application:
            db.session.add(BoothApplication(event_id=event.id, cooperative_id=coop.id, sector=coop.sector))
        user = make_user("exhibitor", event=event, cooperative=coop)
        if account:
            db.session.add(ExhibitorAccount(user_id=user.id, event_id=event.id, cooperative_id=coop.id, status="active"))
        guest = make_guest(event, "Trần Thị Lan", cooperative_id=coop.id)
        category = AwardCategory(event_id=event.id, name=f"Bằng khen {counter['n']}")
        category.recipients.append(AwardRecipient(position=1, name=coop.name, is_collective=True,
                                                  cooperative_id=coop.id))
        db.session.add(category)
        db.session.commit()
        return user, guest

    return add


def linked_to(db, coop_id):
    return {model.__name__: db.session.execute(db.select(db.func.count()).select_from(model)
                                               .where(model.cooperative_id == coop_id)).scalar_one()
            for model in (BoothApplication, ExhibitorAccount, User, Guest, AwardRecipient)}


def test_candidates_are_pairs_of_one_name_and_district(db, organiser, pair, add_coop, make_organiser):
    add_coop(organiser, "HTX Nông nghiệp Tân Dương", district="An Dương")
    add_coop(make_organiser(), "HTX Nông nghiệp Tân Dương", district="Thủy Nguyên")
    assert merging.candidate_pairs(organiser) == [pair]


def test_merge_repoints_every_link_and_fills_empty_fields(db, organiser, pair, link, make_event):
    keep, other = pair
    event, second = make_event(organiser=organiser), make_event(organiser=organiser)
    link(keep, event)
    user, guest = link(other, second)
    other_id = other.id
    plan = merging.plan_merge(organiser, keep.id, other_id)
    assert plan.clashes == [] and plan.fills == ["representative", "phone", "is_priority"]
    assert plan.moves == {"applications": 1, "exhibitor_accounts": 1, "users": 1, "guests": 1, "award_recipients": 1}

    merging.merge_cooperatives(organiser, keep.id, other_id)
    db.session.expire_all()
    assert db.session.get(Cooperative, other_id) is None
    assert linked_to(db, keep.id) == {"BoothApplication": 2, "ExhibitorAccount": 2, "User": 2, "Guest": 2,
                                      "AwardRecipient": 2}
    assert db.session.get(User, user.id).cooperative_id == keep.id
    assert db.session.get(Guest, guest.id).cooperative_id == keep.id
    kept = db.session.get(Cooperative, keep.id)
    assert (kept.name, kept.sector, kept.representative, kept.phone, kept.is_priority) == (
        "Hợp tác xã Nông nghiệp Tân Dương", "Nông nghiệp", "Phạm Văn Tư", "+84912345678", True)
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="cooperative.merge")).scalar_one()
    assert json.loads(entry.details)["removed"]["id"] == other_id and entry.organiser_id == organiser.id


def test_two_applications_in_one_event_refuse_the_merge_naming_it(db, organiser, pair, link, make_event):
    keep, other = pair
    event = make_event(organiser=organiser, name="Ngày hội HTX Hải Phòng 2024")
    link(keep, event, account=False)
    link(other, event, account=False)
    with pytest.raises(Conflict) as caught:
        merging.merge_cooperatives(organiser, keep.id, other.id)
    assert "Ngày hội HTX Hải Phòng 2024" in caught.value.message and "đơn đăng ký gian hàng" in caught.value.message
    db.session.rollback()
    assert db.session.get(Cooperative, other.id) is not None
    assert linked_to(db, other.id)["BoothApplication"] == 1


def test_two_exhibitor_accounts_in_one_event_refuse_the_merge(db, organiser, pair, link, make_event):
    keep, other = pair
    event = make_event(organiser=organiser, name="Ngày hội HTX 2025")
    link(keep, event, application=False)
    link(other, event, application=False)
    plan = merging.plan_merge(organiser, keep.id, other.id)
    assert len(plan.clashes) == 1 and "tài khoản đơn vị trưng bày" in plan.clashes[0]
    assert "Ngày hội HTX 2025" in plan.clashes[0]
    with pytest.raises(Conflict):
        merging.merge_cooperatives(organiser, keep.id, other.id)


def test_a_filled_district_that_makes_a_third_records_twin_is_refused(db, organiser, add_coop):
    keep = add_coop(organiser, "HTX Đông Sơn", district="")
    add_coop(organiser, "HTX Đông Sơn", district="Thủy Nguyên")
    other = add_coop(organiser, "HTX Dong Son cu", district="Thủy Nguyên")
    with pytest.raises(Conflict) as caught:
        merging.merge_cooperatives(organiser, keep.id, other.id)
    assert "HTX Đông Sơn" in caught.value.message
    assert db.session.get(Cooperative, other.id) is not None


def test_merging_needs_two_of_the_organisers_own(db, organiser, pair, add_coop, make_organiser):
    keep, _other = pair
    theirs = add_coop(make_organiser(), "HTX nong nghiep Tan Duong")
    with pytest.raises(NotFound):
        merging.merge_cooperatives(organiser, keep.id, theirs.id)
    with pytest.raises(DomainError):
        merging.merge_cooperatives(organiser, keep.id, keep.id)
    assert db.session.get(Cooperative, theirs.id) is not None
