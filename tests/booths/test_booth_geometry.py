"""Adjacency comes from the plan: booths that share a piece of edge touch; corners do not."""
from types import SimpleNamespace as B

from eventapp.booths.geometry import adjacency, components, connected_sets, is_connected, overlapping


def booth(i, x, y, w=3, h=3):
    return B(id=i, x=x, y=y, width=w, height=h)


def test_side_by_side_and_stacked_booths_touch_but_corners_do_not():
    plan = [booth(1, 0, 0), booth(2, 3, 0), booth(3, 0, 3), booth(4, 3.02, 3.01), booth(5, 6.5, 0)]
    graph = adjacency(plan)
    assert graph[1] == {2, 3}
    assert graph[2] == {1, 4}          # 4 is 2 cm off: within the drawing tolerance
    assert 4 not in graph[1]           # diagonal neighbours share only a corner
    assert graph[5] == set()           # half a metre of aisle between 2 and 5


def test_a_wide_booth_touches_every_booth_along_its_edge():
    plan = [booth(1, 0, 0, w=9), booth(2, 0, 3), booth(3, 3, 3), booth(4, 6, 3), booth(5, 8.9, 3)]
    graph = adjacency(plan)
    assert graph[1] == {2, 3, 4}       # booth 5 shares only 10 cm of edge: not a neighbour


def test_connected_sets_of_a_row_are_its_runs():
    row = [booth(i, 3 * i, 0) for i in range(1, 6)]
    graph = adjacency(row)
    runs = connected_sets(graph, {1, 2, 3, 4, 5}, 3)
    assert runs == [frozenset({1, 2, 3}), frozenset({2, 3, 4}), frozenset({3, 4, 5})]
    assert connected_sets(graph, {1, 2, 4, 5}, 3) == []
    assert connected_sets(graph, {2, 3, 4, 5}, 2, must_include={4}) == [frozenset({3, 4}), frozenset({4, 5})]


def test_connected_sets_of_a_block_include_l_and_square_shapes():
    block = [booth(3 * r + c + 1, 3 * c, 3 * r) for r in range(2) for c in range(3)]  # 2 x 3 booths
    graph = adjacency(block)
    fours = connected_sets(graph, set(graph), 4)
    assert frozenset({1, 2, 4, 5}) in fours            # a square
    assert frozenset({1, 2, 3, 6}) in fours            # an L
    assert frozenset({1, 3, 4, 6}) not in fours        # two separate pairs
    assert all(is_connected(s, graph) for s in fours)
    # every 4-subset of the 2x3 block that is connected, and nothing else
    from itertools import combinations

    expected = {frozenset(s) for s in combinations(range(1, 7), 4) if is_connected(s, graph)}
    assert set(fours) == expected


def test_components_and_overlaps():
    plan = [booth(1, 0, 0), booth(2, 3, 0), booth(3, 10, 0)]
    assert sorted(components({1, 2, 3}, adjacency(plan))) == [[1, 2], [3]]
    assert overlapping(booth(1, 0, 0), booth(2, 2, 2))
    assert not overlapping(booth(1, 0, 0), booth(2, 3, 0))
