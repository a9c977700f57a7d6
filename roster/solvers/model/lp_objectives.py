"""The objectives as one float per model variable: what the LP relaxations optimise."""

from __future__ import annotations

import numpy as np

from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.objective import KM_SCALE, travel_cost


def coverage_objective(m: MissionModel) -> np.ndarray:
    """The coverage score (integer weights / scale on the coverage units)."""
    assert m.weights is not None
    objective = np.zeros(m.num_variables)
    objective[m.u] = m.weights.weight / m.weights.scale
    return objective


def km_objective(m: MissionModel) -> np.ndarray:
    """The contract's km: each mission's one-way road km."""
    objective = np.zeros(m.num_variables)
    objective[m.x] = m.space.missions.km
    return objective


def secondary_objective(m: MissionModel) -> np.ndarray:
    """The second objective in km: the contract's km, or with a policy its integer terms
    (`objective.travel_cost`) / KM_SCALE."""
    if m.arrays.policy is None:
        return km_objective(m)
    objective = np.zeros(m.num_variables)
    variables, coeffs = travel_cost(m)
    np.add.at(objective, variables, coeffs.astype(np.float64))
    return objective / KM_SCALE
