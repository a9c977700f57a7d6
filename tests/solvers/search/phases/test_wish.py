"""wish: the best wish score with coverage held, held by every later phase."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
from months import wish_month

from roster.solvers.model.wish_objective import wish_flow_costs, wish_vector
from roster.solvers.search.phases.wish import Wish, _WishSearch
from roster.solvers.search.proofs import WISH_KM_LP_PROOF, WISH_LP_PROOF
from solvers.built import context, entries, month_of, planning, state
from solvers.search.months import easy_month

# coverage 3.5 (Z1 two days, Z2 one): D1 twice at S3 (+4 each), D3 at S2 (+3, -1 on the 6th)
BEST = (("D1", "S3", 6), ("D3", "S2", 6), ("D1", "S3", 7))


def test_the_wish_lp_proves_the_best_wish_score_and_the_least_km_with_it(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    plain = planning(month, ("D1", "S1", 6), ("D2", "S1", 7), ("D2", "S2", 6))  # coverage 3.5, wishes 2 - 0
    ctx, before = context(month), state(month, plain)
    result = Wish().run(before, ctx)
    after = ctx.apply(before, result)
    assert after.coverage == before.coverage and after.incumbent.wish == 10
    assert np.array_equal(after.values, planning(month, *BEST))
    assert after.wish is not None and (after.wish.score, after.wish.bound) == (10, 10)
    assert dict(after.proof) == {"wish": WISH_LP_PROOF, "km": WISH_KM_LP_PROOF}
    assert [e["phase"] for e in entries(result)] == ["lp-wish", "lp-km-wish"]


def test_every_later_phase_holds_the_wish_score(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    ctx, before = context(month), state(month, planning(month, *BEST))
    after = ctx.apply(before, Wish().run(before, ctx))
    held, plain = ctx.hold(ctx.fork(after), after), ctx.hold(ctx.fork(before), before)
    assert held.num_constraints == plain.num_constraints + 1  # wish score >= 10
    assert ctx.relaxation(after).matrix.shape[0] == month.m.relaxation.matrix.shape[0] + 1


def test_a_planning_with_other_missions_reopens_a_proven_km(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s", minimize_km=True, use_lp=False)
    plain = planning(month, ("D1", "S1", 6), ("D2", "S1", 7), ("D2", "S2", 6))
    proven = state(month, plain, proof=MappingProxyType({"coverage": "LP", "km": "LP"}))
    ctx = context(month)
    after = ctx.apply(proven, Wish().run(proven, ctx))
    assert after.incumbent.wish == 10 and after.proof["wish"].startswith("CP-SAT")
    # km was reopened (a first proof stays otherwise), then proven again at the new wish score
    assert list(after.proof) == ["coverage", "wish", "km"] and after.proof["km"] == WISH_KM_LP_PROOF


def test_a_dive_on_a_restricted_model_finds_plannings_but_proves_nothing(tmp_path: Path) -> None:
    month = month_of(wish_month(), tmp_path / "s")
    empty = state(month)  # coverage 0 held: any planning will do
    search = _WishSearch(empty, context(month), 5.0)
    proof, bound = search.cp_sat(None, 5.0, month.m.x[:0], dive=True)
    assert proof is None and bound is None
    assert search.best.score == 10 and search.entries[0]["phase"] == "wish-lp-dive"
    assert wish_flow_costs(month.m, np.full(len(month.m.x), 10**15, dtype=np.int64)) is None  # int64 overflow
    assert wish_flow_costs(month.m, wish_vector(month.m)) is not None


def test_only_months_with_wishes_have_the_phase(tmp_path: Path) -> None:
    assert Wish().supports(month_of(wish_month(), tmp_path / "a"))
    assert not Wish().supports(month_of(easy_month(), tmp_path / "b"))
    assert replace(state(month_of(wish_month(), tmp_path / "c"))).wish is None
