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

from roster.solvers.flow_network import SINK, SOURCE, FlowNetwork
from roster.solvers.model import MissionModel
from roster.solvers.objective import KM_SCALE


def polish_km(m: MissionModel, values: np.ndarray, option_costs: np.ndarray | None = None) -> np.ndarray:
    """`values` with missions re-chosen for least km (coverage, rule 4 and locums kept).

    `option_costs` (integers, one per mission option) replaces the metres as the cost
    minimised (wishes: metres minus a large multiple of the wish value)."""
    a, o, rows = m.arrays, m.space.missions, m.space.continuity
    n_t, n_d, n_z = a.n_dates, len(a.doctor_ids), len(a.zone_ids)
    chosen = values[m.x] == 1
    if not chosen.any():
        return values
    # doctor-dates whose away status is pinned: their practice-date is a continuity row
    is_row = np.zeros(max(len(a.practice_ids), 1) * n_t, dtype=bool)
    is_row[rows.practice * n_t + rows.date] = True
    practice = a.doctor_practice[o.doctor]
    pinned_option = (practice >= 0) & is_row[np.maximum(practice, 0) * n_t + o.date]
    away_key = np.unique(o.doctor[chosen] * n_t + o.date[chosen])
    option_key = o.doctor * n_t + o.date
    away = np.isin(option_key, away_key)
    keep = ~pinned_option | away  # a pinned doctor-date keeps its options only if it was away
    idx = np.flatnonzero(keep)
    dd_key, dd_of = np.unique(option_key[idx], return_inverse=True)
    sd_key, sd_of = np.unique(o.site[idx] * n_t + o.date[idx], return_inverse=True)
    n_dd, n_sd = len(dd_key), len(sd_key)
    dd_pinned = np.zeros(n_dd, dtype=bool)
    dd_pinned[dd_of[pinned_option[idx]]] = True
    net = FlowNetwork()
    first_doctor = net.add_nodes(n_d)
    first_dd = net.add_nodes(n_dd)
    first_sd = net.add_nodes(n_sd)
    first_zone = net.add_nodes(n_z)
    pinned_days = np.bincount(dd_key[dd_pinned] // n_t, minlength=n_d)
    free_cap = np.maximum(a.doctor_cap - pinned_days, 0)
    free_days = int(free_cap.sum())
    zone_days = np.bincount(o.zone[chosen], minlength=n_z)
    free_dd = np.flatnonzero(~dd_pinned)
    all_costs = np.rint(o.km * KM_SCALE).astype(np.int64) if option_costs is None else option_costs
    net.add_arcs(SOURCE, first_doctor + np.arange(n_d), free_cap)  # source -> doctor
    net.add_arcs(first_doctor + dd_key[free_dd] // n_t, first_dd + free_dd, 1)  # -> free doctor-date
    option_arcs = net.add_arcs(first_dd + dd_of, first_sd + sd_of, 1, all_costs[idx])  # -> site-date
    net.add_arcs(  # site-date -> zone
        first_sd + np.arange(n_sd), first_zone + a.site_zone[sd_key // n_t], a.site_capacity[sd_key // n_t]
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
