"""coverage-cuts: zero-half cut rounds on a fractional coverage LP."""

from __future__ import annotations

from pathlib import Path

import pytest
from fractional_fixtures import odd_cycle

from roster.solvers.engines.lp import COVERAGE_GLOP, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search.findings import Cuts, Offer
from roster.solvers.search.month import Month
from roster.solvers.search.phases.coverage_cuts import CoverageCuts
from roster.solvers.search.proofs import CUTS_PROOF
from roster.solvers.search.state import SearchState
from solvers.built import context, entries, month_of, state


def with_coverage_lp(month: Month) -> SearchState:
    """The empty planning and the month's coverage LP (GLOP, as the lp-coverage phase solves it)."""
    lp = solve_lp(month.m.relaxation, coverage_objective(month.m), True, glop_parameters=COVERAGE_GLOP)
    return state(month, coverage_lp=lp, first_coverage_lp_integral=lp.integral)


def test_a_cut_round_turns_the_five_cycle_lp_integral_and_so_proves_coverage(tmp_path: Path) -> None:
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    ctx, before = context(month), with_coverage_lp(month)
    assert before.coverage_lp is not None and not before.coverage_lp.integral
    result = CoverageCuts().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["rounds"] == 1 and entry["cuts"] == len(after.cuts) >= 1 and not entry["warm_start"]
    assert entry["bound_before"] == pytest.approx(3.25) and entry["bound_after"] == pytest.approx(3.0)
    assert after.proof["coverage"] == CUTS_PROOF and after.coverage == 3 * month.scale
    assert isinstance(result.findings[0], Cuts)  # found before the LP they tighten
    assert any(isinstance(f, Offer) for f in result.findings)  # the integral cut LP is the planning
    assert not CoverageCuts().wanted(after)


def test_the_cuts_are_kept_for_every_later_model(tmp_path: Path) -> None:
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    ctx, before = context(month), with_coverage_lp(month)
    after = ctx.apply(before, CoverageCuts().run(before, ctx))
    plain, cut = month.m.fork(), ctx.fork(after)
    assert cut.num_constraints == plain.num_constraints + len(after.cuts)


def test_no_cuts_with_a_policy_or_when_they_are_not_asked_for(tmp_path: Path) -> None:
    spec = odd_cycle()
    assert CoverageCuts().supports(month_of(spec, tmp_path / "a"))
    assert not CoverageCuts().supports(month_of(spec, tmp_path / "b", use_cuts=False))
    spec.settings = {"budget_eur": 10000}
    assert not CoverageCuts().supports(month_of(spec, tmp_path / "c"))
    assert not CoverageCuts().wanted(state(month_of(odd_cycle(), tmp_path / "d")))  # no LP yet
