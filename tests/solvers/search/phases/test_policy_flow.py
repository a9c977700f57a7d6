"""budget-flow and stay-flow: the flow's planning fitted to the budget, on policy months."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.model.budget import within_budget
from roster.solvers.search.findings import CoverageBound
from roster.solvers.search.phases.policy_flow import BudgetFlow, StayFlow
from solvers.built import context, entries, month_of, state
from solvers.search.months import budget_month, easy_month, far_stay_month


def test_a_budget_month_without_a_start_gets_the_flow_within_the_budget(tmp_path: Path) -> None:
    month = month_of(budget_month(), tmp_path / "s", use_lp=False)
    ctx, before = context(month), state(month)
    assert BudgetFlow().supports(month) and BudgetFlow().wanted(before)
    result = BudgetFlow().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    # the dearest missions go first (here all cost 200 EUR: the first of them, Z1's)
    assert (entry["phase"], entry["status"], entry["fitted_coverage"]) == ("flow", "FEASIBLE", 3.0)
    assert after.found and within_budget(month.m, after.values) and int(after.values[month.m.x].sum()) == 2
    assert after.policy_flow is not None and int(after.policy_flow.sum()) == 3  # the flow knows no budget
    assert after.coverage_bound == round(6 * month.scale)  # its bound: the three zones
    assert not BudgetFlow().wanted(after)  # a start exists


def test_a_stay_month_always_runs_the_flow_and_takes_no_bound_from_it(tmp_path: Path) -> None:
    month = month_of(far_stay_month(), tmp_path / "s")
    ctx = context(month)
    assert StayFlow().supports(month) and not BudgetFlow().supports(month)
    found = state(month, found=True)
    assert StayFlow().wanted(found)
    result = StayFlow().run(found, ctx)
    assert not any(isinstance(f, CoverageBound) for f in result.findings)  # the flow relaxes no stay cap
    after = ctx.apply(found, result)
    assert after.policy_flow is not None and int(after.policy_flow.sum()) == 2  # the contract's cap


def test_contract_months_have_their_own_flow(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "s")
    assert not BudgetFlow().supports(month) and not StayFlow().supports(month)
