"""The monthly solve: build the model, make the first state, run the phases, write the planning.

The layers it composes, each importing only those below it:

* problem data (`data/`): the scenario as index arrays, the policy's knobs, the
  domain rules and the search space;
* the model (`model/`): the rows each hard rule returns, the objectives, the CP-SAT
  model and its LP relaxation built from them once and frozen (`MissionModel`), the
  rules as min-cost-flow arcs;
* the engines (`engines/`): LPs (GLOP, HiGHS), zero-half cuts, min-cost flows,
  CP-SAT searches;
* the search (`search/`): a frozen state, phases that return what they found, one
  `apply` that folds it in, and the pipeline (`search/pipeline.py`), which says which
  phase runs when and why.

The objectives, lexicographically: coverage, then (re-planning) the fewest changed
assignments, then (wishes.csv) the wish score, then km (with a policy: its second
objective), then (history.csv) returns to known sites and balanced totals; the
locums are chosen last (the fewest days, then the least km). Status OPTIMAL means
coverage, the wish score and km were proven optimal; `summary.proof` says by what.
A `SolveControl` stops the search from another thread (Ctrl-C): the best planning so
far is returned, marked FEASIBLE.
"""

from __future__ import annotations

import time
from types import MappingProxyType

import numpy as np

from roster.models import Planning, Scenario
from roster.solvers.control import Progress, ProgressFn, SolveControl, SolveOptions
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.infeasibility import conflicting_requirements
from roster.solvers.engines.locums import choose_locums
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.preferences import change_costs, previous_locums, previous_missions
from roster.solvers.model.values import full_values
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Offer, PhaseResult
from roster.solvers.search.month import Month
from roster.solvers.search.phase import run_steps
from roster.solvers.search.pipeline import PIPELINE
from roster.solvers.search.state import SearchState
from roster.solvers.summary import planning_of


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    progress: ProgressFn | None = None,
    control: SolveControl | None = None,
    previous: Planning | None = None,
) -> Planning:
    """Solve one month lexicographically (re-planning from `previous` when given) and
    return the planning with its summary."""
    options = options or SolveOptions()
    control = control or SolveControl()
    emit = progress or (lambda _p: None)
    started = time.perf_counter()
    emit(Progress("build", 0.0))
    arrays = ScenarioArrays.from_scenario(scenario)
    m = build_model(arrays)
    month, start = _month(m, scenario, options, previous)
    ctx = SolveContext(month, control, emit, started)
    state = _first_state(month, start)
    infeasible = bool((m.pin_options < 0).any())  # a pin that no rule allows
    if not infeasible:
        state = run_steps(PIPELINE, state, ctx)
        infeasible = state.infeasible
    conflicts: list[str] = []
    if infeasible:
        conflicts = conflicting_requirements(scenario, arrays, min(max(ctx.remaining(), 5.0), 60.0))
    state = ctx.apply(state, _locums(state, ctx, infeasible))
    return planning_of(state, ctx, infeasible, conflicts)


def _month(
    m: MissionModel, scenario: Scenario, options: SolveOptions, previous: Planning | None
) -> tuple[Month, np.ndarray | None]:
    """The month's inputs, and (re-planning) the previous planning as the first incumbent."""
    if previous is None:
        return Month(m, scenario, options), None
    kept, previous_rows = previous_missions(m, previous)
    prefer = previous_locums(m, previous)
    month = Month(m, scenario, options, change_costs(kept), previous_rows, prefer)
    return month, full_values(m, kept.astype(np.int64), prefer.astype(np.int64))


def _first_state(month: Month, start: np.ndarray | None) -> SearchState:
    """The empty planning (or, re-planning, the previous one) and what is proven at once:
    coverage when nothing can be covered (and no pin or zone minimum asks for a mission that
    CP-SAT must still find, or prove impossible), km when there is no mission or km is not
    minimised."""
    m = month.m
    values = np.zeros(m.num_variables, dtype=np.int64) if start is None else start
    proof: dict[str, str] = {}
    if not len(m.u) and not m.has_requirements:
        proof["coverage"] = "nothing to cover"
    if not len(m.x) or not month.options.minimize_km:
        proof["km"] = "no mission" if not len(m.x) else "km not minimised"
    return SearchState(month.ranking.of(values), found=start is not None, proof=MappingProxyType(proof))


def _locums(state: SearchState, ctx: SolveContext, infeasible: bool) -> PhaseResult:
    """With the missions fixed, the fewest locum days (re-planning: the previous ones
    first), then the least locum km; it never changes a mission (and needs none in the
    empty planning of an infeasible month)."""
    started = time.perf_counter()
    chosen = (
        ()
        if infeasible
        else (Offer(choose_locums(ctx.month.m, state.values, prefer=ctx.month.prefer_locums)),)
    )
    wall = round(time.perf_counter() - started, 3)
    return PhaseResult((*chosen, Entry({"phase": "locums", "wall_time_s": wall})))
