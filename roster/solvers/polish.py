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
from ortools.graph.python import min_cost_flow

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
    first_doctor, first_dd = 2, 2 + n_d
    first_sd = first_dd + n_dd
    first_zone = first_sd + n_sd
    n_nodes = first_zone + n_z
    pinned_days = np.bincount(dd_key[dd_pinned] // n_t, minlength=n_d)
    free_cap = np.maximum(a.doctor_cap - pinned_days, 0)
    zone_days = np.bincount(o.zone[chosen], minlength=n_z)
    free_dd = np.flatnonzero(~dd_pinned)
    tails = np.concatenate([
        np.zeros(n_d), first_doctor + dd_key[free_dd] // n_t, first_dd + dd_of,
        first_sd + np.arange(n_sd), np.zeros(1),
    ])  # fmt: skip
    heads = np.concatenate([
        first_doctor + np.arange(n_d), first_dd + free_dd, first_sd + sd_of,
        first_zone + a.site_zone[sd_key // n_t], np.ones(1),
    ])  # fmt: skip
    free_supply = int(zone_days.sum() - dd_pinned.sum())
    caps = np.concatenate([
        free_cap, np.ones(len(free_dd)), np.ones(len(idx)), a.site_capacity[sd_key // n_t],
        [max(int(free_cap.sum()), 0)],
    ])  # fmt: skip
    all_costs = np.rint(o.km * KM_SCALE).astype(np.int64) if option_costs is None else option_costs
    metres = all_costs[idx]
    costs = np.concatenate([np.zeros(n_d + len(free_dd), np.int64), metres, np.zeros(n_sd + 1, np.int64)])
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[first_dd + np.flatnonzero(dd_pinned)] = 1
    supplies[first_zone : first_zone + n_z] = -zone_days
    supplies[0] = int(free_cap.sum())
    supplies[1] = -(int(free_cap.sum()) - free_supply)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs
    )
    flow.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
    if flow.solve() != flow.OPTIMAL:
        return values
    first_option = n_d + len(free_dd)
    used = flow.flows(np.arange(first_option, first_option + len(idx), dtype=np.int32)) > 0
    polished = values.copy()
    polished[m.x] = 0
    polished[m.x[idx[used]]] = 1
    if int(all_costs[idx[used]].sum()) > int(all_costs[chosen].sum()):
        return values
    return polished
