"""km-cuts: rounds of zero-half cuts on a fractional km LP, each followed by a dive on
the new LP's support; they stop when km is proven.

The LP stays loaded in HiGHS, so a round re-solves from the last basis (after a GLOP km
LP, the first round loads it). The cuts join the km model after its holds, and every
later model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from roster.solvers.engines.cuts import zero_half_cuts
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Cuts, Entry, Facts, KmCloseToLp, KmLpBound, PhaseResult, Settle
from roster.solvers.search.km_lp import integral_km_planning, km_lp_rows, solve_km_lp
from roster.solvers.search.km_model import km_dive
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import KM_CUTS_PROOF
from roster.solvers.search.state import SearchState

MAX_KM_CUT_ROUNDS = 4


@dataclass(frozen=True)
class KmCuts:
    name: str = "km-cuts"

    def supports(self, month: Month) -> bool:
        return month.options.use_cuts and month.policy is None

    def wanted(self, state: SearchState) -> bool:
        lp = state.km_lp
        return lp is not None and not lp.integral and not state.km_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        lp = state.km_lp
        assert lp is not None
        started = time.perf_counter()
        rows = km_lp_rows(state, ctx)
        # the rounds re-solve from the last basis: HiGHS keeps the LP loaded
        result = PhaseResult((Facts({"km_lp_engine": "highs"}),))
        after = ctx.apply(state, result)
        rounds = 0
        while (
            rounds < MAX_KM_CUT_ROUNDS and not lp.integral and not after.km_proven and not ctx.control.stopped
        ):
            assert lp.values is not None
            cuts = [c.as_row() for c in after.cuts + after.km_cuts]
            new = zero_half_cuts(ctx.relaxation(after).with_rows(cuts + rows), lp.values)
            if not new:
                break
            rounds += 1
            found = PhaseResult((Cuts(tuple(new), km=True),))
            after = ctx.apply(after, found)
            tightened = solve_km_lp(after, ctx, "highs", ctx.remaining() / 4, new)
            if tightened.value is None or tightened.values is None:
                result = result.then(found)
                break
            lp = tightened
            closing = PhaseResult((Facts({"km_lp": lp}), KmLpBound(lp.value))).then(
                integral_km_planning(after, ctx, lp), Settle("km", KM_CUTS_PROOF, KmCloseToLp())
            )
            found, after = found.then(closing), ctx.apply(after, closing)
            if not after.km_proven:
                dive = km_dive(after, ctx, lp).then(Settle("km", KM_CUTS_PROOF, KmCloseToLp()))
                found, after = found.then(dive), ctx.apply(after, dive)
            result = result.then(found)
        entry = {"phase": self.name, "rounds": rounds, "cuts": len(after.cuts) + len(after.km_cuts),
                 "bound_before": state.km_lp.value, "bound_after": after.km_lp_bound,
                 "proven": after.km_proven,
                 "wall_time_s": round(time.perf_counter() - started, 3)}  # fmt: skip
        return result.then(Entry(entry))
