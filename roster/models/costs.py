"""The money figures of a planning, from its rows (summary.json's EUR fields).

See docs/scenario-format.md, "Costs, budget and stays". Shared by the solver and
the baselines; the verifier recomputes them on its own.
"""

from __future__ import annotations

from roster.models.domain import Settings
from roster.models.planning import Assignment, LocumDay


def month_costs(
    settings: Settings, missions: list[Assignment], locums: list[LocumDay], stay_nights: int
) -> dict[str, float | int]:
    """The summary's money figures from the planning's rows (km as written)."""
    mission_km = float(sum(x.km for x in missions))
    far = sum(1 for x in missions if x.km > settings.day_trip_max_km)
    nights = far + stay_nights
    indemnity = len(missions) * settings.daily_indemnity_eur
    travel = mission_km * settings.km_rate_eur * (2 if settings.round_trip else 1)
    locum = len(locums) * settings.locum_daily_eur
    lodging = nights * settings.lodging_night_eur
    return {
        "indemnity_eur": round(indemnity, 2),
        "travel_eur": round(travel, 2),
        "locum_eur": round(locum, 2),
        "lodging_nights": nights,
        "lodging_eur": round(lodging, 2),
        "total_eur": round(indemnity + travel + locum + lodging, 2),
        "budget_eur": settings.budget_eur,
    }
