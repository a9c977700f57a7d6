"""lp-wish: the wish LP with coverage held, a bound and, when integral, the planning."""

from __future__ import annotations

from pathlib import Path

import pytest
from months import wish_month

from roster.solvers.search.phases.lp_wish import LpWish
from roster.solvers.search.proofs import WISH_LP_PROOF
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import wished_cycle
from solvers.search.phases.wish_states import covered


def test_an_integral_wish_lp_is_the_planning_and_proves_the_score(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    plain = planning(month, ("D1", "S1", 6), ("D2", "S1", 7), ("D2", "S2", 6))
    ctx, before = context(month), state(month, plain)
    result = LpWish().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.proof["wish"] == WISH_LP_PROOF and after.incumbent.wish == after.wish_bound == 10
    assert after.coverage == before.coverage and entries(result)[0]["integral"]


def test_a_fractional_wish_lp_bounds_the_score_from_above(tmp_path: Path) -> None:
    month = month_of(wished_cycle(), tmp_path / "s")
    ctx, before = context(month), covered(month)
    after = ctx.apply(before, LpWish().run(before, ctx))
    assert after.wish_lp is not None and after.wish_lp.value == pytest.approx(5.0)  # five options at 1/2
    assert after.wish_bound == 5 and after.incumbent.wish == 4 and not after.wish_proven
    assert not LpWish().supports(month_of(wished_cycle(), tmp_path / "b", use_lp=False))
