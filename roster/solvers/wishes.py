"""The wish phase (wishes.csv): the best wish score with coverage (and changes) held.

Order of objectives with wishes: coverage, then the wish score, then km. This phase
starts from a planning of the best coverage found and:

1. bounds the wish score by the LP relaxation (GLOP) with coverage held; when the LP
   optimum is integral it is often the planning itself;
2. otherwise runs CP-SAT on a copy of the model (coverage and changes held by integer
   constraints, the LP bound as an upper limit) maximising the wish score;
3. adds `wish score >= best` to the model (and as a row of the LP relaxation), so
   every later phase (km, history) keeps it;
4. once the wish score W is proven, solves the LP of km - K x wish score (coverage
   held, no wish row, so it keeps the flow-like structure): when its optimum is
   integral with wish score W, it is the least-km planning among those of wish score
   W (any such planning P has km(P) - K W >= the LP optimum), and km is proven too.

Wish values are integers, so the LP bound is rounded down after a relative tolerance
of `WISH_LP_TOLERANCE` (that of the km proof). `proof` says what closed the gap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from roster.solvers.control import SolveControl, SolveOptions
from roster.solvers.cpbuilder import CpBuilder
from roster.solvers.lp import (
    INTEGRAL,
    KM_GLOP,
    PRIMAL_GLOP,
    PROVEN_GAP,
    LinearRelaxation,
    LpSolution,
    fixable_to_zero,
    rounded_if_feasible,
    solve_lp,
)
from roster.solvers.model import MissionModel
from roster.solvers.objective import KM_SCALE
from roster.solvers.phase import Report, run_phase
from roster.solvers.polish import polish_km
from roster.solvers.result import coverage_int, full_values
from roster.solvers.wish_values import mission_wish_values

WISH_LP_TOLERANCE = 1e-6
DIVE_MAX_S = 20.0  # CP-SAT on the wish LP's support, before the full search
# GLOP for the wish LP: primal simplex without presolve, measured on a national month with
# 6,000 wishes (loaded 2-core machine): 10 s, against 14 s (default) and 32 s (dual simplex).
WISH_GLOP = PRIMAL_GLOP
LP_PROOF = f"LP relaxation (GLOP), integer wish score, relative tolerance {WISH_LP_TOLERANCE:g}"
KM_LP_PROOF = "LP relaxation (GLOP) of km - K x wish score at the proven wish score, relative gap <= 1e-06"
LAGRANGE_FIRST, LAGRANGE_TRIES = 10.0, 3  # K = 10 x the longest trip, x100 while the LP trades wishes


def wish_vector(m: MissionModel) -> np.ndarray:
    """The integer wish value of every mission option of the model."""
    a = m.arrays
    return mission_wish_values(a.wishes, m.space.missions, a.weekday_of_date)


def flow_costs(m: MissionModel, vector: np.ndarray) -> np.ndarray | None:
    """Integer costs per mission option that rank the wish score first, then km:
    metres - K * wish value, K above any total of metres; None if int64 could overflow."""
    metres = np.rint(m.space.missions.km * KM_SCALE).astype(np.int64)
    missions = max(1, int(min(m.arrays.doctor_cap.sum(), m.arrays.zone_demand.sum())))
    k = int(metres.max(initial=0)) * missions + 1
    if (k * int(np.abs(vector).max(initial=0)) + int(metres.max(initial=0))) * missions > 2**61:
        return None
    return metres - k * vector


def wish_score(m: MissionModel, values: np.ndarray, vector: np.ndarray | None = None) -> int:
    """The wish score of a solution: the sum of the wish values of its missions."""
    vector = wish_vector(m) if vector is None else vector
    return int(vector @ values[m.x])


@dataclass
class WishOutcome:
    """The wish phase's planning, its wish score, the proven bound and how it was proven."""

    values: np.ndarray  # every model variable
    vector: np.ndarray  # wish value per mission option
    score: int
    bound: int | None
    proof: str | None  # None when the bound is not reached
    relaxation: LinearRelaxation | None  # the LP relaxation with `wish score >= score`
    flow_costs: np.ndarray | None = None  # for the km polish: wish first, then metres
    km_proof: str | None = None  # `values` also has the least km at this wish score
    phases: list[dict[str, object]] = field(default_factory=list)

    @property
    def proven(self) -> bool:
        return self.proof is not None

    def held_row(self, m: MissionModel) -> tuple[np.ndarray, np.ndarray, int, int]:
        """`wish score >= score` as a CP-SAT row of `m` (variables, coefficients, low, high):
        every later phase holds it."""
        nonzero = np.flatnonzero(self.vector)
        ceiling = int(np.maximum(self.vector, 0).sum())
        return m.x[nonzero], self.vector[nonzero], self.score, max(ceiling, self.score)


class _Best:
    """The best planning found so far and the checks a candidate must pass."""

    def __init__(
        self, m: MissionModel, values: np.ndarray, vector: np.ndarray, change_costs: np.ndarray | None
    ):
        self.m, self.vector, self.change_costs = m, vector, change_costs
        self.values = values
        self.coverage = coverage_int(m, values)
        self.changes = None if change_costs is None else int(change_costs @ values[m.x])
        self.score = wish_score(m, values, vector)

    def offer(self, candidate: np.ndarray | None, accept_equal: bool = False) -> None:
        if candidate is None or coverage_int(self.m, candidate) < self.coverage:
            return
        changes = None if self.change_costs is None else int(self.change_costs @ candidate[self.m.x])
        if changes is not None and changes > (self.changes or 0):
            return
        score = wish_score(self.m, candidate, self.vector)
        if score > self.score or (accept_equal and score == self.score):
            self.values, self.score = candidate, score


def _held_rows(m: MissionModel, best: _Best) -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    """LP rows holding the coverage (and, re-planning, the changes) of `best`."""
    w = m.weights
    assert w is not None
    covered = best.coverage / w.scale
    rows = [(m.u, w.weight / w.scale, covered * (1 - PROVEN_GAP / 10), np.inf)]
    if best.change_costs is not None:
        rows.append((m.x, best.change_costs.astype(float), -np.inf, float(best.changes or 0)))
    return rows


def _least_km_at_best_wishes(
    m: MissionModel, best: _Best, relaxation: LinearRelaxation, time_limit_s: float, control: SolveControl
) -> tuple[np.ndarray | None, list[dict[str, object]]]:
    """An integral LP optimum of km - K x wish score with the wish score of `best` (proven
    optimal), or None: then it is the least-km planning at that wish score."""
    km = m.space.missions.km
    k = LAGRANGE_FIRST * max(float(km.max(initial=0.0)), 1.0)
    entries: list[dict[str, object]] = []
    for _ in range(LAGRANGE_TRIES):
        objective = np.zeros(m.num_variables)
        objective[m.x] = km - k * best.vector
        lp = solve_lp(
            relaxation, objective, False, extra_rows=_held_rows(m, best), time_limit_s=time_limit_s,
            control=control, glop_parameters=KM_GLOP,
        )  # fmt: skip
        entries.append({"phase": "lp-km-wish", "status": lp.status, "multiplier": k, "integral": lp.integral,
                        "wall_time_s": round(lp.wall_s, 3)})  # fmt: skip
        rounded = (
            rounded_if_feasible(relaxation, lp.values) if lp.values is not None and lp.integral else None
        )
        if rounded is None:
            return None, entries
        candidate = full_values(m, rounded[m.x], rounded[m.y])
        if wish_score(m, candidate, best.vector) >= best.score:
            before = best.score
            best.offer(candidate, accept_equal=True)
            return (candidate if best.values is candidate and best.score == before else None), entries
        k *= 100.0
    return None, entries


def _lp_bound(
    m: MissionModel,
    best: _Best,
    relaxation: LinearRelaxation,
    time_limit_s: float,
    control: SolveControl,
) -> tuple[int | None, dict[str, object], LpSolution | None]:
    """The LP bound on the wish score with coverage (and changes) held, the entry for
    `phases` and the LP solution; offers an integral LP optimum to `best`."""
    objective = np.zeros(m.num_variables)
    objective[m.x] = best.vector
    rows = _held_rows(m, best)
    lp = solve_lp(
        relaxation, objective, True, extra_rows=rows, time_limit_s=time_limit_s, control=control,
        glop_parameters=WISH_GLOP,
    )  # fmt: skip
    entry: dict[str, object] = {"phase": "lp-wish", "status": lp.status, "objective": lp.value,
                                "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
    if lp.value is None or lp.values is None:
        return None, entry, None
    if lp.integral:
        rounded = rounded_if_feasible(relaxation, lp.values)
        if rounded is not None:
            best.offer(full_values(m, rounded[m.x], rounded[m.y], source=rounded))
    bound = math.floor(lp.value + WISH_LP_TOLERANCE * max(1.0, abs(lp.value)))
    return bound, entry, lp


def maximise_wishes(
    m: MissionModel,
    values: np.ndarray,
    change_costs: np.ndarray | None,
    relaxation: LinearRelaxation | None,
    time_limit_s: float,
    options: SolveOptions,
    control: SolveControl,
    report: Report,
    fork: Callable[[], CpBuilder] | None = None,
) -> WishOutcome:
    """The best wish score among plannings with the coverage (and at most the changes) of
    `values`, each CP-SAT search on its own copy of the model (`fork`, by default the built
    model's). Later phases hold it with `WishOutcome.held_row`; the relaxation returned
    has that row."""
    started = time.perf_counter()

    def left(share: float) -> float:
        return share * max(0.0, time_limit_s - (time.perf_counter() - started))

    vector = wish_vector(m)
    best = _Best(m, values, vector, change_costs)
    nonzero = np.flatnonzero(vector)
    phases: list[dict[str, object]] = []
    if len(nonzero) == 0:
        proof = "no wish matches a mission the rules allow"
        return WishOutcome(values, vector, best.score, best.score, proof, relaxation, phases=phases)
    ceiling = int(np.maximum(vector, 0).sum())
    bound: int | None = ceiling
    fork = fork or m.fork
    proof = None
    costs = flow_costs(m, vector)
    if costs is not None and not len(m.arrays.pins) and m.arrays.policy is None:  # (nor pins, budget, stays)
        best.offer(polish_km(m, values, costs))  # best wishes at the same zone days and rule-4 pattern
    lp = None
    if options.use_lp and not control.stopped:
        relaxation = relaxation or m.relaxation
        lp_bound, entry, lp = _lp_bound(m, best, relaxation, left(1 / 2), control)
        phases.append(entry)
        if lp_bound is not None:
            bound = min(ceiling, lp_bound)
            if best.score >= bound:
                proof = LP_PROOF
        if proof is None and lp is not None and lp.values is not None and not control.stopped:
            unused = m.x[lp.values[m.x] <= INTEGRAL]  # dive on the LP's support
            limit = min(left(1 / 3), DIVE_MAX_S)
            _cp_sat(m, fork, best, bound, limit, options, control, report, phases, unused, dive=True)
            if bound is not None and best.score >= bound:
                proof = LP_PROOF
    fixed = None
    if proof is None and lp is not None and lp.value is not None and lp.reduced_costs is not None:
        margin = WISH_LP_TOLERANCE * max(1.0, abs(lp.value)) + 1e-3
        fixed = np.intersect1d(fixable_to_zero(lp, lp.value - best.score - 1, True, margin), m.x)
        phases.append({"phase": "wish-reduced-cost-fixing", "fixed_to_zero": len(fixed)})
    if proof is None and not control.stopped:
        proof, bound = _cp_sat(m, fork, best, bound, left(2 / 3), options, control, report, phases, fixed)
    if proof is None and best.score >= ceiling:
        proof = "every wished mission with a positive value is taken"
    km_proof = None
    # (with a policy the second objective is not km: the pipeline's km steps minimise it)
    least_km = options.minimize_km and m.arrays.policy is None
    if proof is not None and relaxation is not None and least_km and not control.stopped:
        planning, entries = _least_km_at_best_wishes(m, best, relaxation, left(1.0), control)
        phases.extend(entries)
        km_proof = None if planning is None else KM_LP_PROOF
    if relaxation is not None:
        relaxation = relaxation.with_rows([(m.x[nonzero], vector[nonzero], best.score - 0.5, np.inf)])
    bound = best.score if proof is not None else bound
    return WishOutcome(best.values, vector, best.score, bound, proof, relaxation, costs, km_proof, phases)


def _cp_sat(
    m: MissionModel,
    fork: Callable[[], CpBuilder],
    best: _Best,
    bound: int | None,
    time_limit_s: float,
    options: SolveOptions,
    control: SolveControl,
    report: Report,
    phases: list[dict[str, object]],
    fixed_to_zero: np.ndarray | None = None,
    dive: bool = False,
) -> tuple[str | None, int | None]:
    """CP-SAT maximises the wish score on a copy of the model with coverage (and changes)
    held and `fixed_to_zero` at 0 (those the incumbent uses stay free). Reduced-cost
    fixing keeps every better planning, so its bound holds for the whole model; a dive
    on the LP's support only looks for a better planning."""
    w = m.weights
    assert w is not None
    nonzero = np.flatnonzero(best.vector)
    cp = fork()
    cp.add_linear(m.u, w.weight, best.coverage, int(w.weight.sum()))
    if best.change_costs is not None:
        cp.add_linear(m.x, best.change_costs, -len(m.x), best.changes or 0)
    if bound is not None:
        cp.add_linear(m.x[nonzero], best.vector[nonzero], best.score, max(bound, best.score))
    cp.set_objective(m.x[nonzero], best.vector[nonzero], maximize=True)
    cp.set_hint(m.all_variables, best.values)
    if fixed_to_zero is not None:
        cp.fix_to_zero(fixed_to_zero[best.values[fixed_to_zero] == 0])
    name = "wish-lp-dive" if dive else "wish"
    result = run_phase(cp.model, name, time_limit_s, options, control, report, 1.0)
    phases.append(result.as_dict())
    best.offer(result.values)
    if dive:
        return None, bound
    if result.raw_bound is not None:
        bound = result.raw_bound if bound is None else min(bound, result.raw_bound)
    fixing = "" if fixed_to_zero is None else " after LP reduced-cost fixing"
    if result.status == "OPTIMAL" and result.objective is not None and best.score >= round(result.objective):
        return f"CP-SAT (exact){fixing}", best.score
    if bound is not None and best.score >= bound:
        return f"CP-SAT bound (exact){fixing}", bound
    return None, bound
