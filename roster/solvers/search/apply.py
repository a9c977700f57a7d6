"""The one place where the search state changes: a phase's findings folded in, in order.

Offers are ranked lexicographically by `Month.ranking` (coverage, then fewer changes,
the wish score, fewer metres): a planning replaces the incumbent unless the incumbent
ranks strictly higher. Bounds only tighten. A proof is recorded when its condition
holds on the state at that point, and the first proof of an objective stays.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import numpy as np

from roster.solvers.engines.lp import KM_PROVEN_GAP, PROVEN_GAP
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.search.findings import (
    Condition,
    CoverageAtLeast,
    CoverageBound,
    CoverageCloseTo,
    Cuts,
    Entry,
    Facts,
    Finding,
    Fixings,
    Infeasible,
    KmAtBound,
    KmBound,
    KmCloseToLp,
    KmLpBound,
    Offer,
    PhaseResult,
    Settle,
    WishAtBound,
    WishBound,
)
from roster.solvers.search.month import Month
from roster.solvers.search.state import SearchState

PROTECTED = frozenset({"incumbent", "found", "coverage_bound", "wish_bound", "km_bound", "km_lp_bound",
                       "proof", "cuts", "km_cuts", "fixed_to_zero", "fixed_to_one", "log",
                       "infeasible"})  # fmt: skip


def apply(state: SearchState, result: PhaseResult, month: Month) -> SearchState:
    """`state` with every finding of `result` folded in, in order."""
    for finding in result.findings:
        state = _fold(state, finding, month)
    return state


def km_of(state: SearchState, month: Month) -> float:
    """The incumbent's second objective in km (with a policy: its terms / KM_SCALE)."""
    m = month.m
    if month.policy is not None:
        return state.metres / KM_SCALE
    return float(m.space.missions.km @ state.values[m.x])


def holds(condition: Condition | None, state: SearchState, month: Month) -> bool:
    """Whether `condition` is true of `state` (None: always)."""
    match condition:
        case None:
            return True
        case CoverageCloseTo(lp_value):
            return abs(lp_value - state.coverage / month.scale) <= PROVEN_GAP * max(abs(lp_value), 1.0)
        case CoverageAtLeast(value):
            bound = state.coverage_bound if value is None else value
            return bound is not None and state.coverage >= bound
        case WishAtBound():
            return state.wish_bound is not None and state.incumbent.wish >= state.wish_bound
        case KmCloseToLp():
            lp = state.km_lp_bound
            return lp is not None and km_of(state, month) - lp <= KM_PROVEN_GAP * max(lp, 1.0)
        case KmAtBound():
            return state.km_bound is not None and state.metres <= state.km_bound
    raise TypeError(f"unknown condition {condition!r}")


def _fold(state: SearchState, finding: Finding, month: Month) -> SearchState:
    match finding:
        case Offer(values, reopens_km):
            candidate = month.ranking.of(values)
            if state.incumbent.improves(candidate):
                return state
            m = month.m
            changed = not np.array_equal(candidate.values[m.x], state.values[m.x])
            state = replace(state, incumbent=candidate, found=True)
            reopen = reopens_km and changed and month.options.minimize_km and month.has_missions
            return _without_proof(state, "km") if reopen else state
        case CoverageBound(value):
            bound = value if state.coverage_bound is None else min(state.coverage_bound, value)
            return replace(state, coverage_bound=bound)
        case WishBound(value):
            return replace(
                state, wish_bound=value if state.wish_bound is None else min(state.wish_bound, value)
            )
        case KmBound(metres, when):
            if not holds(when, state, month):
                return state
            return replace(state, km_bound=metres if state.km_bound is None else max(state.km_bound, metres))
        case KmLpBound(km):
            return replace(state, km_lp_bound=km if state.km_lp_bound is None else max(state.km_lp_bound, km))
        case Settle(objective, proof, when):
            if objective in state.proof or not holds(when, state, month):
                return state
            return replace(state, proof=MappingProxyType({**state.proof, objective: proof}))
        case Cuts(cuts, km):
            if km:
                return replace(state, km_cuts=state.km_cuts + cuts)
            return replace(state, cuts=state.cuts + cuts)
        case Fixings(to_zero, to_one):
            return replace(
                state,
                fixed_to_zero=_frozen(np.union1d(state.fixed_to_zero, to_zero)),
                fixed_to_one=_frozen(np.union1d(state.fixed_to_one, to_one)),
            )
        case Facts(fields):
            protected = PROTECTED.intersection(fields)
            if protected:
                raise ValueError(f"Facts cannot change {sorted(protected)}: they have their own findings")
            return replace(state, **fields)
        case Entry(entry):
            return replace(state, log=(*state.log, entry))
        case Infeasible():
            return replace(state, infeasible=True)
    raise TypeError(f"unknown finding {finding!r}")


def _without_proof(state: SearchState, objective: str) -> SearchState:
    return replace(state, proof=MappingProxyType({k: v for k, v in state.proof.items() if k != objective}))


def _frozen(values: np.ndarray) -> np.ndarray:
    values = values.astype(np.int64)
    values.flags.writeable = False
    return values
