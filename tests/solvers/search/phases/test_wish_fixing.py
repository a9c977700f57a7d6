"""wish-reduced-cost-fixing: what the wish LP's reduced costs fix for every later phase."""

from __future__ import annotations

from pathlib import Path

from months import wish_month

from roster.solvers.search.phases.lp_wish import LpWish
from roster.solvers.search.phases.wish_fixing import WishFixing
from solvers.built import context, entries, month_of, planning, state

BEST = (("D1", "S3", 6), ("D3", "S2", 6), ("D1", "S3", 7))  # wish 10, the best


def test_at_the_best_wish_score_the_lp_fixes_what_no_such_planning_uses(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    ctx = context(month)
    best = state(month, planning(month, *BEST))
    lp = ctx.apply(best, LpWish().run(best, ctx)).wish_lp
    before = state(month, planning(month, *BEST), wish_lp=lp)
    assert WishFixing().wanted(before)
    result = WishFixing().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert (
        entry["gap"] == 0.0
        and entry["fixed_to_zero"] > 0
        and len(after.fixed_to_zero) == entry["fixed_to_zero"]
    )
    assert (best.values[after.fixed_to_zero] == 0).all() and (best.values[after.fixed_to_one] == 1).all()


def test_no_fixing_without_a_wish_lp(tmp_path: Path) -> None:
    assert not WishFixing().wanted(state(month_of(wish_month(), tmp_path / "s")))
