"""wish-held: from here on every phase holds the incumbent's wish score; and, once it is
proven, the least km at that score from one LP when that LP is integral.

The LP is that of km - K x wish score with coverage (and changes) held and no wish row,
so it keeps the flow-like structure: when its optimum is integral with the proven wish
score W, no planning of wish score W has fewer km (any such planning P has km(P) - K W >=
the LP optimum), and km is proven too. K starts at 10 x the longest trip and grows x100
while the LP trades wishes for km.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.engines.lp import KM_GLOP, solve_lp
from roster.solvers.model.lp_objectives import km_objective
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Facts, Offer, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import adopted, integral_planning
from roster.solvers.search.proofs import WISH_KM_LP_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.wish_lp import held_rows, wish_time

LAGRANGE_FIRST, LAGRANGE_TRIES = 10.0, 3


@dataclass(frozen=True)
class WishHeld:
    name: str = "wish-held"

    def supports(self, month: Month) -> bool:
        return month.has_wishes

    def wanted(self, state: SearchState) -> bool:
        return True

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        month = ctx.month
        held = PhaseResult((Facts({"wish_held": True}),))
        # on a hard month that LP was fractional (a national month: 18.6 s for nothing)
        least_km = (
            month.options.minimize_km and month.policy is None and not state.km_proven and not month.hard
        )
        if not state.wish_proven or not least_km or not month.wishes.any() or ctx.control.stopped:
            return held
        m, relaxation = month.m, ctx.relaxation(state)
        k = LAGRANGE_FIRST * max(float(m.space.missions.km.max(initial=0.0)), 1.0)
        result = PhaseResult()
        for _ in range(LAGRANGE_TRIES):
            objective = km_objective(m)
            objective[m.x] -= k * month.wishes
            lp = solve_lp(relaxation, objective, False, extra_rows=held_rows(state, ctx),
                          time_limit_s=wish_time(state, ctx, 1.0), control=ctx.control,
                          glop_parameters=KM_GLOP)  # fmt: skip
            entry = {"phase": "lp-km-wish", "status": lp.status, "multiplier": k, "integral": lp.integral,
                     "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
            result = result.then(Entry(entry))
            candidate = integral_planning(m, relaxation, lp, with_stays=False)
            if candidate is None:
                break
            wish = int(month.wishes @ candidate[m.x])
            if wish >= state.incumbent.wish:
                offered = PhaseResult((Offer(candidate),))
                after = ctx.apply(state, offered)
                if adopted(state, after) and wish == state.incumbent.wish:
                    result = result.then(offered, Settle("km", WISH_KM_LP_PROOF))
                break
            k *= 100.0
        return result.then(held)
