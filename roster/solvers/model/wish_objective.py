"""The wish score (wishes.csv): the objective after coverage (and changes), before km.

A mission option's wish value is the sum of the weights of the wish rows it matches
(`roster.solvers.data.wish_rows`); a planning's wish score is the sum over its missions.
"""

from __future__ import annotations

import numpy as np

from roster.solvers.data.wish_rows import mission_wish_values
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.objective import KM_SCALE


def wish_vector(m: ModelLayout) -> np.ndarray:
    """The integer wish value of every mission option of the model."""
    a = m.arrays
    return mission_wish_values(a.wishes, m.space.missions, a.weekday_of_date)


def wish_score(m: ModelLayout, values: np.ndarray, vector: np.ndarray) -> int:
    """The wish score of a solution: the sum of the wish values of its missions."""
    return int(vector @ values[m.x])


def wish_flow_costs(m: ModelLayout, vector: np.ndarray) -> np.ndarray | None:
    """Integer costs per mission option that rank the wish score first, then km:
    metres - K * wish value, K above any total of metres; None if int64 could overflow."""
    metres = np.rint(m.space.missions.km * KM_SCALE).astype(np.int64)
    missions = max(1, int(min(m.arrays.doctor_cap.sum(), m.arrays.zone_demand.sum())))
    k = int(metres.max(initial=0)) * missions + 1
    if (k * int(np.abs(vector).max(initial=0)) + int(metres.max(initial=0))) * missions > 2**61:
        return None
    return metres - k * vector


def wish_row(m: ModelLayout, vector: np.ndarray, score: int) -> tuple[np.ndarray, np.ndarray, int, int]:
    """`wish score >= score` as a CP-SAT row (variables, coefficients, low, high): every
    phase after the wish phase holds it."""
    nonzero = np.flatnonzero(vector)
    ceiling = int(np.maximum(vector, 0).sum())
    return m.x[nonzero], vector[nonzero], score, max(ceiling, score)
