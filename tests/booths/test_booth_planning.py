"""Allocation an exhibitor can trust (both lanes): stable by default, a preview that lists every
move, a confirmation that applies exactly that preview or is refused when the data changed,
partial locks honoured or reported, a letter to whoever was placed or moved."""
import pytest

from eventapp.audit import AuditEntry
from eventapp.booths import placement, planning
from eventapp.booths.allocation import ApplicationSpec, BoothSpec, Preference, Problem, allocate
from eventapp.booths.models import BoothAssignment
from eventapp.errors import DomainError
from eventapp.messages.models import Message


def holdings(event):
    return sorted((a.booth.code, a.application.cooperative.name) for a in placement.assignments(event))


def messages(db):
    return sorted((m.kind, m.to_address) for m in db.session.execute(db.select(Message)).scalars())


def audit_count(db, action="booth.allocate"):
    return len(db.session.execute(db.select(AuditEntry).filter_by(action=action)).scalars().all())


@pytest.fixture
def crowded(booth_event, row_of_booths, make_application):
    """Four booths, three exhibitors; one of them already placed by hand (not locked) on the booth a
    priority exhibitor wants first."""
    booths = row_of_booths(booth_event, 4)
    sitting = make_application(booth_event, "HTX Ngồi sẵn", wishes=[booths[3]])
    vip = make_application(booth_event, "HTX Tiêu biểu", wishes=[booths[0]], priority=True)
    late = make_application(booth_event, "HTX Đến sau", wishes=["Nông nghiệp"])
    placement.assign(booths[0], sitting)
    return booths, sitting, vip, late


def test_a_second_run_moves_nobody_and_writes_the_same_directory(db, runner, crowded, booth_event, tmp_path):
    first, second = tmp_path / "lan-1.csv", tmp_path / "lan-2.csv"
    out = runner.invoke(args=["allocate", booth_event.slug, "--yes", "--csv", str(first), "--time-limit", "5"])
    assert out.exit_code == 0, out.output
    assert "A01: HTX Ngồi sẵn – Nông nghiệp; ngoài nguyện vọng (giữ nguyên)" in out.output  # stable: kept
    placed = holdings(booth_event)
    again = runner.invoke(args=["allocate", booth_event.slug, "--yes", "--csv", str(second), "--time-limit", "5"])
    assert again.exit_code == 0, again.output
    assert "Không có thay đổi nào: không đơn vị nào được xếp mới hay chuyển gian." in again.output
    assert holdings(booth_event) == placed
    assert first.read_bytes() == second.read_bytes()
    assert audit_count(db) == 1  # the second run applied nothing


def test_the_same_input_gives_the_same_plan(db, crowded, booth_event):
    def plan_of(summary):
        return {k: v for k, v in summary.items() if k != "technical"}

    one = planning.preview(booth_event, mode="replan", time_limit=5)
    two = planning.preview(booth_event, mode="replan", time_limit=5)
    assert plan_of(one) == plan_of(two)
    assert one["fingerprint"] == two["fingerprint"]


def test_a_replan_preview_lists_exactly_the_moves_that_confirming_applies(db, crowded, booth_event):
    booths, sitting, vip, late = crowded
    from eventapp.booths.accounts import invite

    invite(booth_event, email="ngoisan@example.org", cooperative=sitting.cooperative, link_for=lambda t: "x")
    db.session.execute(db.delete(Message))
    before = holdings(booth_event)
    summary = planning.preview(booth_event, mode="replan", time_limit=5)
    assert holdings(booth_event) == before  # a preview changes nothing
    changes = {c["name"]: (c["kind"], c["before"], c["after"]) for c in summary["changes"]}
    assert changes["HTX Tiêu biểu"] == ("placed", [], ["A01"])
    assert changes["HTX Ngồi sẵn"] == ("moved", ["A01"], ["A04"])
    assert changes["HTX Đến sau"][0] == "placed"
    applied = planning.confirm(booth_event, summary)
    assert (applied.placed, applied.moved, applied.removed) == (2, 1, 0)
    now = {name: code for code, name in holdings(booth_event)}
    for name, (_kind, _before, after) in changes.items():
        assert [now[name]] == after
    # Whoever moved or was newly placed is told; the cooperative's exhibitor account gets it.
    assert ("exhibitor.moved", "ngoisan@example.org") in messages(db)
    [moved] = db.session.execute(db.select(Message).filter_by(kind="exhibitor.moved")).scalars()
    assert "được chuyển từ gian A01 sang gian A04" in moved.body_text


def test_confirming_a_stale_preview_is_refused_and_changes_nothing(db, crowded, booth_event, make_application):
    booths, sitting, vip, late = crowded
    summary = planning.preview(booth_event, mode="replan", time_limit=5)
    placement.set_locked(booths[0], True)  # the organiser locks a booth meanwhile
    before = holdings(booth_event)
    with pytest.raises(planning.StalePreview, match="đã thay đổi sau khi xem trước"):
        planning.confirm(booth_event, summary)
    assert holdings(booth_event) == before and audit_count(db) == 0 and messages(db) == []
    # A new approved application, too, makes the preview stale.
    fresh = planning.preview(booth_event, time_limit=5)
    make_application(booth_event, "HTX Mới duyệt")
    with pytest.raises(planning.StalePreview):
        planning.confirm(booth_event, fresh)


def test_an_empty_floor_plan_is_refused_and_nothing_is_written(db, runner, booth_event, make_application, tmp_path):
    make_application(booth_event, "HTX Một")
    target = tmp_path / "danh-sach.csv"
    out = runner.invoke(args=["allocate", booth_event.slug, "--yes", "--csv", str(target)])
    assert out.exit_code != 0
    assert "Sơ đồ chưa có gian hàng nào" in out.output and "Không còn gian trống" not in out.output
    assert "Tối ưu" not in out.output
    assert not target.exists() and audit_count(db) == 0


def test_a_csv_into_a_missing_folder_is_refused_before_anything_changes(db, runner, crowded, booth_event, tmp_path):
    before = holdings(booth_event)
    out = runner.invoke(args=["allocate", booth_event.slug, "--yes", "--csv", str(tmp_path / "khong-co" / "a.csv")])
    assert out.exit_code != 0 and "không tồn tại" in out.output and "Traceback" not in out.output
    assert holdings(booth_event) == before and audit_count(db) == 0


def test_the_command_asks_before_applying(db, runner, crowded, booth_event):
    before = holdings(booth_event)
    out = runner.invoke(args=["allocate", booth_event.slug, "--time-limit", "5"], input="n\n")
    assert "Áp dụng phương án này?" in out.output and "Chưa áp dụng gì." in out.output
    assert holdings(booth_event) == before


# ----- partial locks -----------------------------------------------------------------------------

def row(n):
    return [BoothSpec(i, f"A{i:02d}", "Nông nghiệp", 3 * (i - 1), 0, 3, 3) for i in range(1, n + 1)]


def test_a_partial_lock_is_completed_even_when_others_are_worth_more():
    # Three booths; the one in the middle is locked to an exhibitor wanting two. Two priority
    # exhibitors want the ends: leaving the locked one half-placed would score more, and is not allowed.
    apps = [ApplicationSpec(1, "Khoá một gian", "Nông nghiệp", 2, locked=frozenset({2})),
            ApplicationSpec(2, "Tiêu biểu 1", "Nông nghiệp", priority=True, preferences=(Preference(1, booth_id=1),)),
            ApplicationSpec(3, "Tiêu biểu 2", "Nông nghiệp", priority=True, preferences=(Preference(1, booth_id=3),))]
    result = allocate(Problem(row(3), {1, 3}, apps), time_limit=5, workers=1)
    placed = {p.application_id: set(p.booth_ids) for p in result.placements}
    assert placed[1] in ({1, 2}, {2, 3})
    assert [u.application_id for u in result.unplaced] in ([2], [3])


def test_a_partial_lock_that_cannot_be_completed_is_reported_not_half_applied(db, booth_event, make_booth,
                                                                              make_application):
    alone = make_booth(booth_event, "A01", x=0, y=0)
    make_booth(booth_event, "C01", x=30, y=0)
    big = make_application(booth_event, "HTX Ba gian", wanted=3)
    placement.assign(alone, big, locked=True)
    summary = planning.preview(booth_event, time_limit=5)
    [unplaced] = summary["unplaced"]
    assert unplaced["name"] == "HTX Ba gian" and unplaced["holds"] == ["A01"]
    assert unplaced["reason"].startswith("Đang giữ gian A01 nhưng cần 3 gian liền kề")
    assert summary["changes"] == []  # its booth stays as it is, and nobody is told otherwise
    assert [p[1] for p in summary["plan"]] == [[alone.id]]


def test_an_unplaced_reason_says_what_to_do(db, booth_event, row_of_booths, make_application):
    from eventapp.booths import plan

    row_of_booths(booth_event, 1, zone="Thủy sản")
    row_of_booths(booth_event, 2, zone="Nông nghiệp", y=10, prefix="B")
    plan.set_zone_rule(booth_event, "Thủy sản", ["Thủy sản"])
    plan.set_zone_rule(booth_event, "Nông nghiệp", ["Nông nghiệp"])
    make_application(booth_event, "HTX Cá hai gian", sector="Thủy sản", wanted=2)
    summary = planning.preview(booth_event, time_limit=5)
    [unplaced] = summary["unplaced"]
    assert unplaced["reason"] == "Cần 2 gian liền kề trong khu Thủy sản; chỉ còn 1 gian trống."


def test_rerunning_the_allocator_never_touches_a_booth_picked_by_an_application_not_approved(
        db, booth_event, row_of_booths, make_application):
    a1, a2 = row_of_booths(booth_event, 2)
    waiting = make_application(booth_event, "HTX Chờ duyệt", status="submitted")
    db.session.add(BoothAssignment(event_id=booth_event.id, booth_id=a1.id, application_id=waiting.id,
                                   locked=False, source="self"))
    db.session.commit()
    make_application(booth_event, "HTX Đã duyệt", wishes=[a1])
    planning.run_allocation(booth_event, time_limit=5, mode="replan")
    assert holdings(booth_event) == [("A01", "HTX Chờ duyệt"), ("A02", "HTX Đã duyệt")]


def test_the_web_confirmation_of_a_stale_preview_says_why_and_changes_nothing(client, db, organiser, crowded,
                                                                             booth_event):
    import re

    from tests.conftest import csrf_token

    booths, sitting, vip, late = crowded
    base = f"/admin/e/{booth_event.slug}/booths"
    started = client.post(f"{base}/allocate", data={"csrf_token": csrf_token(client, f"{base}/"), "time_limit": "5",
                                                    "mode": "replan"})
    page = client.get(started.location).get_data(as_text=True)
    assert "Xem trước: xếp lại toàn bộ" in page and "HTX Ngồi sẵn" in page
    confirm = re.search(r'action="([^"]+/confirm)"', page).group(1)
    placement.unassign(booths[0])  # meanwhile, by hand
    before = holdings(booth_event)
    refused = client.post(confirm, data={"csrf_token": csrf_token(client, started.location)}, follow_redirects=True)
    assert "đã thay đổi sau khi xem trước" in refused.get_data(as_text=True)
    assert holdings(booth_event) == before
    with pytest.raises(DomainError):
        planning.check_mode("everything")
