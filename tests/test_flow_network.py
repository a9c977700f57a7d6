"""FlowNetwork, the min-cost-flow builder of flow.py, polish.py and locums.py, on networks solved by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from roster.solvers.engines.flow_network import SINK, SOURCE, FlowNetwork


def two_paths(supply: int) -> tuple[FlowNetwork, slice, slice]:
    """source -> x (cap 2, cost 1) -> sink and source -> y (cap 2, cost 3) -> sink."""
    net = FlowNetwork()
    x = net.add_nodes(2)
    y = x + 1
    first = net.add_arcs(SOURCE, [x, y], 2, [1, 3])
    last = net.add_arcs([x, y], SINK, 2)
    net.set_supplies([SOURCE, SINK], [supply, -supply])
    return net, first, last


def test_blocks_and_groups_are_numbered_in_call_order() -> None:
    net = FlowNetwork()
    assert (net.add_nodes(3), net.add_nodes(0), net.add_nodes(2), net.n_nodes) == (2, 5, 5, 7)
    assert net.add_arcs(SOURCE, [2, 3, 4], 1) == slice(0, 3)
    assert net.add_arcs([], [], 1) == slice(3, 3)
    assert net.add_arcs(6, SINK, 5) == slice(3, 4)
    assert net.n_arcs == 4


def test_cheapest_path_fills_first() -> None:
    net, first, last = two_paths(3)
    flows = net.solve()
    assert flows is not None
    assert flows[first].tolist() == [2, 1] and flows[last].tolist() == [2, 1]
    assert int(flows[first] @ np.array([1, 3])) == 5


def test_costs_replaced_for_one_solve_only() -> None:
    net, first, _ = two_paths(3)
    swapped = net.solve(costs=[(first, np.array([4, 3]))])
    assert swapped is not None and swapped[first].tolist() == [1, 2]
    again = net.solve()
    assert again is not None and again[first].tolist() == [2, 1]


def test_supply_beyond_capacity_max_flow_at_least_cost() -> None:
    net, first, _ = two_paths(5)
    assert net.solve() is None  # 5 units cannot reach the sink through 4 units of capacity
    flows = net.solve(max_flow=True)
    assert flows is not None and flows[first].tolist() == [2, 2]
    net, first, _ = two_paths(1)
    flows = net.solve(max_flow=True)
    assert flows is not None and flows[first].tolist() == [1, 0]  # max flow 1, on the cheap path


def test_inner_supplies_and_demands() -> None:
    """A pinned node must send its unit (even at a cost) and a demand node receives exactly its units."""
    net = FlowNetwork()
    pinned, free, zone = net.add_nodes(3), net.add_nodes(1), net.add_nodes(1)
    expensive = net.add_arcs([pinned, pinned + 1, pinned + 2], zone, 1, [10, 10, 10])
    cheap = net.add_arcs(free, zone, 5, 1)
    net.add_arcs(SOURCE, free, 5)
    net.add_arcs(SOURCE, SINK, 5)  # bypass
    net.set_supplies([pinned, pinned + 2], 1)
    net.set_supplies(zone, -4)
    net.set_supplies([SOURCE, SINK], [5, -3])
    assert net.supplies().tolist() == [5, -3, 1, 0, 1, 0, -4]
    flows = net.solve()
    assert flows is not None
    assert flows[expensive].tolist() == [1, 0, 1] and flows[cheap].tolist() == [2]


def test_later_supplies_replace_earlier_ones() -> None:
    net = FlowNetwork()
    net.add_nodes(2)
    net.set_supplies([2, 3], [4, -4])
    net.set_supplies(3, -1)
    assert net.supplies().tolist() == [0, 0, 4, -1]


@pytest.mark.parametrize("seed", range(5))
def test_assignment_matches_brute_force(seed: int) -> None:
    """source -> worker (cap 1) -> job (cap 1, cost c) -> sink: the cheapest permutation."""
    rng = np.random.default_rng(seed)
    n = 4
    cost = rng.integers(0, 50, (n, n))
    net = FlowNetwork()
    worker, job = net.add_nodes(n), net.add_nodes(n)
    net.add_arcs(SOURCE, worker + np.arange(n), 1)
    pairs = net.add_arcs(worker + np.repeat(np.arange(n), n), job + np.tile(np.arange(n), n), 1, cost.ravel())
    net.add_arcs(job + np.arange(n), SINK, 1)
    net.set_supplies([SOURCE, SINK], [n, -n])
    flows = net.solve()
    assert flows is not None
    taken = flows[pairs].reshape(n, n)
    assert (taken.sum(axis=0) == 1).all() and (taken.sum(axis=1) == 1).all()
    best = min(sum(int(cost[i, p[i]]) for i in range(n)) for p in itertools.permutations(range(n)))
    assert int((taken * cost).sum()) == best


def test_bad_arcs_are_refused() -> None:
    net = FlowNetwork()
    net.add_nodes(1)
    with pytest.raises(ValueError, match="not added"):
        net.add_arcs(SOURCE, 3, 1)
    with pytest.raises(TypeError):
        net.add_arcs(SOURCE, 2, 1.5)  # capacities and costs are integers
    assert net.n_arcs == 0
