"""The solvers behind eventapp.booths.allocation: scipy's Hungarian method, HiGHS linear
programming (via scipy) for bounds, OR-Tools CP-SAT for the integer models.

Vocabulary: a *column* is one candidate (an application and a connected set of booths); a
solution picks at most one column per application and at most one per booth.
"""
import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import linear_sum_assignment, linprog
from scipy.sparse import csc_matrix

from .geometry import edges

LP_TOLERANCE = 1e-6
LIGHT_PRESOLVE_ABOVE = 5000  # variables


@dataclass
class Column:
    app: int            # index of the application
    booths: frozenset
    rank: int | None
    points: int


@dataclass
class Outcome:
    """What a solve found: chosen columns by application index, its value, the solver's status
    (OPTIMAL, FEASIBLE or NO_SOLUTION), a bound valid for the whole problem (None when unknown)."""

    chosen: dict
    value: float
    status: str
    bound: float | None
    solver: str
    seconds: float = 0.0


# ----- exact assignment (one booth each) ---------------------------------------------------------

def solve_assignment(columns, n_apps):
    """All columns are single booths: a rectangular assignment problem. Each application also has
    its own 'unplaced' column at cost 0, so leaving it out is allowed and never forced."""
    started = time.perf_counter()
    booth_ids = sorted({next(iter(c.booths)) for c in columns})
    position = {b: i for i, b in enumerate(booth_ids)}
    m = len(booth_ids)
    forbidden = float(sum(c.points for c in columns) + 1)
    cost = np.full((n_apps, m + n_apps), forbidden)
    cost[np.arange(n_apps), m + np.arange(n_apps)] = 0.0
    where = {}
    for c in columns:
        j = position[next(iter(c.booths))]
        cost[c.app, j] = -c.points
        where[(c.app, j)] = c
    rows, cols = linear_sum_assignment(cost)
    chosen = {int(i): where[(i, j)] for i, j in zip(rows, cols) if j < m and cost[i, j] < 0}
    value = sum(c.points for c in chosen.values())
    return Outcome(chosen, value, "OPTIMAL", value, "linear_sum_assignment", time.perf_counter() - started)


# ----- CP-SAT ------------------------------------------------------------------------------------

def greedy(columns):
    """A quick feasible start: most points per booth first, skipping taken booths."""
    taken, chosen = set(), {}
    for c in sorted(columns, key=lambda c: (-c.points / len(c.booths), -c.points, c.app, sorted(c.booths))):
        if c.app in chosen or c.booths & taken:
            continue
        chosen[c.app] = c
        taken |= c.booths
    return chosen


def _status(code):
    return {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE"}.get(code, "NO_SOLUTION")


class PackingModel:
    """The CP-SAT model of the hard constraints over a list of columns."""

    def __init__(self, columns):
        self.columns = columns
        self.model = cp_model.CpModel()
        self.vars = [self.model.new_bool_var("") for _ in columns]
        by_app, by_booth = {}, {}
        for c, v in zip(columns, self.vars):
            by_app.setdefault(c.app, []).append(v)
            for b in c.booths:
                by_booth.setdefault(b, []).append(v)
        for group in list(by_app.values()) + list(by_booth.values()):
            if len(group) > 1:
                self.model.add_at_most_one(group)

    def satisfaction(self):
        return sum(c.points * v for c, v in zip(self.columns, self.vars))

    def hint(self, chosen):
        picked = {id(c) for c in chosen.values()}
        for c, v in zip(self.columns, self.vars):
            self.model.add_hint(v, 1 if id(c) in picked else 0)

    def solve(self, time_limit, workers):
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, time_limit)
        solver.parameters.num_workers = workers
        if len(self.model.proto.variables) > LIGHT_PRESOLVE_ABOVE:
            # On large models the full presolve (probing, symmetries) can take the whole time
            # limit before the search starts; a light one leaves the time to the search.
            solver.parameters.cp_model_probing_level = 0
            solver.parameters.symmetry_level = 0
            solver.parameters.max_presolve_iterations = 1
        status = _status(solver.solve(self.model))
        chosen = {}
        if status != "NO_SOLUTION":
            for c, v in zip(self.columns, self.vars):
                if solver.value(v):
                    chosen[c.app] = c
        return solver, status, chosen


def solve_packing(columns, time_limit, workers, start=None, global_bound=True, upper=None):
    """Maximum satisfaction over these columns with CP-SAT. The bound is global only when the
    columns are all the candidates (global_bound). `upper`, a known bound (the LP's), is added as
    a constraint every solution meets: reaching it ends the search with a proof."""
    started = time.perf_counter()
    packing = PackingModel(columns)
    if upper is not None:
        packing.model.add(packing.satisfaction() <= int(upper))
    packing.model.maximize(packing.satisfaction())
    start = start if start is not None else greedy(columns)
    packing.hint(start)
    solver, status, chosen = packing.solve(time_limit, workers)
    if status == "NO_SOLUTION" and start:
        # Out of time before the search began: the starting solution is feasible by construction.
        return Outcome(start, sum(c.points for c in start.values()), "FEASIBLE", None, "greedy",
                       time.perf_counter() - started)
    value = sum(c.points for c in chosen.values())
    bound = solver.best_objective_bound if (global_bound and status != "NO_SOLUTION") else None
    return Outcome(chosen, value, status, bound, "cp-sat", time.perf_counter() - started)


# ----- linear relaxation (HiGHS) with column generation --------------------------------------------

class Relaxation:
    """The LP relaxation of the packing over every column, solved by column generation: HiGHS
    solves it over a growing subset; the duals price all columns at once (a sparse product) and
    the columns with positive reduced cost join, until none has. Then the LP value is a bound of
    the whole problem, and reduced costs d tell which columns can appear in a solution worth at
    least v: only those with bound + d >= v (Lagrangian argument; every d <= 0 at the end)."""

    def __init__(self, columns, n_apps, booth_index):
        self.columns = columns
        rows, cols = [], []
        for j, c in enumerate(columns):
            rows.append(c.app)
            cols.append(j)
            for b in c.booths:
                rows.append(n_apps + booth_index[b])
                cols.append(j)
        shape = (n_apps + len(booth_index), len(columns))
        self.matrix = csc_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        self.points = np.array([c.points for c in columns], dtype=float)
        self.value = None
        self.reduced = None
        self.x = None
        self.generated = None

    def solve(self, start_columns, deadline, batch=5000):
        """Returns True when the LP optimum over all columns was reached before the deadline."""
        active = np.zeros(len(self.columns), dtype=bool)
        active[list(start_columns)] = True
        ones = np.ones(self.matrix.shape[0])
        while True:
            index = np.flatnonzero(active)
            result = linprog(-self.points[index], A_ub=self.matrix[:, index], b_ub=ones,
                             bounds=(0, None), method="highs-ds")
            if result.status != 0:
                return False
            duals = -result.ineqlin.marginals
            reduced = self.points - self.matrix.T @ duals
            entering = np.flatnonzero((reduced > LP_TOLERANCE) & ~active)
            if len(entering) == 0:
                self.value = -result.fun
                self.reduced = np.minimum(reduced, 0.0)
                self.x = np.zeros(len(self.columns))
                self.x[index] = result.x
                self.generated = active
                return True
            if time.perf_counter() > deadline:
                return False
            best = entering[np.argsort(-reduced[entering], kind="stable")[:batch]]
            active[best] = True

    @property
    def bound(self):
        """The objective is an integer: the floor of the LP value bounds it."""
        return float(np.floor(self.value + LP_TOLERANCE))

    def usable(self, floor):
        """Columns that may appear in a solution worth at least `floor`."""
        return self.value + self.reduced >= floor - LP_TOLERANCE


def solve_large(columns, n_apps, booth_index, time_limit, workers):
    """Satisfaction when the full CP-SAT model is too large to prove in time: the LP relaxation
    gives a bound; CP-SAT solves the LP's support, then the columns the LP found promising
    (generated or with zero reduced cost), starting from the previous answer. Proven optimal
    when the value reaches the LP bound, or when the restricted model is solved to optimality
    and no column left out could reach a better value."""
    started = time.perf_counter()
    deadline = started + time_limit
    relaxation = Relaxation(columns, n_apps, booth_index)
    start = greedy(columns)
    position = {id(c): j for j, c in enumerate(columns)}
    seeds = {position[id(c)] for c in start.values()}
    for app, group in _by_app(columns).items():
        seeds.update(position[id(c)] for c in sorted(group, key=lambda c: -c.points)[:10])
    if not relaxation.solve(seeds, started + time_limit * 0.5):
        return solve_packing(columns, deadline - time.perf_counter(), workers, start), None
    bound = relaxation.bound
    support = [columns[j] for j in np.flatnonzero(relaxation.x > LP_TOLERANCE)]
    first = solve_packing(support, min(2.0, time_limit * 0.1), workers, greedy(support), global_bound=False)
    best = first.chosen if first.value >= sum(c.points for c in start.values()) else start
    value = sum(c.points for c in best.values())
    status = "FEASIBLE"
    if value < bound:
        keep = relaxation.generated | (relaxation.reduced >= -LP_TOLERANCE) | (relaxation.x > LP_TOLERANCE)
        restricted = [columns[j] for j in np.flatnonzero(keep)]
        second = solve_packing(restricted, deadline - time.perf_counter(), workers, best, global_bound=False,
                               upper=bound)
        if second.value > value:
            best, value = second.chosen, second.value
        left_out = ~keep
        if second.status == "OPTIMAL" and (not left_out.any()
                                           or (relaxation.value + relaxation.reduced[left_out]).max()
                                           <= value + LP_TOLERANCE):
            status = "OPTIMAL"
    if value >= bound:
        status = "OPTIMAL"
    outcome = Outcome(best, value, status, max(bound, value), "cp-sat + HiGHS LP bound",
                      time.perf_counter() - started)
    return outcome, relaxation


def solve_direct(columns, n_apps, booth_index, time_limit, workers):
    """A model small enough for CP-SAT whole; the LP bound (cheap at this size) helps it prove."""
    relaxation = Relaxation(columns, n_apps, booth_index)
    upper = relaxation.bound if relaxation.solve(range(len(columns)), time.perf_counter() + time_limit) else None
    return solve_packing(columns, time_limit, workers, upper=upper), (relaxation if upper is not None else None)


def _by_app(columns):
    groups = {}
    for c in columns:
        groups.setdefault(c.app, []).append(c)
    return groups


# ----- stage 2: layout -----------------------------------------------------------------------------

def _zero(term):
    return isinstance(term, int) and term == 0


def solve_layout(apps, graph, columns, floor, start, time_limit, workers):
    """With satisfaction >= floor: most same-sector neighbours, then fewest same-product
    neighbours (pairs of adjacent booths held by two different applications). The weight of the
    first term exceeds the largest possible value of the second, so the order is strict.
    Returns an Outcome whose value is that weighted objective."""
    started = time.perf_counter()
    packing = PackingModel(columns)
    model = packing.model
    model.add(packing.satisfaction() >= floor)
    packing.hint(start)

    locked_owner = {b: i for i, app in enumerate(apps) for b in app.locked}
    adjacent = set(edges(graph))
    covering, together = {}, {}
    for c, v in zip(columns, packing.vars):
        members = sorted(c.booths)
        for b in members:
            if b not in apps[c.app].locked:
                covering.setdefault(b, []).append((c.app, v))
        for x, first in enumerate(members):
            for second in members[x + 1:]:
                if (first, second) in adjacent:
                    together.setdefault((first, second), []).append(v)

    # The starting solution, to hint the helper variables too (a complete hint is a solution).
    start_owner, start_column = {}, {}
    for c in start.values():
        for b in c.booths:
            start_owner[b] = c.app
            start_column[b] = id(c)

    def start_value(b, test):
        owner = locked_owner.get(b, start_owner.get(b))
        return 1 if owner is not None and test(apps[owner]) else 0

    cache = {}

    def held_by(b, key, test):
        """1 when booth b is held by an application passing test: an int when known (locked or
        impossible), else a variable equal to the sum of the columns covering b."""
        if (b, key) not in cache:
            if b in locked_owner:
                cache[(b, key)] = 1 if test(apps[locked_owner[b]]) else 0
            else:
                vars_ = [v for i, v in covering.get(b, ()) if test(apps[i])]
                if not vars_:
                    cache[(b, key)] = 0
                else:
                    term = model.new_bool_var("")
                    model.add(term == sum(vars_))
                    model.add_hint(term, start_value(b, test))
                    cache[(b, key)] = term
        return cache[(b, key)]

    counts = {}
    for app in apps:
        for product in app.products:
            counts[product] = counts.get(product, 0) + 1
    products = sorted(p for p, n in counts.items() if n > 1)
    sectors = sorted({app.sector for app in apps if app.sector})

    sector_terms, product_terms = [], []
    for a, b in sorted(adjacent):
        if a in locked_owner and locked_owner.get(b) == locked_owner[a]:
            continue
        both = together.get((a, b), [])
        joined = 1 if a in start_column and start_column[a] == start_column.get(b) else 0
        for sector in sectors:
            ya = held_by(a, ("s", sector), lambda app, s=sector: app.sector == s)
            yb = held_by(b, ("s", sector), lambda app, s=sector: app.sector == s)
            if _zero(ya) or _zero(yb) or (isinstance(ya, int) and isinstance(yb, int)):
                continue
            z = model.new_bool_var("")
            for y in (ya, yb):
                if not isinstance(y, int):
                    model.add(z <= y)
            if both:
                model.add(z <= 1 - sum(both))
            test = lambda app, s=sector: app.sector == s  # noqa: E731
            model.add_hint(z, min(start_value(a, test), start_value(b, test), 1 - joined))
            sector_terms.append(z)
        # One penalty per pair of neighbours sharing at least one product.
        clash, clash_value = None, 0
        for product in products:
            ya = held_by(a, ("p", product), lambda app, p=product: p in app.products)
            yb = held_by(b, ("p", product), lambda app, p=product: p in app.products)
            if _zero(ya) or _zero(yb) or (isinstance(ya, int) and isinstance(yb, int)):
                continue
            if clash is None:
                clash = model.new_bool_var("")
                product_terms.append(clash)
            model.add(clash >= ya + yb - 1 - sum(both))
            test = lambda app, p=product: p in app.products  # noqa: E731
            clash_value = max(clash_value, start_value(a, test) + start_value(b, test) - 1 - joined)
        if clash is not None:
            model.add_hint(clash, clash_value)
    if not sector_terms and not product_terms:
        return Outcome(start, 0, "OPTIMAL", 0, "trivial", time.perf_counter() - started)
    weight = len(product_terms) + 1
    model.maximize(weight * sum(sector_terms) - sum(product_terms))
    solver, status, chosen = packing.solve(time_limit, workers)
    if status == "NO_SOLUTION":
        # Out of time: the stage-1 solution stands (it is feasible for this model too).
        return Outcome(start, 0, status, None, "cp-sat", time.perf_counter() - started)
    return Outcome(chosen, solver.objective_value, status, solver.best_objective_bound, "cp-sat",
                   time.perf_counter() - started)
