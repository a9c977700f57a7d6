"""The policy knobs of scenario.toml that change the model: a budget, week-long stays, the
cost objective, in model units.

`policy_of` returns None when scenario.toml leaves `budget_eur`, `max_stay_days` and
`secondary` at their defaults: the model, the pipeline and every result are then
exactly those of the contract. Money is counted in integer cents, each term rounded
up, so a planning the model accepts never costs more than `budget_eur` (the verifier
recomputes in euros).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from roster.models import Scenario


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
    own_max_days: np.ndarray  # per doctor: doctors.csv max_days (a stay may exceed the policy cap)

    @property
    def stays(self) -> bool:
        return self.max_stay_days >= 2


def policy_of(scenario: Scenario) -> PolicyArrays | None:
    """The policy of scenario.toml, or None when it keeps the contract's model."""
    s = scenario.settings
    if s.budget_eur is None and s.max_stay_days <= 1 and s.secondary == "km":
        return None
    stay_min_km = s.day_trip_max_km if s.stay_min_km is None else s.stay_min_km
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
        own_max_days=np.array([d.max_days for d in scenario.doctors], dtype=np.int64),
    )
