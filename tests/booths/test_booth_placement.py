"""Allocation on the database (both lanes): hard constraints, locked booths kept, adjacency of
multi-booth requests, manual changes logged."""
import json

import pytest

from eventapp.audit import AuditEntry
from eventapp.booths import placement, plan, planning
from eventapp.booths.geometry import adjacency, is_connected
from eventapp.booths.models import BoothAssignment
from eventapp.errors import Conflict


def codes(application):
    return [b.code for b in placement.booths_of(application)]


def audit_actions(db, event):
    return [e.action for e in db.session.execute(
        db.select(AuditEntry).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id)).scalars()]


def test_allocation_places_approved_applications_on_their_wishes(db, booth_event, row_of_booths, make_application):
    a = row_of_booths(booth_event, 4, zone="Nông nghiệp")
    row_of_booths(booth_event, 4, zone="Thủy sản", y=6, prefix="B")
    rice = make_application(booth_event, "HTX Lúa", wishes=[a[2]])
    fish = make_application(booth_event, "HTX Cá", sector="Thủy sản", wishes=["Thủy sản"], products="Nước mắm")
    waiting = make_application(booth_event, "HTX Chưa duyệt", status="submitted")
    run = planning.run_allocation(booth_event, time_limit=5, workers=1)
    assert codes(rice) == ["A03"]
    assert codes(fish)[0].startswith("B")
    assert codes(waiting) == []
    assert run.result.proven_optimal
    assert {w.label: w.met for w in placement.explain(rice)} == {"Gian A03": True}
    assert a[2].plan_status == "assigned"
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="booth.allocate")).scalar_one()
    assert json.loads(entry.details)["placed"] == 2


def test_multi_booth_requests_get_adjacent_booths(db, booth_event, make_booth, make_application):
    # Two rows with an aisle between them, plus a lone booth: the three-booth request must take
    # three touching booths, never the lone one or a split set.
    booths = [make_booth(booth_event, f"A{i + 1:02d}", x=3.0 * i, y=0) for i in range(2)]
    booths += [make_booth(booth_event, f"B{i + 1:02d}", x=3.0 * i, y=6) for i in range(3)]
    booths.append(make_booth(booth_event, "C01", x=20, y=0))
    big = make_application(booth_event, "HTX Ba gian", wanted=3, wishes=[booths[0]])
    pair = make_application(booth_event, "HTX Hai gian", wanted=2)
    planning.run_allocation(booth_event, time_limit=5, workers=1)
    graph = adjacency(plan.list_booths(booth_event))
    assert codes(big) == ["B01", "B02", "B03"]
    assert codes(pair) == ["A01", "A02"]
    for application in (big, pair):
        assert is_connected({b.id for b in placement.booths_of(application)}, graph)


def test_locked_assignments_survive_a_rerun(db, booth_event, row_of_booths, make_application):
    booths = row_of_booths(booth_event, 3)
    first = make_application(booth_event, "HTX Khoá", wishes=[booths[0]])
    vip = make_application(booth_event, "HTX Tiêu biểu", wishes=[booths[2]], priority=True)
    placement.assign(booths[2], first, locked=True)          # the organiser decides by hand
    planning.run_allocation(booth_event, time_limit=5, workers=1)
    assert codes(first) == ["A03"] and codes(vip) != ["A03"]
    planning.run_allocation(booth_event, time_limit=5, workers=1)   # and again
    assert codes(first) == ["A03"]
    assignment = db.session.execute(db.select(BoothAssignment).filter_by(booth_id=booths[2].id)).scalar_one()
    assert assignment.locked and assignment.source == "manual"
    # Unlocked, a stable run still keeps it; only an explicit re-plan lets the priority
    # exhibitor's first wish win it back.
    placement.set_locked(booths[2], False)
    planning.run_allocation(booth_event, time_limit=5, workers=1)
    assert codes(first) == ["A03"]
    planning.run_allocation(booth_event, time_limit=5, workers=1, mode="replan")
    assert codes(vip) == ["A03"]


def test_zone_rules_and_features_are_respected(db, booth_event, make_booth, make_application):
    plain = make_booth(booth_event, "A01", zone="Thủy sản", x=0, y=0)
    wet = make_booth(booth_event, "A02", zone="Thủy sản", x=3, y=0, has_water=True)
    dry = make_booth(booth_event, "B01", zone="Nông nghiệp", x=0, y=6)
    plan.set_zone_rule(booth_event, "Thủy sản", ["Thủy sản"])
    farm = make_application(booth_event, "HTX Rau", wishes=["Thủy sản"])
    fish = make_application(booth_event, "HTX Cá", sector="Thủy sản", needs_water=True)
    run = planning.run_allocation(booth_event, time_limit=5, workers=1)
    assert codes(farm) == ["B01"] and codes(fish) == ["A02"]
    assert plain.plan_status == "free" and wet.plan_status == dry.plan_status == "assigned"
    assert run.result.unplaced == []


def test_unplaced_applications_are_listed_with_a_reason(db, booth_event, row_of_booths, make_application):
    row_of_booths(booth_event, 1)
    make_application(booth_event, "HTX Một", wishes=["Nông nghiệp"])
    late = make_application(booth_event, "HTX Hai")
    run = planning.run_allocation(booth_event, time_limit=5, workers=1)
    [unplaced] = run.summary["unplaced"]
    assert unplaced["application_id"] == late.id
    assert unplaced["reason"].startswith("Cần 1 gian trên sơ đồ: các gian trống phù hợp đã dành cho đơn vị được ưu tiên")


def test_manual_changes_are_checked_and_logged(db, booth_event, row_of_booths, make_application):
    a1, a2, a3, a4 = row_of_booths(booth_event, 4)
    one = make_application(booth_event, "HTX Một")
    two = make_application(booth_event, "HTX Hai", needs_power=True)
    placement.assign(a1, one)
    assert "Thiếu điện." in placement.assign(a2, two)        # allowed, with a warning
    with pytest.raises(Conflict):
        placement.assign(a1, two)                              # one exhibitor per booth
    placement.move(a1, a3)
    assert codes(one) == ["A03"] and a1.plan_status == "free"
    placement.swap(a2, a3)
    assert codes(one) == ["A02"] and codes(two) == ["A03"]
    placement.set_status(a4, "held")
    with pytest.raises(Conflict):
        placement.set_status(a2, "blocked")                   # it has an exhibitor
    placement.set_locked(a2, True)
    placement.set_locked(a2, False)
    placement.unassign(a3)
    placement.set_status(a4, "free")
    assert audit_actions(db, booth_event) == [
        "booth.assign", "booth.assign", "booth.move", "booth.swap", "booth.hold", "booth.lock", "booth.unlock",
        "booth.unassign", "booth.release"]


def test_the_database_allows_one_exhibitor_per_booth(db, booth_event, row_of_booths, make_application):
    from sqlalchemy.exc import IntegrityError

    [booth] = row_of_booths(booth_event, 1)
    one, two = make_application(booth_event, "HTX Một"), make_application(booth_event, "HTX Hai")
    db.session.add(BoothAssignment(event_id=booth_event.id, booth_id=booth.id, application_id=one.id))
    db.session.commit()
    db.session.add(BoothAssignment(event_id=booth_event.id, booth_id=booth.id, application_id=two.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_allocate_command_prints_placements_and_writes_the_directory(db, runner, booth_event, row_of_booths,
                                                                     make_application, tmp_path):
    booths = row_of_booths(booth_event, 3)
    locked = make_application(booth_event, "HTX Đã khoá")
    placement.assign(booths[0], locked, locked=True)
    make_application(booth_event, "HTX Thủy sản =1+1", sector="Thủy sản", wishes=[booths[2]], products="Cá")
    target = tmp_path / "danh-sach.csv"
    result = runner.invoke(args=["allocate", booth_event.slug, "--csv", str(target), "--time-limit", "5", "--yes"])
    assert result.exit_code == 0, result.output
    assert "A01: HTX Đã khoá – Nông nghiệp; ngoài nguyện vọng (giữ nguyên)" in result.output
    assert "A03: HTX Thủy sản =1+1 – Thủy sản; nguyện vọng 1" in result.output
    assert "HTX Thủy sản =1+1: xếp mới, — → A03" in result.output
    assert "Điểm hài lòng: 10 → 30." in result.output
    assert "1 trên 1 đơn vị có nguyện vọng được đáp ứng nguyện vọng 1" in result.output
    assert "Chi tiết kỹ thuật:" in result.output and "Tối ưu đã được chứng minh." in result.output
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffGian hàng,Hợp tác xã,Ngành hàng")
    assert "A03,HTX Thủy sản =1+1,Thủy sản" in text
    missing = runner.invoke(args=["allocate", "khong-co"])
    assert missing.exit_code != 0 and "Không có sự kiện" in missing.output
