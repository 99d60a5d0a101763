"""Stage 2 of the allocator, the layout: with the satisfaction of stage 1 kept, most neighbours of
the same sector, then fewest neighbours selling a common product (CP-SAT)."""
import time

from .allocation_solvers import Outcome, PackingModel
from .geometry import edges


def _zero(term):
    return isinstance(term, int) and term == 0


def solve_layout(apps, graph, columns, floor, start, time_limit, workers, required=frozenset()):
    """With satisfaction >= floor: most same-sector neighbours, then fewest same-product
    neighbours (pairs of adjacent booths held by two different applications). The weight of the
    first term exceeds the largest possible value of the second, so the order is strict.
    Returns an Outcome whose value is that weighted objective."""
    started = time.perf_counter()
    packing = PackingModel(columns, required)
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
    if status not in ("OPTIMAL", "FEASIBLE"):
        # Out of time: the stage-1 solution stands (it is feasible for this model too).
        return Outcome(start, 0, status, None, "cp-sat", time.perf_counter() - started)
    return Outcome(chosen, solver.objective_value, status, solver.best_objective_bound, "cp-sat",
                   time.perf_counter() - started)
