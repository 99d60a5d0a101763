"""A booth is "assigned" because an assignment row names it, not because a copy says so; the
hard rules (zone, features) are one set of functions for the allocator, the organiser's manual
changes and the exhibitors' own picks."""
import re

import pytest
from sqlalchemy.exc import IntegrityError

from eventapp.booths import allocation, placement, planning
from eventapp.booths.allocation import ApplicationSpec, BoothSpec, Problem, allocate
from eventapp.booths.models import BoothApplication
from tests.conftest import csrf_token


def shown_status(client, event, code):
    """The status column of the organiser's booth list, as read on the page."""
    page = client.get(f"/admin/e/{event.slug}/booths/list", follow_redirects=True).get_data(as_text=True)
    row = re.search(rf"<tr>\s*<td><a [^>]*>{code}</a></td>.*?</tr>", page, re.S).group(0)
    return re.search(r'class="booth-status st-(\w+)">([^<]*)<', row).groups()


def test_the_plan_shows_assigned_exactly_while_an_assignment_row_exists(client, db, make_user, login, booth_event,
                                                                        row_of_booths, make_application):
    login(make_user("admin"))
    a1, a2 = row_of_booths(booth_event, 2)
    application = make_application(booth_event, "HTX Nông nghiệp Tân Dương")
    placement.assign(a1, application)
    assert shown_status(client, booth_event, "A01") == ("assigned", "Đã xếp")
    assert shown_status(client, booth_event, "A02") == ("free", "Trống")
    # The organiser edits the assigned booth: its form has no status to choose, and it stays assigned.
    detail = f"/admin/e/{booth_event.slug}/booths/{a1.id}"
    form = client.get(detail, follow_redirects=True).get_data(as_text=True)
    assert 'name="status"' not in form
    saved = client.post(detail, data={"csrf_token": csrf_token(client, detail), "code": "A01", "zone": "Khu mới",
                                      "x": 0, "y": 0, "width": 3, "height": 3}, follow_redirects=True)
    assert "Đã lưu gian A01" in saved.get_data(as_text=True)
    assert shown_status(client, booth_event, "A01") == ("assigned", "Đã xếp") and a1.zone == "Khu mới"
    # The application goes without the booth services (the database cascades to its assignment):
    # a stored "assigned" would have stayed behind; the derived status follows the row.
    db.session.execute(db.delete(BoothApplication).where(BoothApplication.id == application.id))
    db.session.commit()
    assert shown_status(client, booth_event, "A01") == ("free", "Trống")
    overview = client.get(f"/admin/e/{booth_event.slug}/booths/", follow_redirects=True).get_data(as_text=True)
    assert re.search(r"Đã xếp</dt><dd>0<", overview)


def test_the_database_refuses_a_stored_assigned_status(db, booth_event, row_of_booths):
    [booth] = row_of_booths(booth_event, 1)
    booth.status = "assigned"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_giving_out_a_held_booth_ends_the_hold(db, booth_event, row_of_booths, make_application):
    held, other = row_of_booths(booth_event, 2)
    application = make_application(booth_event, "HTX Một")
    placement.set_status(held, "held")
    assert held.plan_status == "held"
    placement.assign(held, application)
    assert held.plan_status == "assigned"
    placement.unassign(held)
    assert held.plan_status == "free"
    placement.set_status(other, "held")
    placement.assign(held, application)
    placement.move(held, other)                  # moved onto a held booth: that hold ends as well
    assert (held.plan_status, other.plan_status) == ("free", "assigned")
    placement.unassign(other)
    assert other.plan_status == "free"


def test_a_held_or_blocked_booth_is_not_given_out_by_the_allocator(db, booth_event, row_of_booths,
                                                                   make_application):
    held, blocked, free = row_of_booths(booth_event, 3)
    placement.set_status(held, "held")
    placement.set_status(blocked, "blocked")
    make_application(booth_event, "HTX Một", wishes=[held])
    make_application(booth_event, "HTX Hai", wishes=[blocked])
    run = planning.run_allocation(booth_event, time_limit=5, workers=1)
    assert [p.booth_ids for p in run.result.placements] == [(free.id,)]
    assert [b.plan_status for b in (held, blocked, free)] == ["held", "blocked", "assigned"]


def test_features_are_judged_on_the_whole_set_by_hand_as_by_the_allocator(db, booth_event, row_of_booths,
                                                                          make_application):
    # The manual check used to skip a set still short of booths while the allocator's features_met
    # judged any set it was given. Right: judge the complete set only, since the first of two booths
    # may lack the water that the second one brings. One function now says it for both.
    a1, a2, a3 = row_of_booths(booth_event, 3)
    a3.has_water = True
    db.session.commit()
    wants_water = make_application(booth_event, "HTX Cá", wanted=2, needs_water=True)
    assert placement.assign(a1, wants_water) == []              # one of two: nothing missing yet
    assert placement.assign(a2, wants_water) == ["Thiếu nước."]  # complete, and no water in it
    spec = ApplicationSpec(1, "HTX Cá", "Nông nghiệp", 2, needs_water=True)
    dry = [BoothSpec(b.id, b.code, b.zone, b.x, b.y, b.width, b.height) for b in (a1, a2)]
    assert allocation.missing_features(spec, dry[:1]) == []
    assert allocation.missing_features(spec, dry) == ["water"]
    # The allocator, free to choose, takes the pair with water.
    placement.unassign(a1)
    placement.unassign(a2)
    planning.run_allocation(booth_event, time_limit=5, workers=1)
    assert [b.code for b in placement.booths_of(wants_water)] == ["A02", "A03"]


def test_suitable_booths_that_are_not_side_by_side_are_named_as_such():
    # Two booths wanted, with electricity and water: one booth has electricity, a far one water.
    # No single booth has both, but a pair could: the exhibitor is told the booths are not
    # adjacent, not that no booth has what it needs.
    booths = [BoothSpec(1, "A01", "Nông nghiệp", 0, 0, 3, 3, power=True), BoothSpec(2, "A02", "Nông nghiệp", 3, 0, 3, 3),
              BoothSpec(3, "C01", "Nông nghiệp", 30, 0, 3, 3, water=True)]
    apps = [ApplicationSpec(1, "HTX Điện nước", "Nông nghiệp", 2, needs_power=True, needs_water=True),
            ApplicationSpec(2, "HTX Nước một gian", "Nông nghiệp", 1, needs_water=True, needs_corner=True)]
    result = allocate(Problem(booths, {1, 2, 3}, apps), time_limit=5, workers=1)
    reasons = {u.application_id: u.reason for u in result.unplaced}
    assert reasons == {1: allocation.NO_ADJACENT_SET, 2: allocation.NO_BOOTH_FITS}


def test_an_exhibitor_cannot_pick_a_booth_in_a_zone_closed_to_its_sector(db, booth_event, row_of_booths,
                                                                         make_application):
    from eventapp.booths import plan, portal
    from eventapp.errors import DomainError

    booth_event.booth_self_selection = True
    [booth] = row_of_booths(booth_event, 1, zone="Thủy sản")
    plan.set_zone_rule(booth_event, "Thủy sản", ["Thủy sản"])
    farm = make_application(booth_event, "HTX Rau", status="submitted")
    with pytest.raises(DomainError, match="Khu Thủy sản không dành cho ngành Nông nghiệp"):
        portal.pick_booth(booth_event, farm.cooperative, booth)
    assert placement.check_rules(farm, [booth]) == ["Khu Thủy sản không dành cho ngành Nông nghiệp."]
    assert booth.plan_status == "free"
