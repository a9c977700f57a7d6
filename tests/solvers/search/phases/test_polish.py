"""polish: least km at the same coverage and continuity pattern (a min-cost flow)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import numpy as np
from months import wish_month

from roster.solvers.search.findings import KmBound, PhaseResult
from roster.solvers.search.phases.polish import Polish
from roster.solvers.search.proofs import FLOW_PROOF
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import two_sites_month


def test_the_polish_swaps_two_doctors_for_less_km_and_proves_it_at_the_known_bound(tmp_path: Path) -> None:
    month = month_of(two_sites_month(), tmp_path / "s")
    crossed = planning(month, ("D1", "S2", 1), ("D2", "S1", 1))
    best = planning(month, ("D1", "S1", 1), ("D2", "S2", 1))
    ctx = context(month)
    before = ctx.apply(state(month, crossed), PhaseResult((KmBound(month.ranking.of(best).metres),)))
    result = Polish().run(before, ctx)
    after = ctx.apply(before, result)
    assert np.array_equal(after.values, best) and after.coverage == before.coverage
    [entry] = entries(result)
    assert entry["km_after"] < entry["km_before"] and after.proof["km"] == FLOW_PROOF


def test_the_polish_after_km_runs_even_when_km_is_proven(tmp_path: Path) -> None:
    month = month_of(two_sites_month(), tmp_path / "s")
    proven = state(month, proof=MappingProxyType({"km": "LP"}))
    assert not Polish().wanted(proven) and Polish(after_km=True).wanted(proven)


def test_with_wishes_the_polish_keeps_the_wish_score_first(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    wished = planning(month, ("D1", "S3", 6), ("D3", "S2", 6), ("D1", "S3", 7))
    ctx, before = context(month), state(month, wished)
    after = ctx.apply(before, Polish().run(before, ctx))
    assert after.incumbent.wish >= before.incumbent.wish and after.coverage == before.coverage


def test_no_polish_with_pins_a_policy_or_a_replan(tmp_path: Path) -> None:
    spec = two_sites_month()
    assert Polish().supports(month_of(spec, tmp_path / "a"))
    spec.settings = {"budget_eur": 1000}
    assert not Polish().supports(month_of(spec, tmp_path / "b"))
