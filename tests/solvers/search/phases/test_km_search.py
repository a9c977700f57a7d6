"""km: CP-SAT minimises km with coverage held, after reduced-cost fixing from the km LP."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fractional_fixtures import km_odd_cycle

from roster.solvers.engines.cpsat import CpSatResult
from roster.solvers.search.phases import km_search
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
    assert [e["phase"] for e in entries(result)] == ["km-reduced-cost-fixing", "km-lp-search"]
    assert after.km_bound == 118_000


def test_without_an_lp_cp_sat_proves_km_alone(tmp_path: Path) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s", use_lp=False)
    ctx = context(month)
    start = state(month, planning(month, ("A", "S1", 1), ("C", "S2", 2), ("E", "S3", 1)))
    result = KmSearch().run(start, ctx)
    after = ctx.apply(start, result)
    assert after.proof["km"] == CP_SAT_KM_PROOF and [e["phase"] for e in entries(result)] == ["km-lp-search"]


def test_when_the_lp_search_does_not_prove_km_the_portfolio_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s", use_lp=False)
    run = km_search.run_cp_sat

    def unproven_lp_search(*args: Any, lp_search: bool = False, **kwargs: Any) -> CpSatResult:
        found = run(*args, lp_search=lp_search, **kwargs)
        return replace(found, status="FEASIBLE", raw_bound=None) if lp_search else found

    monkeypatch.setattr(km_search, "run_cp_sat", unproven_lp_search)
    ctx = context(month)
    start = state(month, planning(month, ("A", "S1", 1), ("C", "S2", 2), ("E", "S3", 1)))
    result = KmSearch().run(start, ctx)
    after = ctx.apply(start, result)
    assert [e["phase"] for e in entries(result)] == ["km-lp-search", "km"]
    assert after.proof["km"] == CP_SAT_KM_PROOF and after.metres == 118_000
