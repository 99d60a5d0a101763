"""Which booths touch, read from the plan itself: two booths are adjacent when they share a piece
of an edge (not only a corner). Pure functions on anything with id, x, y, width and height.

The organiser draws booths in metres and rarely types exact numbers, so edges that meet within
TOLERANCE are taken to meet, and the shared piece must be longer than MIN_SHARED to count.
"""
TOLERANCE = 0.05  # metres
MIN_SHARED = 0.3  # metres of common edge


def _span_overlap(a0, a1, b0, b1):
    return min(a1, b1) - max(a0, b0)


def touching(a, b, tolerance=TOLERANCE, min_shared=MIN_SHARED):
    """True when rectangles a and b share an edge segment."""
    ax1, ay1 = a.x + a.width, a.y + a.height
    bx1, by1 = b.x + b.width, b.y + b.height
    # Side by side: a vertical edge in common.
    if abs(ax1 - b.x) <= tolerance or abs(bx1 - a.x) <= tolerance:
        if _span_overlap(a.y, ay1, b.y, by1) >= min_shared:
            return True
    # One above the other: a horizontal edge in common.
    if abs(ay1 - b.y) <= tolerance or abs(by1 - a.y) <= tolerance:
        if _span_overlap(a.x, ax1, b.x, bx1) >= min_shared:
            return True
    return False


def overlapping(a, b, tolerance=TOLERANCE):
    """True when two booths cover a common area (a drawing mistake)."""
    return (_span_overlap(a.x, a.x + a.width, b.x, b.x + b.width) > tolerance
            and _span_overlap(a.y, a.y + a.height, b.y, b.y + b.height) > tolerance)


def adjacency(booths, tolerance=TOLERANCE):
    """{booth id: set of adjacent booth ids}. Sorting by x keeps it near-linear on real plans."""
    ordered = sorted(booths, key=lambda b: b.x)
    graph = {b.id: set() for b in booths}
    for i, a in enumerate(ordered):
        right = a.x + a.width + tolerance
        for b in ordered[i + 1:]:
            if b.x > right:
                break
            if touching(a, b, tolerance):
                graph[a.id].add(b.id)
                graph[b.id].add(a.id)
    return graph


def edges(graph):
    """Each adjacent pair once, as (smaller id, larger id), sorted."""
    return sorted({(min(a, b), max(a, b)) for a, near in graph.items() for b in near})


def is_connected(ids, graph):
    ids = set(ids)
    if not ids:
        return False
    start = next(iter(ids))
    seen, stack = {start}, [start]
    while stack:
        for n in graph.get(stack.pop(), ()):
            if n in ids and n not in seen:
                seen.add(n)
                stack.append(n)
    return seen == ids


def connected_sets(graph, nodes, size, must_include=frozenset()):
    """Every connected set of `size` booths among `nodes` (plus must_include, which every set
    contains). Sets are grown from a seed by adding neighbours; each set is kept once."""
    nodes = set(nodes) | set(must_include)
    if size <= 0 or len(nodes) < size:
        return []
    if must_include:
        if len(must_include) > size:
            return []
        seeds = [frozenset(must_include)]
    else:
        seeds = [frozenset([n]) for n in nodes]
    found = set()
    frontier = set(seeds)
    for _ in range(size - len(next(iter(seeds)))):
        grown = set()
        for current in frontier:
            for member in current:
                for n in graph.get(member, ()):
                    if n in nodes and n not in current:
                        grown.add(current | {n})
        frontier = grown
    for candidate in frontier:
        if len(candidate) == size and is_connected(candidate, graph):
            found.add(candidate)
    return sorted(found, key=lambda s: tuple(sorted(s)))


def neighbours_of(ids, graph):
    """Booths adjacent to the set but outside it."""
    ids = set(ids)
    return {n for i in ids for n in graph.get(i, ()) if n not in ids}


def components(ids, graph):
    """Splits a set of booths into its connected groups (each sorted)."""
    left, groups = set(ids), []
    while left:
        start = left.pop()
        group, stack = {start}, [start]
        while stack:
            for n in graph.get(stack.pop(), ()):
                if n in left:
                    left.discard(n)
                    group.add(n)
                    stack.append(n)
        groups.append(sorted(group))
    return groups
