"""coverage-lp-dive: CP-SAT on the coverage LP's support, proven when it reaches the bound."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from fractional_fixtures import odd_cycle, odd_cycle_and_a_sure_day, twin_volunteers

from roster.solvers.engines.lp import COVERAGE_GLOP, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search.findings import CoverageBound, PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.phases.coverage_dive import CoverageLpDive
from roster.solvers.search.proofs import LP_DIVE_PROOF, LP_FLOOR_PROOF
from roster.solvers.search.state import SearchState
from solvers.built import context, entries, month_of, state


def with_lp(month: Month) -> SearchState:
    lp = solve_lp(month.m.relaxation, coverage_objective(month.m), True, glop_parameters=COVERAGE_GLOP)
    assert lp.value is not None
    return state(month, coverage_lp=lp, coverage_bound=int(np.floor(lp.value * month.scale * (1 + 1e-9))))


def test_a_dive_that_reaches_a_fractional_lps_value_proves_coverage(tmp_path: Path) -> None:
    """The twins: one seat, two volunteers alike. The LP taken at 1/2 each (a hand-built
    optimum of value 1) is reached by a planning on its support."""
    month = month_of(twin_volunteers(), tmp_path / "s")
    lp = with_lp(month).coverage_lp
    assert lp is not None and lp.values is not None
    half = lp.values.copy()
    half[month.m.x] = 0.5
    before = state(month, coverage_lp=replace(lp, values=half))
    ctx = context(month)
    result = CoverageLpDive().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert (
        entry["phase"] == "coverage-lp-dive" and entry["support_missions"] == 2 and entry["fixed_to_one"] == 0
    )
    assert after.proof["coverage"] == LP_DIVE_PROOF and after.found


def test_a_dive_below_the_lp_bound_finds_the_planning_but_proves_nothing(tmp_path: Path) -> None:
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    ctx, before = context(month), with_lp(month)
    after = ctx.apply(before, CoverageLpDive().run(before, ctx))
    assert after.coverage == 3 * month.scale and not after.coverage_proven  # the LP says 3.25


def test_a_dive_that_reaches_the_integer_bound_proves_coverage_by_it(tmp_path: Path) -> None:
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    ctx = context(month)
    before = ctx.apply(with_lp(month), PhaseResult((CoverageBound(3 * month.scale),)))
    after = ctx.apply(before, CoverageLpDive().run(before, ctx))
    assert after.proof["coverage"] == LP_FLOOR_PROOF


def test_the_missions_the_lp_takes_whole_are_fixed_in_a_first_dive(tmp_path: Path) -> None:
    month = month_of(odd_cycle_and_a_sure_day(), tmp_path / "s")
    ctx, before = context(month), with_lp(month)
    dives = entries(CoverageLpDive().run(before, ctx))
    assert [d["fixed_to_one"] for d in dives] == [1, 0]  # D's sure day fixed, then the whole support
    assert dives[0]["support_missions"] == dives[1]["support_missions"] == 6


def test_no_dive_on_policy_months_or_once_coverage_is_proven(tmp_path: Path) -> None:
    spec = odd_cycle()
    spec.settings = {"budget_eur": 10000}
    assert not CoverageLpDive().supports(month_of(spec, tmp_path / "a"))
    month = month_of(odd_cycle(), tmp_path / "b")
    assert CoverageLpDive().wanted(with_lp(month))
    assert not CoverageLpDive().wanted(replace(with_lp(month), proof={"coverage": "x"}))
    assert not CoverageLpDive().wanted(state(month))
