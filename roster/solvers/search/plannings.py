"""Plannings from the engines' answers, as findings: an integral LP optimum, a CP-SAT
search's best solution, and the restricted models the dives search."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from roster.solvers.engines.cpsat import CpSatResult
from roster.solvers.engines.lp import LpSolution, rounded_if_feasible
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.relaxation import LinearRelaxation
from roster.solvers.model.values import full_values
from roster.solvers.search.findings import Entry, Offer, PhaseResult
from roster.solvers.search.state import SearchState


def integral_planning(
    m: MissionModel, relaxation: LinearRelaxation, lp: LpSolution, with_stays: bool = True
) -> np.ndarray | None:
    """An integral LP optimum as a planning, when rounding it satisfies every row
    (`with_stays`: the stay variables as the LP has them, else completed from the missions)."""
    if lp.values is None or not lp.integral:
        return None
    rounded = rounded_if_feasible(relaxation, lp.values)
    if rounded is None:
        return None
    return full_values(m, rounded[m.x], rounded[m.y], source=rounded if with_stays else None)


def searched(result: CpSatResult, reopens_km: bool = False) -> PhaseResult:
    """A CP-SAT search's entry in the log, and its planning offered (`reopens_km`: see `Offer`)."""
    found = () if result.values is None else (Offer(result.values, reopens_km),)
    return PhaseResult((Entry(result.as_dict()), *found))


def support_model(
    cp: CpBuilder, zero: np.ndarray, hint_variables: np.ndarray, hint: np.ndarray
) -> cp_model.CpModel:
    """A phase's own model (changed in place) with the variables `zero` fixed to 0 (but for
    those fixed to 1: `CpBuilder.restrict_in`) and another hint: a small model in which
    CP-SAT finds a good planning fast."""
    CpBuilder.restrict_in(cp.proto, zero)
    cp.set_hint(hint_variables, hint)
    return cp.model


def adopted(before: SearchState, after: SearchState) -> bool:
    """Whether the incumbent changed between two states (a planning offered was kept)."""
    return after.incumbent is not before.incumbent
