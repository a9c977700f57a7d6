"""lp-coverage: the LP relaxation of coverage, a bound and, when integral, the planning itself.

On a hard month (`Month.hard`, cuts wanted) GLOP runs through MathOpt, which also returns
its basis for the cut rounds (`engines/glop_basis.py`). Elsewhere the model builder's GLOP
is faster (0.9 against 1.1 s on the easy national month, 3.4 against 4.2 s on the easy
stress month). On a policy month a fractional LP is also rounded down to fit the budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from roster.solvers.engines.budget_fit import lp_rounded_down
from roster.solvers.engines.glop_basis import solve_with_basis
from roster.solvers.engines.lp import COVERAGE_GLOP, rounded_if_feasible, solve_lp
from roster.solvers.model.lp_objectives import coverage_objective
from roster.solvers.model.values import coverage_int
from roster.solvers.search.context import SolveContext
from roster.solvers.search.coverage_lp import cuts_wanted, took_coverage_lp
from roster.solvers.search.findings import CoverageCloseTo, Entry, Facts, Offer, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.proofs import LP_COVERAGE_PROOF
from roster.solvers.search.state import SearchState

BUDGET_GLOP = "use_dual_simplex:true"  # with a budget row: 10 s on the national month (primal: 21 s)


@dataclass(frozen=True)
class LpCoverage:
    name: str = "lp-coverage"

    def supports(self, month: Month) -> bool:
        return month.options.use_lp and month.has_missions

    def wanted(self, state: SearchState) -> bool:
        return True

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m, policy = ctx.month.m, ctx.month.policy
        relaxation, objective = ctx.relaxation(state), coverage_objective(m)
        basis = None
        if cuts_wanted(ctx) and ctx.month.hard:
            lp, basis = solve_with_basis(relaxation, objective, True, ctx.remaining() / 2, ctx.control)
        else:
            glop = BUDGET_GLOP if policy is not None and policy.budget_cents is not None else COVERAGE_GLOP
            lp = solve_lp(relaxation, objective, maximize=True, time_limit_s=ctx.remaining() / 2,
                          control=ctx.control, glop_parameters=glop)  # fmt: skip
        entry: dict[str, object] = {"phase": self.name, "status": lp.status, "objective": lp.value,
                                    "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
        result = PhaseResult((Facts({"coverage_basis": basis, "first_coverage_lp_integral": lp.integral}),))
        if lp.value is None or lp.values is None:
            return result.then(Entry(entry))
        result = result.then(Facts({"coverage_lp": lp}), took_coverage_lp(state, ctx, lp))
        if not lp.integral and policy is not None:  # budget or stays: the LP rounded down, rows checked
            rounded = lp_rounded_down(m, lp.values, lambda v: rounded_if_feasible(relaxation, v) is not None)
            if rounded is not None:
                result = result.then(Offer(rounded))
            entry["rounded_down"] = None if rounded is None else coverage_int(m, rounded) / ctx.month.scale
            result = result.then(Facts({"policy_lp": lp}))
        result = result.then(Settle("coverage", LP_COVERAGE_PROOF, CoverageCloseTo(lp.value)))
        after = ctx.apply(state, result)
        entry["proven"] = after.coverage_proven
        ctx.show("lp", after)
        return result.then(Entry(entry))
