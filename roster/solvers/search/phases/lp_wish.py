"""lp-wish: the LP relaxation of the wish score with coverage (and changes) held and every
cut found so far: a bound and, when integral, the planning itself.

GLOP's primal simplex without presolve (measured on a national month with 6,000 wishes:
10 s, against 14 s by default and 32 s with the dual simplex); on a hard month through
MathOpt, for the basis that the cut rounds start HiGHS from.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.engines.glop_basis import solve_with_basis
from roster.solvers.engines.lp import PRIMAL_GLOP, solve_lp
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Facts, Offer, PhaseResult, Settle, WishAtBound, WishBound
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import integral_planning
from roster.solvers.search.proofs import WISH_LP_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.wish_lp import integer_bound, wish_objective, wish_relaxation, wish_time

WISH_GLOP = PRIMAL_GLOP


@dataclass(frozen=True)
class LpWish:
    name: str = "lp-wish"

    def supports(self, month: Month) -> bool:
        return month.has_wishes and month.options.use_lp and bool(month.wishes.any())

    def wanted(self, state: SearchState) -> bool:
        return not state.wish_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        relaxation = wish_relaxation(state, ctx)
        limit = wish_time(state, ctx, 0.5)
        basis = None
        if ctx.month.hard and ctx.options.use_cuts:
            lp, basis = solve_with_basis(relaxation, wish_objective(ctx), True, limit, ctx.control,
                                         parameters=WISH_GLOP)  # fmt: skip
        else:
            lp = solve_lp(relaxation, wish_objective(ctx), True, time_limit_s=limit, control=ctx.control,
                          glop_parameters=WISH_GLOP)  # fmt: skip
        entry: dict[str, object] = {"phase": self.name, "status": lp.status, "objective": lp.value,
                                    "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
        if lp.value is None or lp.values is None:
            return PhaseResult((Entry(entry),))
        planning = integral_planning(ctx.month.m, relaxation, lp)
        result = PhaseResult((Facts({"wish_lp": lp, "wish_basis": basis}), WishBound(integer_bound(lp))))
        if planning is not None:
            result = result.then(Offer(planning, reopens_km=True))
        result = result.then(Settle("wish", WISH_LP_PROOF, WishAtBound()))
        entry["proven"] = ctx.apply(state, result).wish_proven
        return result.then(Entry(entry))
