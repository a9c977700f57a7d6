"""The month's total cost and the budget rule (scenario.toml `budget_eur`).

Total cost = indemnity (daily_indemnity_eur per mission day) + travel (km_rate_eur
per one-way km written in assignments.csv, twice with round_trip) + locum days
(locum_daily_eur each) + lodging nights (lodging_night_eur each: one per mission
farther than day_trip_max_km, and each night between two days of a stay).

    total_cost_within_budget   total cost <= budget_eur (hard)

Locum days are variables of the model, so the rule holds for the locums the model
needs; the final locum choice (`roster.solvers.locums`) takes the fewest locum
days, which never costs more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from roster.solvers.policy import cents
from roster.solvers.rows import Rows

if TYPE_CHECKING:
    from roster.solvers.cpbuilder import CpBuilder
    from roster.solvers.model import MissionModel, ModelLayout


def cost_terms(m: ModelLayout) -> tuple[np.ndarray, np.ndarray]:
    """The total cost in cents as (variables, coefficients), each rounded up."""
    p, o, a = m.arrays.policy, m.space.missions, m.arrays
    assert p is not None
    far = o.km > a.day_trip_max_km
    mission = cents(p.indemnity_eur + o.km * p.km_eur + far * p.lodging_night_eur)
    variables, coeffs = [m.x], [mission]
    if m.stays is not None and len(m.stays):
        later = m.stays.later
        delta = -o.km[later] * p.km_eur + (m.stays.nights - far[later]) * p.lodging_night_eur
        variables.append(m.stays.var)
        coeffs.append(cents(delta))
    if len(m.y):
        variables.append(m.y)
        coeffs.append(np.full(len(m.y), int(cents(p.locum_daily_eur)), dtype=np.int64))
    return np.concatenate(variables), np.concatenate(coeffs).astype(np.int64)


def total_cost_within_budget(m: ModelLayout) -> Rows:
    """Hard: the month's total cost (cents, rounded up) is at most budget_eur."""
    p = m.arrays.policy
    if p is None or p.budget_cents is None:
        return Rows.empty()
    variables, coeffs = cost_terms(m)
    return Rows.linear(variables, coeffs, int(np.minimum(coeffs, 0).sum()), p.budget_cents)


def within_budget(m: MissionModel, values: np.ndarray) -> bool:
    """Whether a solution keeps the budget rule (always true without a budget)."""
    p = m.arrays.policy
    if p is None or p.budget_cents is None:
        return True
    variables, coeffs = cost_terms(m)
    return int(coeffs @ values[variables]) <= p.budget_cents


def lp_rounded_down(
    m: MissionModel, lp_values: np.ndarray, feasible: Callable[[np.ndarray], bool]
) -> np.ndarray | None:
    """A planning from a fractional LP optimum: its missions at 1, fitted to the budget."""
    from roster.solvers.lp import INTEGRAL

    return fit_budget(m, (lp_values[m.x] >= 1 - INTEGRAL).astype(np.int64), feasible)


def fit_budget(
    m: MissionModel, missions: np.ndarray, feasible: Callable[[np.ndarray], bool]
) -> np.ndarray | None:
    """A complete solution from chosen missions: the fewest locums, stays completed, and
    the dearest missions dropped while over the budget (as many as the excess needs,
    then checked again). None unless `feasible` (every row of the model) accepts it."""
    from roster.solvers.locums import choose_locums
    from roster.solvers.result import full_values

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


def lp_support_model(m: MissionModel, cp: CpBuilder, lp_values: np.ndarray, hint: np.ndarray) -> object:
    """A copy of the phase's model `cp` restricted to the missions the LP uses (others
    fixed to 0), hinted with `hint`: a small model in which CP-SAT finds a good planning fast."""
    from roster.solvers.lp import INTEGRAL

    support = cp.model.clone()
    cp.fix_in(support.proto, m.x[(lp_values[m.x] <= INTEGRAL) & (hint[m.x] == 0)])
    support.proto.clear_solution_hint()
    support.proto.solution_hint.vars.extend(range(len(hint)))
    support.proto.solution_hint.values.extend(hint.tolist())
    return support
