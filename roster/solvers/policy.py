"""Policy settings that change the model: a budget, week-long stays, the cost objective.

`policy_of` returns None when scenario.toml leaves `budget_eur`, `max_stay_days` and
`secondary` at their defaults: the model, the pipeline and every result are then
exactly those of the contract. Otherwise the model gains the rules of
`roster.solvers.stays` and `roster.solvers.budget` (`policy_rules`), and the
second objective becomes `secondary_terms` (metres with stays, or euro cents).

Money is counted in integer cents, each term rounded up, so a planning the model
accepts never costs more than `budget_eur` (the verifier recomputes in euros).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from roster.models import Scenario

if TYPE_CHECKING:
    from roster.solvers.arrays import ScenarioArrays
    from roster.solvers.model import MissionModel, ModelLayout
    from roster.solvers.rows import Rows


def cents(eur: np.ndarray | float) -> np.ndarray:
    """Euros to integer cents, rounded up (a tiny tolerance absorbs float noise)."""
    return np.ceil(np.asarray(eur, dtype=np.float64) * 100 - 1e-6).astype(np.int64)


@dataclass(frozen=True)
class PolicyArrays:
    """The policy knobs the model needs, in model units."""

    budget_cents: int | None
    secondary: str  # "km" or "cost"
    max_stay_days: int
    stay_min_km: float
    indemnity_eur: float
    km_eur: float  # per one-way km: km_rate_eur, doubled with round_trip
    lodging_night_eur: float
    locum_daily_eur: float
    stay_cap: np.ndarray  # per doctor: the cap when all their days form one stay

    @property
    def stays(self) -> bool:
        return self.max_stay_days >= 2


def stay_pairs(a: ScenarioArrays, stay_min_km: float) -> np.ndarray:
    """[doctor, site] pairs where a stay is possible: a lodging site farther than
    stay_min_km that the doctor may reach (rule 3)."""
    from roster.solvers.rules import travel_limit_and_lodging

    return travel_limit_and_lodging(a) & a.site_lodging[None, :] & (a.doctor_site_km > stay_min_km)


def policy_of(scenario: Scenario, a: ScenarioArrays) -> PolicyArrays | None:
    """The policy of scenario.toml, or None when it keeps the contract's model."""
    s = scenario.settings
    if s.budget_eur is None and s.max_stay_days <= 1 and s.secondary == "km":
        return None
    stay_min_km = s.day_trip_max_km if s.stay_min_km is None else s.stay_min_km
    stay_cap = a.doctor_cap.copy()
    if s.max_stay_days >= 2 and len(a.doctor_ids):
        own = np.array([d.max_days for d in scenario.doctors], dtype=np.int64)
        can_stay = stay_pairs(a, stay_min_km).any(axis=1)
        stay_cap = np.where(
            can_stay, np.minimum(own, np.maximum(a.doctor_cap, s.max_stay_days)), a.doctor_cap
        )
    budget = None if s.budget_eur is None else math.floor(s.budget_eur * 100 + 1e-6)
    return PolicyArrays(
        budget_cents=budget,
        secondary=s.secondary,
        max_stay_days=s.max_stay_days,
        stay_min_km=float(stay_min_km),
        indemnity_eur=s.daily_indemnity_eur,
        km_eur=s.km_rate_eur * (2 if s.round_trip else 1),
        lodging_night_eur=s.lodging_night_eur,
        locum_daily_eur=s.locum_daily_eur,
        stay_cap=stay_cap.astype(np.int64),
    )


def top_cap(a: ScenarioArrays) -> np.ndarray:
    """Per doctor: the most days they may ever work (the stay cap when it is higher)."""
    return a.doctor_cap if a.policy is None else np.maximum(a.doctor_cap, a.policy.stay_cap)


def policy_rules(
    m: ModelLayout, new_bools: Callable[[int], np.ndarray]
) -> tuple[ModelLayout, dict[str, Rows]]:
    """The policy's hard rules, one named function each: the layout with the stay links'
    variables (`new_bools` makes them) and the rows of each rule."""
    from roster.solvers import budget, stays

    rules: dict[str, Rows] = {}
    if m.arrays.policy is None:
        return m, rules
    if m.arrays.policy.stays:
        m = replace(m, stays=stays.build_links(m, new_bools))
        rules["stay_days_are_consecutive_at_one_site"] = stays.stay_days_are_consecutive_at_one_site(m)
        rules["stay_length_limit"] = stays.stay_length_limit(m)
        rules["monthly_cap_stay_exception"] = stays.monthly_cap_stay_exception(m)
    rules["total_cost_within_budget"] = budget.total_cost_within_budget(m)
    return m, rules


def secondary_terms(m: MissionModel) -> tuple[np.ndarray, np.ndarray]:
    """The second objective as (variables, integer coefficients), minimised: metres of
    the volunteers' travel (a stay's later days travel 0) or, with secondary = "cost",
    the month's total cost in cents."""
    from roster.solvers import budget

    assert m.arrays.policy is not None
    if m.arrays.policy.secondary == "cost":
        return budget.cost_terms(m)
    from roster.solvers.objective import KM_SCALE

    metres = np.rint(m.space.missions.km * KM_SCALE).astype(np.int64)
    if m.stays is None or not len(m.stays.var):
        return m.x, metres
    return (
        np.concatenate((m.x, m.stays.var)),
        np.concatenate((metres, -metres[m.stays.later])),
    )


def secondary_vector(m: MissionModel) -> np.ndarray:
    """The second objective as one float per model variable (for the LP and comparisons)."""
    variables, coeffs = secondary_terms(m)
    vector = np.zeros(m.num_variables)
    np.add.at(vector, variables, coeffs.astype(np.float64))
    return vector
