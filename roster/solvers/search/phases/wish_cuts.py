"""wish-cuts: rounds of zero-half cuts on a fractional wish LP, as on the coverage LP.

Each round adds its cuts to the wish LP kept loaded in HiGHS (`lp-wish`) and re-solves it
from the last basis; the bound drops toward the best wish score and an LP that turns
integral is the planning. The cuts are valid for every planning that holds the coverage
(and changes) of the incumbent, as every later phase does, so they join the later models.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from roster.solvers.engines.cuts import zero_half_cuts
from roster.solvers.engines.highs import HighsLp
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import (
    Cuts,
    Entry,
    Facts,
    Offer,
    PhaseResult,
    Settle,
    WishAtBound,
    WishBound,
)
from roster.solvers.search.month import Month
from roster.solvers.search.phases.coverage_cuts import CUT_STALL_ROUNDS, MAX_CUT_ROUNDS
from roster.solvers.search.plannings import integral_planning
from roster.solvers.search.proofs import WISH_CUTS_PROOF
from roster.solvers.search.state import SearchState
from roster.solvers.search.wish_lp import integer_bound, wish_objective, wish_relaxation, wish_time


@dataclass(frozen=True)
class WishCuts:
    name: str = "wish-cuts"

    def supports(self, month: Month) -> bool:
        return month.has_wishes and month.options.use_cuts and month.policy is None

    def wanted(self, state: SearchState) -> bool:
        lp = state.wish_lp
        return lp is not None and not lp.integral and not state.wish_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        lp = state.wish_lp
        assert lp is not None and lp.value is not None
        started = time.perf_counter()
        relaxation = wish_relaxation(state, ctx)  # the cuts so far and the holds
        highs = ctx.wish_lp
        if highs is None:  # (lp-wish did not run in this solve)
            highs = HighsLp(relaxation, wish_objective(ctx), fixed_to_zero=state.fixed_to_zero, maximize=True)
        lp_now = highs.solve(wish_time(state, ctx, 0.25))  # from the loaded LP: its optimum again
        entry: dict[str, object] = {"phase": self.name, "bound_before": lp.value,
                                    "start_iterations": highs.iterations}  # fmt: skip
        result, after, rounds, stalled, found = PhaseResult(), state, 0, 0, []
        while rounds < MAX_CUT_ROUNDS and stalled < CUT_STALL_ROUNDS and not ctx.control.stopped:
            if lp_now.values is None or lp_now.value is None or ctx.remaining() <= 0:
                break
            new = zero_half_cuts(relaxation.with_rows([c.as_row() for c in found]), lp_now.values)
            if not new:
                break
            rounds += 1
            found += new
            highs.add_rows([c.as_row() for c in new])
            tightened = highs.solve(wish_time(state, ctx, 0.25))
            step = PhaseResult((Cuts(tuple(new)),))
            if tightened.value is not None and tightened.values is not None:
                gained = integer_bound(tightened) < integer_bound(lp_now)
                stalled = 0 if gained else stalled + 1
                lp_now = tightened
                step = step.then(Facts({"wish_lp": lp_now}), WishBound(integer_bound(lp_now)))
                planning = integral_planning(
                    ctx.month.m, relaxation.with_rows([c.as_row() for c in found]), lp_now
                )
                if planning is not None:
                    step = step.then(Offer(planning, reopens_km=True))
                step = step.then(Settle("wish", WISH_CUTS_PROOF, WishAtBound()))
            result, after = result.then(step), ctx.apply(after, step)
            if tightened.value is None or after.wish_proven:
                break
        entry.update(rounds=rounds, cuts=len(found), bound_after=after.wish_bound, proven=after.wish_proven,
                     wall_time_s=round(time.perf_counter() - started, 3))  # fmt: skip
        return result.then(Entry(entry))
