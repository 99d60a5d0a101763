"""The solvers behind eventapp.booths.allocation: scipy's Hungarian method, HiGHS linear
programming (via scipy) for bounds, OR-Tools CP-SAT for the integer models.

Vocabulary: a *column* is one candidate (an application and a connected set of booths); a
solution picks at most one column per application and at most one per booth.
"""
import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, linprog, milp
from scipy.sparse import csc_matrix

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

def greedy(columns, required=frozenset()):
    """A quick feasible start: the applications that must be placed first, then most points per
    booth, skipping taken booths."""
    taken, chosen = set(), {}
    for c in sorted(columns, key=lambda c: (c.app not in required, -c.points / len(c.booths), -c.points, c.app,
                                            sorted(c.booths))):
        if c.app in chosen or c.booths & taken:
            continue
        chosen[c.app] = c
        taken |= c.booths
    return chosen


def _status(code):
    return {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE",
            cp_model.INFEASIBLE: "INFEASIBLE"}.get(code, "NO_SOLUTION")


SEED = 20240411  # fixed: one worker then searches the same way every run


class PackingModel:
    """The CP-SAT model of the hard constraints over a list of columns."""

    def __init__(self, columns, required=frozenset()):
        """required: application indexes that must take one of their columns (partial locks)."""
        self.columns = columns
        self.model = cp_model.CpModel()
        self.vars = [self.model.new_bool_var("") for _ in columns]
        by_app, by_booth = {}, {}
        for c, v in zip(columns, self.vars):
            by_app.setdefault(c.app, []).append(v)
            for b in c.booths:
                by_booth.setdefault(b, []).append(v)
        for app, group in by_app.items():
            if app in required:
                self.model.add_exactly_one(group)
            elif len(group) > 1:
                self.model.add_at_most_one(group)
        for group in by_booth.values():
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
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = SEED
        if workers == 1:
            # Stopped by deterministic time, one worker gives the same answer on every run; the
            # wall clock only guards against a machine much slower than usual.
            solver.parameters.max_deterministic_time = max(0.05, time_limit)
            solver.parameters.max_time_in_seconds = max(0.05, time_limit) * 6
        else:
            solver.parameters.max_time_in_seconds = max(0.05, time_limit)
        if len(self.model.proto.variables) > LIGHT_PRESOLVE_ABOVE:
            # On large models the full presolve (probing, symmetries) can take the whole time
            # limit before the search starts; a light one leaves the time to the search.
            solver.parameters.cp_model_probing_level = 0
            solver.parameters.symmetry_level = 0
            solver.parameters.max_presolve_iterations = 1
        status = _status(solver.solve(self.model))
        chosen = {}
        if status in ("OPTIMAL", "FEASIBLE"):
            for c, v in zip(self.columns, self.vars):
                if solver.value(v):
                    chosen[c.app] = c
        return solver, status, chosen


def solve_packing(columns, time_limit, workers, start=None, global_bound=True, upper=None, required=frozenset()):
    """Maximum satisfaction over these columns with CP-SAT. The bound is global only when the
    columns are all the candidates (global_bound). `upper`, a known bound (the LP's), is added as
    a constraint every solution meets: reaching it ends the search with a proof."""
    started = time.perf_counter()
    packing = PackingModel(columns, required)
    if upper is not None:
        packing.model.add(packing.satisfaction() <= int(upper))
    packing.model.maximize(packing.satisfaction())
    start = start if start is not None else greedy(columns, required)
    packing.hint(start)
    solver, status, chosen = packing.solve(time_limit, workers)
    if status == "INFEASIBLE":
        return Outcome({}, 0, status, None, "cp-sat", time.perf_counter() - started)
    if status == "NO_SOLUTION" and start and required <= set(start):
        # Out of time before the search began: the starting solution is feasible by construction.
        return Outcome(start, sum(c.points for c in start.values()), "FEASIBLE", None, "greedy",
                       time.perf_counter() - started)
    value = sum(c.points for c in chosen.values())
    bound = solver.best_objective_bound if (global_bound and status != "NO_SOLUTION") else None
    return Outcome(chosen, value, status, bound, "cp-sat", time.perf_counter() - started)


def _with_required(subset, columns, required):
    """The subset plus every column of the applications that must be placed (few: partial locks)."""
    if not required:
        return subset
    present = {id(c) for c in subset}
    return subset + [c for c in columns if c.app in required and id(c) not in present]


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


def solve_large(columns, n_apps, booth_index, time_limit, workers, required=frozenset()):
    """Satisfaction when the full CP-SAT model is too large to prove in time: the LP relaxation
    gives a bound; CP-SAT solves the LP's support, then the columns the LP found promising
    (generated or with zero reduced cost), starting from the previous answer. Proven optimal
    when the value reaches the LP bound, or when the restricted model is solved to optimality
    and no column left out could reach a better value."""
    started = time.perf_counter()
    deadline = started + time_limit
    relaxation = Relaxation(columns, n_apps, booth_index)
    start = greedy(columns, required)
    position = {id(c): j for j, c in enumerate(columns)}
    seeds = {position[id(c)] for c in start.values()}
    for _app, group in _by_app(columns).items():
        seeds.update(position[id(c)] for c in sorted(group, key=lambda c: -c.points)[:10])
    if not relaxation.solve(seeds, started + time_limit * 0.5):
        return solve_packing(columns, deadline - time.perf_counter(), workers, start, required=required), None
    bound = relaxation.bound
    support = _with_required([columns[j] for j in np.flatnonzero(relaxation.x > LP_TOLERANCE)], columns, required)
    first = solve_packing(support, min(2.0, time_limit * 0.1), workers, greedy(support, required),
                          global_bound=False, required=required)
    if first.status == "INFEASIBLE":
        return first, None
    start_ok = required <= set(start)
    best = first.chosen if (first.value >= sum(c.points for c in start.values()) or not start_ok) else start
    value = sum(c.points for c in best.values())
    status = "FEASIBLE"
    if value < bound:
        keep = relaxation.generated | (relaxation.reduced >= -LP_TOLERANCE) | (relaxation.x > LP_TOLERANCE)
        restricted = _with_required([columns[j] for j in np.flatnonzero(keep)], columns, required)
        second = solve_packing(restricted, deadline - time.perf_counter(), workers, best, global_bound=False,
                               upper=bound, required=required)
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


def solve_mip(relaxation, columns, n_apps, time_limit, required=frozenset()):
    """The packing as a mixed-integer programme (HiGHS branch and cut, one thread, deterministic):
    on models of direct size it proves optimality in a fraction of the time CP-SAT takes alone.
    Returns None when HiGHS ends without a solution (the caller falls back to CP-SAT)."""
    started = time.perf_counter()
    lower = np.zeros(relaxation.matrix.shape[0])
    lower[sorted(required)] = 1.0  # partial locks: exactly one candidate each
    result = milp(-relaxation.points, constraints=LinearConstraint(relaxation.matrix, lower, 1.0),
                  integrality=np.ones(len(columns)), bounds=Bounds(0, 1),
                  options={"time_limit": max(0.1, time_limit)})
    if result.status == 2:
        return Outcome({}, 0, "INFEASIBLE", None, "highs-mip", time.perf_counter() - started)
    if result.x is None:
        return None
    chosen = {columns[j].app: columns[j] for j in np.flatnonzero(result.x > 0.5)}
    value = sum(c.points for c in chosen.values())
    if result.status == 0:
        return Outcome(chosen, value, "OPTIMAL", value, "highs-mip", time.perf_counter() - started)
    bound = getattr(result, "mip_dual_bound", None)
    bound = None if bound is None or not np.isfinite(bound) else float(np.floor(-bound + LP_TOLERANCE))
    return Outcome(chosen, value, "FEASIBLE", bound, "highs-mip", time.perf_counter() - started)


def solve_direct(columns, n_apps, booth_index, time_limit, workers, required=frozenset()):
    """A model small enough to solve whole: HiGHS's MIP first; CP-SAT, with the LP bound as a
    valid cut, when the MIP proves nothing in its share of the time."""
    started = time.perf_counter()
    relaxation = Relaxation(columns, n_apps, booth_index)
    upper = relaxation.bound if relaxation.solve(range(len(columns)), time.perf_counter() + time_limit) else None
    mip = solve_mip(relaxation, columns, n_apps, time_limit * 0.5, required)
    if mip is not None and mip.status in ("OPTIMAL", "INFEASIBLE"):
        return mip, (relaxation if upper is not None else None)
    remaining = max(time_limit - (time.perf_counter() - started), time_limit * 0.2)
    start = mip.chosen if mip is not None else None
    outcome = solve_packing(columns, remaining, workers, start=start, upper=upper, required=required)
    return outcome, (relaxation if upper is not None else None)


def _by_app(columns):
    groups = {}
    for c in columns:
        groups.setdefault(c.app, []).append(c)
    return groups
