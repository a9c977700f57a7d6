"""Budget months: a planning from chosen missions that keeps the budget, by dropping the
dearest missions while over it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from roster.solvers.engines.locums import choose_locums
from roster.solvers.engines.lp import INTEGRAL
from roster.solvers.model.budget import cost_terms
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.values import full_values


def fit_budget(
    m: MissionModel, missions: np.ndarray, feasible: Callable[[np.ndarray], bool]
) -> np.ndarray | None:
    """A complete solution from chosen missions: the fewest locums, stays completed, and
    the dearest missions dropped while over the budget (as many as the excess needs,
    then checked again). None unless `feasible` (every row of the model) accepts it."""
    p = m.arrays.policy
    assert p is not None
    missions = missions.copy()
    variables, coeffs = cost_terms(m)
    mission_cost = coeffs[: len(m.x)]  # cost_terms lists the missions first
    for _ in range(100):
        values = choose_locums(m, full_values(m, missions, np.zeros(len(m.y), dtype=np.int64)))
        over = 0 if p.budget_cents is None else int(coeffs @ values[variables]) - p.budget_cents
        if over <= 0:
            return values if feasible(values) else None
        chosen = np.flatnonzero(missions)
        if not len(chosen):
            return None
        dearest = chosen[np.argsort(-mission_cost[chosen], kind="stable")]
        count = int(np.searchsorted(np.cumsum(mission_cost[dearest]), over)) + 1
        missions[dearest[:count]] = 0
    return None


def lp_rounded_down(
    m: MissionModel, lp_values: np.ndarray, feasible: Callable[[np.ndarray], bool]
) -> np.ndarray | None:
    """A planning from a fractional LP optimum: its missions at 1, fitted to the budget."""
    return fit_budget(m, (lp_values[m.x] >= 1 - INTEGRAL).astype(np.int64), feasible)
