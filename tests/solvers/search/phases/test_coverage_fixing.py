"""coverage-reduced-cost-fixing: what the coverage LP's reduced costs fix for every later phase."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.engines.lp import COVERAGE_GLOP, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search.phases.coverage_fixing import CoverageFixing
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import easy_month


def test_at_the_lp_optimum_the_first_day_of_each_zone_is_fixed_to_one(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "s")
    lp = solve_lp(month.m.relaxation, coverage_objective(month.m), True, glop_parameters=COVERAGE_GLOP)
    best = planning(month, ("D1", "S1", 1), ("D2", "S2", 2))
    before = state(month, best, coverage_lp=lp)
    ctx = context(month)
    result = CoverageFixing().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["gap"] == 0.0 and entry["fixed_to_one"] == 2  # both zones' first coverage unit
    assert set(after.fixed_to_one.tolist()) == set(month.m.u.tolist())
    assert (best[after.fixed_to_zero] == 0).all() and (best[after.fixed_to_one] == 1).all()
    forked = ctx.fork(after)  # every later phase's model has them
    assert all(forked.proto.variables[int(v)].domain[0] == 1 for v in after.fixed_to_one)


def test_nothing_is_fixed_without_an_lp_or_a_planning_found(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "s")
    lp = solve_lp(month.m.relaxation, coverage_objective(month.m), True, glop_parameters=COVERAGE_GLOP)
    assert not CoverageFixing().wanted(state(month))
    assert not CoverageFixing().wanted(state(month, coverage_lp=lp, found=False))
    assert CoverageFixing().wanted(state(month, coverage_lp=lp, found=True))
