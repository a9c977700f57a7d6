"""km: CP-SAT minimises km with coverage held, after reduced-cost fixing from the km LP."""

from __future__ import annotations

from pathlib import Path

from fractional_fixtures import km_odd_cycle

from roster.solvers.search.phases.km_search import KmSearch
from roster.solvers.search.phases.lp_km import LpKm
from roster.solvers.search.proofs import CP_SAT_KM_PROOF
from solvers.built import context, entries, month_of, planning, state


def test_cp_sat_proves_the_least_km_after_lp_reduced_cost_fixing(tmp_path: Path) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s")
    ctx = context(month)
    start = state(month, planning(month, ("A", "S1", 1), ("C", "S2", 2), ("E", "S3", 1)))  # 128 km
    before = ctx.apply(start, LpKm().run(start, ctx))
    result = KmSearch().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.metres == 118_000 and after.coverage == before.coverage
    assert after.proof["km"] == f"{CP_SAT_KM_PROOF} after LP reduced-cost fixing"
    assert [e["phase"] for e in entries(result)] == ["km-reduced-cost-fixing", "km"]
    assert after.km_bound == 118_000


def test_without_an_lp_cp_sat_proves_km_alone(tmp_path: Path) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s", use_lp=False)
    ctx = context(month)
    start = state(month, planning(month, ("A", "S1", 1), ("C", "S2", 2), ("E", "S3", 1)))
    result = KmSearch().run(start, ctx)
    after = ctx.apply(start, result)
    assert after.proof["km"] == CP_SAT_KM_PROOF and [e["phase"] for e in entries(result)] == ["km"]
