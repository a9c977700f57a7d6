"""Reduced-cost fixing from an LP optimum, as findings: the coverage and the wish phases'."""

from __future__ import annotations

import time

import numpy as np

from roster.solvers.engines.lp import LpSolution, fixable_to_one, fixable_to_zero
from roster.solvers.search.findings import Entry, Fixings, PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState


def lp_fixings(
    name: str, lp: LpSolution, gap: float, margin: float, state: SearchState, month: Month
) -> PhaseResult:
    """The variables a maximised LP's reduced costs fix at the incumbent's value (the gap
    between the LP bound and the incumbent's objective, plus `margin`), and the entry."""
    started = time.perf_counter()
    zeros = fixable_to_zero(lp, gap, maximize=True, margin=margin)
    zeros = zeros[state.values[zeros] == 0]
    ones = fixable_to_one(lp, gap, maximize=True, margin=margin)
    ones = ones[state.values[ones] == 1]
    entry = {
        "phase": name,
        "gap": gap,
        "fixed_to_zero": len(zeros),
        "fixed_to_one": len(ones),
        "missions_fixed": int(np.isin(zeros, month.m.x).sum()),
        "wall_time_s": round(time.perf_counter() - started, 3),
    }
    return PhaseResult((Fixings(zeros, ones), Entry(entry)))
