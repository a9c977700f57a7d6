"""lp-km: the km LP at the best coverage, a bound and, when integral, the planning."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fractional_fixtures import km_odd_cycle

from roster.solvers.engines.lp import COVERAGE_GLOP, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search import month as month_module
from roster.solvers.search.apply import km_of
from roster.solvers.search.phases.lp_km import LpKm
from roster.solvers.search.proofs import LP_KM_PROOF
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import two_sites_month


def test_an_integral_km_lp_is_the_planning_and_proves_km(tmp_path: Path) -> None:
    month = month_of(two_sites_month(), tmp_path / "s")
    crossed = planning(month, ("D1", "S2", 1), ("D2", "S1", 1))
    ctx, before = context(month), state(month, crossed)
    result = LpKm().run(before, ctx)
    after = ctx.apply(before, result)
    assert np.array_equal(after.values, planning(month, ("D1", "S1", 1), ("D2", "S2", 1)))
    assert after.proof["km"] == LP_KM_PROOF and after.km_lp_engine == "glop" and after.km_lp is not None
    [entry] = entries(result)
    assert entry["engine"] == "glop" and entry["integral"] and entry["proven"]
    assert after.km_lp_bound == pytest.approx(km_of(after, month), rel=1e-9)


def test_a_fractional_km_lp_bounds_km_below_every_planning(tmp_path: Path) -> None:
    """The km odd cycle: coverage 3 needs E from 78 km; the LP mixes the cycle at 1/2 (114 km)."""
    month = month_of(km_odd_cycle(), tmp_path / "s")
    best = planning(month, ("A", "S1", 1), ("B", "S2", 2), ("E", "S3", 1))
    ctx, before = context(month), state(month, best)
    after = ctx.apply(before, LpKm().run(before, ctx))
    assert after.km_lp_bound == pytest.approx(114.0) and not after.km_proven
    assert after.km_lp is not None and not after.km_lp.integral


def test_a_hard_month_solves_the_km_lp_in_highs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(month_module, "HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER", 0.0)
    month = month_of(km_odd_cycle(), tmp_path / "s")
    lp = solve_lp(month.m.relaxation, coverage_objective(month.m), True, glop_parameters=COVERAGE_GLOP)
    best = planning(month, ("A", "S1", 1), ("B", "S2", 2), ("E", "S3", 1))
    before = state(month, best, coverage_lp=lp, first_coverage_lp_integral=lp.integral)
    ctx = context(month)
    after = ctx.apply(before, LpKm().run(before, ctx))
    assert after.km_lp_engine == "highs" and ctx.km_lp is not None  # kept loaded for the cut rounds
    assert after.km_lp_bound == pytest.approx(114.0)


def test_no_km_lp_without_the_lp_or_once_km_is_proven(tmp_path: Path) -> None:
    assert not LpKm().supports(month_of(two_sites_month(), tmp_path / "a", use_lp=False))
    month = month_of(two_sites_month(), tmp_path / "b")
    assert not LpKm().wanted(state(month, proof={"km": "x"}))
