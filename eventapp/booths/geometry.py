"""Which booths touch, read from the plan itself: two booths are adjacent when they share a piece
of an edge (not only a corner). Pure functions on anything with id, x, y, width and height.

The organiser draws booths in metres and rarely types exact numbers, so edges that meet within
TOLERANCE are taken to meet, and the shared piece must be longer than MIN_SHARED to count.
"""
from collections.abc import Collection, Iterable, Mapping
from typing import Protocol

TOLERANCE = 0.05  # metres
MIN_SHARED = 0.3  # metres of common edge

Graph = Mapping[int, Collection[int]]


class Rect(Protocol):
    """A booth as the plan draws it (a Booth, or any object with these attributes)."""

    @property
    def id(self) -> int: ...
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...


def _span_overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def touching(a: Rect, b: Rect, tolerance: float = TOLERANCE, min_shared: float = MIN_SHARED) -> bool:
    """True when rectangles a and b share an edge segment."""
    ax1, ay1 = a.x + a.width, a.y + a.height
    bx1, by1 = b.x + b.width, b.y + b.height
    # Side by side: a vertical edge in common.
    side_by_side = abs(ax1 - b.x) <= tolerance or abs(bx1 - a.x) <= tolerance
    if side_by_side and _span_overlap(a.y, ay1, b.y, by1) >= min_shared:
        return True
    # One above the other: a horizontal edge in common.
    stacked = abs(ay1 - b.y) <= tolerance or abs(by1 - a.y) <= tolerance
    return stacked and _span_overlap(a.x, ax1, b.x, bx1) >= min_shared


def overlapping(a: Rect, b: Rect, tolerance: float = TOLERANCE) -> bool:
    """True when two booths cover a common area (a drawing mistake)."""
    return (_span_overlap(a.x, a.x + a.width, b.x, b.x + b.width) > tolerance
            and _span_overlap(a.y, a.y + a.height, b.y, b.y + b.height) > tolerance)


def adjacency(booths: Collection[Rect], tolerance: float = TOLERANCE) -> dict[int, set[int]]:
    """{booth id: set of adjacent booth ids}. Sorting by x keeps it near-linear on real plans."""
    ordered = sorted(booths, key=lambda b: b.x)
    graph: dict[int, set[int]] = {b.id: set() for b in booths}
    for i, a in enumerate(ordered):
        right = a.x + a.width + tolerance
        for b in ordered[i + 1:]:
            if b.x > right:
                break
            if touching(a, b, tolerance):
                graph[a.id].add(b.id)
                graph[b.id].add(a.id)
    return graph


def edges(graph: Graph) -> list[tuple[int, int]]:
    """Each adjacent pair once, as (smaller id, larger id), sorted."""
    return sorted({(min(a, b), max(a, b)) for a, near in graph.items() for b in near})


def is_connected(ids: Iterable[int], graph: Graph) -> bool:
    wanted = set(ids)
    if not wanted:
        return False
    start = next(iter(wanted))
    seen, stack = {start}, [start]
    while stack:
        for n in graph.get(stack.pop(), ()):
            if n in wanted and n not in seen:
                seen.add(n)
                stack.append(n)
    return seen == wanted


def connected_sets(graph: Graph, nodes: Iterable[int], size: int,
                   must_include: frozenset[int] = frozenset()) -> list[frozenset[int]]:
    """Every connected set of `size` booths among `nodes` (plus must_include, which every set
    contains). Sets are grown from a seed by adding neighbours; each set is kept once."""
    usable = set(nodes) | set(must_include)
    if size <= 0 or len(usable) < size:
        return []
    if must_include:
        if len(must_include) > size:
            return []
        seeds = [frozenset(must_include)]
    else:
        seeds = [frozenset([n]) for n in usable]
    found: set[frozenset[int]] = set()
    frontier = set(seeds)
    for _ in range(size - len(next(iter(seeds)))):
        grown: set[frozenset[int]] = set()
        for current in frontier:
            for member in current:
                for n in graph.get(member, ()):
                    if n in usable and n not in current:
                        grown.add(current | {n})
        frontier = grown
    for candidate in frontier:
        if len(candidate) == size and is_connected(candidate, graph):
            found.add(candidate)
    return sorted(found, key=lambda s: tuple(sorted(s)))


def components(ids: Iterable[int], graph: Graph) -> list[list[int]]:
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
