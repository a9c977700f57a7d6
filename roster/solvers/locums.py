"""Tie-break after coverage and km: with the missions fixed, cover the practices
with the fewest locum days, then the fewest locum km.

With missions fixed, the locum choice is a small model of its own (only locum
variables); it never changes a mission, so coverage and km are untouched.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from roster.solvers.cpbuilder import CpBuilder
from roster.solvers.model import MissionModel
from roster.solvers.objective import KM_SCALE


def locums_needed(m: MissionModel, values: np.ndarray) -> np.ndarray:
    """Per continuity row: how many locums the fixed missions require."""
    rows, o = m.space.continuity, m.space.missions
    n_t = m.arrays.n_dates
    taken = np.flatnonzero(values[m.x] == 1)
    practice = m.arrays.doctor_practice[o.doctor[taken]]
    home = practice >= 0
    away = np.zeros(len(m.arrays.practice_ids) * n_t, dtype=np.int64)
    np.add.at(away, practice[home] * n_t + o.date[taken][home], 1)
    return np.maximum(away[rows.practice * n_t + rows.date] - rows.slack, 0)


def choose_locums(
    m: MissionModel,
    values: np.ndarray,
    time_limit_s: float,
    workers: int,
    seed: int,
    prefer: np.ndarray | None = None,
) -> np.ndarray:
    """Return `values` with the locum variables re-chosen: fewest days, then (when
    re-planning) the most of the `prefer`red previous locum days, then least km."""
    loc, rows = m.space.locums, m.space.continuity
    if len(loc) == 0:
        return values
    need = locums_needed(m, values)
    n_t = m.arrays.n_dates
    row_of_cell = np.full(len(m.arrays.practice_ids) * n_t, -1, dtype=np.int64)
    row_of_cell[rows.practice * n_t + rows.date] = np.arange(len(rows.practice))
    locum_row = row_of_cell[loc.practice * n_t + loc.date]
    useful = need[locum_row] > 0
    out = values.copy()
    out[m.y] = 0
    if not useful.any():
        return out
    idx = np.flatnonzero(useful)
    cp = CpBuilder()
    y = cp.new_bools(len(idx))
    for r in np.flatnonzero(need > 0).tolist():
        members = np.flatnonzero(locum_row[idx] == r)
        cp.add_linear(y[members], np.ones(len(members), np.int64), int(need[r]), len(members))
    cp.add_grouped_at_most(
        y,
        loc.locum[idx] * n_t + loc.date[idx],
        np.ones(int((loc.locum[idx] * n_t + loc.date[idx]).max()) + 1, np.int64),
    )
    cp.add_grouped_at_most(y, loc.locum[idx], m.arrays.locum_max_days)
    metres = np.rint(loc.km[idx] * KM_SCALE).astype(np.int64)
    change_cost = int(metres.sum()) + 1
    changed = np.ones(len(idx), np.int64) if prefer is None else (~prefer[idx]).astype(np.int64)
    day_cost = change_cost * (len(idx) + 1)
    cp.set_objective(y, day_cost + change_cost * changed + metres, maximize=False)
    cp.set_hint(y, values[m.y[idx]])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(cp.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return values
    chosen = np.array(solver.response_proto.solution, dtype=np.int64)
    out[m.y[idx]] = chosen
    return out
