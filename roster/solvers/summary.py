"""The planning a solve returns and its summary: figures, status, bounds and proofs."""

from __future__ import annotations

import numpy as np
import ortools

from roster.models import Planning, Scenario, SolveSummary
from roster.models.costs import month_costs
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.objective import KM_SCALE, harmonic_score
from roster.solvers.model.stays import stay_nights_and_count
from roster.solvers.model.values import assignments, locum_days
from roster.solvers.search.context import SolveContext
from roster.solvers.search.state import SearchState


def planning_of(state: SearchState, ctx: SolveContext, infeasible: bool, conflicts: list[str]) -> Planning:
    """The incumbent as a planning, with its summary (the empty planning when infeasible)."""
    month, options = ctx.month, ctx.options
    m, scenario = month.m, month.scenario
    arrays = m.arrays
    values = np.zeros(m.num_variables, dtype=np.int64) if infeasible else state.values
    missions, days = assignments(m, values)
    locums = locum_days(m, values)
    score = harmonic_score(arrays.zone_priority, days, arrays.zone_demand)
    coverage_proven = state.coverage_proven and not infeasible
    km_proven = state.km_proven and not infeasible
    wish_proven = not month.has_wishes or state.wish_proven
    if infeasible:
        status = "INFEASIBLE"
    elif coverage_proven and km_proven and wish_proven and not ctx.control.stopped:
        status = "OPTIMAL"
    else:
        status = "FEASIBLE"
    bound = (
        score
        if coverage_proven
        else (None if state.coverage_bound is None else state.coverage_bound / month.scale)
    )
    if infeasible:
        bound = None
    mission_km = float(sum(x.km for x in missions))
    locum_km = float(sum(x.km for x in locums))
    settings = scenario.settings
    demand = arrays.zone_demand
    weights = m.weights
    assert weights is not None
    summary = SolveSummary(
        status=status,
        objective=score,
        best_bound=bound,
        wall_time_s=round(ctx.elapsed(), 3),
        coverage_score=score,
        total_km=round(mission_km, 6),  # the contract's total km: the volunteers' travel
        doctor_days=len(missions),
        indemnity_eur=round(len(missions) * settings.daily_indemnity_eur, 2),
        travel_eur=round(mission_km * settings.km_rate_eur * (2 if settings.round_trip else 1), 2),
        scenario=settings.name,
        month=settings.month,
        gap=None if bound is None else (0.0 if bound <= 0 else max(0.0, bound - score) / bound),
        km_status="OPTIMAL" if km_proven else "FEASIBLE",
        km_bound=None if settings.secondary == "cost" else _km_bound(state, mission_km),
        mission_km=round(mission_km, 6),
        locum_km=round(locum_km, 6),
        locum_days=len(locums),
        zones_total=len(arrays.zone_ids),
        zones_reached=int(((days > 0) & (demand > 0)).sum()),
        demand_days=int(demand.sum()),
        shortfall_days=int(np.maximum(demand - days, 0).sum()),
        interrupted=ctx.control.stopped,
        coverage_exact_scaling=weights.exact,
        coverage_scale=weights.scale,
        solver=f"OR-Tools CP-SAT {ortools.__version__} + min-cost flow",
        workers=options.workers,
        seed=options.seed,
        time_limit_s=options.time_limit_s,
        changes=month.changes(values),
        wish_score=None if not month.has_wishes else month.ranking.of(values).wish,
        wish_bound=None if infeasible or not month.has_wishes else _wish_bound(state),
        proof={} if infeasible else dict(state.proof),
        conflicts=conflicts,
        message=_message(infeasible, conflicts),
        **_money_and_stays(scenario, m, values, missions, locums),
        phases=[_build_entry(m), *state.log],
    )
    return Planning(assignments=tuple(missions), locum_days=tuple(locums), summary=summary)


def _wish_bound(state: SearchState) -> int | None:
    """The best wish bound found: the score once proven, else the lowest upper bound."""
    return state.incumbent.wish if state.wish_proven else state.wish_bound


def _km_bound(state: SearchState, km: float) -> float | None:
    """The best km bound found: the highest of CP-SAT's or the flow's and the km LP's (an LP
    bound a hair above the planning's km, within the simplex's tolerance, is the km)."""
    bounds = [b for b in (None if state.km_bound is None else state.km_bound / KM_SCALE, state.km_lp_bound)
              if b is not None]  # fmt: skip
    return min(max(bounds), km) if bounds else None


def _message(infeasible: bool, conflicts: list[str]) -> str:
    if not infeasible:
        return ""
    if not conflicts:
        return "no planning satisfies the pins and zone minimums (no conflict isolated in time)"
    return "no planning satisfies these together: " + "; ".join(conflicts)


def _build_entry(m: MissionModel) -> dict[str, object]:
    return {
        "phase": "build",
        "wall_time_s": round(m.build_seconds, 3),
        "mission_variables": len(m.x),
        "locum_variables": len(m.y),
        "coverage_variables": len(m.u),
        "constraints": m.num_constraints,
        **{f"constraints_{k}": v for k, v in m.constraints_per_rule.items()},
    }


def _money_and_stays(
    scenario: Scenario, m: MissionModel, values: np.ndarray, missions: list, locums: list
) -> dict:
    """`locum_eur`, `lodging_nights`, `lodging_eur`, `total_eur`, `budget_eur`, `stays`."""
    nights, stays = stay_nights_and_count(m, values)
    costs = month_costs(scenario.settings, missions, locums, nights)
    costs.pop("indemnity_eur")
    costs.pop("travel_eur")
    return {**costs, "stays": stays}
