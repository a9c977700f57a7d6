"""`roster refresh`: coverage.csv and summary.json recomputed from a hand-edited planning's rows."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from roster.models import Planning, Scenario, SolveSummary
from roster.models.costs import month_costs
from roster.outputs.planning_folder import COVERAGE_COLUMNS, coverage_rows
from roster.outputs.stays import stays_of

EDITED_MESSAGE = "edited by hand; figures recomputed by `roster refresh` (no optimality proof)"


def harmonic_coverage(scenario: Scenario, days: Counter[str]) -> float:
    """The contract's coverage score: sum over zones of priority x (1 + 1/2 + ... + 1/min(days, demand))."""
    return float(
        sum(
            z.priority * sum(1.0 / k for k in range(1, min(days[z.zone_id], z.demand_days) + 1))
            for z in scenario.zones
        )
    )


def stay_figures(planning: Planning) -> tuple[int, int]:
    """(nights between the days of the planning's stays, stays of two days or more), read
    from the rows as written (a later day of a stay has km 0; `roster verify` checks them)."""
    stays = [stay for stay in stays_of(planning.assignments) if stay.days > 1]
    return sum(stay.nights_between for stay in stays), len(stays)


def refreshed_summary(scenario: Scenario, planning: Planning) -> SolveSummary:
    """Every figure recomputed from the rows; status EDITED; bounds, gap and proofs cleared."""
    s, old = scenario.settings, planning.summary
    days = Counter(a.zone_id for a in planning.assignments)
    mission_km = float(sum(a.km for a in planning.assignments))
    locum_km = float(sum(r.km for r in planning.locum_days))
    score = harmonic_coverage(scenario, days)
    stay_nights, stays = stay_figures(planning)
    # the solver's money figures (roster.models.costs): lodging nights, locum days, total
    costs = month_costs(s, list(planning.assignments), list(planning.locum_days), stay_nights)
    return SolveSummary(
        status="EDITED",
        objective=score,
        best_bound=None,
        wall_time_s=0.0,
        coverage_score=score,
        total_km=round(mission_km, 6),
        doctor_days=len(planning.assignments),
        indemnity_eur=costs["indemnity_eur"],
        travel_eur=costs["travel_eur"],
        scenario=s.name,
        month=s.month,
        mission_km=round(mission_km, 6),
        locum_km=round(locum_km, 6),
        locum_days=len(planning.locum_days),
        zones_total=len(scenario.zones),
        zones_reached=sum(1 for z in scenario.zones if z.demand_days > 0 and days[z.zone_id] > 0),
        demand_days=sum(z.demand_days for z in scenario.zones),
        shortfall_days=sum(max(0, z.demand_days - days[z.zone_id]) for z in scenario.zones),
        solver=old.solver,
        message=EDITED_MESSAGE,
        wish_score=None,
        wish_bound=None,
        locum_eur=costs["locum_eur"],
        lodging_nights=int(costs["lodging_nights"]),
        lodging_eur=costs["lodging_eur"],
        total_eur=costs["total_eur"],
        budget_eur=s.budget_eur,
        stays=stays,
    )


def coverage_csv(scenario: Scenario, planning: Planning) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COVERAGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(coverage_rows(scenario, planning.assignments))
    return buffer.getvalue()


def summary_json(summary: SolveSummary) -> str:
    return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
