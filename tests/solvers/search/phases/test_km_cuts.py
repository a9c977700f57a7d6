"""km-cuts: zero-half cut rounds on a fractional km LP, each followed by a dive."""

from __future__ import annotations

from pathlib import Path

import pytest
from fractional_fixtures import km_odd_cycle

from roster.solvers.search.phases.km_cuts import KmCuts
from roster.solvers.search.phases.lp_km import LpKm
from roster.solvers.search.proofs import KM_CUTS_PROOF
from solvers.built import context, entries, month_of, planning, state


def test_one_cut_round_lifts_the_km_bound_to_the_best_planning_and_proves_it(tmp_path: Path) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s")
    ctx = context(month)
    start = state(month, planning(month, ("A", "S1", 1), ("B", "S2", 2), ("E", "S3", 1)))  # 118 km, the best
    before = ctx.apply(start, LpKm().run(start, ctx))
    assert before.km_lp_bound == pytest.approx(114.0) and KmCuts().wanted(before)
    result = KmCuts().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["rounds"] == 1 and entry["bound_before"] == pytest.approx(114.0)
    assert entry["bound_after"] == pytest.approx(118.0) and entry["proven"]
    assert after.proof["km"] == KM_CUTS_PROOF and after.km_lp_engine == "highs" and len(after.km_cuts) >= 1
    assert ctx.km_lp is not None  # the rounds keep the km LP loaded in HiGHS
    km_model_rows = ctx.fork(after).num_constraints - ctx.fork(after, km_cuts=False).num_constraints
    assert km_model_rows == len(after.km_cuts)


def test_no_km_cuts_with_a_policy_or_when_not_asked_for(tmp_path: Path) -> None:
    assert not KmCuts().supports(month_of(km_odd_cycle(), tmp_path / "a", use_cuts=False))
    spec = km_odd_cycle()
    spec.settings = {"budget_eur": 10000}
    assert not KmCuts().supports(month_of(spec, tmp_path / "b"))
