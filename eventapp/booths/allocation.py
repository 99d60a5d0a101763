"""The booth allocator: plain data in, placements and a solver report out (no database, no Flask).

The model
- Each approved application wants k booths (1 to 4) that form a connected group on the plan.
  Its candidates are every connected set of k available booths that meets its hard constraints:
  every booth in a zone that admits its sector (where the organiser restricts zones), and at least
  one booth of the set with each feature it needs (corner, electricity, water). Booths locked to
  it are part of every candidate. One decision variable per candidate; an application takes at
  most one candidate and a booth belongs to at most one chosen candidate.
- The objective is lexicographic, solved in two stages:
  1. satisfaction: sum over placed applications of POINTS_PLACED plus the points of the best
     preference the set meets (rank 1 worth the most), doubled for priority exhibitors.
     All one-booth requests: scipy's linear_sum_assignment (Hungarian method, exact).
     Otherwise, up to DIRECT_LIMIT candidates, HiGHS's MIP (CP-SAT if it proves nothing);
     beyond, OR-Tools CP-SAT over the candidate sets; on large models the LP relaxation
     (HiGHS, by column generation) gives the bound and tells CP-SAT where to search (see
     allocation_solvers.solve_large).
  2. layout (within LAYOUT_SHARE of the time), with satisfaction held at the stage-1 value:
     maximise the pairs of adjacent booths held by two cooperatives of the same sector, then
     minimise the pairs held by two cooperatives selling a common product. The weight of the
     first term exceeds any possible value of the second, so the order is strict. CP-SAT
     (allocation_layout.py).
- An application holding some, not all, of its booths (a partial lock) must be completed: its
  candidates all contain those booths and one of them is chosen (a hard constraint). When none
  exists it is reported LOCKED_INCOMPLETE, its booths untouched.
- Same input, same output: with one worker CP-SAT's search is deterministic (fixed seed), and its
  limit is deterministic time, not the wall clock; HiGHS runs on one thread; candidates and ties
  are ordered by id.
- Each stage reports OPTIMAL (proven), FEASIBLE (with a bound valid for the whole problem and the
  gap, or no bound when it searched a restricted set), or no solution within the time limit.
"""
import os
import time
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from . import allocation_solvers as solvers
from .allocation_layout import solve_layout

# The allocator's data, in and out (re-exported: callers know them as allocation.*).
from .allocation_shapes import AllocationResult as AllocationResult
from .allocation_shapes import ApplicationSpec as ApplicationSpec
from .allocation_shapes import BoothSpec as BoothSpec
from .allocation_shapes import Placement as Placement
from .allocation_shapes import Preference as Preference
from .allocation_shapes import Problem as Problem
from .allocation_shapes import StageReport as StageReport
from .allocation_shapes import Unplaced as Unplaced
from .geometry import Graph, adjacency, connected_sets, edges

POINTS_PLACED = 10
POINTS_RANK = {1: 10, 2: 8, 3: 6, 4: 4, 5: 2}
PRIORITY_FACTOR = 2

# Why an application got no booth.
NO_BOOTH_FITS = "no_booth_fits"        # no available booth meets its zone rule and needed features
NO_ADJACENT_SET = "no_adjacent_set"    # suitable booths exist, but not k of them side by side
NO_ROOM = "no_room"                    # its candidate booths went to applications worth more
NO_SOLUTION = "no_solution"            # the solver found no solution within the time limit
# It holds booths that must stay (locked, or kept by a stable run) but cannot be completed to the
# number it wants: its booths stay as they are and the organiser is told, never silently.
LOCKED_INCOMPLETE = "locked_incomplete"


# ----- satisfaction ------------------------------------------------------------------------------

def preference_met(preference: Preference, booth_ids: Collection[int], booths_by_id: Mapping[int, BoothSpec]) -> bool:
    """A zone wish is met when every booth of the set lies in that zone; a booth wish when the set
    contains that booth."""
    if preference.booth_id is not None:
        return preference.booth_id in booth_ids
    if preference.zone:
        return bool(booth_ids) and all(booths_by_id[b].zone == preference.zone for b in booth_ids)
    return False


def best_rank(application: ApplicationSpec, booth_ids: Collection[int],
              booths_by_id: Mapping[int, BoothSpec]) -> int | None:
    ranks = [p.rank for p in application.preferences if preference_met(p, booth_ids, booths_by_id)]
    return min(ranks) if ranks else None


def points_for(application: ApplicationSpec, rank: int | None) -> int:
    points = POINTS_PLACED + (POINTS_RANK.get(rank, 0) if rank else 0)
    return points * (PRIORITY_FACTOR if application.priority else 1)


# The hard rules, shared by the allocator, the organiser's manual changes (placement.check_rules)
# and the exhibitors' own picks (portal.pick_booth).

def zone_admits(zone_sectors: Mapping[str, Collection[str]], zone: str, sector: str) -> bool:
    """A zone without a rule admits every sector; a restricted one only those listed."""
    admitted = zone_sectors.get(zone)
    return not admitted or sector in admitted


FEATURES = (("needs_corner", "corner"), ("needs_power", "power"), ("needs_water", "water"))


def missing_features(application: ApplicationSpec, booths: Sequence[BoothSpec]) -> list[str]:
    """The needed features ("corner", "power", "water") that no booth of the set has. A set with
    fewer booths than wanted misses nothing yet: the booths still to come may bring it (the first of
    two booths may lack the water of the second), so only a complete set is judged."""
    if len(booths) < application.booths_wanted:
        return []
    return [feature for need, feature in FEATURES
            if getattr(application, need) and not any(getattr(b, feature) for b in booths)]


def features_met(application: ApplicationSpec, booth_ids: Iterable[int], booths_by_id: Mapping[int, BoothSpec]) -> bool:
    return not missing_features(application, [booths_by_id[b] for b in booth_ids])


def evaluate(problem: Problem, assignment: Mapping[int, Collection[int]],
             graph: Graph | None = None) -> tuple[int, int, int]:
    """(satisfaction, same-sector pairs, same-product pairs) of {application id: booth ids}."""
    booths_by_id = {b.id: b for b in problem.booths}
    apps = {a.id: a for a in problem.applications}
    graph = graph if graph is not None else adjacency(problem.booths)
    owner = {}
    satisfaction = 0
    for app_id, booth_ids in assignment.items():
        if not booth_ids:
            continue
        app = apps[app_id]
        satisfaction += points_for(app, best_rank(app, booth_ids, booths_by_id))
        for b in booth_ids:
            owner[b] = app
    sector_pairs = product_pairs = 0
    for a, b in edges(graph):
        first, second = owner.get(a), owner.get(b)
        if first is None or second is None or first.id == second.id:
            continue
        if first.sector and first.sector == second.sector:
            sector_pairs += 1
        product_pairs += bool(first.products & second.products)
    return satisfaction, sector_pairs, product_pairs


# ----- candidates ------------------------------------------------------------------------------

def _describe(sets: Iterable[frozenset[int]],
              booths_by_id: Mapping[int, BoothSpec]) -> list[tuple[frozenset[int], str | None, bool, bool, bool]]:
    """Per set: (set, its single zone or None, any corner, any electricity, any water)."""
    described = []
    for booth_set in sets:
        members = [booths_by_id[b] for b in booth_set]
        zones = {m.zone for m in members}
        described.append((booth_set, zones.pop() if len(zones) == 1 else None,
                          any(m.corner for m in members), any(m.power for m in members),
                          any(m.water for m in members)))
    return described


def candidates(problem: Problem, graph: Graph,
               booths_by_id: Mapping[int, BoothSpec]) -> tuple[list[solvers.Column], dict[int, str]]:
    """Every column (application index, connected booth set), and why an application has none.
    (The same rules as features_met and best_rank, precomputed per set: this runs for every
    application and set, 10^5 times on a large plan.)"""
    available = set(problem.available)
    cache, columns, reasons = {}, [], {}
    for index, app in enumerate(problem.applications):
        locked = frozenset(app.locked)
        if app.booths_wanted <= len(locked):
            continue  # placed by its locked booths alone
        allowed = frozenset(b for b in available - locked
                            if zone_admits(problem.zone_sectors, booths_by_id[b].zone, app.sector))
        if locked:
            described = _describe(connected_sets(graph, allowed, app.booths_wanted, must_include=locked),
                                  booths_by_id)
        else:
            key = (allowed, app.booths_wanted)
            if key not in cache:
                cache[key] = _describe(connected_sets(graph, allowed, app.booths_wanted), booths_by_id)
            described = cache[key]
        booth_rank: dict[int, int]
        zone_rank: dict[str, int]
        booth_rank, zone_rank = {}, {}
        for p in app.preferences:
            if p.booth_id is not None:
                booth_rank.setdefault(p.booth_id, p.rank)
            elif p.zone:
                zone_rank.setdefault(p.zone, p.rank)
        found = 0
        for booth_set, zone, corner, power, water in described:
            if (app.needs_corner and not corner) or (app.needs_power and not power) or (
                    app.needs_water and not water):
                continue
            ranks = [booth_rank[b] for b in booth_set if b in booth_rank]
            if zone is not None and zone in zone_rank:
                ranks.append(zone_rank[zone])
            rank = min(ranks) if ranks else None
            columns.append(solvers.Column(index, booth_set, rank, points_for(app, rank)))
            found += 1
        if not found:
            # Booths that suit it exist (together they have what it needs), but not k side by side.
            suitable = (app.booths_wanted > 1 and bool(allowed)
                        and features_met(app, locked | allowed, booths_by_id))
            reasons[app.id] = NO_ADJACENT_SET if suitable else NO_BOOTH_FITS
    return columns, reasons


# ----- entry point -------------------------------------------------------------------------------

# Up to this many columns CP-SAT gets the whole model (and usually proves it); beyond, the
# LP relaxation (HiGHS) bounds it and narrows what CP-SAT searches.
DIRECT_LIMIT = 6000
# The layout stage takes at most this many columns; when the exact set (the columns that can
# keep the satisfaction) is larger, it searches the most promising ones and says so.
LAYOUT_LIMIT = 20000
LAYOUT_SHARE = 0.04  # of the time limit, for the layout stage


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def _report(name: str, outcome: solvers.Outcome, restricted: bool = False) -> StageReport:
    bound = outcome.bound
    status = outcome.status
    if restricted:
        bound = None
        status = "FEASIBLE" if status == "OPTIMAL" else status
    return StageReport(name, outcome.solver, status, outcome.value, bound, outcome.seconds, restricted)


def _layout_columns(columns: list[solvers.Column], relaxation: solvers.Relaxation | None, floor: int,
                    chosen: Mapping[int, solvers.Column]) -> tuple[list[solvers.Column], bool]:
    """The columns the layout stage may use, and whether that set is narrower than exact. With the
    LP relaxation at hand, only columns that can keep the stage-1 value (reduced costs): exact, and a
    smaller model to search."""
    if relaxation is None and len(columns) <= LAYOUT_LIMIT:
        return columns, False
    if relaxation is None:
        return [c for c in columns if c.app in chosen and c is chosen[c.app]], True
    usable = np.flatnonzero(relaxation.usable(floor))
    if len(usable) <= LAYOUT_LIMIT:
        return [columns[j] for j in usable], False
    order = usable[np.argsort(-relaxation.reduced[usable], kind="stable")]
    narrowed = [columns[j] for j in order[:LAYOUT_LIMIT]]
    narrowed_ids = {id(c) for c in narrowed}
    narrowed += [c for c in chosen.values() if id(c) not in narrowed_ids]
    return narrowed, True


def _incomplete(app: ApplicationSpec) -> bool:
    return 0 < len(app.locked) < app.booths_wanted


def allocate(problem: Problem, time_limit: float = 30.0, workers: int | None = None,
             layout: bool = True) -> AllocationResult:
    """Solves the problem; returns an AllocationResult. time_limit (seconds) covers both stages.
    workers=1 gives the same answer for the same problem (see the module notes)."""
    started = time.perf_counter()
    deadline = started + time_limit
    workers = workers or default_workers()
    graph = adjacency(problem.booths)
    booths_by_id = {b.id: b for b in problem.booths}
    booth_index = {b.id: i for i, b in enumerate(problem.booths)}
    apps = problem.applications
    columns, reasons = candidates(problem, graph, booths_by_id)
    for app in apps:
        if _incomplete(app) and app.id in reasons:
            reasons[app.id] = LOCKED_INCOMPLETE
    with_columns = {c.app for c in columns}
    required = frozenset(i for i, app in enumerate(apps) if _incomplete(app) and i in with_columns)
    first, relaxation, first_done = _satisfaction(columns, apps, booth_index, time_limit, deadline, workers,
                                                  layout, required)
    if first.status == "INFEASIBLE" and required:
        # The partial locks cannot all be completed together: solve without forcing them; those
        # left out are reported LOCKED_INCOMPLETE below.
        required = frozenset()
        first, relaxation, first_done = _satisfaction(columns, apps, booth_index, time_limit, deadline,
                                                      workers, layout, required)
    if first.status == "INFEASIBLE":
        first.status = "NO_SOLUTION"
    stages = [_report("satisfaction", first)]
    first_seconds = (first_done or time.perf_counter()) - started
    chosen = first.chosen

    if layout and columns and first.status != "NO_SOLUTION":
        floor = int(round(first.value))
        usable, restricted = _layout_columns(columns, relaxation, floor, chosen)
        # A nicety next to the wishes, and hard to prove: a small share of the time, so that the
        # demo's whole run stays within seconds (it rarely improves much beyond).
        remaining = min(max(deadline - time.perf_counter(), time_limit * 0.2), max(0.5, time_limit * LAYOUT_SHARE))
        second = solve_layout(apps, graph, usable, floor, chosen, remaining, workers, required)
        chosen = second.chosen
        stages.append(_report("layout", second, restricted))

    per_app: dict[int, int] = {}
    for c in columns:
        per_app[c.app] = per_app.get(c.app, 0) + 1
    placements, unplaced, assignment = [], [], {}
    for i, app in enumerate(apps):
        if app.locked and app.booths_wanted <= len(app.locked):
            booth_ids, locked = tuple(sorted(app.locked)), True
        elif i in chosen:
            booth_ids, locked = tuple(sorted(chosen[i].booths)), False
        else:
            reason = reasons.get(app.id) or (
                LOCKED_INCOMPLETE if _incomplete(app) else NO_SOLUTION if first.status == "NO_SOLUTION" else NO_ROOM)
            unplaced.append(Unplaced(app.id, reason, per_app.get(i, 0)))
            continue
        rank = best_rank(app, booth_ids, booths_by_id)
        placements.append(Placement(app.id, booth_ids, rank, points_for(app, rank), locked))
        assignment[app.id] = booth_ids
    satisfaction, sector_pairs, product_pairs = evaluate(problem, assignment, graph)
    return AllocationResult(placements, unplaced, stages, satisfaction, sector_pairs, product_pairs,
                            len(columns), time.perf_counter() - started, first_seconds)


def _satisfaction(columns: list[solvers.Column], apps: Sequence[ApplicationSpec], booth_index: Mapping[int, int],
                  time_limit: float, deadline: float, workers: int, layout: bool,
                  required: frozenset[int]) -> tuple[solvers.Outcome, solvers.Relaxation | None, float | None]:
    """Stage 1: (outcome, LP relaxation or None, when it was done or None)."""
    relaxation = first_done = None
    if not columns:
        first = solvers.Outcome({}, 0, "OPTIMAL", 0, "trivial")
    elif all(len(c.booths) == 1 for c in columns):
        # Single booths only: no partial lock is possible (it needs two booths or more).
        first = solvers.solve_assignment(columns, len(apps))
        first_done = time.perf_counter()
        if layout and len(columns) > LAYOUT_LIMIT:
            relaxation = solvers.Relaxation(columns, len(apps), booth_index)
            seeds = [j for j, c in enumerate(columns) if first.chosen.get(c.app) is c]
            if not relaxation.solve(seeds, deadline):
                relaxation = None
    elif len(columns) <= DIRECT_LIMIT:
        first, relaxation = solvers.solve_direct(columns, len(apps), booth_index, time_limit * 0.6, workers,
                                                 required)
    else:
        first, relaxation = solvers.solve_large(columns, len(apps), booth_index, time_limit * 0.6, workers,
                                                required)
    return first, relaxation, first_done
