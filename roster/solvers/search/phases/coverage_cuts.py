"""coverage-cuts: rounds of zero-half cuts on a fractional coverage LP.

Each round is re-solved by HiGHS' dual simplex from the last basis (the first from
GLOP's, `engines/glop_basis.py`): 0.1 s a round on a hard national month. The bound
drops toward the integer optimum; proven when the LP turns integral (then it is the
planning). The rounds end after CUT_STALL_ROUNDS without gain. The search keeps the
first LP optimum of the best bound: another vertex of the same bound hinted the dive
worse (hard national seed 4: 4.0 s against 1.2 s). The cuts join every later model
and LP.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from roster.solvers.engines.cuts import zero_half_cuts
from roster.solvers.engines.highs import HighsLp
from roster.solvers.engines.lp import PROVEN_GAP
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.search.context import SolveContext
from roster.solvers.search.coverage_lp import cuts_wanted, took_coverage_lp
from roster.solvers.search.findings import CoverageCloseTo, Cuts, Entry, Facts, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import CUTS_PROOF
from roster.solvers.search.state import SearchState

MAX_CUT_ROUNDS, CUT_STALL_ROUNDS = 8, 1  # cut rounds; stop after this many without progress


@dataclass(frozen=True)
class CoverageCuts:
    name: str = "coverage-cuts"

    def supports(self, month: Month) -> bool:
        return month.options.use_cuts and month.policy is None

    def wanted(self, state: SearchState) -> bool:
        return state.coverage_lp is not None and not state.coverage_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        assert cuts_wanted(ctx) and state.coverage_lp is not None and state.coverage_lp.value is not None
        started = time.perf_counter()
        entry: dict[str, object] = {"phase": self.name, "bound_before": state.coverage_lp.value,
                                    "warm_start": state.coverage_basis is not None}  # fmt: skip
        relaxation = ctx.relaxation(state)
        highs = HighsLp(relaxation, coverage_objective(ctx.month.m), [c.as_row() for c in state.cuts],
                        maximize=True, basis=state.coverage_basis)  # fmt: skip
        lp = highs.solve(ctx.remaining() / 2)  # from GLOP's basis: its optimum again, without an iteration
        entry["start_iterations"] = highs.iterations
        result, after = PhaseResult(), state
        rounds, stalled, iterations = 0, 0, []
        while rounds < MAX_CUT_ROUNDS and stalled < CUT_STALL_ROUNDS and ctx.remaining() > 0:
            if ctx.control.stopped or lp.values is None or lp.value is None:
                break
            new = zero_half_cuts(relaxation.with_rows([c.as_row() for c in after.cuts]), lp.values)
            if not new:
                break
            rounds += 1
            highs.add_rows([c.as_row() for c in new])
            tightened = highs.solve(ctx.remaining() / 2)
            iterations.append(highs.iterations)
            found = PhaseResult((Cuts(tuple(new)),))
            if tightened.value is not None:
                gained = lp.value - tightened.value > PROVEN_GAP * max(abs(lp.value), 1.0)
                stalled = 0 if gained else stalled + 1
                lp = tightened
                if gained or lp.integral:
                    found = found.then(Facts({"coverage_lp": lp}), took_coverage_lp(after, ctx, lp),
                                       Settle("coverage", CUTS_PROOF, CoverageCloseTo(lp.value)))  # fmt: skip
            result, after = result.then(found), ctx.apply(after, found)
            if tightened.value is None or after.coverage_proven:
                break
        assert after.coverage_lp is not None
        entry.update(rounds=rounds, cuts=len(after.cuts), bound_after=after.coverage_lp.value,
                     integral=after.coverage_lp.integral, simplex_iterations=iterations,
                     proven=after.coverage_proven,
                     wall_time_s=round(time.perf_counter() - started, 3))  # fmt: skip
        ctx.show("lp", after)
        return result.then(Entry(entry))
