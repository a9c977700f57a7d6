"""Km polish: the least km with the same coverage and the same continuity pattern.

Given a feasible planning, keep (a) the number of doctor-days of every zone and (b)
for every practice-date where rule 4 can bind, which volunteers are away. Then
rule 4 and the locum days stay exactly as they are, coverage is unchanged, and the
rest is a min-cost flow: every away volunteer of (b) still leaves that date (to any
site in reach), free doctor-dates are re-chosen, zones receive exactly their days.
The current planning is one solution of that flow, so the km never increases.
"""

from __future__ import annotations

import numpy as np

from roster.solvers.engines.flow_network import SINK, SOURCE, FlowNetwork
from roster.solvers.model import arcs
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.objective import KM_SCALE


def polish_km(m: MissionModel, values: np.ndarray, option_costs: np.ndarray | None = None) -> np.ndarray:
    """`values` with missions re-chosen for least km (coverage, rule 4 and locums kept).

    `option_costs` (integers, one per mission option) replaces the metres as the cost
    minimised (wishes: metres minus a large multiple of the wish value)."""
    a, o = m.arrays, m.space.missions
    n_t, n_d, n_z = a.n_dates, len(a.doctor_ids), len(a.zone_ids)
    chosen = values[m.x] == 1
    if not chosen.any():
        return values
    pinned_option = m.space.mission_row >= 0  # doctor-dates whose away status is kept: a rule 4 row
    away_key = np.unique(o.doctor[chosen] * n_t + o.date[chosen])
    option_key = o.doctor * n_t + o.date
    away = np.isin(option_key, away_key)
    keep = ~pinned_option | away  # a pinned doctor-date keeps its options only if it was away
    idx = np.flatnonzero(keep)
    doctor_dates = arcs.doctor_dates(a, o.doctor[idx], o.date[idx])
    site_dates = arcs.site_dates(a, o.site[idx], o.date[idx])
    n_dd, n_sd = len(doctor_dates), len(site_dates)
    dd_pinned = np.zeros(n_dd, dtype=bool)
    dd_pinned[doctor_dates.of[pinned_option[idx]]] = True
    net = FlowNetwork()
    first_doctor = net.add_nodes(n_d)
    first_dd = net.add_nodes(n_dd)
    first_sd = net.add_nodes(n_sd)
    first_zone = net.add_nodes(n_z)
    pinned_days = np.bincount(doctor_dates.key[dd_pinned] // n_t, minlength=n_d)
    free_cap = np.maximum(arcs.monthly_caps(a, with_stays=False) - pinned_days, 0)
    free_days = int(free_cap.sum())
    zone_days = np.bincount(o.zone[chosen], minlength=n_z)
    free_dd = np.flatnonzero(~dd_pinned)
    all_costs = np.rint(o.km * KM_SCALE).astype(np.int64) if option_costs is None else option_costs
    net.add_arcs(SOURCE, first_doctor + np.arange(n_d), free_cap)  # source -> doctor
    net.add_arcs(  # -> free doctor-date: one mission a date
        first_doctor + doctor_dates.key[free_dd] // n_t, first_dd + free_dd, doctor_dates.capacity[free_dd]
    )
    option_arcs = net.add_arcs(first_dd + doctor_dates.of, first_sd + site_dates.of, 1, all_costs[idx])
    net.add_arcs(  # site-date -> zone: the site's capacity
        first_sd + np.arange(n_sd), first_zone + a.site_zone[site_dates.key // n_t], site_dates.capacity
    )
    net.add_arcs(SOURCE, SINK, max(free_days, 0))  # bypass
    free_supply = int(zone_days.sum() - dd_pinned.sum())
    net.set_supplies(first_dd + np.flatnonzero(dd_pinned), 1)  # a pinned doctor-date sends its day
    net.set_supplies(first_zone + np.arange(n_z), -zone_days)  # zones receive exactly their days
    net.set_supplies([SOURCE, SINK], [free_days, -(free_days - free_supply)])
    flows = net.solve()
    if flows is None:
        return values
    used = flows[option_arcs] > 0
    polished = values.copy()
    polished[m.x] = 0
    polished[m.x[idx[used]]] = 1
    if int(all_costs[idx[used]].sum()) > int(all_costs[chosen].sum()):
        return values
    return polished
