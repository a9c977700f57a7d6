"""The model without rule 4 is a min-cost flow; solved exactly, it bounds and seeds CP-SAT.

Its arcs are the rules' (`roster.solvers.model.arcs`). It models no stay, so it relaxes a
month without stays; on a stay month it is a start that needs no stay (the contract's cap).

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

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import MissionOptions
from roster.solvers.engines.flow_network import SINK, SOURCE, FlowNetwork
from roster.solvers.model import arcs
from roster.solvers.model.objective import KM_SCALE, CoverageWeights

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
    flow: FlowNetwork
    option_arcs: slice
    unit_arcs: slice

    def solve(self, option_cost: np.ndarray, unit_cost: np.ndarray) -> np.ndarray | None:
        """Arc flows of a min-cost flow with these option and unit costs, or None when not optimal."""
        return self.flow.solve(costs=[(self.option_arcs, option_cost), (self.unit_arcs, unit_cost)])


def _network(a: ScenarioArrays, o: MissionOptions, keep: np.ndarray, w: CoverageWeights) -> _Network:
    n_d = len(a.doctor_ids)
    doctor_dates = arcs.doctor_dates(a, o.doctor[keep], o.date[keep])
    site_dates = arcs.site_dates(a, o.site[keep], o.date[keep])
    n_t = a.n_dates
    net = FlowNetwork()
    first_doctor = net.add_nodes(n_d)
    first_dd = net.add_nodes(len(doctor_dates))
    first_sd = net.add_nodes(len(site_dates))
    first_zone = net.add_nodes(len(a.zone_ids))
    # rule 1's cap, at most the doctor's dates; a month without stays (see `arcs.monthly_caps`)
    dates_of_doctor = np.bincount(doctor_dates.key // n_t, minlength=n_d)
    cap_d = np.minimum(arcs.monthly_caps(a, with_stays=False), dates_of_doctor)
    supply = int(cap_d.sum())
    net.add_arcs(SOURCE, first_doctor + np.arange(n_d), cap_d)  # source -> doctor
    net.add_arcs(  # -> doctor-date: one mission a date
        first_doctor + doctor_dates.key // n_t, first_dd + np.arange(len(doctor_dates)), doctor_dates.capacity
    )
    option_arcs = net.add_arcs(first_dd + doctor_dates.of, first_sd + site_dates.of, 1)  # the mission options
    net.add_arcs(  # site-date -> zone: the site's capacity
        first_sd + np.arange(len(site_dates)),
        first_zone + a.site_zone[site_dates.key // n_t],
        site_dates.capacity,
    )
    unit_arcs = net.add_arcs(first_zone + w.zone, SINK, 1)  # one arc per coverage unit
    net.add_arcs(SOURCE, SINK, supply)  # bypass
    net.set_supplies([SOURCE, SINK], [supply, -supply])
    return _Network(net, option_arcs, unit_arcs)


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
        flows = net.solve(
            metres // 100 if minimize_km else 0 * metres, -COARSE_LAMBDA * coarse_w.astype(np.int64)
        )
        if flows is None:
            return None
        return _solution(o, keep, net, w, flows, lexicographic=False)
    flows = net.solve(np.zeros(int(keep.sum()), np.int64), -w.weight)
    if flows is None:
        return None
    coverage = int(w.weight @ flows[net.unit_arcs])
    lexicographic = False
    lam = _COST_LIMIT // ((net.flow.n_nodes + 1) * max(int(w.weight.max(initial=1)), 1))
    while minimize_km and len(metres) and lam >= 1:
        with_km = net.solve(metres, -lam * w.weight)
        if with_km is None:
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
