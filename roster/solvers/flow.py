"""The model without rule 4 is a min-cost flow; solved exactly, it bounds and seeds CP-SAT.

Network (all arcs integral):

    source -> doctor (cap: monthly cap) -> doctor-date (cap 1) -> site-date (cap 1, km)
           -> zone (cap: site capacity) -> sink (one arc per unit k of coverage, cost -W[z, k])
    source -> sink (bypass for unused supply)

Dropping home-practice continuity only enlarges the feasible set, so the flow's
coverage is a valid upper bound of the true optimum, and a flow optimum that
happens to satisfy rule 4 is a true optimum. Coverage units have decreasing
rewards, so the flow fills them in order, as the CP-SAT model does.

Lexicographic costs (coverage first, then km) do not fit in one int64 cost with
exact coverage weights, so the km flow uses cost = metres - lam * W with the
largest safe `lam`, and checks that its coverage equals the coverage-only optimum:
when it does, that flow is km-minimal among coverage-optimal flows (exactly).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from roster.solvers.arrays import ScenarioArrays
from roster.solvers.objective import KM_SCALE, CoverageWeights
from roster.solvers.space import MissionOptions

_COST_LIMIT = 2**62
COARSE_UNITS, COARSE_LAMBDA = 1_000_000, 100  # repair rounds: weights to 1e-6, 100 m of km per unit


@dataclass(frozen=True)
class FlowSolution:
    chosen: np.ndarray  # bool per mission option
    coverage: int  # sum of integer weights W of the units filled
    metres: int  # integer km of the chosen options
    lexicographic: bool  # km-minimal among coverage-optimal flows (when km was asked)


@dataclass(frozen=True)
class _Network:
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    n_nodes: int
    option_arcs: slice
    unit_arcs: slice
    supply: int


def _network(a: ScenarioArrays, o: MissionOptions, keep: np.ndarray, w: CoverageWeights) -> _Network:
    n_t = a.n_dates
    doctor, site, date = o.doctor[keep], o.site[keep], o.date[keep]
    n_d = len(a.doctor_ids)
    dd_key, dd_of = np.unique(doctor * n_t + date, return_inverse=True)
    sd_key, sd_of = np.unique(site * n_t + date, return_inverse=True)
    n_dd, n_sd, n_z = len(dd_key), len(sd_key), len(a.zone_ids)
    first_doctor = 2
    first_dd = first_doctor + n_d
    first_sd = first_dd + n_dd
    first_zone = first_sd + n_sd
    n_nodes = first_zone + n_z
    cap_d = np.minimum(a.doctor_cap, np.bincount(dd_key // n_t, minlength=n_d))
    supply = int(cap_d.sum())
    parts = [
        # source -> doctor
        (np.zeros(n_d, np.int64), first_doctor + np.arange(n_d), cap_d),
        # doctor -> doctor-date
        (first_doctor + dd_key // n_t, first_dd + np.arange(n_dd), np.ones(n_dd, np.int64)),
        # doctor-date -> site-date: the mission options
        (first_dd + dd_of, first_sd + sd_of, np.ones(len(doctor), np.int64)),
        # site-date -> zone
        (first_sd + np.arange(n_sd), first_zone + a.site_zone[sd_key // n_t], a.site_capacity[sd_key // n_t]),
        # zone -> sink: one arc per coverage unit
        (first_zone + w.zone, np.ones(len(w.zone), np.int64), np.ones(len(w.zone), np.int64)),
        # bypass
        (np.zeros(1, np.int64), np.ones(1, np.int64), np.array([supply], np.int64)),
    ]
    starts = np.cumsum([0] + [len(p[0]) for p in parts])
    return _Network(
        tails=np.concatenate([p[0] for p in parts]).astype(np.int32),
        heads=np.concatenate([p[1] for p in parts]).astype(np.int32),
        caps=np.concatenate([p[2] for p in parts]).astype(np.int64),
        n_nodes=n_nodes,
        option_arcs=slice(starts[2], starts[3]),
        unit_arcs=slice(starts[4], starts[5]),
        supply=supply,
    )


def _solve(net: _Network, option_cost: np.ndarray, unit_cost: np.ndarray) -> np.ndarray | str:
    """Arc flows of a min-cost flow, or the solver's status name when not optimal."""
    costs = np.zeros(len(net.tails), dtype=np.int64)
    costs[net.option_arcs] = option_cost
    costs[net.unit_arcs] = unit_cost
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, costs)
    supplies = np.zeros(net.n_nodes, dtype=np.int64)
    supplies[0], supplies[1] = net.supply, -net.supply
    flow.set_nodes_supplies(np.arange(net.n_nodes, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        return status.name
    return flow.flows(np.arange(len(net.tails), dtype=np.int32))


def relaxed_optimum(
    a: ScenarioArrays,
    o: MissionOptions,
    w: CoverageWeights,
    keep: np.ndarray | None = None,
    minimize_km: bool = True,
    prove_coverage: bool = True,
) -> FlowSolution | None:
    """The best planning ignoring rule 4 (coverage, then km) among options in `keep`.

    With `prove_coverage`, a coverage-only flow gives the exact relaxed optimum (a
    valid bound) and `lexicographic` tells whether the km flow kept it. Without it,
    one flow with coarse costs (coverage to ~1e-6, km to 100 m) gives a good planning
    about a third faster, with no proof."""
    keep = np.ones(len(o), dtype=bool) if keep is None else keep
    net = _network(a, o, keep, w)
    metres = np.rint(o.km[keep] * KM_SCALE).astype(np.int64)
    if not prove_coverage:
        coarse_w = np.maximum(np.rint(w.weight * COARSE_UNITS / max(int(w.weight.max(initial=1)), 1)), 1)
        flows = _solve(
            net, metres // 100 if minimize_km else 0 * metres, -COARSE_LAMBDA * coarse_w.astype(np.int64)
        )
        if isinstance(flows, str):
            return None
        return _solution(o, keep, net, w, flows, lexicographic=False)
    flows = _solve(net, np.zeros(int(keep.sum()), np.int64), -w.weight)
    if isinstance(flows, str):
        return None
    coverage = int(w.weight @ flows[net.unit_arcs])
    lexicographic = False
    lam = _COST_LIMIT // ((net.n_nodes + 1) * max(int(w.weight.max(initial=1)), 1))
    while minimize_km and len(metres) and lam >= 1:
        with_km = _solve(net, metres, -lam * w.weight)
        if isinstance(with_km, str):
            lam //= 4  # BAD_COST_RANGE: the solver's own overflow guard is stricter
            continue
        if int(w.weight @ with_km[net.unit_arcs]) == coverage:
            flows, lexicographic = with_km, True
        break
    return _solution(o, keep, net, w, flows, lexicographic)


def _solution(
    o: MissionOptions,
    keep: np.ndarray,
    net: _Network,
    w: CoverageWeights,
    flows: np.ndarray,
    lexicographic: bool,
) -> FlowSolution:
    chosen = np.zeros(len(o), dtype=bool)
    chosen[np.flatnonzero(keep)] = flows[net.option_arcs] > 0
    coverage = int(w.weight @ flows[net.unit_arcs])
    metres = int(np.rint(o.km[chosen] * KM_SCALE).sum())
    return FlowSolution(chosen, coverage, metres, lexicographic)
