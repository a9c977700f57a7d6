"""One CP-SAT search on a copy of the model, reporting progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from roster.solvers.control import SolveControl, SolveOptions

LARGE_MODEL = 60_000  # variables beyond which CP-SAT's presolve is kept light

Report = Callable[[float | None, float | None], None]


@dataclass(frozen=True)
class CpSatResult:
    """What one search found: status, solution (all variables), objective and bound."""

    name: str
    status: str
    values: np.ndarray | None
    objective: float | None  # in the phase's unit (coverage score or km)
    bound: float | None
    wall_s: float
    stats: dict[str, object] = field(default_factory=dict)
    raw_bound: int | None = None  # CP-SAT's bound on the integer objective

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": self.name,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "wall_time_s": round(self.wall_s, 3),
            **self.stats,
        }


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Report, stop_at: float | None = None) -> None:
        super().__init__()
        self._report, self._stop_at = report, stop_at

    def on_solution_callback(self) -> None:
        self._report(self.objective_value, self.best_objective_bound)
        if self._stop_at is not None and self.objective_value >= self._stop_at:
            self.stop_search()  # a bound proven elsewhere (the LP's) is reached


def configure(
    solver: cp_model.CpSolver, model: cp_model.CpModel, time_limit: float, options: SolveOptions
) -> None:
    params = solver.parameters
    params.max_time_in_seconds = max(0.05, time_limit)
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.catch_sigint_signal = False
    params.log_search_progress = options.log_search
    if len(model.proto.variables) > LARGE_MODEL:
        # measured on the national benchmark: full presolve costs ~25 s for little gain
        params.max_presolve_iterations = 1
        params.cp_model_probing_level = 0
        params.symmetry_level = 0


def run_cp_sat(
    model: cp_model.CpModel,
    name: str,
    time_limit: float,
    options: SolveOptions,
    control: SolveControl,
    report: Report,
    unit: float,
    stop_at: float | None = None,
    lp_search: bool = False,
) -> CpSatResult:
    """Solve `model` (a phase's own copy) for its objective; objective and bound are divided by `unit`.

    `stop_at` (maximisation, the objective's integer unit) ends the search at the first
    solution that reaches it: a bound proven outside CP-SAT that CP-SAT cannot see.
    `lp_search`: one worker on CP-SAT's fullest LP relaxation (linearization level 2), which
    closes the last gap of a km LP that a two-worker portfolio does not (a hard region month
    with wishes: proven in 0.2 s, not in 20 s)."""
    solver = cp_model.CpSolver()
    configure(solver, model, time_limit, options)
    if lp_search:  # one search on CP-SAT's fullest LP (a portfolio of workers runs none such)
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
    if not control.attach(solver):
        return CpSatResult(name, "UNKNOWN", None, None, None, 0.0)
    solver.best_bound_callback = lambda bound: report(None, bound)
    started = time.perf_counter()
    reporter = _Reporter(report, stop_at)
    status = solver.solve(model, reporter)
    wall = time.perf_counter() - started
    control.attach(None)
    status_name = solver.status_name(status)
    if status_name == "MODEL_INVALID":
        raise RuntimeError(f"internal error: CP-SAT rejected the model: {model.validate()}")
    values = objective = bound = raw_bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = np.array(solver.response_proto.solution, dtype=np.int64)
        objective = solver.objective_value / unit
        bound = solver.best_objective_bound / unit
        raw_bound = round(solver.best_objective_bound)
    stats = {
        "conflicts": solver.num_conflicts,
        "branches": solver.num_branches,
        "deterministic_time": round(solver.deterministic_time, 3),
    }
    return CpSatResult(name, status_name, values, objective, bound, wall, stats, raw_bound)
