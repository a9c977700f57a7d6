"""km-lp-dive: CP-SAT over the missions a fractional km LP uses."""

from __future__ import annotations

from pathlib import Path

from fractional_fixtures import km_odd_cycle

from roster.solvers.search.month import Month
from roster.solvers.search.phases.km_dive import KmLpDive
from roster.solvers.search.phases.lp_km import LpKm
from roster.solvers.search.state import SearchState
from solvers.built import context, entries, month_of, planning, state


def with_km_lp(month: Month) -> SearchState:
    """A coverage-3 planning the long way (C at S2 rather than B) and the km LP at coverage 3."""
    start = planning(month, ("A", "S1", 1), ("C", "S2", 2), ("E", "S3", 1))  # 10 + 40 + 78 = 128 km
    before = state(month, start)
    ctx = context(month)
    return ctx.apply(before, LpKm().run(before, ctx))


def test_the_dive_finds_the_least_km_but_the_lp_bound_is_below_it(tmp_path: Path) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s")
    before = with_km_lp(month)
    assert before.metres == 128_000 and KmLpDive().wanted(before)
    ctx = context(month)
    result = KmLpDive().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["phase"] == "km-lp-dive" and entry["objective"] == 118.0
    assert after.metres == 118_000 and not after.km_proven  # the LP says 114


def test_an_integral_km_lp_needs_no_dive(tmp_path: Path) -> None:
    month = month_of(km_odd_cycle(), tmp_path / "s")
    assert not KmLpDive().wanted(state(month))  # no km LP yet
