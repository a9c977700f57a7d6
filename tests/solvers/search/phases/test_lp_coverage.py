"""lp-coverage: the coverage LP's bound and, when integral, its planning."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from fractional_fixtures import odd_cycle

from roster.solvers.engines.lp import PROVEN_GAP
from roster.solvers.search import month as month_module
from roster.solvers.search.findings import Offer
from roster.solvers.search.phases.lp_coverage import LpCoverage
from roster.solvers.search.proofs import LP_COVERAGE_PROOF
from solvers.built import context, entries, month_of, state
from solvers.search.months import budget_month, easy_month


def test_an_integral_lp_is_the_planning_and_proves_coverage(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "s")
    ctx, before = context(month), state(month)
    result = LpCoverage().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.proof["coverage"] == LP_COVERAGE_PROOF and after.found
    assert after.coverage_lp is not None and after.first_coverage_lp_integral and after.coverage_basis is None
    assert entries(result) == [
        {**entries(result)[0], "phase": "lp-coverage", "integral": True, "proven": True}
    ]
    assert after.coverage_bound == math.floor(after.coverage_lp.value * month.scale * (1 + PROVEN_GAP))


def test_a_fractional_lp_gives_its_bound_and_no_planning(tmp_path: Path) -> None:
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    ctx, before = context(month), state(month)
    result = LpCoverage().run(before, ctx)
    after = ctx.apply(before, result)
    assert not any(isinstance(f, Offer) for f in result.findings) and not after.found
    assert after.coverage_lp is not None and after.coverage_lp.value == pytest.approx(3.25)
    assert not after.coverage_proven and not after.first_coverage_lp_integral
    assert after.coverage_bound == math.floor(3.25 * month.scale * (1 + PROVEN_GAP))


def test_on_a_hard_month_glop_returns_its_basis_for_the_cut_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(month_module, "HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER", 0.0)
    month = month_of(odd_cycle((1.1, 1.3, 1.7)), tmp_path / "s")
    assert month.hard
    after = context(month).apply(state(month), LpCoverage().run(state(month), context(month)))
    assert after.coverage_basis is not None and len(after.coverage_basis.columns) == month.m.num_variables


def test_a_fractional_budget_lp_is_rounded_down_into_a_start_within_the_budget(tmp_path: Path) -> None:
    month = month_of(budget_month(), tmp_path / "s")
    ctx, before = context(month), state(month)
    result = LpCoverage().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["integral"] is False and entry["rounded_down"] == pytest.approx(5.0)  # Z1 and Z2 whole
    assert after.policy_lp is after.coverage_lp and after.found and after.coverage == 5 * month.scale


def test_it_belongs_to_months_with_missions_when_the_lp_is_asked_for(tmp_path: Path) -> None:
    assert LpCoverage().supports(month_of(easy_month(), tmp_path / "a"))
    assert not LpCoverage().supports(month_of(easy_month(), tmp_path / "b", use_lp=False))
    empty = easy_month()
    empty.available = {}
    assert not LpCoverage().supports(month_of(empty, tmp_path / "c"))
