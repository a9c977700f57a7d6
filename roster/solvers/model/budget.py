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

import numpy as np

from roster.solvers.data.policy import cents
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.rows import Rows


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


def within_budget(m: ModelLayout, values: np.ndarray) -> bool:
    """Whether a solution keeps the budget rule (always true without a budget)."""
    p = m.arrays.policy
    if p is None or p.budget_cents is None:
        return True
    variables, coeffs = cost_terms(m)
    return int(coeffs @ values[variables]) <= p.budget_cents
