"""changes (re-planning): the fewest changed assignments versus the previous planning,
coverage held."""

from __future__ import annotations

from dataclasses import dataclass, replace

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import searched
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class Changes:
    name: str = "changes"

    def supports(self, month: Month) -> bool:
        return month.replanning

    def wanted(self, state: SearchState) -> bool:
        return True

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m, costs, offset = ctx.month.m, ctx.month.change_costs, ctx.month.previous_rows
        assert costs is not None
        cp = ctx.hold(ctx.fork(state), state, changes=False)
        cp.set_objective(m.x, costs, maximize=False)
        cp.set_hint(m.all_variables, state.values)
        report = ctx.reporter(self.name, state)
        found = run_cp_sat(cp.model, self.name, ctx.remaining() / 2, ctx.options, ctx.control, report, 1.0)
        found = replace(  # the objective counts the changes beyond the previous planning's rows
            found,
            objective=None if found.objective is None else found.objective + offset,
            bound=None if found.bound is None else found.bound + offset,
        )
        return searched(found)
