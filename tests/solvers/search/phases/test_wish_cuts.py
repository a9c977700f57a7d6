"""wish-cuts: zero-half cuts close the wish LP's gap on an odd cycle."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.search.phases.wish_cuts import WishCuts
from roster.solvers.search.proofs import WISH_CUTS_PROOF
from solvers.built import context, entries, month_of
from solvers.search.months import wished_cycle
from solvers.search.phases.wish_states import with_wish_lp


def test_the_five_cycles_cut_brings_the_wish_bound_to_the_best_score(tmp_path: Path) -> None:
    month = month_of(wished_cycle(), tmp_path / "s")
    before = with_wish_lp(month)
    assert WishCuts().wanted(before) and before.wish_bound == 5
    ctx = context(month)
    result = WishCuts().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["rounds"] >= 1 and entry["cuts"] >= 1 and entry["proven"]
    assert after.wish_bound == after.incumbent.wish == 4 and after.proof["wish"] == WISH_CUTS_PROOF
    assert len(after.cuts) == entry["cuts"]  # kept for every later model


def test_no_wish_cuts_when_not_asked_for(tmp_path: Path) -> None:
    assert not WishCuts().supports(month_of(wished_cycle(), tmp_path / "s", use_cuts=False))
