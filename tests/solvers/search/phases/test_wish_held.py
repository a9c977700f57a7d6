"""wish-held: the wish score held from here on, and the least km at it from one LP."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from months import wish_month

from roster.solvers.search.phases.wish_held import WishHeld
from roster.solvers.search.proofs import WISH_KM_LP_PROOF
from solvers.built import context, month_of, planning, state

BEST = (("D1", "S3", 6), ("D3", "S2", 6), ("D1", "S3", 7))


def test_a_proven_wish_score_gives_the_least_km_at_it_and_is_held_from_then_on(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    proven = state(month, planning(month, *BEST), proof=MappingProxyType({"coverage": "LP", "wish": "LP"}))
    ctx = context(month)
    after = ctx.apply(proven, WishHeld().run(proven, ctx))
    assert after.wish_held and after.proof["km"] == WISH_KM_LP_PROOF and after.incumbent.wish == 10
    held, free = ctx.hold(ctx.fork(after), after), ctx.hold(ctx.fork(proven), proven)
    assert held.num_constraints == free.num_constraints + 1  # wish score >= 10
    assert ctx.relaxation(after).matrix.shape[0] == month.m.relaxation.matrix.shape[0] + 1


def test_an_unproven_wish_score_is_held_but_km_is_left_to_the_km_phases(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    ctx, before = context(month), state(month, planning(month, *BEST))
    after = ctx.apply(before, WishHeld().run(before, ctx))
    assert after.wish_held and not after.km_proven and after.log == ()
