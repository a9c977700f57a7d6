"""wish-start: the ceiling of the wish score, its polish, and the proof when nothing is wished."""

from __future__ import annotations

from pathlib import Path

from months import wish_month

from roster.solvers.search.phases.wish_start import WishStart
from roster.solvers.search.proofs import NO_WISH_PROOF
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import easy_month


def test_the_polish_moves_doctors_to_their_wished_sites_and_the_ceiling_bounds_the_score(
    tmp_path: Path,
) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    plain = planning(month, ("D1", "S1", 6), ("D2", "S1", 7), ("D2", "S2", 6))  # coverage 3.5, wish 2
    ctx, before = context(month), state(month, plain)
    result = WishStart().run(before, ctx)
    after = ctx.apply(before, result)
    [entry] = entries(result)
    assert entry["ceiling"] == after.wish_bound == 2 * 4 + 2 * 2 + (3 - 1)  # every mission worth something
    assert (
        after.coverage == before.coverage
        and after.incumbent.wish > before.incumbent.wish == entry["wish_before"]
    )
    assert not after.wish_proven


def test_with_no_wish_the_rules_allow_the_score_is_proven_at_once(tmp_path: Path) -> None:
    spec = easy_month()
    spec.wishes = [{"doctor_id": "D2", "site_id": "S1", "weight": 5}]  # D2 cannot reach S1
    month = month_of(spec, tmp_path / "s")
    after = context(month).apply(state(month), WishStart().run(state(month), context(month)))
    assert after.proof["wish"] == NO_WISH_PROOF and after.wish_bound == 0
    assert not WishStart().supports(month_of(easy_month(), tmp_path / "plain"))
