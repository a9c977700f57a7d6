"""history (history.csv): return to known sites, then balance days across months;
coverage, changes, the wish score and km held at their best."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.engines.cpsat import run_cp_sat
from roster.solvers.model.preferences import history_terms
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Offer, PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState


@dataclass(frozen=True)
class History:
    name: str = "history"

    def supports(self, month: Month) -> bool:
        return month.has_history and month.has_missions

    def wanted(self, state: SearchState) -> bool:
        return True

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        m = ctx.month.m
        cp = ctx.hold(ctx.fork(state), state, km=True)
        terms, coeffs, day_counts = history_terms(
            m, cp, ctx.month.scenario
        )  # new variables: this phase's only
        hint = np.zeros(cp.num_variables, dtype=np.int64)
        hint[: len(state.values)] = state.values
        for members, days in day_counts:  # days[k] = 1 when the doctor works at least k + 1 days
            hint[days[: int(state.values[m.x[members]].sum())]] = 1
        cp.set_objective(terms, coeffs, maximize=True)
        cp.set_hint(np.arange(cp.num_variables, dtype=np.int64), hint)
        report = ctx.reporter(self.name, state)
        found = run_cp_sat(cp.model, self.name, ctx.remaining(), ctx.options, ctx.control, report, 1.0)
        offered = () if found.values is None else (Offer(found.values[: len(state.values)]),)
        return PhaseResult((Entry(found.as_dict()), *offered))
