"""policy-lp-dive: CP-SAT on a fractional policy LP's support and the incumbent's."""

from __future__ import annotations

from pathlib import Path

import pytest

from roster.solvers.engines.lp import solve_lp
from roster.solvers.model.budget import within_budget
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search.phases.policy_dive import PolicyLpDive
from roster.solvers.search.proofs import LP_COVERAGE_PROOF
from solvers.built import context, entries, month_of, state
from solvers.search.months import budget_month, easy_month


def test_the_dive_finds_the_best_planning_within_the_budget(tmp_path: Path) -> None:
    month = month_of(budget_month(), tmp_path / "s")
    lp = solve_lp(
        month.m.relaxation, coverage_objective(month.m), True, glop_parameters="use_dual_simplex:true"
    )
    assert lp.value == pytest.approx(5.0 + 50 / 200, rel=1e-6) and not lp.integral  # 2.25 days paid
    before = state(month, policy_lp=lp)
    ctx = context(month)
    result = PolicyLpDive().run(before, ctx)
    after = ctx.apply(before, result)
    assert [e["phase"] for e in entries(result)] == ["coverage-lp-dive"]
    assert after.coverage == 5 * month.scale and within_budget(month.m, after.values)
    assert after.proof.get("coverage") != LP_COVERAGE_PROOF  # 5.0 is below the LP's 5.25


def test_the_dive_runs_on_policy_months_with_a_fractional_lp_only(tmp_path: Path) -> None:
    assert PolicyLpDive().supports(month_of(budget_month(), tmp_path / "a"))
    assert not PolicyLpDive().supports(month_of(easy_month(), tmp_path / "b"))
    assert not PolicyLpDive().wanted(state(month_of(budget_month(), tmp_path / "c")))
