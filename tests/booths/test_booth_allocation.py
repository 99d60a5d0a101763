"""The allocator on its own (no database): hard constraints on random instances, optimality
against brute force on small ones, and the reasons given for applications left out."""
import random
from itertools import product

import pytest

from eventapp.booths import allocation
from eventapp.booths.allocation import (
    ApplicationSpec,
    BoothSpec,
    Preference,
    Problem,
    allocate,
    best_rank,
    evaluate,
    features_met,
    points_for,
    zone_admits,
)
from eventapp.booths.geometry import adjacency, is_connected

ZONES = ["Nông nghiệp", "Thủy sản", "Thủ công mỹ nghệ"]
SECTORS = ZONES
PRODUCTS = ["Gạo", "Nước mắm", "Mây tre", "Mật ong", "Chè"]


def random_plan(rng, rows, cols, gap_every=0):
    """Rows of 3 m booths; an aisle (a gap) every gap_every columns breaks adjacency."""
    booths, n = [], 0
    for r in range(rows):
        for c in range(cols):
            n += 1
            x = c * 3 + (c // gap_every) * 2 if gap_every else c * 3
            booths.append(BoothSpec(n, f"{'ABCD'[r]}{c + 1:02d}", rng.choice(ZONES), x, r * 3, 3, 3,
                                    corner=rng.random() < 0.3, power=rng.random() < 0.5,
                                    water=rng.random() < 0.25))
    return booths


def random_apps(rng, booths, n, max_wanted=2):
    apps = []
    for i in range(n):
        prefs = []
        for rank in range(1, rng.randint(0, 3) + 1):
            if rng.random() < 0.5:
                prefs.append(Preference(rank, zone=rng.choice(ZONES)))
            else:
                prefs.append(Preference(rank, booth_id=rng.choice(booths).id))
        apps.append(ApplicationSpec(
            100 + i, f"HTX {i}", rng.choice(SECTORS), rng.randint(1, max_wanted),
            frozenset(rng.sample(PRODUCTS, 2)), needs_corner=rng.random() < 0.15,
            needs_power=rng.random() < 0.3, needs_water=rng.random() < 0.15,
            priority=rng.random() < 0.2, preferences=tuple(prefs)))
    return apps


def random_problem(seed, rows=2, cols=4, apps=4, max_wanted=2, restrict=True, gap_every=0):
    rng = random.Random(seed)
    booths = random_plan(rng, rows, cols, gap_every)
    zone_sectors = {ZONES[0]: frozenset({SECTORS[0], SECTORS[2]})} if restrict else {}
    available = {b.id for b in booths if rng.random() < 0.9}
    return Problem(booths, available, random_apps(rng, booths, apps, max_wanted), zone_sectors)


def check_hard_constraints(problem, result):
    booths = {b.id: b for b in problem.booths}
    graph = adjacency(problem.booths)
    apps = {a.id: a for a in problem.applications}
    used = []
    for placement in result.placements:
        app = apps[placement.application_id]
        chosen = set(placement.booth_ids)
        assert len(chosen) == app.booths_wanted, "every placed exhibitor gets the booths it asked for"
        assert is_connected(chosen, graph), "multi-booth requests get adjacent booths"
        assert features_met(app, chosen, booths), "required features present"
        assert app.locked <= chosen
        for b in chosen - app.locked:
            assert b in problem.available
            assert zone_admits(problem.zone_sectors, booths[b].zone, app.sector), "zone admits the sector"
        used.extend(chosen)
    assert len(used) == len(set(used)), "a booth goes to at most one exhibitor"
    placed = {p.application_id for p in result.placements}
    assert placed.isdisjoint({u.application_id for u in result.unplaced})
    assert placed | {u.application_id for u in result.unplaced} == set(apps)


def brute_force(problem):
    """Best (satisfaction, same-sector pairs, -same-product pairs) over every assignment."""
    booths = {b.id: b for b in problem.booths}
    graph = adjacency(problem.booths)
    from itertools import combinations

    options = []
    for app in problem.applications:
        mine = [None]
        pool = sorted(set(problem.available) | set(app.locked))
        for combo in combinations(pool, app.booths_wanted):
            chosen = set(combo)
            if not app.locked <= chosen or not is_connected(chosen, graph):
                continue
            if not features_met(app, chosen, booths):
                continue
            if not all(zone_admits(problem.zone_sectors, booths[b].zone, app.sector)
                       for b in chosen - app.locked):
                continue
            mine.append(tuple(sorted(chosen)))
        if app.locked and len(app.locked) >= app.booths_wanted:
            mine = [tuple(sorted(app.locked))]
        options.append(mine)
    best = None
    for combo in product(*options):
        used = [b for chosen in combo if chosen for b in chosen]
        if len(used) != len(set(used)):
            continue
        assignment = {app.id: chosen for app, chosen in zip(problem.applications, combo) if chosen}
        sat, sector, prod = evaluate(problem, assignment, graph)
        key = (sat, sector, -prod)
        if best is None or key > best:
            best = key
    return best


@pytest.mark.parametrize("seed", range(40))
def test_small_instances_are_optimal_against_brute_force(seed):
    problem = random_problem(seed, rows=2, cols=4, apps=4, max_wanted=2)
    result = allocate(problem, time_limit=10, workers=2)
    check_hard_constraints(problem, result)
    best = brute_force(problem)
    assert all(stage.proven_optimal for stage in result.stages)
    assert result.proven_optimal
    assert (result.satisfaction, result.same_sector_pairs, -result.same_product_pairs) == best


@pytest.mark.parametrize("seed", range(12))
def test_one_booth_each_uses_the_exact_assignment_and_matches_brute_force(seed):
    problem = random_problem(100 + seed, rows=2, cols=3, apps=5, max_wanted=1)
    result = allocate(problem, time_limit=10, workers=2)
    check_hard_constraints(problem, result)
    assert result.stages[0].solver in ("linear_sum_assignment", "trivial")
    assert result.stages[0].proven_optimal
    assert (result.satisfaction, result.same_sector_pairs, -result.same_product_pairs) == brute_force(problem)


@pytest.mark.parametrize("seed", range(10))
def test_the_lp_guided_path_never_claims_more_than_it_proves(seed, monkeypatch):
    """Forcing the large-instance path (LP bound + restricted CP-SAT) on small instances: the bound
    it reports is never below the true optimum, and OPTIMAL is only said when it is."""
    monkeypatch.setattr(allocation, "DIRECT_LIMIT", 0)
    monkeypatch.setattr(allocation, "LAYOUT_LIMIT", 3)
    problem = random_problem(200 + seed, rows=2, cols=4, apps=5, max_wanted=3)
    result = allocate(problem, time_limit=10, workers=2)
    check_hard_constraints(problem, result)
    best = brute_force(problem)
    first = result.stages[0]
    assert first.bound is None or first.bound >= best[0]
    assert first.objective <= best[0]
    if first.proven_optimal:
        assert result.satisfaction == best[0]


@pytest.mark.parametrize("seed", range(4))
def test_hard_constraints_hold_on_larger_random_instances(seed):
    problem = random_problem(300 + seed, rows=4, cols=12, apps=30, max_wanted=4, gap_every=4)
    result = allocate(problem, time_limit=1.5, workers=2)
    check_hard_constraints(problem, result)
    assert result.placements, "something gets placed"
    for u in result.unplaced:
        assert u.reason in (allocation.NO_BOOTH_FITS, allocation.NO_ADJACENT_SET, allocation.NO_ROOM)


def plan_row(n, **features):
    return [BoothSpec(i, f"A{i:02d}", "Nông nghiệp", 3 * (i - 1), 0, 3, 3, **features) for i in range(1, n + 1)]


def test_rank_one_beats_rank_five_and_priority_weighs_more():
    app = ApplicationSpec(1, "HTX", "Nông nghiệp")
    vip = ApplicationSpec(2, "HTX tiêu biểu", "Nông nghiệp", priority=True)
    assert points_for(app, 1) > points_for(app, 5) > points_for(app, None) > 0
    assert points_for(vip, 3) == 2 * points_for(app, 3)
    # Two exhibitors want booth 1 first; the priority one gets it.
    booths = plan_row(2)
    apps = [ApplicationSpec(1, "HTX A", "Nông nghiệp", preferences=(Preference(1, booth_id=1),)),
            ApplicationSpec(2, "HTX B", "Nông nghiệp", priority=True, preferences=(Preference(1, booth_id=1),))]
    result = allocate(Problem(booths, {1, 2}, apps), time_limit=5, workers=1)
    assert {p.application_id: p.booth_ids for p in result.placements} == {2: (1,), 1: (2,)}
    assert {p.application_id: p.rank for p in result.placements} == {2: 1, 1: None}


def test_a_zone_wish_is_met_only_when_every_booth_is_in_the_zone():
    booths = [BoothSpec(1, "A01", "Thủy sản", 0, 0, 3, 3), BoothSpec(2, "A02", "Nông nghiệp", 3, 0, 3, 3)]
    by_id = {b.id: b for b in booths}
    app = ApplicationSpec(1, "HTX", "Thủy sản", 2, preferences=(Preference(1, zone="Thủy sản"),
                                                                Preference(2, booth_id=2)))
    assert best_rank(app, {1, 2}, by_id) == 2
    assert best_rank(app, {1}, by_id) == 1


def test_unplaced_applications_say_why():
    booths = plan_row(3, power=False)
    booths[2] = BoothSpec(3, "A03", "Nông nghiệp", 20, 0, 3, 3, power=True)  # alone, across an aisle
    apps = [
        ApplicationSpec(1, "Cần nước", "Nông nghiệp", needs_water=True),
        ApplicationSpec(2, "Cần 2 gian có điện", "Nông nghiệp", 2, needs_power=True),
        ApplicationSpec(3, "Ưu tiên", "Nông nghiệp", 2, priority=True),
        ApplicationSpec(4, "Đến sau", "Nông nghiệp", 2),
        ApplicationSpec(5, "Ngành bị hạn chế", "Thủy sản"),
    ]
    problem = Problem(booths, {1, 2, 3}, apps, {"Nông nghiệp": frozenset({"Nông nghiệp"})})
    result = allocate(problem, time_limit=5, workers=1)
    reasons = {u.application_id: u.reason for u in result.unplaced}
    assert reasons[1] == allocation.NO_BOOTH_FITS
    assert reasons[2] == allocation.NO_ADJACENT_SET
    assert reasons[5] == allocation.NO_BOOTH_FITS
    assert reasons[4] == allocation.NO_ROOM
    assert result.booths_of(3) == (1, 2)


def test_locked_booths_are_kept_and_completed_with_adjacent_ones():
    booths = plan_row(5)
    apps = [ApplicationSpec(1, "Đã khoá", "Nông nghiệp", 2, locked=frozenset({4}),
                            preferences=(Preference(1, booth_id=1),)),
            ApplicationSpec(2, "Muốn A04", "Nông nghiệp", 1, priority=True,
                            preferences=(Preference(1, booth_id=4),)),
            ApplicationSpec(3, "Khoá đủ", "Nông nghiệp", 1, locked=frozenset({1}))]
    problem = Problem(booths, {2, 3, 5}, apps)
    result = allocate(problem, time_limit=5, workers=1)
    placed = {p.application_id: p.booth_ids for p in result.placements}
    assert 4 in placed[1] and len(placed[1]) == 2 and set(placed[1]) in ({3, 4}, {4, 5})
    assert placed[3] == (1,)
    assert 4 not in placed[2]


def test_same_sector_neighbours_then_different_products():
    booths = plan_row(4)
    apps = [ApplicationSpec(1, "Lúa 1", "Nông nghiệp", products=frozenset({"Gạo"})),
            ApplicationSpec(2, "Lúa 2", "Nông nghiệp", products=frozenset({"Gạo"})),
            ApplicationSpec(3, "Mật ong", "Nông nghiệp", products=frozenset({"Mật ong"})),
            ApplicationSpec(4, "Cá", "Thủy sản", products=frozenset({"Cá"}))]
    result = allocate(Problem(booths, {1, 2, 3, 4}, apps), time_limit=5, workers=1)
    position = {p.application_id: p.booth_ids[0] for p in result.placements}
    # The three farming cooperatives side by side (2 pairs), the fish one at an end,
    # and the two rice sellers not next to each other: honey in the middle.
    assert result.same_sector_pairs == 2 and result.same_product_pairs == 0
    assert position[4] in (1, 4)
    assert abs(position[1] - position[2]) == 2
    assert result.proven_optimal
