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

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import SearchSpace
from roster.solvers.engines.flow import FlowSolution, relaxed_optimum
from roster.solvers.engines.locums import away_per_row, locum_cover
from roster.solvers.model.objective import CoverageWeights

MAX_ROUNDS = 30  # flow re-solves at most; then remaining shortfalls keep volunteers home


@dataclass(frozen=True)
class Repaired:
    missions: np.ndarray  # bool per mission option
    locums: np.ndarray  # bool per locum option
    coverage: int  # integer objective (sum of W)
    rounds: int
    relaxed: FlowSolution  # the first, unrepaired flow optimum (bounds)


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
        need = np.maximum(away_per_row(space, solution.chosen) - space.continuity.slack, 0)
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
