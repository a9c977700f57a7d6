"""lp-wish: the LP relaxation of the wish score with coverage (and changes) held and every
cut found so far: a bound and, when integral, the planning itself.

HiGHS' dual simplex, with the variables reduced-cost fixing set to 0 (the coverage LP's,
`coverage-reduced-cost-fixing`, run just before): on a hard national month with 4,386
wishes, 1.5 s against 6.8 s without the fixings and 8.7 s for GLOP's primal simplex. The
LP stays loaded (`SolveContext.wish_lp`) for the cut rounds, which re-solve from its basis.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.engines.highs import HighsLp
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Facts, Offer, PhaseResult, Settle, WishAtBound, WishBound
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import integral_planning
from roster.solvers.search.proofs import WISH_LP_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.wish_lp import integer_bound, wish_objective, wish_relaxation, wish_time


@dataclass(frozen=True)
class LpWish:
    name: str = "lp-wish"

    def supports(self, month: Month) -> bool:
        return month.has_wishes and month.options.use_lp and bool(month.wishes.any())

    def wanted(self, state: SearchState) -> bool:
        return not state.wish_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        relaxation = wish_relaxation(state, ctx)
        ctx.wish_lp = HighsLp(
            relaxation, wish_objective(ctx), fixed_to_zero=state.fixed_to_zero, maximize=True
        )
        lp = ctx.wish_lp.solve(wish_time(state, ctx, 0.5))
        entry: dict[str, object] = {"phase": self.name, "status": lp.status, "objective": lp.value,
                                    "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
        if lp.value is None or lp.values is None:
            return PhaseResult((Entry(entry),))
        planning = integral_planning(ctx.month.m, relaxation, lp)
        result = PhaseResult((Facts({"wish_lp": lp}), WishBound(integer_bound(lp))))
        if planning is not None:
            result = result.then(Offer(planning, reopens_km=True))
        result = result.then(Settle("wish", WISH_LP_PROOF, WishAtBound()))
        entry["proven"] = ctx.apply(state, result).wish_proven
        return result.then(Entry(entry))
