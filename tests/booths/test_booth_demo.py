"""The demo shows an allocated floor plan, the one `flask allocate` finds, and loading it again
changes nothing."""
from eventapp.booths import placement, plan, planning
from eventapp.booths.geometry import adjacency, is_connected
from eventapp.booths.models import BoothApplication


def test_demo_plan_is_allocated_once(db):
    from eventapp.demo.services import demo_counts, load_demo

    event = load_demo()
    counts = demo_counts()
    assert counts["booth_assignment"] >= 50
    graph = adjacency(plan.list_booths(event))
    for application in db.session.execute(db.select(BoothApplication)).scalars():
        booths = placement.booths_of(application)
        if booths:
            assert application.status == "approved"
            assert len(booths) == application.booths_wanted
            assert is_connected({b.id for b in booths}, graph)
    before = {a.booth_id: a.application_id for a in placement.assignments(event)}
    load_demo()
    assert demo_counts() == counts
    assert {a.booth_id: a.application_id for a in placement.assignments(event)} == before
    # What `flask allocate --replan` would do with its default settings: exactly the demo's plan.
    summary = planning.preview(event, mode="replan")
    assert summary["changes"] == []
    assert summary["score"]["before"] == summary["score"]["after"]
