"""Running the allocator on an event: a preview first, then a confirmation that applies exactly
what was previewed.

- *Stable* (the default) keeps every existing placement and places only what is unplaced: a second
  run without changes moves nobody. *Re-plan* lets the allocator redo every unlocked placement.
- The preview is plain data (JSON, kept by the job that computed it): the plan to apply, who moves
  from where to where, who is newly placed, who stays unplaced and why, the score before and after,
  and a fingerprint of every input the allocator read. Confirming recomputes the fingerprint and
  refuses when anything changed since (a booth, an application, a placement, a zone rule).
- Same input, same output: booths and applications are read in an order the database's collation
  cannot change, and the solver runs with one worker (allocation.py says why that is enough).
"""
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..errors import Conflict, DomainError
from ..events.models import Event
from ..extensions import db
from . import allocation, notify, report
from .allocation import Problem
from .models import Booth, BoothApplication, BoothAssignment
from .placement import application_spec, assignments, booth_spec
from .plan import list_booths, zone_rules

MODES = ("stable", "replan")
WORKERS = 1  # one worker: the same answer on every run
DEFAULT_TIME_LIMIT = 30.0  # seconds: `flask allocate` and the demo alike


class StalePreview(Conflict):
    """Something the allocator read changed after the preview: its plan may no longer hold."""


def check_mode(mode: str | None) -> str:
    if mode not in MODES:
        raise DomainError(_("Cách xếp không hợp lệ."), field="mode")
    return mode


def _booths(event: Event) -> list[Booth]:
    # Sorted here, not by the database: PostgreSQL's collation and SQLite's differ on codes.
    return sorted(list_booths(event), key=lambda b: (b.code, b.id))


def _approved(event: Event) -> Sequence[BoothApplication]:
    return db.session.execute(
        db.select(BoothApplication).where(BoothApplication.event_id == event.id,
                                          BoothApplication.status == "approved")
        .order_by(BoothApplication.id)).scalars().all()


def _current(event: Event) -> list[tuple[int, int, bool]]:
    """[(booth id, application id, locked)] of every assignment, sorted."""
    return sorted((a.booth_id, a.application_id, bool(a.locked)) for a in assignments(event))


def build_problem(event: Event, mode: str = "stable") -> tuple[Problem, dict[int, tuple[int, ...]]]:
    """(the allocator's Problem, {application id: booth ids it holds now}).
    Stable: every placement of an approved application is kept (locked for the solver). Re-plan:
    only locked ones are. Booths held by an application not approved (a self-pick waiting for the
    decision) are left alone either way."""
    mode = check_mode(mode)
    booths = _booths(event)
    approved = _approved(event)
    approved_ids = {a.id for a in approved}
    held: dict[int, list[int]]
    kept: dict[int, set[int]]
    held, kept, untouched = {}, {}, set()
    for booth_id, application_id, locked in _current(event):
        held.setdefault(application_id, []).append(booth_id)
        if application_id not in approved_ids:
            untouched.add(booth_id)
        elif locked or mode == "stable":
            kept.setdefault(application_id, set()).add(booth_id)
            untouched.add(booth_id)
    available = {b.id for b in booths if b.status == "free" and b.id not in untouched}
    specs = [application_spec(a, kept.get(a.id, ())) for a in approved]
    rules = {zone: frozenset(sectors) for zone, sectors in sorted(zone_rules(event).items())}
    problem = Problem([booth_spec(b) for b in booths], available, specs, rules)
    return problem, {k: tuple(sorted(v)) for k, v in held.items()}


def fingerprint(event: Event, mode: str = "stable") -> str:
    """A digest of everything the allocator reads, and of the placements a confirmation changes."""
    problem, _held = build_problem(event, mode)
    statuses = db.session.execute(
        db.select(BoothApplication.id, BoothApplication.status).where(BoothApplication.event_id == event.id)
        .order_by(BoothApplication.id)).all()
    data = {
        "mode": mode,
        "booths": [[b.id, b.code, b.zone, b.x, b.y, b.width, b.height, b.corner, b.power, b.water]
                   for b in problem.booths],
        "available": sorted(problem.available),
        "applications": [[a.id, a.sector, a.booths_wanted, sorted(a.products), a.needs_corner, a.needs_power,
                          a.needs_water, a.priority, [[p.rank, p.zone, p.booth_id] for p in a.preferences],
                          sorted(a.locked)] for a in problem.applications],
        "statuses": [list(row) for row in statuses],
        "rules": [[zone, sorted(sectors)] for zone, sectors in problem.zone_sectors.items()],
        "assignments": [list(row) for row in _current(event)],
    }
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def check_inputs(event: Event, problem: Problem) -> None:
    """Refuses up front what the allocator cannot work with (nothing is written)."""
    if not problem.booths:
        raise DomainError(_("Sơ đồ chưa có gian hàng nào: vui lòng vẽ hoặc nhập sơ đồ trước khi xếp gian."))
    if not problem.applications:
        raise DomainError(_("Chưa có đơn đăng ký gian hàng nào được duyệt: hãy duyệt đơn trước khi xếp gian."))


def _solve(event: Event, mode: str, time_limit: float,
           workers: int) -> tuple[dict[str, Any], allocation.AllocationResult]:
    problem, held = build_problem(event, mode)
    check_inputs(event, problem)
    digest = fingerprint(event, mode)
    # End the reading transaction before solving: on SQLite it holds the write lock, and the
    # registration desk and the door must not wait for the solver.
    db.session.commit()
    result = allocation.allocate(problem, time_limit=time_limit, workers=workers)
    return report.preview_summary(event, mode, digest, problem, held, result), result


def preview(event: Event, mode: str = "stable", time_limit: float = DEFAULT_TIME_LIMIT,
            workers: int = WORKERS) -> dict[str, Any]:
    """Runs the allocator without changing anything; returns the preview (JSON-ready dict)."""
    return _solve(event, mode, time_limit, workers)[0]


@dataclass
class Applied:
    changes: int
    placed: int
    moved: int
    removed: int
    messages: int


def confirm(event: Event, summary: dict[str, Any]) -> Applied:
    """Applies exactly the previewed plan; StalePreview when anything it read changed since."""
    mode = check_mode(summary.get("mode"))
    if summary.get("fingerprint") != fingerprint(event, mode):
        db.session.rollback()
        raise StalePreview(_("Dữ liệu gian hàng đã thay đổi sau khi xem trước (đơn, gian hoặc vị trí đã xếp). "
                             "Phương án cũ không còn đúng: vui lòng xem trước lại rồi xác nhận."))
    approved = {a.id for a in _approved(event)}
    wanted = {(booth_id, app_id) for app_id, booth_ids in summary["plan"] for booth_id in booth_ids}
    current = assignments(event)
    existing = {(a.booth_id, a.application_id) for a in current}
    for a in current:
        if a.application_id in approved and (a.booth_id, a.application_id) not in wanted:
            db.session.delete(a)
    db.session.flush()
    for booth_id, app_id in sorted(wanted - existing):
        db.session.add(BoothAssignment(event_id=event.id, booth_id=booth_id, application_id=app_id, source="auto"))
    changed = summary["changes"]
    sent = notify.queue_allocation_messages(event, changed)
    record("booth.allocate", "plan", event=event, mode=mode, placed=len(summary["placements"]),
           unplaced=len(summary["unplaced"]), satisfaction=summary["score"]["after"],
           changes=[{"name": c["name"], "from": c["before"], "to": c["after"]} for c in changed])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise StalePreview(_("Sơ đồ vừa thay đổi trong lúc áp dụng (một đơn vị vừa chọn gian). "
                             "Vui lòng xem trước lại.")) from None
    counts = summary["counts"]
    return Applied(len(changed), counts["placed"], counts["moved"], counts["removed"], sent)


@dataclass
class AllocationRun:
    summary: dict[str, Any]
    result: object
    applied: Applied | None


def run_allocation(event: Event, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = WORKERS, mode: str = "stable",
                   apply: bool = True) -> AllocationRun:
    """Preview and (apply=True) confirm at once: the command line and the demo."""
    summary, result = _solve(event, mode, time_limit, workers)
    applied = confirm(event, summary) if apply and summary["changes"] else None
    return AllocationRun(summary, result, applied)
