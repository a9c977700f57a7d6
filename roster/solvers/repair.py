"""A feasible planning from the flow relaxation: add home-practice continuity back.

The relaxed optimum may send away more volunteers of a practice than its slack
allows. Locums are matched to those practice-dates first (max flow, least km);
practice-dates still short get volunteers kept home on that date (their options
on that date are removed) and the flow is solved again, until every rule holds.
The result is feasible; with the flow's bound it often proves optimality at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from roster.solvers.arrays import ScenarioArrays
from roster.solvers.flow import FlowSolution, relaxed_optimum
from roster.solvers.objective import KM_SCALE, CoverageWeights
from roster.solvers.space import SearchSpace

MAX_ROUNDS = 30  # flow re-solves at most; then remaining shortfalls keep volunteers home


@dataclass(frozen=True)
class Repaired:
    missions: np.ndarray  # bool per mission option
    locums: np.ndarray  # bool per locum option
    coverage: int  # integer objective (sum of W)
    rounds: int
    relaxed: FlowSolution  # the first, unrepaired flow optimum (bounds)


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


def locum_cover(a: ScenarioArrays, space: SearchSpace, need: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Locum days that cover as much of `need` (per row) as rule 5 allows, with least km.

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
    n_l, n_ld, n_r = len(a.locum_ids), len(ld_key), len(r_key)
    first_l, first_ld = 2, 2 + n_l
    first_r = first_ld + n_ld
    tails = np.concatenate(
        [np.zeros(n_l), first_l + ld_key // n_t, first_ld + ld_of, first_r + np.arange(n_r)]
    )
    heads = np.concatenate(
        [first_l + np.arange(n_l), first_ld + np.arange(n_ld), first_r + r_of, np.ones(n_r)]
    )
    caps = np.concatenate([a.locum_max_days, np.ones(n_ld), np.ones(len(useful)), need[r_key]])
    metres = np.rint(loc.km[useful] * KM_SCALE).astype(np.int64)
    costs = np.concatenate([np.zeros(n_l + n_ld, np.int64), metres, np.zeros(n_r, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs
    )
    n_nodes = first_r + n_r
    supplies = np.zeros(n_nodes, dtype=np.int64)
    total = int(need[r_key].sum())
    supplies[0], supplies[1] = total, -total
    flow.set_nodes_supplies(np.arange(n_nodes, dtype=np.int32), supplies)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return chosen, covered
    option_arcs = np.arange(n_l + n_ld, n_l + n_ld + len(useful), dtype=np.int32)
    used = flow.flows(option_arcs) > 0
    chosen[useful[used]] = True
    np.add.at(covered, row[useful[used]], 1)
    return chosen, covered


def _keep_home(
    a: ScenarioArrays, space: SearchSpace, chosen: np.ndarray, short: np.ndarray, keep: np.ndarray
) -> None:
    """Freeze each row still short by k: k of its leaving volunteers (those with the most
    other dates to go instead) stay home, and no other volunteer of the practice may
    leave that date, so the next flow cannot break the row again."""
    o, rows = space.missions, space.continuity
    n_t = a.n_dates
    taken = np.flatnonzero(chosen)
    practice_of_taken = a.doctor_practice[o.doctor[taken]]
    alternatives = np.bincount(o.doctor[keep], minlength=len(a.doctor_ids))
    key = o.doctor * n_t + o.date
    order_by_key = np.argsort(key, kind="stable")
    sorted_keys = key[order_by_key]
    for r in np.flatnonzero(short > 0).tolist():
        p, t = int(rows.practice[r]), int(rows.date[r])
        leaving = o.doctor[taken[(practice_of_taken == p) & (o.date[taken] == t)]]
        order = np.lexsort((leaving, -alternatives[leaving]))
        staying = set(leaving[order][: int(short[r])].tolist())
        allowed = set(leaving.tolist()) - staying
        for d in np.flatnonzero(a.doctor_practice == p).tolist():
            if d in allowed:
                continue
            lo, hi = np.searchsorted(sorted_keys, [d * n_t + t, d * n_t + t + 1])
            keep[order_by_key[lo:hi]] = False


def repair(
    a: ScenarioArrays, space: SearchSpace, w: CoverageWeights, time_budget_s: float = 5.0
) -> Repaired | None:
    """Flow relaxation, then locums and keep-home decisions until rule 4 holds.

    The flow is solved again after each keep-home round while the time budget lasts
    (a round costs ~0.01 s for a region, ~0.5 s for France)."""
    started = time.perf_counter()
    keep = np.ones(len(space.missions), dtype=bool)
    relaxed = relaxed_optimum(a, space.missions, w, keep)
    if relaxed is None:
        return None
    solution = relaxed
    for rounds in range(1, MAX_ROUNDS + 2):
        need = np.maximum(away_per_row(a, space, solution.chosen) - space.continuity.slack, 0)
        locums, covered = locum_cover(a, space, need)
        short = need - covered
        if not short.any():
            return Repaired(solution.chosen, locums, _coverage(space, w, solution.chosen), rounds, relaxed)
        _keep_home(a, space, solution.chosen, short, keep)
        elapsed = time.perf_counter() - started
        if rounds > MAX_ROUNDS or elapsed * (rounds + 1) / rounds > time_budget_s:
            # stop re-solving: drop the missions kept home
            return Repaired(
                solution.chosen & keep, locums, _coverage(space, w, solution.chosen & keep), rounds, relaxed
            )
        next_solution = relaxed_optimum(a, space.missions, w, keep, prove_coverage=False)
        if next_solution is None:
            return None
        solution = next_solution
    return None


def _coverage(space: SearchSpace, w: CoverageWeights, chosen: np.ndarray) -> int:
    """Integer coverage objective of a set of missions (units filled in order)."""
    days = np.bincount(space.missions.zone[chosen], minlength=int(w.zone.max(initial=-1)) + 1)
    taken = w.k <= days[w.zone] if len(w.zone) else np.zeros(0, dtype=bool)
    return int(w.weight[taken].sum())
