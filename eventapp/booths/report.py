"""What an allocation run says to the organiser, in the organiser's words: who gets which booth,
who would move, who stays unplaced and what to do about it, and how many got their first wish.
The solver's own figures (stages, bounds, gaps, seconds) are kept apart, under "technical".

The summary is plain data (JSON): the job keeps it for the preview page, and the confirmation
applies its "plan".
"""
from flask_babel import gettext as _

from ..extensions import db
from . import allocation
from .allocation import zone_admits
from .models import BoothApplication

FEATURE_WORDS = (("needs_corner", lambda: _("vị trí góc")), ("needs_power", lambda: _("điện")),
                 ("needs_water", lambda: _("nước")))


def _where(problem, app):
    """Where the application may go, in words, and the zones (None: anywhere on the plan)."""
    zones = sorted({b.zone for b in problem.booths})
    admitted = [z for z in zones if zone_admits(problem.zone_sectors, z, app.sector)]
    if len(admitted) == len(zones):
        return _("trên sơ đồ"), None
    return _("trong khu %(zones)s", zones=", ".join(admitted)), admitted


def reason_text(problem, app, code, codes_by_id):
    """Why an application got no booth, with what the organiser can do about it."""
    k = app.booths_wanted
    where, admitted = _where(problem, app)
    if admitted == []:
        return _("Chưa có khu nào dành cho ngành %(sector)s: hãy mở một khu cho ngành này.", sector=app.sector)
    booths = {b.id: b for b in problem.booths}
    free = [b for b in problem.available
            if zone_admits(problem.zone_sectors, booths[b].zone, app.sector) and b not in app.locked]
    needs = [word() for need, word in FEATURE_WORDS if getattr(app, need)]
    if code == allocation.LOCKED_INCOMPLETE:
        return _("Đang giữ gian %(codes)s nhưng cần %(k)d gian liền kề: không còn gian trống phù hợp sát bên để "
                 "bổ sung. Hãy xếp thêm bằng tay, gỡ khoá hoặc giảm số gian của đơn.",
                 codes=", ".join(sorted(codes_by_id[b] for b in app.locked)), k=k)
    if code == allocation.NO_BOOTH_FITS:
        if not free:
            return _("Không còn gian trống %(where)s.", where=where)
        return _("Cần gian có %(needs)s; %(n)d gian trống %(where)s đều không có.", needs=", ".join(needs),
                 n=len(free), where=where)
    if code == allocation.NO_ADJACENT_SET:
        if len(free) < k:
            return _("Cần %(k)d gian liền kề %(where)s; chỉ còn %(n)d gian trống.", k=k, where=where, n=len(free))
        if needs:
            return _("Cần %(k)d gian liền kề %(where)s, có %(needs)s; %(n)d gian trống còn lại không có %(k)d "
                     "gian nào sát nhau đáp ứng được.", k=k, where=where, needs=", ".join(needs), n=len(free))
        return _("Cần %(k)d gian liền kề %(where)s; còn %(n)d gian trống nhưng không có %(k)d gian nào sát "
                 "nhau.", k=k, where=where, n=len(free))
    if code == allocation.NO_ROOM:
        return _("Cần %(k)d gian %(where)s: các gian trống phù hợp đã dành cho đơn vị được ưu tiên hơn "
                 "(nguyện vọng cao hơn hoặc HTX tiêu biểu). Có thể thêm gian hoặc mở thêm khu cho ngành "
                 "%(sector)s.", k=k, where=where, sector=app.sector)
    return _("Chưa tìm được phương án trong thời gian cho phép: hãy tăng thời gian tối đa rồi chạy lại.")


def _first_wish(problem, placements):
    with_wishes = [a for a in problem.applications if a.preferences]
    met = sum(1 for a in with_wishes if placements.get(a.id) and placements[a.id].rank == 1)
    return {"met": met, "of": len(with_wishes)}


def _stage(stage):
    return {"name": stage.name, "solver": stage.solver, "status": stage.status, "objective": stage.objective,
            "bound": stage.bound, "gap": stage.gap, "seconds": round(stage.seconds, 2),
            "restricted": stage.restricted}


def preview_summary(event, mode, digest, problem, held, result):
    """The preview of one run (see the module notes). held: {application id: booth ids now}."""
    codes = {b.id: b.code for b in problem.booths}
    names = {a.id: a.cooperative.name for a in db.session.execute(
        db.select(BoothApplication).where(BoothApplication.id.in_([a.id for a in problem.applications]))).scalars()}
    specs = {a.id: a for a in problem.applications}
    placed = {p.application_id: p for p in result.placements}
    after = {app_id: tuple(p.booth_ids) for app_id, p in placed.items()}
    for u in result.unplaced:
        if u.reason == allocation.LOCKED_INCOMPLETE:
            after[u.application_id] = tuple(sorted(specs[u.application_id].locked))  # kept as they are

    def code_list(ids):
        return sorted(codes[b] for b in ids)

    changes = []
    for app in problem.applications:
        before, now = tuple(sorted(held.get(app.id, ()))), tuple(sorted(after.get(app.id, ())))
        if before == now:
            continue
        kind = "placed" if not before else "removed" if not now else "moved"
        changes.append({"application_id": app.id, "name": names[app.id], "kind": kind,
                        "before": code_list(before), "after": code_list(now)})
    placements = sorted(({
        "application_id": p.application_id, "name": names[p.application_id], "sector": specs[p.application_id].sector,
        "booths": code_list(p.booth_ids), "rank": p.rank,
        "kept": tuple(sorted(held.get(p.application_id, ()))) == tuple(sorted(p.booth_ids)),
    } for p in result.placements), key=lambda p: (p["booths"], p["application_id"]))
    unplaced = [{"application_id": u.application_id, "name": names[u.application_id],
                 "wanted": specs[u.application_id].booths_wanted,
                 "holds": code_list(specs[u.application_id].locked) if u.reason == allocation.LOCKED_INCOMPLETE else [],
                 "reason": reason_text(problem, specs[u.application_id], u.reason, codes)}
                for u in result.unplaced]
    current = {app_id: ids for app_id, ids in held.items() if app_id in specs}
    before_score = allocation.evaluate(problem, current)[0]
    kinds = [c["kind"] for c in changes]
    return {
        "mode": mode, "fingerprint": digest,
        "plan": sorted([app_id, list(ids)] for app_id, ids in after.items() if ids),
        "placements": placements, "changes": sorted(changes, key=lambda c: (c["kind"], c["after"] or c["before"])),
        "counts": {kind: kinds.count(kind) for kind in ("placed", "moved", "removed")},
        "unplaced": unplaced,
        "score": {"before": before_score, "after": result.satisfaction},
        "first_wish": _first_wish(problem, placed),
        "technical": {"proven_optimal": result.proven_optimal, "stages": [_stage(s) for s in result.stages],
                      "same_sector_pairs": result.same_sector_pairs,
                      "same_product_pairs": result.same_product_pairs, "candidates": result.candidates,
                      "seconds": round(result.seconds, 2)},
    }

