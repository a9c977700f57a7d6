"""wish-lp-dive: CP-SAT on the wish LP's support, coverage (and changes) held, stopped at
the wish bound: a good wish score fast, proven when it reaches the bound. As for coverage,
a first dive fixes the missions the LP takes whole (at most FIXED_DIVE_MAX_S)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.lp import LpSolution
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult, Settle, WishAtBound
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.proofs import LP_DIVE_MAX_S, WISH_DIVE_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.support_dive import support_dive, two_stage_dives
from roster.solvers.search.wish_lp import wish_terms, wish_time


@dataclass(frozen=True)
class WishLpDive:
    name: str = "wish-lp-dive"

    def supports(self, month: Month) -> bool:
        return month.has_wishes

    def wanted(self, state: SearchState) -> bool:
        return state.wish_lp is not None and not state.wish_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        lp = state.wish_lp
        assert lp is not None
        return two_stage_dives(state, ctx, lp, dive, lambda s: s.wish_proven, LP_DIVE_MAX_S)


def dive(
    state: SearchState, ctx: SolveContext, lp: LpSolution, ones: np.ndarray, max_s: float
) -> PhaseResult:
    """One dive on the wish LP's support with `ones` fixed to 1, stopped at the wish bound."""
    bound = state.wish_bound
    target = bound if bound is not None else int(np.maximum(ctx.month.wishes, 0).sum())
    found = support_dive(
        ctx, ctx.hold(ctx.fork(state), state), lp, ones, wish_terms(ctx), bound, target, "wish-lp-dive",
        min(wish_time(state, ctx, 1 / 3), max_s), ctx.reporter("wish", state), 1.0,
    )  # fmt: skip
    return searched(found, reopens_km=True).then(Settle("wish", WISH_DIVE_PROOF, WishAtBound()))
