"""lp-km: the LP relaxation of km at the best coverage: a bound and, when integral, the planning.

An easy month (integral coverage LP, continuity binding on few rows) uses GLOP's dual
simplex, 10% faster there (1.21 against 1.34 s on the easy national month); a hard one
HiGHS', 2.7x faster on a hard national month (3.5 against 9.6 s), and faster again over
site-date totals with 2 threads (`km_lp.site_dates`, `km_lp.lp_threads`). HiGHS for every
month cost the easy national and stress months 0.35 and 0.67 s in a benchmark run.
Policy months use GLOP, as measured on the policy benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Facts, KmCloseToLp, KmLpBound, PhaseResult, Settle
from roster.solvers.search.km_lp import integral_km_planning, solve_km_lp
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import km_lp_proof
from roster.solvers.search.state import SearchState

KM_LP_ENGINE = "highs"  # km LP of a hard month: "highs" (dual simplex, kept loaded) or "glop"


@dataclass(frozen=True)
class LpKm:
    name: str = "lp-km"

    def supports(self, month: Month) -> bool:
        return month.options.use_lp

    def wanted(self, state: SearchState) -> bool:
        return not state.km_proven

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        easy = state.coverage_lp is None or (state.first_coverage_lp_integral and not ctx.month.hard)
        engine = "glop" if easy or ctx.month.policy is not None else KM_LP_ENGINE
        lp = solve_km_lp(state, ctx, engine, ctx.remaining() / 3)
        entry: dict[str, object] = {"phase": self.name, "status": lp.status, "objective": lp.value,
                                    "integral": lp.integral, "engine": engine,
                                    "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
        result = PhaseResult((Facts({"km_lp_engine": engine}),))
        if lp.value is None or lp.values is None:
            return result.then(Entry(entry))
        result = result.then(
            Facts({"km_lp": lp}),
            KmLpBound(lp.value),
            integral_km_planning(state, ctx, lp),
            Settle("km", km_lp_proof(engine), KmCloseToLp()),
        )
        after = ctx.apply(state, result)
        entry["proven"] = after.km_proven
        ctx.show("lp", after, km_bound=lp.value)
        return result.then(Entry(entry))
