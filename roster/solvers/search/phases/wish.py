"""wish (wishes.csv): the best wish score with coverage (and changes) held.

Order of objectives with wishes: coverage, then the wish score, then km. This phase
starts from the incumbent (a planning of the best coverage found) and:

1. polishes it for wishes (a min-cost flow at the same zone days and rule-4 pattern);
2. bounds the wish score by the LP relaxation (GLOP) with coverage held; when the LP
   optimum is integral it is often the planning itself; else CP-SAT dives on the LP's
   support;
3. otherwise runs CP-SAT on a copy of the model (coverage and changes held by integer
   constraints, the LP bound as an upper limit, LP reduced-cost fixing) maximising the
   wish score;
4. once the wish score W is proven, solves the LP of km - K x wish score (coverage
   held, no wish row, so it keeps the flow-like structure): when its optimum is
   integral with wish score W, it is the least-km planning among those of wish score
   W (any such planning P has km(P) - K W >= the LP optimum), and km is proven too.

Every later phase holds `wish score >= W` (`SolveContext.hold`, and the LP relaxation
with the wish row). Wish values are integers, so the LP bound is rounded down after a
relative tolerance of `WISH_LP_TOLERANCE` (that of the km proof). Within the phase a
planning replaces its best only with a higher wish score at the coverage and changes
held (`_Best`): km is the later phases' objective.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from roster.solvers.control import SolveControl, SolveOptions
from roster.solvers.engines.cpsat import Report, run_cp_sat
from roster.solvers.engines.lp import (
    INTEGRAL,
    KM_GLOP,
    PRIMAL_GLOP,
    PROVEN_GAP,
    LpSolution,
    fixable_to_zero,
    solve_lp,
)
from roster.solvers.engines.polish import polish_km
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.lp_objectives import km_objective
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.relaxation import LinearRelaxation, Row
from roster.solvers.model.values import coverage_int
from roster.solvers.model.wish_objective import wish_flow_costs, wish_score
from roster.solvers.search.context import SolveContext
from roster.solvers.search.findings import Entry, Facts, Offer, PhaseResult, Settle
from roster.solvers.search.month import Month
from roster.solvers.search.plannings import integral_planning
from roster.solvers.search.proofs import (
    ALL_WISHES_PROOF,
    NO_WISH_PROOF,
    WISH_KM_LP_PROOF,
    WISH_LP_PROOF,
    WISH_LP_TOLERANCE,
)
from roster.solvers.search.state import SearchState, WishOutcome

WISH_PHASE_SHARE = 0.5  # share of the remaining time for the wish phase when km is still to prove
DIVE_MAX_S = 20.0  # CP-SAT on the wish LP's support, before the full search
# GLOP for the wish LP: primal simplex without presolve, measured on a national month with
# 6,000 wishes (loaded 2-core machine): 10 s, against 14 s (default) and 32 s (dual simplex).
WISH_GLOP = PRIMAL_GLOP
LAGRANGE_FIRST, LAGRANGE_TRIES = 10.0, 3  # K = 10 x the longest trip, x100 while the LP trades wishes


@dataclass(frozen=True)
class Wish:
    name: str = "wish"

    def supports(self, month: Month) -> bool:
        return month.has_wishes

    def wanted(self, state: SearchState) -> bool:
        return True

    def run(self, state: SearchState, ctx: SolveContext) -> PhaseResult:
        share = WISH_PHASE_SHARE if not state.km_proven else 1.0
        search = _WishSearch(state, ctx, ctx.remaining() * share)
        outcome, km_proof = search.run()
        entries = tuple(Entry(entry) for entry in search.entries)
        result = PhaseResult((*entries, Facts({"wish": outcome}), Offer(search.best.values, reopens_km=True)))
        if outcome.proof is not None:
            result = result.then(Settle("wish", outcome.proof))
        if km_proof is not None:
            result = result.then(Settle("km", km_proof))
        return result


class _Best:
    """The phase's best planning: a candidate replaces it with a higher wish score (or an
    equal one, when `accept_equal`) at the coverage and changes held."""

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

    def held_rows(self) -> list[Row]:
        """LP rows holding the coverage (and, re-planning, the changes) of the best."""
        m, w = self.m, self.m.weights
        assert w is not None
        covered = self.coverage / w.scale
        rows: list[Row] = [(m.u, w.weight / w.scale, covered * (1 - PROVEN_GAP / 10), np.inf)]
        if self.change_costs is not None:
            rows.append((m.x, self.change_costs.astype(float), -np.inf, float(self.changes or 0)))
        return rows


class _WishSearch:
    """One wish phase: its best planning, the bound, and the entries of its steps."""

    def __init__(self, state: SearchState, ctx: SolveContext, time_limit_s: float) -> None:
        self.state, self.ctx, self.m = state, ctx, ctx.month.m
        self.options: SolveOptions = ctx.options
        self.control: SolveControl = ctx.control
        self.report: Report = ctx.reporter("wish", state)
        self.vector = ctx.month.wishes
        self.best = _Best(self.m, state.values, self.vector, ctx.month.change_costs)
        self.entries: list[dict[str, object]] = []
        self.started, self.limit = time.perf_counter(), time_limit_s

    def left(self, share: float) -> float:
        return share * max(0.0, self.limit - (time.perf_counter() - self.started))

    def run(self) -> tuple[WishOutcome, str | None]:
        """The outcome later phases hold, and the km proof when the least km came with it."""
        m, best, vector = self.m, self.best, self.vector
        relaxation = self.ctx.relaxation(self.state)
        nonzero = np.flatnonzero(vector)
        if len(nonzero) == 0:
            return WishOutcome(vector, best.score, best.score, NO_WISH_PROOF, relaxation), None
        ceiling = int(np.maximum(vector, 0).sum())
        bound: int | None = ceiling
        proof = None
        costs = wish_flow_costs(m, vector)
        if (
            costs is not None and not len(m.arrays.pins) and m.arrays.policy is None
        ):  # (nor pins, budget, stays)
            best.offer(
                polish_km(m, best.values, costs)
            )  # best wishes at the same zone days and rule-4 pattern
        lp = None
        if self.options.use_lp and not self.control.stopped:
            lp_bound, lp = self.lp_bound(relaxation, self.left(1 / 2))
            if lp_bound is not None:
                bound = min(ceiling, lp_bound)
                if best.score >= bound:
                    proof = WISH_LP_PROOF
            if proof is None and lp is not None and lp.values is not None and not self.control.stopped:
                unused = m.x[lp.values[m.x] <= INTEGRAL]  # dive on the LP's support
                self.cp_sat(bound, min(self.left(1 / 3), DIVE_MAX_S), unused, dive=True)
                if bound is not None and best.score >= bound:
                    proof = WISH_LP_PROOF
        fixed = None
        if proof is None and lp is not None and lp.value is not None and lp.reduced_costs is not None:
            margin = WISH_LP_TOLERANCE * max(1.0, abs(lp.value)) + 1e-3
            fixed = np.intersect1d(fixable_to_zero(lp, lp.value - best.score - 1, True, margin), m.x)
            self.entries.append({"phase": "wish-reduced-cost-fixing", "fixed_to_zero": len(fixed)})
        if proof is None and not self.control.stopped:
            proof, bound = self.cp_sat(bound, self.left(2 / 3), fixed)
        if proof is None and best.score >= ceiling:
            proof = ALL_WISHES_PROOF
        km_proof = None
        # (with a policy the second objective is not km: the pipeline's km steps minimise it)
        least_km = self.options.minimize_km and m.arrays.policy is None
        if proof is not None and least_km and not self.control.stopped:
            planning = self.least_km_at_best_wishes(relaxation, self.left(1.0))
            km_proof = None if planning is None else WISH_KM_LP_PROOF
        held = relaxation.with_rows([(m.x[nonzero], vector[nonzero], best.score - 0.5, np.inf)])
        bound = best.score if proof is not None else bound
        return WishOutcome(vector, best.score, bound, proof, held, costs), km_proof

    def lp_bound(
        self, relaxation: LinearRelaxation, time_limit_s: float
    ) -> tuple[int | None, LpSolution | None]:
        """The LP bound on the wish score with coverage (and changes) held and the LP
        solution; an integral LP optimum is offered to the best."""
        m, best = self.m, self.best
        objective = np.zeros(m.num_variables)
        objective[m.x] = self.vector
        lp = solve_lp(
            relaxation, objective, True, extra_rows=best.held_rows(), time_limit_s=time_limit_s,
            control=self.control, glop_parameters=WISH_GLOP,
        )  # fmt: skip
        self.entries.append({"phase": "lp-wish", "status": lp.status, "objective": lp.value,
                             "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)})  # fmt: skip
        if lp.value is None or lp.values is None:
            return None, None
        best.offer(integral_planning(m, relaxation, lp))
        return math.floor(lp.value + WISH_LP_TOLERANCE * max(1.0, abs(lp.value))), lp

    def cp_sat(
        self,
        bound: int | None,
        time_limit_s: float,
        fixed_to_zero: np.ndarray | None = None,
        dive: bool = False,
    ) -> tuple[str | None, int | None]:
        """CP-SAT maximises the wish score on a copy of the model with coverage (and changes)
        held and `fixed_to_zero` at 0 (those the best uses stay free). Reduced-cost fixing
        keeps every better planning, so its bound holds for the whole model; a dive on the
        LP's support only looks for a better planning."""
        m, best = self.m, self.best
        w = m.weights
        assert w is not None
        nonzero = np.flatnonzero(best.vector)
        cp: CpBuilder = self.ctx.fork(self.state)
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
        result = run_cp_sat(cp.model, name, time_limit_s, self.options, self.control, self.report, 1.0)
        self.entries.append(result.as_dict())
        best.offer(result.values)
        if dive:
            return None, bound
        if result.raw_bound is not None:
            bound = result.raw_bound if bound is None else min(bound, result.raw_bound)
        fixing = "" if fixed_to_zero is None else " after LP reduced-cost fixing"
        if (
            result.status == "OPTIMAL"
            and result.objective is not None
            and best.score >= round(result.objective)
        ):
            return f"CP-SAT (exact){fixing}", best.score
        if bound is not None and best.score >= bound:
            return f"CP-SAT bound (exact){fixing}", bound
        return None, bound

    def least_km_at_best_wishes(self, relaxation: LinearRelaxation, time_limit_s: float) -> np.ndarray | None:
        """An integral LP optimum of km - K x wish score with the wish score of the best
        (proven optimal), or None: then it is the least-km planning at that wish score."""
        m, best = self.m, self.best
        km = km_objective(m)
        k = LAGRANGE_FIRST * max(float(m.space.missions.km.max(initial=0.0)), 1.0)
        for _ in range(LAGRANGE_TRIES):
            objective = km.copy()
            objective[m.x] -= k * best.vector
            lp = solve_lp(
                relaxation, objective, False, extra_rows=best.held_rows(), time_limit_s=time_limit_s,
                control=self.control, glop_parameters=KM_GLOP,
            )  # fmt: skip
            self.entries.append({"phase": "lp-km-wish", "status": lp.status, "multiplier": k,
                                 "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)})  # fmt: skip
            candidate = integral_planning(m, relaxation, lp, with_stays=False)
            if candidate is None:
                return None
            if wish_score(m, candidate, best.vector) >= best.score:
                before = best.score
                best.offer(candidate, accept_equal=True)
                return candidate if best.values is candidate and best.score == before else None
            k *= 100.0
        return None
