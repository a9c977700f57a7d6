"""policy-km-dive: the second objective over the missions the policy's starts use."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.model.budget import within_budget
from roster.solvers.search.phases.policy_km_dive import PolicyKmDive
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import budget_month, far_stay_month, two_sites_month


def test_the_dive_joins_the_days_of_a_stay_month_into_one_trip(tmp_path: Path) -> None:
    month = month_of(far_stay_month(), tmp_path / "s")
    m = month.m
    start = planning(month, ("D", "S", 6), ("D", "S", 7))  # links completed: a 2-day stay, 120 km
    ctx, before = context(month), state(month, start)
    result = PolicyKmDive().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["phase"] == "km-support-dive" and after.coverage == before.coverage
    assert after.metres <= before.metres == 120_000 and (after.values[m.x] <= start[m.x]).all()


def test_on_a_budget_month_the_dive_stays_within_the_budget(tmp_path: Path) -> None:
    month = month_of(budget_month(), tmp_path / "s")
    start = planning(month, ("D1", "S1", 1), ("D2", "S2", 1))
    ctx, before = context(month), state(month, start)
    after = ctx.apply(before, PolicyKmDive().run(before, ctx))
    assert within_budget(month.m, after.values) and after.coverage == before.coverage


def test_only_policy_months_with_a_planning_found_dive(tmp_path: Path) -> None:
    assert not PolicyKmDive().supports(month_of(two_sites_month(), tmp_path / "a"))
    month = month_of(budget_month(), tmp_path / "b")
    assert PolicyKmDive().supports(month) and not PolicyKmDive().wanted(state(month, found=False))
