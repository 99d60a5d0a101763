"""The booth allocator as background work (eventapp.jobs): it may search for many seconds, and a
web request must not wait for it. The job keeps what the result page shows, as JSON."""
from ..jobs import services as jobs
from ..jobs.runner import JobResult
from . import placement

MAX_SECONDS = 120


def start_allocation(event, time_limit: int, user=None):
    """Queues one run of the allocator; JobRunning while another runs for the event."""
    return jobs.start("booths.allocate", event, user=user, params={"time_limit": int(time_limit)})


def allocate_booths(job, progress) -> JobResult:
    progress(0, phase="solving")
    run = placement.run_allocation(job.event, time_limit=float(job.params.get("time_limit", 10)))
    return JobResult(summary(run))


def summary(run) -> dict:
    """What the result page shows of a run: names and booth codes, not objects, so that it keeps."""
    result, apps, booths = run.result, run.applications, run.booths
    return {
        "proven_optimal": result.proven_optimal,
        "satisfaction": result.satisfaction,
        "same_sector_pairs": result.same_sector_pairs,
        "same_product_pairs": result.same_product_pairs,
        "stages": [{"name": s.name, "solver": s.solver, "status": s.status, "objective": s.objective,
                    "bound": s.bound, "gap": s.gap, "seconds": s.seconds, "restricted": s.restricted}
                   for s in result.stages],
        "placements": sorted(({"application_id": p.application_id, "booths": [booths[b].code for b in p.booth_ids],
                               "locked": p.locked, "rank": p.rank, "name": apps[p.application_id].cooperative.name,
                               "sector": apps[p.application_id].sector} for p in result.placements),
                             key=lambda p: p["booths"]),
        "unplaced": [{"application_id": u.application_id, "name": apps[u.application_id].cooperative.name,
                      "wanted": apps[u.application_id].booths_wanted, "reason": str(placement.reason_text(u.reason))}
                     for u in result.unplaced],
    }
