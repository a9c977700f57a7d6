"""flow: the min-cost-flow relaxation, repaired for rule 4, when no LP-guided planning exists."""

from __future__ import annotations

from pathlib import Path

from fractional_fixtures import odd_cycle

from roster.solvers.engines.lp import COVERAGE_GLOP, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search.findings import CoverageBound, PhaseResult
from roster.solvers.search.phases.flow import Flow
from roster.solvers.search.proofs import FLOW_PROOF, LP_FLOOR_PROOF
from solvers.built import context, entries, month_of, state
from solvers.search.months import easy_month


def test_where_continuity_is_slack_the_flow_proves_coverage_and_km(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "s", use_lp=False)
    ctx, before = context(month), state(month)
    result = Flow().run(before, ctx)
    after = ctx.apply(before, result)
    assert dict(after.proof) == {"coverage": FLOW_PROOF, "km": FLOW_PROOF}
    assert after.km_bound == after.metres and after.found
    [entry] = entries(result)
    assert entry["status"] == "OPTIMAL" and entry["relaxed_coverage"] == entry["repaired_coverage"] == 5.0


def test_the_repair_gives_a_planning_below_the_relaxed_bound(tmp_path: Path) -> None:
    """The five-cycle: without rule 4 all three zones (4.1); A and C share the practice's
    last seat, so the repaired planning covers two of them and nothing is proven."""
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s", use_lp=False)
    ctx, before = context(month), state(month)
    result = Flow().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert (
        entry["relaxed_coverage"] == 4.1
        and entry["repaired_coverage"] <= 3.0
        and entry["status"] == "FEASIBLE"
    )
    assert not after.coverage_proven and after.km_bound is None
    assert after.coverage_bound == round(4.1 * month.scale)


def test_a_km_bound_at_the_relaxed_coverage_is_no_bound_at_a_lower_one(tmp_path: Path) -> None:
    """The five-cycle of equal priorities: the relaxation covers 3 zones, the repair 2, the
    optimum. Coverage proven by a lower integer bound (as an LP's floor gives), the flow's
    least km at its relaxed coverage of 3 bounds nothing at 2."""
    month = month_of(odd_cycle(), tmp_path / "s", use_lp=False)
    ctx = context(month)
    before = ctx.apply(state(month), PhaseResult((CoverageBound(2 * month.scale),)))
    after = ctx.apply(before, Flow().run(before, ctx))
    assert after.coverage == 2 * month.scale and after.proof["coverage"] == LP_FLOOR_PROOF
    assert after.km_bound is None and not after.km_proven


def test_the_flow_is_skipped_with_an_lp_guided_planning_pins_a_policy_or_a_replan(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "a")
    lp = solve_lp(month.m.relaxation, coverage_objective(month.m), True, glop_parameters=COVERAGE_GLOP)
    assert Flow().wanted(state(month, coverage_lp=lp, found=False))
    assert not Flow().wanted(state(month, coverage_lp=lp, found=True))
    spec = easy_month()
    spec.settings = {"budget_eur": 1000}
    assert not Flow().supports(month_of(spec, tmp_path / "b"))
    assert not Flow().supports(month_of(easy_month(), tmp_path / "c", use_flow=False))
