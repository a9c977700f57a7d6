"""km-lp-dive: CP-SAT over the missions a fractional km LP uses."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fractional_fixtures import km_odd_cycle

from roster.solvers.search.month import Month
from roster.solvers.search.phases.km_dive import KmLpDive
from roster.solvers.search.phases.lp_km import LpKm
from roster.solvers.search.state import SearchState
from solvers.built import context, entries, missions, month_of, planning, state


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


def test_a_variable_fixed_to_one_that_the_km_lp_leaves_at_zero_stays_at_one(tmp_path: Path) -> None:
    """The km LP leaves the variables fixed to 1 free: the dive keeps them at 1 rather than
    giving CP-SAT a variable of domain [1, 0] (hard stress with wishes crashed so)."""
    month = month_of(km_odd_cycle(), tmp_path / "s")
    before = with_km_lp(month)
    m, lp = month.m, before.km_lp
    assert lp is not None and lp.values is not None
    long_way = m.x[missions(month, ("C", "S2", 2)) == 1]
    values = lp.values.copy()
    values[long_way] = 0.0  # an LP optimum without C at S2 (this one takes every option at 1/2)
    fixed = replace(before, km_lp=replace(lp, values=values), fixed_to_one=long_way)  # a fixing: C at S2
    ctx = context(month)
    result = KmLpDive().run(fixed, ctx)
    after = ctx.apply(fixed, result)
    [entry] = entries(result)
    assert entry["phase"] == "km-lp-dive" and entry["status"] in ("OPTIMAL", "FEASIBLE")
    assert (after.values[long_way] == 1).all() and after.coverage == before.coverage
