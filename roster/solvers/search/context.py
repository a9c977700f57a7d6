"""What every phase runs with besides the state: the month, the clock, the stop switch,
the progress display, and the engines kept loaded between phases."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from roster.solvers.control import Progress, ProgressFn, SolveControl, SolveOptions
from roster.solvers.engines.cpsat import Report
from roster.solvers.engines.cuts import Cut
from roster.solvers.engines.highs import HighsLp
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.objective import KM_SCALE, travel_cost
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.model.wish_objective import wish_row
from roster.solvers.search.apply import apply
from roster.solvers.search.findings import PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState


def add_cut_rows(cp: CpBuilder, cuts: tuple[Cut, ...] | list[Cut]) -> None:
    """Write zero-half cuts (`cut <= upper` over 0/1 variables) into a CP-SAT model."""
    for cut in cuts:
        coeffs = cut.coeffs.astype(np.int64)
        cp.add_linear(cut.variables, coeffs, int(coeffs[coeffs < 0].sum()), int(cut.upper))


@dataclass
class SolveContext:
    """The month, the clock and the stop switch of one solve; `km_lp` and `wish_lp`, LPs kept
    loaded in HiGHS from their LP phase through their cut rounds (resources, not state)."""

    month: Month
    control: SolveControl
    emit: ProgressFn
    started: float = field(default_factory=time.perf_counter)
    km_lp: HighsLp | None = None
    wish_lp: HighsLp | None = None  # the wish LP, kept loaded from lp-wish through its cut rounds
    _relaxations: dict[int, LinearRelaxation] = field(default_factory=dict)  # by the wish score held

    @property
    def options(self) -> SolveOptions:
        return self.month.options

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        return self.options.time_limit_s - self.elapsed()

    def apply(self, state: SearchState, result: PhaseResult) -> SearchState:
        """What `state` becomes with `result` (a phase looks ahead with it)."""
        return apply(state, result, self.month)

    def relaxation(self, state: SearchState) -> LinearRelaxation:
        """The model's LP relaxation, with `wish score >= the incumbent's` once it is held."""
        m, wishes = self.month.m, self.month.wishes
        if not state.wish_held or not wishes.any():
            return m.relaxation
        score = state.incumbent.wish
        if score not in self._relaxations:
            nonzero = np.flatnonzero(wishes)
            self._relaxations[score] = m.relaxation.with_rows(
                [(m.x[nonzero], wishes[nonzero], score - 0.5, np.inf)]
            )
        return self._relaxations[score]

    def fork(self, state: SearchState, km_cuts: bool = True) -> CpBuilder:
        """A phase's own copy of the model with what earlier phases proved: the cuts (the
        km cut rounds' too unless `km_cuts` is False) and the variables reduced-cost fixing
        set (valid for every planning as good as the incumbent)."""
        cp = self.month.m.fork()
        add_cut_rows(cp, state.cuts)
        if km_cuts:
            add_cut_rows(cp, state.km_cuts)
        cp.fix_to_zero(state.fixed_to_zero)
        cp.fix_to_one(state.fixed_to_one)
        return cp

    def hold(self, cp: CpBuilder, state: SearchState, changes: bool = True, km: bool = False) -> CpBuilder:
        """Hold the higher objectives at the incumbent's values in a phase's model: coverage
        at least as good, (re-planning, when `changes`) no more changes, (wishes.csv, once
        its phases ran) the wish score, and (when `km`) no more metres. Returns `cp`."""
        m, w, costs = self.month.m, self.month.m.weights, self.month.change_costs
        assert w is not None
        cp.add_linear(m.u, w.weight, state.coverage, int(w.weight.sum()))
        if changes and costs is not None:
            cp.add_linear(m.x, costs, -len(m.x), int(costs @ state.values[m.x]))
        if state.wish_held and self.month.wishes.any():
            cp.add_linear(*wish_row(m, self.month.wishes, state.incumbent.wish))
        if km:
            variables, metres = travel_cost(m)
            cp.add_linear(variables, metres, 0, state.metres)
        return cp

    def snapshot(self, label: str, state: SearchState, **extra: float | None) -> Progress:
        """The progress display's view of `state`."""
        scale = self.month.scale
        km_bounds = [b for b in (None if state.km_bound is None else state.km_bound / KM_SCALE,
                                 state.km_lp_bound) if b is not None]  # fmt: skip
        wishes = self.month.has_wishes
        fields: dict = {
            "coverage": state.coverage / scale,
            "bound": None if state.coverage_bound is None else state.coverage_bound / scale,
            "km": state.metres / KM_SCALE,
            "km_bound": max(km_bounds) if km_bounds else None,
            "wish": state.incumbent.wish if wishes else None,
            "wish_bound": state.wish_bound if wishes else None,
            "proven": tuple(state.proof),
            **extra,
        }
        return Progress(label, self.elapsed(), **fields)

    def show(self, label: str, state: SearchState, **extra: float | None) -> None:
        self.emit(self.snapshot(label, state, **extra))

    def reporter(self, label: str, state: SearchState) -> Report:
        """A CP-SAT search's progress callback: its objective and bound shown with `state`'s."""
        last = self.snapshot(label, state)
        shown = {"coverage": last.coverage, "bound": last.bound, "km": last.km, "km_bound": last.km_bound,
                 "wish": last.wish, "wish_bound": last.wish_bound, "proven": last.proven}  # fmt: skip
        scale = self.month.scale

        def report(objective: float | None, bound: float | None) -> None:
            if label == "coverage":
                if objective is not None:
                    shown["coverage"] = max(objective / scale, shown["coverage"] or 0.0)
                if bound is not None:
                    shown["bound"] = min(bound / scale, shown["bound"] or float("inf"))
            elif label == "wish":
                if objective is not None:
                    shown["wish"] = max(round(objective), shown["wish"] or 0)
                if bound is not None:
                    shown["wish_bound"] = min(
                        int(bound), shown["wish_bound"] if shown["wish_bound"] is not None else int(bound)
                    )
            elif label == "km":
                if objective is not None:
                    shown["km"] = objective / KM_SCALE
                if bound is not None:
                    shown["km_bound"] = max(bound / KM_SCALE, shown["km_bound"] or 0.0)
            self.emit(Progress(label, self.elapsed(), **shown))

        return report
