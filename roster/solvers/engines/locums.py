"""Tie-break after coverage and km: with the missions fixed, cover the practices
with the fewest locum days, then the fewest locum km.

With missions fixed, choosing locums is a transportation problem (locum-days to the
practice-dates that need them), solved exactly as a min-cost max-flow; it never
changes a mission, so coverage and km are untouched.
"""

from __future__ import annotations

import numpy as np

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import SearchSpace
from roster.solvers.engines.flow_network import SINK, SOURCE, FlowNetwork
from roster.solvers.model import arcs
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.objective import KM_SCALE


def away_per_row(space: SearchSpace, chosen: np.ndarray) -> np.ndarray:
    """Volunteers on mission, per continuity row (practice-date)."""
    rows = space.mission_row[chosen]
    return np.bincount(rows[rows >= 0], minlength=len(space.continuity)).astype(np.int64)


def locums_needed(m: MissionModel, values: np.ndarray) -> np.ndarray:
    """Per continuity row: how many locums the fixed missions require."""
    away = away_per_row(m.space, values[m.x] == 1)
    return np.maximum(away - m.space.continuity.slack, 0)


def locum_cover(
    a: ScenarioArrays, space: SearchSpace, need: np.ndarray, prefer: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Locum days that cover as much of `need` (per continuity row) as rule 5 allows: a
    max flow, so exactly one locum day per unit covered (the fewest days), at least cost:
    first the most `prefer`red options (re-planning: the previous locum days), then km.

    Returns (bool per locum option, units covered per row)."""
    loc = space.locums
    chosen = np.zeros(len(loc), dtype=bool)
    covered = np.zeros(len(need), dtype=np.int64)
    if len(loc) == 0 or not need.any():
        return chosen, covered
    row = space.locum_row
    useful = np.flatnonzero(need[row] > 0)
    if len(useful) == 0:
        return chosen, covered
    locum_dates = arcs.locum_dates(a, loc.locum[useful], loc.date[useful])
    rows = arcs.continuity_rows(space, row[useful])
    net = FlowNetwork()
    first_l = net.add_nodes(len(a.locum_ids))
    first_ld = net.add_nodes(len(locum_dates))
    first_r = net.add_nodes(len(rows))
    metres = np.rint(loc.km[useful] * KM_SCALE).astype(np.int64)
    if prefer is not None:  # one kept previous day outweighs any km
        metres = metres + (int(metres.sum()) + 1) * (~prefer[useful]).astype(np.int64)
    net.add_arcs(SOURCE, first_l + np.arange(len(a.locum_ids)), arcs.locum_caps(a))  # source -> locum
    net.add_arcs(  # -> locum-date: one practice a date
        first_l + locum_dates.key // a.n_dates, first_ld + np.arange(len(locum_dates)), locum_dates.capacity
    )
    option_arcs = net.add_arcs(first_ld + locum_dates.of, first_r + rows.of, 1, metres)  # -> continuity row
    net.add_arcs(first_r + np.arange(len(rows)), SINK, need[rows.key])  # -> sink: the locums needed
    total = int(need[rows.key].sum())
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
