"""Tie-break after coverage and km: with the missions fixed, cover the practices
with the fewest locum days, then the fewest locum km.

With missions fixed, choosing locums is a transportation problem (locum-days to the
practice-dates that need them), solved exactly as a min-cost max-flow; it never
changes a mission, so coverage and km are untouched.
"""

from __future__ import annotations

import numpy as np

from roster.solvers.arrays import ScenarioArrays
from roster.solvers.flow_network import SINK, SOURCE, FlowNetwork
from roster.solvers.model import MissionModel
from roster.solvers.objective import KM_SCALE
from roster.solvers.space import SearchSpace


def away_per_row(a: ScenarioArrays, space: SearchSpace, chosen: np.ndarray) -> np.ndarray:
    """Volunteers on mission, per continuity row (practice-date)."""
    o, rows = space.missions, space.continuity
    n_t = a.n_dates
    taken = np.flatnonzero(chosen)
    practice = a.doctor_practice[o.doctor[taken]]
    home = practice >= 0
    away = np.zeros(len(a.practice_ids) * n_t, dtype=np.int64)
    np.add.at(away, practice[home] * n_t + o.date[taken][home], 1)
    return away[rows.practice * n_t + rows.date]


def locums_needed(m: MissionModel, values: np.ndarray) -> np.ndarray:
    """Per continuity row: how many locums the fixed missions require."""
    away = away_per_row(m.arrays, m.space, values[m.x] == 1)
    return np.maximum(away - m.space.continuity.slack, 0)


def locum_cover(
    a: ScenarioArrays, space: SearchSpace, need: np.ndarray, prefer: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Locum days that cover as much of `need` (per continuity row) as rule 5 allows: a
    max flow, so exactly one locum day per unit covered (the fewest days), at least cost:
    first the most `prefer`red options (re-planning: the previous locum days), then km.

    Returns (bool per locum option, units covered per row)."""
    loc, rows = space.locums, space.continuity
    chosen = np.zeros(len(loc), dtype=bool)
    covered = np.zeros(len(need), dtype=np.int64)
    if len(loc) == 0 or not need.any():
        return chosen, covered
    n_t = a.n_dates
    row_of_cell = np.full(len(a.practice_ids) * n_t, -1, dtype=np.int64)
    row_of_cell[rows.practice * n_t + rows.date] = np.arange(len(rows.practice))
    row = row_of_cell[loc.practice * n_t + loc.date]
    useful = np.flatnonzero(need[row] > 0)
    if len(useful) == 0:
        return chosen, covered
    ld_key, ld_of = np.unique(loc.locum[useful] * n_t + loc.date[useful], return_inverse=True)
    r_key, r_of = np.unique(row[useful], return_inverse=True)
    net = FlowNetwork()
    first_l = net.add_nodes(len(a.locum_ids))
    first_ld = net.add_nodes(len(ld_key))
    first_r = net.add_nodes(len(r_key))
    metres = np.rint(loc.km[useful] * KM_SCALE).astype(np.int64)
    if prefer is not None:  # one kept previous day outweighs any km
        metres = metres + (int(metres.sum()) + 1) * (~prefer[useful]).astype(np.int64)
    net.add_arcs(SOURCE, first_l + np.arange(len(a.locum_ids)), a.locum_max_days)  # source -> locum
    net.add_arcs(first_l + ld_key // n_t, first_ld + np.arange(len(ld_key)), 1)  # -> locum-date
    option_arcs = net.add_arcs(first_ld + ld_of, first_r + r_of, 1, metres)  # -> continuity row
    net.add_arcs(first_r + np.arange(len(r_key)), SINK, need[r_key])  # -> sink: the locums needed
    total = int(need[r_key].sum())
    net.set_supplies([SOURCE, SINK], [total, -total])
    flows = net.solve(max_flow=True)
    if flows is None:
        return chosen, covered
    used = flows[option_arcs] > 0
    chosen[useful[used]] = True
    np.add.at(covered, row[useful[used]], 1)
    return chosen, covered


def choose_locums(m: MissionModel, values: np.ndarray, prefer: np.ndarray | None = None) -> np.ndarray:
    """Return `values` with the locum variables re-chosen: the fewest days, then (when
    re-planning) the most previous locum days kept, then the least locum km."""
    if len(m.space.locums) == 0:
        return values
    need = locums_needed(m, values)
    chosen, covered = locum_cover(m.arrays, m.space, need, prefer)
    if (covered < need).any():  # cannot happen for a feasible planning; keep what it had
        return values
    out = values.copy()
    out[m.y] = chosen.astype(np.int64)
    return out
