"""One builder for the min-cost-flow networks of flow.py, polish.py and locums.py.

Nodes come in blocks (`add_nodes`) after the source (0) and the sink (1); arcs come
in groups (`add_arcs`), whose slice reads the group's flows back from a solve or
replaces its costs for one solve. Arcs keep the order of the calls, and that order
matters: among equal-cost optima, it decides which one the solver returns.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike
from ortools.graph.python import min_cost_flow

SOURCE, SINK = 0, 1


class FlowNetwork:
    """Arcs (tail, head, capacity, unit cost) and node supplies of an integral min-cost flow."""

    def __init__(self) -> None:
        self.n_nodes = 2  # the source and the sink
        self.n_arcs = 0
        self._groups: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._supplies: list[tuple[np.ndarray, np.ndarray]] = []

    def add_nodes(self, count: int) -> int:
        """Append a block of `count` nodes; return the index of its first node."""
        first = self.n_nodes
        self.n_nodes += int(count)
        return first

    def add_arcs(self, tails: ArrayLike, heads: ArrayLike, caps: ArrayLike, costs: ArrayLike = 0) -> slice:
        """Append arcs (scalars broadcast to the other arguments' length); return their slice.

        Capacities and costs must be integers."""
        t, h, c, k = (np.atleast_1d(x) for x in np.broadcast_arrays(tails, heads, caps, costs))
        if t.ndim != 1:
            raise ValueError("arcs must be given as 1-D arrays or scalars")
        t, h = t.astype(np.int32), h.astype(np.int32)
        c, k = c.astype(np.int64, casting="same_kind"), k.astype(np.int64, casting="same_kind")
        if len(t) and (min(t.min(), h.min()) < 0 or max(t.max(), h.max()) >= self.n_nodes):
            raise ValueError("arc to or from a node that was not added")
        self._groups.append((t, h, c, k))
        start, self.n_arcs = self.n_arcs, self.n_arcs + len(t)
        return slice(start, self.n_arcs)

    def set_supplies(self, nodes: ArrayLike, amounts: ArrayLike) -> None:
        """Supply (> 0) or demand (< 0) of `nodes`, replacing earlier values; others have 0."""
        self._supplies.append((np.asarray(nodes), np.asarray(amounts, dtype=np.int64)))

    def supplies(self) -> np.ndarray:
        """Supply per node."""
        supplies = np.zeros(self.n_nodes, dtype=np.int64)
        for nodes, amounts in self._supplies:
            supplies[nodes] = amounts
        return supplies

    def solve(
        self, costs: Iterable[tuple[slice, ArrayLike]] = (), max_flow: bool = False
    ) -> np.ndarray | None:
        """Flow per arc of an optimal flow, or None when the solver returns another status.

        `costs` replaces the unit costs of some arc groups for this solve only. With
        `max_flow`, as much supply as possible is routed (at least cost among maximum
        flows) instead of all of it."""
        tails, heads, caps, arc_costs = (
            np.concatenate([g[i] for g in self._groups]) if self._groups else np.zeros(0, np.int64)
            for i in range(4)
        )
        for arcs, group_costs in costs:
            arc_costs[arcs] = group_costs
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32), heads.astype(np.int32), caps, arc_costs
        )
        flow.set_nodes_supplies(np.arange(self.n_nodes, dtype=np.int32), self.supplies())
        status = flow.solve_max_flow_with_min_cost() if max_flow else flow.solve()
        if status != flow.OPTIMAL:
            return None
        return flow.flows(np.arange(self.n_arcs, dtype=np.int32))
