"""wish: CP-SAT maximises the wish score with coverage held."""

from __future__ import annotations

from pathlib import Path

from roster.solvers.search.phases.wish_search import WishSearch
from roster.solvers.search.proofs import CP_SAT_PROOF
from solvers.built import context, entries, month_of
from solvers.search.months import wished_cycle
from solvers.search.phases.wish_states import B_AND_C, covered


def test_cp_sat_finds_and_proves_the_best_wish_score_at_the_coverage_held(tmp_path: Path) -> None:
    month = month_of(wished_cycle(a_weight=3), tmp_path / "s", use_lp=False)
    ctx, before = context(month), covered(month, B_AND_C)
    result = WishSearch().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.incumbent.wish == after.wish_bound == 5 and after.proof["wish"] == CP_SAT_PROOF
    assert after.coverage == before.coverage and [e["phase"] for e in entries(result)] == ["wish"]
