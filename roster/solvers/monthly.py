"""The monthly solve: coverage first, then km with coverage held at its best.

Each step runs only while the objective it serves is not yet proven:

1. LP relaxation of coverage (GLOP, `lp.py`): a bound and, when integral (the usual
   case on real-shaped months), the optimal planning itself.
2. cuts (fractional LP): rounds of zero-half cuts (`cuts.py`), the LP re-solved after
   each by HiGHS' dual simplex from the last basis, the first from GLOP's
   (`glop_basis.py`): 0.1 s a round on a hard national month. The bound drops toward
   the integer optimum; proven when the LP turns integral (then it is the planning).
   The cuts join the CP-SAT model and the km LP.
   LP-guided coverage (still fractional): CP-SAT on the LP's support, hinted with the
   rounded LP, first with the missions the LP takes whole fixed to 1; proven when it
   meets the LP bound (stopped there).
   flow (no LP-guided planning): the model without rule 4 is a min-cost flow
   (`flow.py`), an exact bound; repaired for rule 4 (`repair.py`: locums, volunteers
   kept home) it gives a feasible planning.
3. coverage: reduced-cost fixing from the coverage LP (options whose reduced cost
   exceeds LP bound - incumbent are 0 in every planning that covers as well; kept for
   every later phase), then CP-SAT maximises the integer coverage objective from the
   best planning (hint), under the best bound.
4. re-planning only: CP-SAT minimises changed assignments, coverage held.
   wishes.csv only: the best wish score, coverage (and changes) held (`wishes.py`);
   every later phase keeps it.
5. km: a min-cost-flow polish (`polish.py`), the LP relaxation of km (GLOP; on a hard
   month HiGHS' parallel dual simplex over site-date totals, `group_totals.py`), a
   CP-SAT dive on the LP's support, rounds of zero-half cuts on a fractional km LP
   (each followed by a dive; the LP kept loaded in HiGHS re-solves from its basis),
   then CP-SAT with reduced-cost fixing; coverage (and changes) held by linear
   constraints on the same integer objectives.
6. history.csv only: returns to known sites, then balanced totals; all above held.
7. locums: with missions fixed, the fewest locum days, then the least locum km.

With a policy in scenario.toml (budget_eur, max_stay_days >= 2, secondary = "cost";
`policy.py`) the model gains the budget row and the stay links, "km" means the
policy's second objective (metres with stays, or cents), and the pipeline swaps
steps: a fractional coverage LP (budget row included) is rounded down to fit the
budget (`budget.py`); stay months start from the LP optima of the month without
stays ("contract-start"); the flow, which knows no budget nor stay, only gives a
start fitted to the budget ("policy-flow"); CP-SAT dives on the support of the LP,
the incumbent and the flow ("policy-lp-dive", "policy-km-dive"); consecutive days
are joined into stays ("stays-polish"). The coverage LP's reduced-cost fixing stays:
that LP holds every row of the model, the budget included, so it is a relaxation
of the policy month. Without a policy none of these steps runs.

The model (`model.py`) is built once and frozen: each phase runs CP-SAT on its own
copy (`_Search.fork`: the cuts and fixings proven so far, `_Search.hold`: the rows
that hold the objectives above its own) and offers its planning to the immutable
incumbent (`incumbent.py`), which keeps it unless the incumbent ranks strictly higher.

Status OPTIMAL means coverage and km (and, with wishes, the wish score) were proven
optimal; `proof` says by what.
A `SolveControl` stops the search from another thread (Ctrl-C): the best planning
so far is returned, marked FEASIBLE.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import ortools

from roster.models import Planning, Scenario, SolveSummary
from roster.solvers.arrays import ScenarioArrays
from roster.solvers.budget import fit_budget, lp_rounded_down, lp_support_model
from roster.solvers.control import Progress, ProgressFn, SolveControl, SolveOptions
from roster.solvers.cpbuilder import CpBuilder
from roster.solvers.cuts import Cut, zero_half_cuts
from roster.solvers.glop_basis import solve_with_basis
from roster.solvers.group_totals import compact_groups
from roster.solvers.incumbent import Incumbent, Ranking
from roster.solvers.infeasibility import conflicting_requirements
from roster.solvers.locums import choose_locums
from roster.solvers.lp import (
    COVERAGE_GLOP,
    INTEGRAL,
    KM_GLOP,
    KM_PROVEN_GAP,
    PRIMAL_GLOP,
    PROVEN_GAP,
    Basis,
    HighsLp,
    LinearRelaxation,
    LpSolution,
    fixable_to_one,
    fixable_to_zero,
    rounded_if_feasible,
    solve_lp,
)
from roster.solvers.model import MissionModel, build_model
from roster.solvers.objective import KM_SCALE, harmonic_score, travel_cost
from roster.solvers.phase import PhaseResult, run_phase
from roster.solvers.policy import secondary_vector
from roster.solvers.policy_summary import policy_figures
from roster.solvers.polish import polish_km
from roster.solvers.preferences import change_costs, history_terms, previous_locums, previous_missions
from roster.solvers.repair import Repaired, repair
from roster.solvers.result import assignments, coverage_int, full_values, locum_days
from roster.solvers.wishes import WishOutcome, maximise_wishes, wish_vector

KM_PHASE_SHARE = 0.3  # share of the remaining time kept for the km phase
LP_DIVE_MAX_S = 20.0
# the dive with the LP's whole missions fixed: it proves in 0.4-0.7 s when it can (hard
# national seed 4, hard stress); on seed 5's first LP, whose bound no planning reaches, it
# searched 14 s without a proof
FIXED_DIVE_MAX_S = 2.0
FLOW_PROOF = "min-cost-flow relaxation (exact)"
LP_KM_PROOF = "LP relaxation (GLOP), relative gap <= 1e-06"
LP_COVERAGE_PROOF = f"LP relaxation (GLOP), relative gap <= {PROVEN_GAP:g}"
LP_FLOOR_PROOF = "LP relaxation bound (GLOP), rounded down to the integer objective"
LP_DIVE_PROOF = "LP relaxation bound (GLOP), reached by CP-SAT on the LP's support"
LP_CUTS_DIVE_PROOF = "LP relaxation bound with zero-half cuts (HiGHS), reached by CP-SAT on the LP's support"
CUTS_PROOF = f"LP relaxation with zero-half cuts (HiGHS), relative gap <= {PROVEN_GAP:g}"
MAX_CUT_ROUNDS, CUT_STALL_ROUNDS = 8, 1  # cut rounds; stop after this many without progress
HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER = 1.0  # see `_continuity_binds_widely`
MAX_KM_CUT_ROUNDS = 4  # km LP rounds
KM_CUTS_PROOF = "LP relaxation with zero-half cuts, relative gap <= 1e-06"
HIGHS_MAX_THREADS = 8  # HiGHS' SIP runs at most 8 concurrent pieces (simplex_max_concurrency)
KM_LP_ENGINE = "highs"  # km LP of a hard month: "highs" (dual simplex, kept loaded) or "glop"
LP_KM_PROOF_HIGHS = "LP relaxation (HiGHS dual simplex), relative gap <= 1e-06"
COVERAGE_FIXING_MARGIN = 1e-8  # relative slack on the coverage LP's reduced costs
REPAIR_MAX_S, REPAIR_SHARE = 8.0, 0.3  # time for flow re-solves in the repair
WISH_PHASE_SHARE = 0.5  # share of the remaining time for the wish phase when km is still to prove
BUDGET_GLOP = "use_dual_simplex:true"  # with a budget row: 10 s on the national month (primal: 21 s)


def _add_cut_rows(cp: CpBuilder, cuts: list[Cut]) -> None:
    for cut in cuts:
        coeffs = cut.coeffs.astype(np.int64)
        cp.add_linear(cut.variables, coeffs, int(coeffs[coeffs < 0].sum()), int(cut.upper))


class _Search:
    """Shared state of one solve: the clock, the best values, bounds and progress."""

    def __init__(self, m: MissionModel, options: SolveOptions, progress: ProgressFn, control: SolveControl):
        self.m, self.options, self.emit, self.control = m, options, progress, control
        self.started = time.perf_counter()
        self.ranking = Ranking(m)  # `solve` adds change costs and wish values when they count
        self.incumbent: Incumbent = self.ranking.of(np.zeros(m.num_variables, dtype=np.int64))
        self.coverage_bound: int | None = None  # proven bound on the integer coverage objective
        self.km_bound: int | None = None  # proven lower bound on metres at the best coverage
        self.coverage_proven = not len(m.u)
        self.km_proven = not len(m.x) or not options.minimize_km
        self.proof: dict[str, str] = {}  # what proved coverage and km optimal
        if self.coverage_proven:
            self.proof["coverage"] = "nothing to cover"
        if self.km_proven:
            self.proof["km"] = "no mission" if not len(m.x) else "km not minimised"
        self.phases: list[dict[str, object]] = []
        self.has_incumbent = False  # values hold a feasible planning worth hinting
        self.change_costs: np.ndarray | None = None  # re-planning: per mission option
        self.previous_rows = 0
        self.conflicts: list[str] = []
        self.wish_relaxation: LinearRelaxation | None = None  # the relaxation with the wish row
        self.lp_km: float | None = None  # LP bound on km at the best coverage
        self.wish: WishOutcome | None = None  # wishes.csv: the wish phase's outcome
        self.coverage_lp: LpSolution | None = None  # the coverage LP (reduced-cost fixing), cuts included
        self.first_lp_integral = True  # the coverage LP before cuts
        self.cuts: list[Cut] = []  # zero-half cuts added to the coverage LP and the CP-SAT model
        self.coverage_basis: Basis | None = None  # GLOP's basis of the first coverage LP
        self.fixed_to_zero = np.zeros(0, dtype=np.int64)  # variables fixed by reduced costs
        self.fixed_to_one = np.zeros(0, dtype=np.int64)
        self.km_lp_engine = "glop"  # which simplex solved the km LP
        self.lp_km_solution: LpSolution | None = None
        self.km_highs: HighsLp | None = None  # the km LP kept loaded in HiGHS for the km cut rounds
        self.scenario: Scenario | None = None
        self.replanning = False  # re-planning from a previous planning
        self.pins = False  # pins.csv given
        self.lp_coverage: LpSolution | None = None  # policy months: a fractional LP optimum
        self.flow_missions: np.ndarray | None = None  # policy months: the flow's planning
        self.km_support: np.ndarray | None = None  # stay months: missions of the contract's km LP

    def settle(self, objective: str, proof: str) -> None:
        """Record that `objective` ("coverage" or "km") is proven optimal, and how."""
        if objective == "coverage":
            self.coverage_proven = True
        else:
            self.km_proven = True
        self.proof.setdefault(objective, proof)

    @property
    def relaxation(self) -> LinearRelaxation:
        """The model's LP relaxation (read from its rows on first use), with the wish row
        once wishes are held."""
        return self.wish_relaxation or self.m.relaxation

    @property
    def values(self) -> np.ndarray:
        """The incumbent planning (every model variable; read-only)."""
        return self.incumbent.values

    def offer(self, values: np.ndarray | None) -> bool:
        """Adopt `values` unless the incumbent ranks strictly higher; True when adopted."""
        if values is None:
            return False
        candidate = self.ranking.of(values)
        if self.incumbent.improves(candidate):
            return False
        self.incumbent = candidate
        return True

    def replace(self, values: np.ndarray) -> None:
        """Take `values` as they are (a start, the locum choice, an infeasible month's empty planning)."""
        self.incumbent = self.ranking.of(values)

    def fork(self) -> CpBuilder:
        """A phase's own copy of the model, with what earlier phases proved: the cuts, and
        the variables reduced-cost fixing set (valid for every planning as good as the incumbent)."""
        cp = self.m.fork()
        _add_cut_rows(cp, self.cuts)
        cp.fix_to_zero(self.fixed_to_zero)
        cp.fix_to_one(self.fixed_to_one)
        return cp

    def hold(self, cp: CpBuilder, changes: bool = True, km: bool = False) -> CpBuilder:
        """Hold the higher objectives at the incumbent's values in a phase's model: coverage
        at least as good, (re-planning, when `changes`) no more changes, (wishes.csv, once
        its phase ran) the wish score, and (when `km`) no more metres. Returns `cp`."""
        m, w = self.m, self.m.weights
        assert w is not None
        cp.add_linear(m.u, w.weight, self.coverage(), int(w.weight.sum()))
        if changes and self.change_costs is not None:
            cp.add_linear(m.x, self.change_costs, -len(m.x), int(self.change_costs @ self.values[m.x]))
        if self.wish is not None and self.wish.vector.any():
            cp.add_linear(*self.wish.held_row(m))
        if km:
            variables, metres = travel_cost(m)
            cp.add_linear(variables, metres, 0, self.metres())
        return cp

    def changes(self) -> int | None:
        """Assignments removed plus added versus the previous planning (re-planning)."""
        if self.change_costs is None:
            return None
        return self.previous_rows + int(self.change_costs @ self.values[self.m.x])

    @property
    def scale(self) -> int:
        assert self.m.weights is not None
        return self.m.weights.scale

    def km_lp_proof(self) -> str:
        return LP_KM_PROOF_HIGHS if self.km_lp_engine == "highs" else LP_KM_PROOF

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        return self.options.time_limit_s - self.elapsed()

    def coverage(self) -> int:
        return self.incumbent.coverage

    def km(self) -> float:
        return self.km_of(self.values)

    def km_of(self, values: np.ndarray) -> float:
        """The second objective in km (with a policy: its terms / KM_SCALE)."""
        if self.m.arrays.policy is not None:
            return self.metres_of(values) / KM_SCALE
        return float(self.m.space.missions.km @ values[self.m.x])

    def metres(self) -> int:
        return self.incumbent.metres

    def metres_of(self, values: np.ndarray) -> int:
        """The second objective in its integer unit (metres, or cents with secondary = "cost")."""
        variables, metres = travel_cost(self.m)
        return int(metres @ values[variables])

    def snapshot(self, phase: str, **extra: float | None) -> Progress:
        bound = None if self.coverage_bound is None else self.coverage_bound / self.scale
        km_bound = None if self.km_bound is None else self.km_bound / KM_SCALE
        fields = {
            "coverage": self.coverage() / self.scale,
            "bound": bound,
            "km": self.metres() / KM_SCALE,
            "km_bound": km_bound,
            **extra,
        }
        return Progress(phase, self.elapsed(), **fields)

    def reporter(self, phase: str) -> Callable[[float | None, float | None], None]:
        last = self.snapshot(phase)
        state = {"coverage": last.coverage, "bound": last.bound, "km": last.km, "km_bound": last.km_bound}

        def report(objective: float | None, bound: float | None) -> None:
            if phase == "coverage":
                if objective is not None:
                    state["coverage"] = max(objective / self.scale, state["coverage"] or 0.0)
                if bound is not None:
                    state["bound"] = min(bound / self.scale, state["bound"] or float("inf"))
            elif phase == "km":
                if objective is not None:
                    state["km"] = objective / KM_SCALE
                if bound is not None:
                    state["km_bound"] = max(bound / KM_SCALE, state["km_bound"] or 0.0)
            self.emit(Progress(phase, self.elapsed(), **state))

        return report


def _flow_phase(s: _Search) -> Repaired | None:
    m = s.m
    assert m.weights is not None
    started = time.perf_counter()
    budget = min(REPAIR_MAX_S, REPAIR_SHARE * s.options.time_limit_s)
    repaired = repair(m.arrays, m.space, m.weights, time_budget_s=budget)
    if repaired is None:
        s.phases.append(
            {"phase": "flow", "status": "FAILED", "wall_time_s": round(time.perf_counter() - started, 3)}
        )
        return None
    s.offer(full_values(m, repaired.missions.astype(np.int64), repaired.locums.astype(np.int64)))
    s.has_incumbent = True
    bound = repaired.relaxed.coverage
    s.coverage_bound = bound if s.coverage_bound is None else min(s.coverage_bound, bound)
    if s.coverage() >= bound:
        s.settle("coverage", FLOW_PROOF)
    elif s.coverage() >= s.coverage_bound:
        s.settle("coverage", LP_FLOOR_PROOF)
    if s.coverage_proven and repaired.relaxed.lexicographic:
        s.km_bound = repaired.relaxed.metres
        if s.metres() == s.km_bound:
            s.settle("km", FLOW_PROOF)
    s.phases.append(
        {
            "phase": "flow",
            "status": "OPTIMAL" if s.coverage_proven and s.km_proven else "FEASIBLE",
            "relaxed_coverage": repaired.relaxed.coverage / s.scale,
            "relaxed_km": repaired.relaxed.metres / KM_SCALE,
            "repaired_coverage": s.coverage() / s.scale,
            "repaired_km": s.metres() / KM_SCALE,
            "rounds": repaired.rounds,
            "wall_time_s": round(time.perf_counter() - started, 3),
        }
    )
    s.emit(s.snapshot("flow"))
    return repaired


def _lp_coverage_phase(s: _Search) -> None:
    """The LP relaxation of coverage: a bound and, when integral, the planning itself.
    On a hard month GLOP runs through MathOpt, which also returns its basis for the cuts."""
    m = s.m
    w = m.weights
    assert w is not None
    if _basis_wanted(s):
        lp, s.coverage_basis = solve_with_basis(
            s.relaxation, _coverage_objective(s), True, s.remaining() / 2, s.control
        )
    else:
        lp = solve_lp(
            s.relaxation,
            _coverage_objective(s),
            maximize=True,
            time_limit_s=s.remaining() / 2,
            control=s.control,
            glop_parameters=BUDGET_GLOP
            if m.arrays.policy and m.arrays.policy.budget_cents is not None
            else COVERAGE_GLOP,
        )
    s.first_lp_integral = lp.integral
    entry: dict[str, object] = {"phase": "lp-coverage", "status": lp.status, "objective": lp.value,
                                "integral": lp.integral, "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
    s.phases.append(entry)
    if lp.value is None or lp.values is None:
        return
    s.coverage_lp = lp
    _take_coverage_lp(s, lp)
    if not lp.integral and m.arrays.policy is not None:  # budget or stays: the LP rounded down, rows checked
        relaxation = s.relaxation
        rounded = lp_rounded_down(m, lp.values, lambda v: rounded_if_feasible(relaxation, v) is not None)
        if s.offer(rounded):
            s.has_incumbent = True
        entry["rounded_down"] = None if rounded is None else coverage_int(m, rounded) / w.scale
        s.lp_coverage = lp
    _settle_if_lp_reached(s, lp)
    entry["proven"] = s.coverage_proven
    s.emit(s.snapshot("lp"))


def _lp_guided_coverage(s: _Search) -> None:
    """CP-SAT on the coverage LP's support (every mission the LP uses at all), hinted with
    the rounded LP: a near-optimal planning fast, proven when it reaches the LP bound.
    First with the missions the LP takes whole fixed to 1, for at most FIXED_DIVE_MAX_S:
    a small search, which reaches the bound when the LP's integral part belongs to an
    optimal planning (hard national seed 4: 0.41 against 0.82 s; hard stress: 0.67
    against 1.24 s); else on the support."""
    m, lp = s.m, s.coverage_lp
    assert lp is not None and lp.values is not None
    whole = m.x[lp.values[m.x] >= 1 - INTEGRAL]
    if 0 < len(whole) < int((lp.values[m.x] > INTEGRAL).sum()):
        _support_dive(s, whole, FIXED_DIVE_MAX_S)
        if s.coverage_proven or s.control.stopped:
            return
    _support_dive(s, whole[:0], LP_DIVE_MAX_S)


def _support_dive(s: _Search, ones: np.ndarray, max_s: float) -> None:
    """One dive of `_lp_guided_coverage`, with the missions `ones` fixed to 1."""
    m, lp = s.m, s.coverage_lp
    w = m.weights
    assert w is not None and lp is not None and lp.values is not None
    builder = s.fork()
    builder.fix_to_one(ones)
    support = builder.model
    outside = m.x[lp.values[m.x] <= INTEGRAL]
    CpBuilder.fix_in(support.proto, outside)
    support.proto.clear_objective()
    objective = support.proto.objective
    objective.vars.extend(m.u.tolist())
    objective.coeffs.extend((-w.weight).tolist())
    objective.scaling_factor = -1.0
    if s.coverage_bound is not None:
        bound = support.proto.constraints.add().linear
        bound.vars.extend(m.u.tolist())
        bound.coeffs.extend(w.weight.tolist())
        bound.domain.extend((0, int(s.coverage_bound)))
    support.proto.clear_solution_hint()
    support.proto.solution_hint.vars.extend(m.x.tolist())
    support.proto.solution_hint.values.extend((lp.values[m.x] >= 0.5).astype(np.int64).tolist())
    limit = min(s.remaining() / 4, max_s)
    target = math.ceil(lp.value * w.scale * (1 - PROVEN_GAP)) if lp.value is not None else None
    report = s.reporter("coverage")
    result = run_phase(support, "coverage-lp-dive", limit, s.options, s.control, report, s.scale,
                       stop_at=target)  # fmt: skip
    result.stats["support_missions"] = len(m.x) - len(outside)
    result.stats["fixed_to_one"] = len(ones)
    _adopt(s, result)
    if result.values is not None:
        s.has_incumbent = True
    reached = _settle_if_lp_reached(s, lp, LP_CUTS_DIVE_PROOF if s.cuts else LP_DIVE_PROOF)
    if not reached and s.coverage_bound is not None and s.coverage() >= s.coverage_bound:
        s.settle("coverage", LP_FLOOR_PROOF)
    s.emit(s.snapshot("coverage"))


def _take_coverage_lp(s: _Search, lp: LpSolution) -> None:
    """A coverage LP optimum (cuts or not): its bound, and when integral, its planning."""
    m, w = s.m, s.m.weights
    assert w is not None and lp.value is not None and lp.values is not None
    bound = math.floor(lp.value * w.scale * (1 + PROVEN_GAP))
    s.coverage_bound = bound if s.coverage_bound is None else min(s.coverage_bound, bound)
    if lp.integral:
        rounded = rounded_if_feasible(s.relaxation, lp.values)
        if rounded is not None and s.offer(full_values(m, rounded[m.x], rounded[m.y], source=rounded)):
            s.has_incumbent = True


def _cuts_wanted(s: _Search) -> bool:
    return s.options.use_cuts and s.m.arrays.policy is None


def _continuity_binds_widely(s: _Search) -> bool:
    """More rows of rule 4 that can bind than volunteers: a "hard month", whose LPs tend to
    be fractional (0.40-0.58 rows per volunteer on the easy benchmark months, 2.5-2.8 on
    the hard ones). It only chooses between engines; every path proves the same optimum."""
    rows = len(s.m.space.continuity.practice)
    return rows > HARD_MONTH_CONTINUITY_ROWS_PER_VOLUNTEER * len(s.m.arrays.doctor_ids)


def _basis_wanted(s: _Search) -> bool:
    """Solve the coverage LP through MathOpt for its basis (`glop_basis.py`) on hard months.
    Elsewhere the model builder's GLOP is faster (0.9 against 1.1 s on the easy national
    month, 3.4 against 4.2 s on the easy stress month), and a fractional LP's cut rounds
    start HiGHS from scratch."""
    return _cuts_wanted(s) and _continuity_binds_widely(s)


def _coverage_objective(s: _Search) -> np.ndarray:
    """The coverage score as one float per model variable (the coverage LPs' objective)."""
    m, w = s.m, s.m.weights
    assert w is not None
    objective = np.zeros(m.num_variables)
    objective[m.u] = w.weight / w.scale
    return objective


def _coverage_cuts(s: _Search) -> None:
    """Rounds of zero-half cuts (`cuts.py`) on a fractional coverage LP, each re-solved by
    HiGHS' dual simplex from the last basis (the first from GLOP's): the bound drops
    toward the integer optimum; proven when the LP turns integral (then it is the
    planning). Ends after CUT_STALL_ROUNDS rounds without gain. The search keeps the
    first LP optimum of the best bound: another vertex of the same bound hinted the dive
    worse (hard national seed 4: 4.0 s against 1.2 s)."""
    assert s.coverage_lp is not None and s.coverage_lp.value is not None
    started = time.perf_counter()
    entry: dict[str, object] = {"phase": "coverage-cuts", "bound_before": s.coverage_lp.value,
                                "warm_start": s.coverage_basis is not None}  # fmt: skip
    highs = HighsLp(s.relaxation, _coverage_objective(s), [c.as_row() for c in s.cuts], maximize=True,
                    basis=s.coverage_basis)  # fmt: skip
    lp = highs.solve(s.remaining() / 2)  # from GLOP's basis: its optimum again, without an iteration
    entry["start_iterations"] = highs.iterations
    rounds, stalled, iterations = 0, 0, []
    while (
        rounds < MAX_CUT_ROUNDS and stalled < CUT_STALL_ROUNDS and s.remaining() > 0 and not s.control.stopped
    ):
        if lp.values is None or lp.value is None:
            break
        new = zero_half_cuts(s.relaxation.with_rows([c.as_row() for c in s.cuts]), lp.values)
        if not new:
            break
        rounds += 1
        s.cuts.extend(new)  # for the later LPs and every later phase's model (`fork`)
        highs.add_rows([c.as_row() for c in new])
        tightened = highs.solve(s.remaining() / 2)
        iterations.append(highs.iterations)
        if tightened.value is None:
            break
        gained = lp.value - tightened.value > PROVEN_GAP * max(abs(lp.value), 1.0)
        stalled = 0 if gained else stalled + 1
        lp = tightened
        if gained or lp.integral:
            s.coverage_lp = lp
            _take_coverage_lp(s, lp)
            if _settle_if_lp_reached(s, lp, CUTS_PROOF):
                break
    entry.update(rounds=rounds, cuts=len(s.cuts), bound_after=s.coverage_lp.value,
                 integral=s.coverage_lp.integral, simplex_iterations=iterations, proven=s.coverage_proven,
                 wall_time_s=round(time.perf_counter() - started, 3))  # fmt: skip
    s.phases.append(entry)
    s.emit(s.snapshot("lp"))


def _coverage_fixing(s: _Search) -> None:
    """Reduced-cost fixing from the coverage LP: a variable at 0 in the LP whose reduced
    cost exceeds (LP bound - incumbent coverage) is 0 in every planning that covers at
    least as well, so every later phase (which holds coverage) loses it."""
    lp = s.coverage_lp
    if lp is None or lp.value is None or lp.reduced_costs is None or not s.has_incumbent:
        return
    started = time.perf_counter()
    gap = max(0.0, lp.value - s.coverage() / s.scale)
    margin = COVERAGE_FIXING_MARGIN * max(abs(lp.value), 1.0)
    fixed = fixable_to_zero(lp, gap, maximize=True, margin=margin)
    fixed = fixed[s.values[fixed] == 0]
    s.fixed_to_zero = np.union1d(s.fixed_to_zero, fixed)
    ones = fixable_to_one(lp, gap, maximize=True, margin=margin)
    ones = ones[s.values[ones] == 1]
    s.fixed_to_one = np.union1d(s.fixed_to_one, ones)
    s.phases.append(
        {
            "phase": "coverage-reduced-cost-fixing",
            "gap": gap,
            "fixed_to_zero": len(fixed),
            "fixed_to_one": len(ones),
            "missions_fixed": int(np.isin(fixed, s.m.x).sum()),
            "wall_time_s": round(time.perf_counter() - started, 3),
        }
    )


def _contract_start(s: _Search) -> None:
    """Stay months: a planning without stays (links and one-stay variables at 0) is a
    stay planning too; the LP relaxations of that contract month, coverage then km, are
    usually integral and give a start no worse than the contract's optimum."""
    m, w = s.m, s.m.weights
    assert w is not None and m.stays is not None
    started = time.perf_counter()
    relaxation = s.relaxation
    fixed = np.concatenate((m.stays.var, m.stays.one_stay_var))
    limit = s.remaining() / 4
    lp = solve_lp(relaxation, _coverage_objective(s), maximize=True, fixed_to_zero=fixed, time_limit_s=limit,
                  control=s.control, glop_parameters=COVERAGE_GLOP)  # fmt: skip
    entry: dict[str, object] = {"phase": "contract-start", "integral": lp.integral}
    rounded = rounded_if_feasible(relaxation, lp.values) if lp.integral and lp.values is not None else None
    if rounded is not None and s.offer(full_values(m, rounded[m.x], rounded[m.y], source=rounded)):
        s.has_incumbent = True
        covered = s.coverage() / w.scale
        km = np.zeros(m.num_variables)
        km[m.x] = m.space.missions.km
        rows = [(m.u, w.weight / w.scale, covered * (1 - PROVEN_GAP / 10), np.inf)]
        lp_km = solve_lp(relaxation, km, maximize=False, extra_rows=rows, fixed_to_zero=fixed,
                         time_limit_s=limit, control=s.control, glop_parameters=KM_GLOP)  # fmt: skip
        better = (
            rounded_if_feasible(relaxation, lp_km.values)
            if lp_km.integral and lp_km.values is not None
            else None
        )
        if better is not None:
            s.offer(full_values(m, better[m.x], better[m.y], source=better))
        if lp_km.values is not None:  # near-integral as a rule: its support feeds the km dive
            s.km_support = (lp_km.values[m.x] > INTEGRAL).astype(np.int64)
        entry["km_lp_integral"] = lp_km.integral
        entry["coverage"], entry["km"] = s.coverage() / w.scale, s.metres() / KM_SCALE
    _settle_if_lp_reached(s, s.lp_coverage)
    entry["wall_time_s"] = round(time.perf_counter() - started, 3)
    s.phases.append(entry)
    s.emit(s.snapshot("lp"))


def _policy_flow_phase(s: _Search) -> None:
    """Policy months without an incumbent: the flow's repaired planning (no stay, its
    dearest missions dropped to fit the budget); its bound holds only without stays."""
    m = s.m
    assert m.weights is not None and m.arrays.policy is not None
    started = time.perf_counter()
    budget = min(REPAIR_MAX_S, REPAIR_SHARE * s.options.time_limit_s)
    repaired = repair(m.arrays, m.space, m.weights, time_budget_s=budget)
    entry: dict[str, object] = {"phase": "flow", "status": "FAILED" if repaired is None else "FEASIBLE"}
    if repaired is not None:
        relaxation = s.relaxation
        missions = s.flow_missions = repaired.missions.astype(np.int64)
        fitted = fit_budget(m, missions, lambda v: rounded_if_feasible(relaxation, v) is not None)
        if s.offer(fitted):
            s.has_incumbent = True
        if not m.arrays.policy.stays:  # the flow relaxes the budget, not the stay cap
            bound = repaired.relaxed.coverage
            s.coverage_bound = bound if s.coverage_bound is None else min(s.coverage_bound, bound)
        entry["fitted_coverage"] = None if fitted is None else coverage_int(m, fitted) / s.scale
        _settle_if_lp_reached(s, s.lp_coverage)
    entry["wall_time_s"] = round(time.perf_counter() - started, 3)
    s.phases.append(entry)
    s.emit(s.snapshot("flow"))


def _lp_support_dive(s: _Search, lp: LpSolution) -> None:
    """Policy months: CP-SAT maximises coverage over the missions the LP or the incumbent use."""
    m, w = s.m, s.m.weights
    assert w is not None and lp.values is not None
    cp = s.fork()
    cp.set_objective(m.u, w.weight, maximize=True)
    support = lp_support_model(m, cp, lp.values, s.values)
    limit = min(s.remaining() / 4, LP_DIVE_MAX_S)
    report = s.reporter("coverage")
    dive = run_phase(support, "coverage-lp-dive", limit, s.options, s.control, report, s.scale)
    _adopt(s, dive)
    s.has_incumbent = s.has_incumbent or dive.values is not None
    _settle_if_lp_reached(s, lp)


def _policy_km_dive(s: _Search) -> None:
    """Policy months: the second objective over the missions of the incumbent, the
    coverage LP and the flow's planning, the incumbent's coverage held (a good planning fast)."""
    m, w = s.m, s.m.weights
    assert w is not None
    variables, coeffs = travel_cost(m)
    cp = s.hold(s.fork(), changes=False)
    cp.set_objective(variables, coeffs, maximize=False)
    keep = s.values.copy()
    if s.lp_coverage is not None and s.lp_coverage.values is not None:
        keep[m.x] |= (s.lp_coverage.values[m.x] > INTEGRAL).astype(np.int64)
    if s.flow_missions is not None:
        keep[m.x] |= s.flow_missions
    if s.km_support is not None:
        keep[m.x] |= s.km_support
    support = lp_support_model(m, cp, keep.astype(np.float64), s.values)
    limit = min(s.remaining() / 3, LP_DIVE_MAX_S)
    report = s.reporter("km")
    dive = run_phase(support, "km-support-dive", limit, s.options, s.control, report, KM_SCALE)
    _adopt(s, dive)


def _policy_polish(s: _Search) -> None:
    """Policy months: join the incumbent's consecutive days into stays where allowed
    (never fewer links than it had); kept when every row holds and it is no worse."""
    m = s.m
    if m.stays is None or not s.has_incumbent:
        return
    relaxation = s.relaxation
    joined = full_values(m, s.values[m.x], s.values[m.y])
    if rounded_if_feasible(relaxation, joined) is not None:
        s.offer(joined)
    s.phases.append({"phase": "stays-polish", "km_after": s.metres() / KM_SCALE})


def _closed(bound: float, value: float) -> bool:
    return abs(bound - value) <= PROVEN_GAP * max(abs(bound), 1.0)


def _settle_if_lp_reached(s: _Search, lp: LpSolution | None, proof: str = LP_COVERAGE_PROOF) -> bool:
    """Coverage is proven when the incumbent reaches the coverage LP's value (`_closed`)."""
    if lp is None or lp.value is None or not _closed(lp.value, s.coverage() / s.scale):
        return False
    s.settle("coverage", proof)
    return True


def _km_lp_inputs(s: _Search) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, float, float]]]:
    """The km LP's objective (one float per variable) and its hold rows (coverage, changes)."""
    m, w = s.m, s.m.weights
    assert w is not None
    objective = np.zeros(m.num_variables)
    objective[m.x] = m.space.missions.km
    if m.arrays.policy is not None:  # stays or cost: the policy's second objective
        objective = secondary_vector(m) / KM_SCALE
    # coverage held at the incumbent's exactly: a relative slack (1e-10 before) let the LP
    # trade a thousandth of a day between zones whose unit weights differ by ~1e-5, and
    # weakened the km bound enough (5.8e-6 on a hard region month) to leave km unproven
    rows = [(m.u, w.weight / w.scale, s.coverage() / w.scale, np.inf)]
    if s.change_costs is not None:
        rows.append((m.x, s.change_costs.astype(float), -np.inf, float(s.change_costs @ s.values[m.x])))
    return objective, rows


def _solve_km_lp(s: _Search, limit: float, new_cuts: Sequence[Cut] = ()) -> LpSolution:
    """The km LP with the engine `_lp_km_phase` chose, the cuts found so far included.
    HiGHS keeps it loaded: a re-solve adds only `new_cuts` and starts from its last basis."""
    if s.km_lp_engine == "highs":  # the variables fixed to 1 stay free in the LP (a weaker, valid bound)
        if s.km_highs is None:
            objective, rows = _km_lp_inputs(s)
            relaxation = s.relaxation.with_rows([c.as_row() for c in s.cuts])  # valid rows: a tighter bound
            s.km_highs = HighsLp(relaxation, objective, rows, s.fixed_to_zero, totals=_site_dates(s.m),
                                 threads=_lp_threads(s.options))  # fmt: skip
        else:
            s.km_highs.add_rows([c.as_row() for c in new_cuts])
        return s.km_highs.solve(limit)
    objective, rows = _km_lp_inputs(s)
    return solve_lp(
        s.relaxation.with_rows([c.as_row() for c in s.cuts]),
        objective,
        maximize=False,
        extra_rows=rows,
        fixed_to_zero=s.fixed_to_zero,
        time_limit_s=limit,
        control=s.control,
        glop_parameters=KM_GLOP if s.m.arrays.policy is None else PRIMAL_GLOP,
    )


def _site_dates(m: MissionModel) -> tuple[np.ndarray, np.ndarray]:
    """The missions grouped by site and date: the km LP in HiGHS reads site-date totals
    (`group_totals.py`; hard stress 20.1 against 25.7 s)."""
    o = m.space.missions
    return m.x, compact_groups(o.site * m.arrays.n_dates + o.date)


def _lp_threads(options: SolveOptions) -> int:
    """Threads for HiGHS' parallel dual simplex: the CP-SAT workers asked for (0: every
    core), at most HIGHS_MAX_THREADS. On hard stress's km LP, 2 threads took 16.4-18.3 s
    against 20.1-20.7 s serial."""
    wanted = options.workers if options.workers > 0 else os.cpu_count() or 1
    return min(wanted, HIGHS_MAX_THREADS)


def _lp_km_phase(s: _Search) -> LpSolution | None:
    """The LP relaxation of km at the best coverage: a bound and, when integral, the planning."""
    m = s.m
    # an easy month (integral coverage LP, continuity binding on few rows): GLOP's dual
    # simplex, 10% faster there (1.21 against 1.34 s on the easy national month); a hard one:
    # HiGHS', 2.7x faster on a hard national month (3.5 against 9.6 s), and faster again
    # over site-date totals with 2 threads (`_site_dates`, `_lp_threads`). HiGHS for every
    # month cost the easy national and stress months 0.35 and 0.67 s in a benchmark run.
    easy = s.coverage_lp is None or (s.first_lp_integral and not _continuity_binds_widely(s))
    s.km_lp_engine = "glop" if easy else KM_LP_ENGINE
    if m.arrays.policy is not None:  # policy months: GLOP, as measured on the policy benchmarks
        s.km_lp_engine = "glop"
    lp = _solve_km_lp(s, s.remaining() / 3)
    entry: dict[str, object] = {"phase": "lp-km", "status": lp.status, "objective": lp.value,
                                "integral": lp.integral, "engine": s.km_lp_engine,
                                "wall_time_s": round(lp.wall_s, 3)}  # fmt: skip
    s.phases.append(entry)
    if lp.value is None or lp.values is None:
        return None
    s.lp_km = lp.value
    _adopt_integral_km(s, lp)
    if _km_closed(s):
        s.settle("km", s.km_lp_proof())
    entry["proven"] = s.km_proven
    s.emit(s.snapshot("lp", km_bound=lp.value))
    return lp


def _adopt_integral_km(s: _Search, lp: LpSolution) -> None:
    """An integral km LP optimum is a planning: offered to the incumbent."""
    assert lp.values is not None
    m = s.m
    rounded = rounded_if_feasible(s.relaxation, lp.values) if lp.integral else None
    if rounded is not None:
        s.offer(full_values(m, rounded[m.x], rounded[m.y], source=rounded))


def _km_cuts(s: _Search, lp: LpSolution, cp: CpBuilder) -> LpSolution:
    """Rounds of zero-half cuts on a fractional km LP, each followed by a dive on the new
    LP's support; stops when the km is proven. The LP stays loaded in HiGHS, so a round
    re-solves from the last basis (after a GLOP km LP, the first round loads it). The
    cuts join the km phase's model `cp` and the search state."""
    started = time.perf_counter()
    rounds, before = 0, lp.value
    _, rows = _km_lp_inputs(s)
    s.km_lp_engine = "highs"  # the rounds re-solve from the last basis: HiGHS keeps the LP loaded
    while rounds < MAX_KM_CUT_ROUNDS and not lp.integral and not s.km_proven and not s.control.stopped:
        assert lp.values is not None and lp.value is not None
        new = zero_half_cuts(s.relaxation.with_rows([c.as_row() for c in s.cuts] + rows), lp.values)
        if not new:
            break
        rounds += 1
        s.cuts.extend(new)  # for the later LPs and every later phase's model (`fork`)
        _add_cut_rows(cp, new)
        tightened = _solve_km_lp(s, s.remaining() / 4, new)
        if tightened.value is None or tightened.values is None:
            break
        lp = tightened
        s.lp_km = max(s.lp_km or 0.0, lp.value)
        _adopt_integral_km(s, lp)
        if _km_closed(s):
            s.settle("km", KM_CUTS_PROOF)
            break
        _km_dive(s, lp, cp)
        if _km_closed(s):
            s.settle("km", KM_CUTS_PROOF)
    s.phases.append({"phase": "km-cuts", "rounds": rounds, "cuts": len(s.cuts), "bound_before": before,
                     "bound_after": s.lp_km, "proven": s.km_proven,
                     "wall_time_s": round(time.perf_counter() - started, 3)})  # fmt: skip
    return lp


def _km_closed(s: _Search) -> bool:
    """The km is within KM_PROVEN_GAP of the LP bound."""
    return s.lp_km is not None and s.km() - s.lp_km <= KM_PROVEN_GAP * max(s.lp_km, 1.0)


def _adopt(s: _Search, result: PhaseResult) -> None:
    """Record a CP-SAT phase and offer its planning to the incumbent."""
    s.phases.append(result.as_dict())
    s.offer(result.values)


def _polish(s: _Search) -> None:
    """Least km at the same coverage and continuity pattern (a min-cost flow)."""
    started = time.perf_counter()
    before = s.metres()
    polished = polish_km(s.m, s.values, None if s.wish is None else s.wish.flow_costs)
    s.offer(polished)  # with wishes: kept only if its wish score is no lower
    s.phases.append(
        {
            "phase": "polish",
            "km_before": before / KM_SCALE,
            "km_after": s.metres() / KM_SCALE,
            "wall_time_s": round(time.perf_counter() - started, 3),
        }
    )
    if s.km_bound is not None and s.metres() <= s.km_bound:
        s.settle("km", FLOW_PROOF)


def _coverage_phase(s: _Search) -> None:
    m = s.m
    w = m.weights
    assert w is not None
    cp = s.fork()
    cp.set_objective(m.u, w.weight, maximize=True)
    if s.coverage_bound is not None:
        cp.add_linear(m.u, w.weight, 0, s.coverage_bound)
    if s.has_incumbent:
        cp.set_hint(m.all_variables, s.values)
    share = 1.0 - KM_PHASE_SHARE if not s.km_proven else 1.0
    result = run_phase(
        cp.model, "coverage", s.remaining() * share, s.options, s.control, s.reporter("coverage"), s.scale
    )
    _adopt(s, result)
    s.has_incumbent = s.has_incumbent or result.values is not None
    if result.raw_bound is not None:
        s.coverage_bound = min(s.coverage_bound or result.raw_bound, result.raw_bound)
    if result.status == "OPTIMAL":
        s.settle("coverage", "CP-SAT (exact)")
    elif s.coverage() == s.coverage_bound:
        s.settle("coverage", "CP-SAT bound (exact)")
    if result.status == "INFEASIBLE":
        raise _Infeasible


def _km_phase(s: _Search, lp: LpSolution | None) -> None:
    """CP-SAT on km with coverage (and changes) held. With an LP solution: first a dive
    on the LP's support (a good planning fast), then reduced-cost fixing of the model
    before the full search proves the rest."""
    m = s.m
    w = m.weights
    assert w is not None
    variables, metres = travel_cost(m)
    cp = s.hold(s.fork())  # coverage, and (re-planning) the fewest changes found
    if s.km_bound is not None and s.change_costs is None:
        cp.add_linear(variables, metres, s.km_bound, int(np.maximum(metres, 0).sum()))
    cp.set_objective(variables, metres, maximize=False)
    cp.set_hint(m.all_variables, s.values)
    if lp is not None and lp.values is not None and not lp.integral:
        _km_dive(s, lp, cp)
        if _km_closed(s):
            s.settle("km", s.km_lp_proof())
            return
        if s.options.use_cuts and m.arrays.policy is None:
            lp = _km_cuts(s, lp, cp)
            if s.km_proven:
                return
    if lp is not None and lp.reduced_costs is not None:
        gap = s.km() - (s.lp_km or 0.0)
        fixed = fixable_to_zero(lp, gap, maximize=False, margin=KM_PROVEN_GAP * max(s.km(), 1.0) + 1e-3)
        fixed = np.intersect1d(fixed, m.x)
        cp.fix_to_zero(fixed[s.values[fixed] == 0])
        s.phases.append({"phase": "km-reduced-cost-fixing", "fixed_to_zero": len(fixed)})
    cp.set_hint(m.all_variables, s.values)
    result = run_phase(cp.model, "km", s.remaining(), s.options, s.control, s.reporter("km"), KM_SCALE)
    _adopt(s, result)
    if result.raw_bound is not None:
        s.km_bound = max(s.km_bound or 0, result.raw_bound)
    fixed = " after LP reduced-cost fixing" if lp is not None else ""
    if result.status == "OPTIMAL" or (s.km_bound is not None and s.metres() <= s.km_bound):
        s.settle("km", f"CP-SAT (exact, metres){fixed}")
    elif _km_closed(s):
        s.settle("km", s.km_lp_proof())


def _km_dive(s: _Search, lp: LpSolution, cp: CpBuilder) -> None:
    """CP-SAT on km (the km phase's model `cp`) over the missions the km LP uses, hinted
    with the LP rounded."""
    m = s.m
    assert lp.values is not None
    support = cp.model.clone()  # only the missions the LP uses, from the LP rounded
    CpBuilder.fix_in(support.proto, m.x[lp.values[m.x] <= INTEGRAL])
    support.proto.clear_solution_hint()
    support.proto.solution_hint.vars.extend(m.x.tolist())
    support.proto.solution_hint.values.extend((lp.values[m.x] >= 0.5).astype(np.int64).tolist())
    limit = min(s.remaining() / 3, LP_DIVE_MAX_S)
    dive = run_phase(support, "km-lp-dive", limit, s.options, s.control, s.reporter("km"), KM_SCALE)
    _adopt(s, dive)


def _changes_phase(s: _Search) -> None:
    """Re-planning: fewest changed assignments, coverage held."""
    m = s.m
    w = m.weights
    assert w is not None and s.change_costs is not None
    cp = s.hold(s.fork(), changes=False)
    cp.set_objective(m.x, s.change_costs, maximize=False)
    cp.set_hint(m.all_variables, s.values)
    offset = s.previous_rows

    def to_changes(raw: float) -> float:
        return raw + offset

    result = run_phase(
        cp.model, "changes", s.remaining() / 2, s.options, s.control, s.reporter("changes"), 1.0
    )
    result.objective = None if result.objective is None else to_changes(result.objective)
    result.bound = None if result.bound is None else to_changes(result.bound)
    s.phases.append(result.as_dict())
    s.offer(result.values)


def _history_phase(s: _Search, scenario: Scenario) -> None:
    """history.csv: return to known sites, then balance days across months; coverage,
    km (and changes) held at their best."""
    m = s.m
    cp = s.hold(s.fork(), km=True)
    terms, coeffs, day_counts = history_terms(m, cp, scenario)  # new variables: this phase's only
    hint = np.zeros(cp.num_variables, dtype=np.int64)
    hint[: len(s.values)] = s.values
    for members, days in day_counts:  # days[k] = 1 when the doctor works at least k + 1 days
        hint[days[: int(s.values[m.x[members]].sum())]] = 1
    cp.set_objective(terms, coeffs, maximize=True)
    cp.set_hint(np.arange(cp.num_variables, dtype=np.int64), hint)
    report = s.reporter("history")
    result = run_phase(cp.model, "history", s.remaining(), s.options, s.control, report, 1.0)
    s.phases.append(result.as_dict())
    s.offer(None if result.values is None else result.values[: len(s.values)])


def _flow_wanted(s: _Search) -> bool:
    """The flow relaxation drops rule 4, so its bound is weaker than the LP's: with an LP-guided
    planning in hand it only costs time (measured: 17 s for nothing on a hard national month)."""
    guided = s.coverage_lp is not None and s.has_incumbent
    allowed = s.options.use_flow and not s.m.has_requirements and not s.replanning and not guided
    allowed = allowed and s.m.arrays.policy is None  # the flow knows no budget or stay ("policy-flow")
    return allowed and len(s.m.x) > 0 and not s.coverage_proven


def _contract_start_wanted(s: _Search) -> bool:
    """Stay months: start from the LP optima of the month without stays."""
    return s.m.stays is not None and s.options.use_lp and len(s.m.x) > 0 and not s.coverage_proven


def _policy_flow_wanted(s: _Search) -> bool:
    """Policy months: the flow's planning fitted to the budget, unless the LP rounded down
    already gave a start (budget only; stay months always try it)."""
    allowed = s.options.use_flow and s.m.arrays.policy is not None and not s.m.has_requirements
    allowed = allowed and (s.m.stays is not None or not s.has_incumbent) and not s.replanning
    return allowed and len(s.m.x) > 0 and not s.coverage_proven


def _policy_lp_dive(s: _Search) -> None:
    assert s.lp_coverage is not None
    _lp_support_dive(s, s.lp_coverage)


def _fixed_coverage_phase(s: _Search) -> None:
    _coverage_fixing(s)
    _coverage_phase(s)


def _changes_step(s: _Search) -> None:
    _changes_phase(s)
    if not len(s.m.x):
        s.settle("km", "no mission")


def _lp_km_step(s: _Search) -> None:
    s.lp_km_solution = _lp_km_phase(s)


def _km_step(s: _Search) -> None:
    _km_phase(s, s.lp_km_solution)
    if not s.replanning and not s.pins and s.m.arrays.policy is None:
        _polish(s)


def _wish_phase(s: _Search) -> None:
    """wishes.csv: the best wish score with coverage (and changes) held; the model and
    the LP relaxation then hold it for every later phase. A new planning reopens km."""
    share = WISH_PHASE_SHARE if not s.km_proven else 1.0
    s.wish = maximise_wishes(
        s.m, s.values, s.change_costs, s.relaxation, s.remaining() * share, s.options, s.control,
        s.reporter("wish"), s.fork,
    )  # fmt: skip
    s.phases.extend(s.wish.phases)
    s.wish_relaxation = s.wish.relaxation
    changed = not np.array_equal(s.wish.values[s.m.x], s.values[s.m.x])
    adopted = s.offer(s.wish.values)
    if adopted and changed and s.options.minimize_km and len(s.m.x) and s.km_proven:
        s.km_proven = False  # a new planning reopens km
        s.proof.pop("km", None)
    if s.wish.proof is not None:
        s.proof["wish"] = s.wish.proof
    if s.wish.km_proof is not None:
        s.settle("km", s.wish.km_proof)


@dataclass(frozen=True)
class Step:
    """One phase of the monthly solve: `run` when `wanted` (and the solve is not stopped).

    A phase reads and improves the shared `_Search` state (incumbent `values`, bounds,
    `proof`); a later objective's phase must hold the earlier ones (coverage, changes,
    then km) with linear rows on the same integer objectives."""

    name: str
    wanted: Callable[[_Search], bool]
    run: Callable[[_Search], object]


# The monthly solve, in order. An objective between coverage and km (the wish score)
# goes after "changes" and before "polish"; it must hold coverage (and changes), and the
# km and history phases must then hold it too. The policy steps (budget, stays, cost:
# `roster.solvers.policy`) are wanted only when scenario.toml sets a policy; the flow
# and the contract's km polish know no budget nor stay, so they are not wanted then.
PIPELINE: tuple[Step, ...] = (
    Step("lp-coverage", lambda s: s.options.use_lp and len(s.m.x) > 0, _lp_coverage_phase),
    Step("coverage-cuts", lambda s: s.coverage_lp is not None and not s.coverage_proven and _cuts_wanted(s),
         _coverage_cuts),
    Step("coverage-lp-dive",
         lambda s: s.coverage_lp is not None and not s.coverage_proven and s.m.arrays.policy is None,
         _lp_guided_coverage),
    Step("flow", _flow_wanted, _flow_phase),
    Step("contract-start", _contract_start_wanted, _contract_start),
    Step("policy-flow", _policy_flow_wanted, _policy_flow_phase),
    Step("policy-lp-dive", lambda s: s.lp_coverage is not None and not s.coverage_proven, _policy_lp_dive),
    Step("coverage", lambda s: not s.coverage_proven, _fixed_coverage_phase),
    Step("changes", lambda s: s.replanning, _changes_step),
    Step("wish", lambda s: s.scenario is not None and s.scenario.has_wishes_file, _wish_phase),
    Step("polish",
         lambda s: not s.km_proven and not s.replanning and not s.pins and s.m.arrays.policy is None,
         _polish),
    Step("stays-polish", lambda s: s.m.stays is not None and s.has_incumbent, _policy_polish),
    Step("policy-km-dive",
         lambda s: s.m.arrays.policy is not None and not s.km_proven and s.has_incumbent and len(s.m.x) > 0,
         _policy_km_dive),
    Step("coverage-reduced-cost-fixing", lambda s: not s.km_proven, _coverage_fixing),
    Step("lp-km", lambda s: s.options.use_lp and not s.km_proven, _lp_km_step),
    Step("km", lambda s: not s.km_proven, _km_step),
    Step("history", lambda s: bool(s.scenario is not None and s.scenario.history) and len(s.m.x) > 0,
         lambda s: _history_phase(s, s.scenario)),
)  # fmt: skip


class _Infeasible(Exception):
    pass


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    progress: ProgressFn | None = None,
    control: SolveControl | None = None,
    previous: Planning | None = None,
) -> Planning:
    """Solve one month lexicographically and return the planning: coverage, then (when
    re-planning from `previous`) fewest changed assignments, then km, then (with
    history.csv) returns to known sites and balanced totals; locums last."""
    options = options or SolveOptions()
    control = control or SolveControl()
    emit = progress or (lambda _p: None)
    started = time.perf_counter()
    emit(Progress("build", 0.0))
    arrays = ScenarioArrays.from_scenario(scenario)
    m = build_model(arrays)
    s = _Search(m, options, emit, control)
    s.started = started
    prefer_locums = None
    if previous is not None:
        kept, s.previous_rows = previous_missions(m, previous)
        s.change_costs = change_costs(kept)
        prefer_locums = previous_locums(m, previous)
        s.replace(full_values(m, kept.astype(np.int64), prefer_locums.astype(np.int64)))
        s.has_incumbent = True
    s.scenario, s.replanning, s.pins = scenario, previous is not None, bool(len(arrays.pins))
    s.ranking = Ranking(m, s.change_costs, wish_vector(m) if scenario.has_wishes_file else None)
    s.replace(s.values)
    infeasible = bool((m.pin_options < 0).any())
    try:
        if infeasible:
            raise _Infeasible
        for step in PIPELINE:
            if control.stopped:
                break
            if step.wanted(s):
                step.run(s)
    except _Infeasible:
        infeasible = True
        s.conflicts = conflicting_requirements(scenario, arrays, min(max(s.remaining(), 5.0), 60.0))
        s.replace(np.zeros(m.num_variables, dtype=np.int64))
    locum_started = time.perf_counter()
    s.replace(choose_locums(m, s.values, prefer=prefer_locums))
    s.phases.append({"phase": "locums", "wall_time_s": round(time.perf_counter() - locum_started, 3)})
    return _planning(scenario, s, infeasible)


def _wish_proven(scenario: Scenario, s: _Search) -> bool:
    return not scenario.has_wishes_file or (s.wish is not None and s.wish.proven)


def _message(infeasible: bool, conflicts: list[str]) -> str:
    if not infeasible:
        return ""
    if not conflicts:
        return "no planning satisfies the pins and zone minimums (no conflict isolated in time)"
    return "no planning satisfies these together: " + "; ".join(conflicts)


def _planning(scenario: Scenario, s: _Search, infeasible: bool) -> Planning:
    m, options = s.m, s.options
    arrays = m.arrays
    missions, days = assignments(m, s.values)
    locums = locum_days(m, s.values)
    score = harmonic_score(arrays.zone_priority, days, arrays.zone_demand)
    if infeasible:
        status = "INFEASIBLE"
        s.coverage_proven = s.km_proven = False
    elif s.coverage_proven and s.km_proven and _wish_proven(scenario, s) and not s.control.stopped:
        status = "OPTIMAL"
    else:
        status = "FEASIBLE"
    bound = score if s.coverage_proven else (None if s.coverage_bound is None else s.coverage_bound / s.scale)
    if infeasible:
        bound = None
    mission_km = float(sum(x.km for x in missions))
    locum_km = float(sum(x.km for x in locums))
    settings = scenario.settings
    demand = arrays.zone_demand
    weights = m.weights
    assert weights is not None
    summary = SolveSummary(
        status=status,
        objective=score,
        best_bound=bound,
        wall_time_s=round(s.elapsed(), 3),
        coverage_score=score,
        total_km=round(mission_km, 6),  # the contract's total km: the volunteers' travel
        doctor_days=len(missions),
        indemnity_eur=round(len(missions) * settings.daily_indemnity_eur, 2),
        travel_eur=round(mission_km * settings.km_rate_eur * (2 if settings.round_trip else 1), 2),
        scenario=settings.name,
        month=settings.month,
        gap=None if bound is None else (0.0 if bound <= 0 else max(0.0, bound - score) / bound),
        km_status="OPTIMAL" if s.km_proven else "FEASIBLE",
        km_bound=None if s.km_bound is None or settings.secondary == "cost" else s.km_bound / KM_SCALE,
        mission_km=round(mission_km, 6),
        locum_km=round(locum_km, 6),
        locum_days=len(locums),
        zones_total=len(arrays.zone_ids),
        zones_reached=int(((days > 0) & (demand > 0)).sum()),
        demand_days=int(demand.sum()),
        shortfall_days=int(np.maximum(demand - days, 0).sum()),
        interrupted=s.control.stopped,
        coverage_exact_scaling=weights.exact,
        coverage_scale=weights.scale,
        solver=f"OR-Tools CP-SAT {ortools.__version__} + min-cost flow",
        workers=options.workers,
        seed=options.seed,
        time_limit_s=options.time_limit_s,
        changes=s.changes(),
        wish_score=None if not scenario.has_wishes_file else s.incumbent.wish,
        wish_bound=None if infeasible or s.wish is None else s.wish.bound,
        proof={} if infeasible else s.proof,
        conflicts=s.conflicts,
        message=_message(infeasible, s.conflicts),
        **policy_figures(scenario, m, s.values, missions, locums),
        phases=[
            {
                "phase": "build",
                "wall_time_s": round(m.build_seconds, 3),
                "mission_variables": len(m.x),
                "locum_variables": len(m.y),
                "coverage_variables": len(m.u),
                "constraints": m.num_constraints,
                **{f"constraints_{k}": v for k, v in m.constraints_per_rule.items()},
            },
            *s.phases,
        ],
    )
    return Planning(assignments=tuple(missions), locum_days=tuple(locums), summary=summary)
