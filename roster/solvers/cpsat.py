"""The monthly solve: coverage first, then km with coverage held at its optimum.

Phase 1 maximises the integer coverage objective. Phase 2 keeps every planning of
that coverage (a linear constraint on the same integer objective) and minimises
km, starting from phase 1's planning as a hint. Status OPTIMAL means both phases
were proven optimal. A `SolveControl` stops the search from another thread
(Ctrl-C); the best planning found so far is returned, marked FEASIBLE.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import ortools
from ortools.sat.python import cp_model

from roster.models import Assignment, LocumDay, Planning, Scenario, SolveSummary
from roster.solvers.arrays import ScenarioArrays
from roster.solvers.locums import choose_locums
from roster.solvers.model import MissionModel, build_model
from roster.solvers.objective import KM_SCALE, harmonic_score, travel_cost

KM_PHASE_SHARE = 0.25  # share of the remaining time kept for the km phase


@dataclass(frozen=True)
class SolveOptions:
    """How long and how CP-SAT searches."""

    time_limit_s: float = 60.0
    workers: int = 0  # 0: every core
    seed: int = 0
    log_search: bool = False
    minimize_km: bool = True


@dataclass(frozen=True)
class Progress:
    """A snapshot of the search, for the live display."""

    phase: str  # "build", "coverage" or "km"
    elapsed_s: float
    coverage: float | None = None
    bound: float | None = None
    km: float | None = None
    km_bound: float | None = None

    @property
    def gap(self) -> float | None:
        if self.coverage is None or self.bound is None:
            return None
        return max(0.0, self.bound - self.coverage) / max(abs(self.bound), 1e-12)


ProgressFn = Callable[[Progress], None]


class SolveControl:
    """Lets another thread stop the running search (keeping the best planning so far)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._solver: cp_model.CpSolver | None = None
        self.stopped = False

    def attach(self, solver: cp_model.CpSolver | None) -> bool:
        """Register the running solver; False if a stop was already requested."""
        with self._lock:
            self._solver = solver
            return not self.stopped

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            if self._solver is not None:
                self._solver.stop_search()


@dataclass
class PhaseResult:
    name: str
    status: str
    values: np.ndarray | None
    objective: float | None  # in the phase's unit (coverage score or km)
    bound: float | None
    wall_s: float
    stats: dict[str, object] = field(default_factory=dict)

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
    def __init__(self, on_solution: Callable[[float, float], None]) -> None:
        super().__init__()
        self._on_solution = on_solution

    def on_solution_callback(self) -> None:
        self._on_solution(self.objective_value, self.best_objective_bound)


def _run_phase(
    m: MissionModel,
    name: str,
    time_limit: float,
    options: SolveOptions,
    control: SolveControl,
    report: Callable[[float | None, float | None], None],
    unit: float,
) -> PhaseResult:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.05, time_limit)
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.catch_sigint_signal = False
    params.log_search_progress = options.log_search
    if not control.attach(solver):
        return PhaseResult(name, "UNKNOWN", None, None, None, 0.0)
    reporter = _Reporter(lambda obj, bound: report(obj, bound))
    solver.best_bound_callback = lambda bound: report(None, bound)
    started = time.perf_counter()
    status = solver.solve(m.cp.model, reporter)
    wall = time.perf_counter() - started
    control.attach(None)
    status_name = solver.status_name(status)
    if status_name == "MODEL_INVALID":
        raise RuntimeError(f"internal error: CP-SAT rejected the model: {m.cp.model.validate()}")
    values = None
    objective = bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = np.array(solver.response_proto.solution, dtype=np.int64)
        objective = solver.objective_value / unit
        bound = solver.best_objective_bound / unit
    stats = {
        "conflicts": solver.num_conflicts,
        "branches": solver.num_branches,
        "deterministic_time": round(solver.deterministic_time, 3),
    }
    return PhaseResult(name, status_name, values, objective, bound, wall, stats)


def _planning(
    scenario: Scenario, m: MissionModel, values: np.ndarray
) -> tuple[list[Assignment], list[LocumDay], np.ndarray]:
    a, o, loc = m.arrays, m.space.missions, m.space.locums
    chosen = np.flatnonzero(values[m.x] == 1)
    chosen = chosen[np.lexsort((o.doctor[chosen], o.date[chosen]))]
    assignments = [
        Assignment(
            date=a.dates[o.date[i]],
            doctor_id=a.doctor_ids[o.doctor[i]],
            site_id=a.site_ids[o.site[i]],
            zone_id=a.zone_ids[o.zone[i]],
            km=float(o.km[i]),
        )
        for i in chosen.tolist()
    ]
    picked = np.flatnonzero(values[m.y] == 1)
    picked = picked[np.lexsort((loc.locum[picked], loc.date[picked]))]
    locums = [
        LocumDay(
            date=a.dates[loc.date[j]],
            replacement_id=a.locum_ids[loc.locum[j]],
            practice_id=a.practice_ids[loc.practice[j]],
            km=float(loc.km[j]),
        )
        for j in picked.tolist()
    ]
    days = np.bincount(o.zone[chosen], minlength=len(a.zone_ids)).astype(np.int64)
    return assignments, locums, days


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    progress: ProgressFn | None = None,
    control: SolveControl | None = None,
) -> Planning:
    """Solve one month lexicographically (coverage, then km) and return the planning."""
    options = options or SolveOptions()
    control = control or SolveControl()
    started = time.perf_counter()
    emit = progress or (lambda _p: None)
    emit(Progress("build", 0.0))
    arrays = ScenarioArrays.from_scenario(scenario)
    m = build_model(arrays)
    weights = m.weights
    assert weights is not None
    scale = weights.scale
    phases: list[PhaseResult] = []
    state: dict[str, float | None] = {"coverage": None, "bound": None, "km": None, "km_bound": None}

    def report(phase: str) -> Callable[[float | None, float | None], None]:
        def _report(objective: float | None, bound: float | None) -> None:
            if phase == "coverage":
                if objective is not None:
                    state["coverage"] = objective / scale
                if bound is not None:
                    state["bound"] = bound / scale
            else:
                if objective is not None:
                    state["km"] = objective / KM_SCALE
                if bound is not None:
                    state["km_bound"] = bound / KM_SCALE
            emit(Progress(phase, time.perf_counter() - started, **state))

        return _report

    def remaining() -> float:
        return options.time_limit_s - (time.perf_counter() - started)

    values = np.zeros(m.cp.num_variables, dtype=np.int64)
    status1 = status2 = "OPTIMAL"
    cov_bound: float | None = 0.0
    km_bound: float | None = None
    if len(m.u):
        m.cp.set_objective(m.u, weights.weight, maximize=True)
        share = 1.0 - KM_PHASE_SHARE if options.minimize_km else 1.0
        first = _run_phase(m, "coverage", remaining() * share, options, control, report("coverage"), scale)
        phases.append(first)
        status1 = first.status
        cov_bound = first.bound
        if first.values is not None:
            values = first.values
        if options.minimize_km and first.values is not None and not control.stopped:
            covered = int(weights.weight @ values[m.u])
            m.cp.add_linear(m.u, weights.weight, covered, int(weights.weight.sum()))
            km_vars, km_int = travel_cost(m)
            m.cp.set_objective(km_vars, km_int, maximize=False)
            m.cp.set_hint(m.all_variables, values)
            second = _run_phase(m, "km", remaining(), options, control, report("km"), KM_SCALE)
            phases.append(second)
            status2 = second.status
            if second.values is not None:
                values = second.values
                km_bound = second.bound
        elif not options.minimize_km:
            status2 = "OPTIMAL"
        else:
            status2 = "UNKNOWN"

    values = choose_locums(m, values, min(max(remaining(), 0.5), 10.0), options.workers, options.seed)
    assignments, locums, days = _planning(scenario, m, values)
    score = harmonic_score(arrays.zone_priority, days, arrays.zone_demand)
    if status1 == "INFEASIBLE":
        status = "INFEASIBLE"
    elif status1 == "OPTIMAL" and status2 == "OPTIMAL" and not control.stopped:
        status = "OPTIMAL"
    else:
        status = "FEASIBLE"
    if status1 == "OPTIMAL":
        cov_bound = score
    mission_km = float(sum(x.km for x in assignments))
    locum_km = float(sum(x.km for x in locums))
    total_km = mission_km  # the contract's total km: volunteers' one-way travel
    s = scenario.settings
    demand = arrays.zone_demand
    gap = 0.0 if not cov_bound else max(0.0, cov_bound - score) / cov_bound
    summary = SolveSummary(
        status=status,
        objective=score,
        best_bound=cov_bound,
        wall_time_s=round(time.perf_counter() - started, 3),
        coverage_score=score,
        total_km=round(total_km, 6),
        doctor_days=len(assignments),
        indemnity_eur=round(len(assignments) * s.daily_indemnity_eur, 2),
        travel_eur=round(total_km * s.km_rate_eur, 2),
        scenario=s.name,
        month=s.month,
        gap=gap,
        km_status=status2 if len(m.u) else "OPTIMAL",
        km_bound=km_bound,
        mission_km=round(mission_km, 6),
        locum_km=round(locum_km, 6),
        locum_days=len(locums),
        zones_total=len(arrays.zone_ids),
        zones_reached=int(((days > 0) & (demand > 0)).sum()),
        demand_days=int(demand.sum()),
        shortfall_days=int(np.maximum(demand - days, 0).sum()),
        interrupted=control.stopped,
        coverage_exact_scaling=weights.exact,
        coverage_scale=scale,
        solver=f"OR-Tools CP-SAT {ortools.__version__}",
        workers=options.workers,
        seed=options.seed,
        time_limit_s=options.time_limit_s,
        phases=[
            {
                "phase": "build",
                "wall_time_s": round(m.build_seconds, 3),
                "mission_variables": len(m.x),
                "locum_variables": len(m.y),
                "coverage_variables": len(m.u),
                "constraints": m.cp.num_constraints,
                **{f"constraints_{k}": v for k, v in m.constraints_per_rule.items()},
            },
            *(p.as_dict() for p in phases),
        ],
    )
    return Planning(assignments=tuple(assignments), locum_days=tuple(locums), summary=summary)
