"""The summary's money and stay figures of a solved month (locum, lodging, total EUR)."""

from __future__ import annotations

import numpy as np

from roster.models import Assignment, LocumDay, Scenario
from roster.models.costs import month_costs
from roster.solvers.model import MissionModel
from roster.solvers.stays import stay_nights_and_count


def policy_figures(
    scenario: Scenario,
    m: MissionModel,
    values: np.ndarray,
    missions: list[Assignment],
    locums: list[LocumDay],
) -> dict[str, float | int | None]:
    """`locum_eur`, `lodging_nights`, `lodging_eur`, `total_eur`, `budget_eur`, `stays`."""
    nights, stays = stay_nights_and_count(m, values)
    costs = month_costs(scenario.settings, missions, locums, nights)
    costs.pop("indemnity_eur")
    costs.pop("travel_eur")
    return {**costs, "stays": stays}
