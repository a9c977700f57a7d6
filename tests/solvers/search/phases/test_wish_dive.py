"""wish-lp-dive: CP-SAT on the wish LP's support, stopped at the wish bound."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.search.findings import PhaseResult, WishBound
from roster.solvers.search.phases.wish_dive import WishLpDive
from roster.solvers.search.proofs import WISH_DIVE_PROOF
from solvers.built import context, entries, month_of
from solvers.search.months import wished_cycle
from solvers.search.phases.wish_states import B_AND_C, with_wish_lp


def test_the_dive_finds_the_best_wishes_and_proves_them_at_the_integer_bound(tmp_path: Path) -> None:
    month = month_of(wished_cycle(a_weight=3), tmp_path / "s")
    before = with_wish_lp(month, B_AND_C)  # wish 4; the best is 5 (A at S1 and B at S2)
    assert before.wish_bound == 5 and before.incumbent.wish == 4
    ctx = context(month)
    result = WishLpDive().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.incumbent.wish == 5 and after.proof["wish"] == WISH_DIVE_PROOF
    assert after.coverage == before.coverage and entries(result)[-1]["support_missions"] == 5


def test_below_the_bound_the_dive_proves_nothing(tmp_path: Path) -> None:
    month = month_of(wished_cycle(), tmp_path / "s")
    ctx = context(month)
    before = with_wish_lp(month, B_AND_C)  # wish 4 = the best, LP bound 5
    after = ctx.apply(before, WishLpDive().run(before, ctx))
    assert after.incumbent.wish == 4 and not after.wish_proven
    tighter = ctx.apply(before, PhaseResult((WishBound(4),)))
    assert ctx.apply(tighter, WishLpDive().run(tighter, ctx)).wish_proven
