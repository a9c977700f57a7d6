"""The contract as a MILP solved by HiGHS: an independent second formulation.

Variables: x[d,s,t] for every feasible mission (doctor available, site open, rule 3),
y[r,p,t] for every locum day that could keep a constrained practice open (rule 5),
and coverage units u[z,k] in [0, 1], k = 1..demand_z, of weight priority_z / k
(decreasing in k, so continuous units fill in order). Rows: rules 1, 2, 4, 5 and
sum_k u[z,k] <= days in z. Phase 1 maximises coverage; with wishes.csv, phase 2 keeps
coverage at its best (within 1e-7 relative) and maximises the wish score; the last phase
keeps them (the wish score exactly: it is an integer) and minimises the volunteers' km. The matrix is built as
CSR arrays with numpy and handed to HiGHS in one call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import highspy
import numpy as np

from roster.baselines.common import Instance, Outcome, coverage_score, make_planning, mission_wishes
from roster.models import Assignment, LocumDay, Planning, Scenario
from roster.models.planning import Status

COVERAGE_SLACK = 1e-7  # phase 2 keeps coverage >= best - COVERAGE_SLACK * max(1, best)
KM_PHASE_SHARE = 0.25  # share of the time limit kept for phase 2
COVERAGE_GAP = 1e-9  # coverage levels are discrete: prove the best one
# The coverage row's slack lets every LP relaxation shave about COVERAGE_SLACK of coverage,
# hence ~1e-7 relative of km, off the km bound at every node: closing the km gap below
# that takes hours even on tiny instances. 1e-6 relative is the contract's tolerance on km.
KM_GAP = 1e-6


@dataclass
class _Rows:
    """Rows accumulated as coordinate entries, emitted as CSR."""

    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    per_rule: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def add(self, rule: str, row: np.ndarray, col: np.ndarray, val: np.ndarray, upper: np.ndarray) -> None:
        """Rows `sum val * col <= upper`; `row` numbers them 0..len(upper)-1 within this block."""
        self.lower.append(np.full(len(upper), -np.inf))
        self.upper.append(upper.astype(np.float64))
        self.entries.append((row + self.count, col, val.astype(np.float64)))
        self.per_rule[rule] = self.per_rule.get(rule, 0) + len(upper)
        self.count += len(upper)

    def add_at_most(self, rule: str, key: np.ndarray, col: np.ndarray, limit: np.ndarray) -> None:
        """For each key, sum of its 0/1 columns <= limit[key]; rows that cannot bind are left out."""
        if not len(key):
            return
        keys, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        keep = counts > limit[keys]
        renumber = np.cumsum(keep) - 1
        take = keep[inverse]
        self.add(rule, renumber[inverse[take]], col[take], np.ones(int(take.sum())), limit[keys[keep]])

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(lower, upper, starts, indices, values) of every row."""
        if not self.entries:
            empty = np.zeros(0)
            return empty, empty, np.zeros(0, np.int32), np.zeros(0, np.int32), empty
        row = np.concatenate([e[0] for e in self.entries])
        col = np.concatenate([e[1] for e in self.entries])
        val = np.concatenate([e[2] for e in self.entries])
        order = np.argsort(row, kind="stable")
        starts = np.concatenate(([0], np.cumsum(np.bincount(row, minlength=self.count))[:-1]))
        return (
            np.concatenate(self.lower),
            np.concatenate(self.upper),
            starts.astype(np.int32),
            col[order].astype(np.int32),
            val[order],
        )


@dataclass
class _Model:
    """Column meaning and rows of the MILP. Columns: x, then y, then u."""

    x_doctor: np.ndarray
    x_site: np.ndarray
    x_date: np.ndarray
    x_km: np.ndarray
    y_locum: np.ndarray
    y_practice: np.ndarray
    y_date: np.ndarray
    y_km: np.ndarray
    u_zone: np.ndarray
    u_weight: np.ndarray
    rows: _Rows
    x_wish: np.ndarray  # wishes.csv: each mission's wish value (zeros without wishes)

    @property
    def n_x(self) -> int:
        return len(self.x_doctor)

    @property
    def n_y(self) -> int:
        return len(self.y_locum)

    @property
    def n_cols(self) -> int:
        return self.n_x + self.n_y + len(self.u_zone)

    @property
    def u_cols(self) -> np.ndarray:
        return np.arange(self.n_x + self.n_y, self.n_cols)


def _missions(inst: Instance, scenario: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(doctor, site, date, wish value) of every mission rules 1-3 (and only_wished) allow in a
    zone that wants days (elsewhere a mission is worth nothing, and with wishes a zone gets no
    day it did not ask for)."""
    wanted = inst.zone_demand[inst.site_zone] > 0
    d, s = np.nonzero(inst.doctor_reach & (inst.doctor_cap > 0)[:, None] & wanted[None, :])
    pair, t = np.nonzero(inst.doctor_available[d] & inst.site_open[s])
    d, s = d[pair], s[pair]
    wish, positive = mission_wishes(scenario, inst, d, s, t)
    keep = ~inst.doctor_only_wished[d] | positive
    return d[keep], s[keep], t[keep], wish[keep]


def _continuity_rows(inst: Instance, d: np.ndarray, t: np.ndarray) -> np.ndarray:
    """[practice, date] True where the practice's volunteers could leave it short (rule 4)."""
    n_p, n_t = len(inst.practice_ids), inst.n_dates
    p = inst.doctor_practice[d]
    home = p >= 0
    home[home] = inst.practice_open[p[home], t[home]]
    doctor_dates = np.unique(d[home] * n_t + t[home])
    practice = inst.doctor_practice[doctor_dates // n_t]
    away = np.bincount(practice * n_t + doctor_dates % n_t, minlength=n_p * n_t).reshape(n_p, n_t)
    return away > inst.practice_slack[:, None]


def _locum_options(inst: Instance, binding: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(locum, practice, date) of every locum day rule 5 allows at a binding continuity row."""
    r, p = np.nonzero(inst.locum_reach & (inst.locum_max_days > 0)[:, None])
    pair, t = np.nonzero(inst.locum_available[r] & binding[p])
    return r[pair], p[pair], t


def _build_model(inst: Instance, scenario: Scenario) -> _Model:
    """Every column and row of the MILP, as numpy arrays."""
    n_t, n_d = inst.n_dates, len(inst.doctor_ids)
    xd, xs, xt, x_wish = _missions(inst, scenario)
    binding = _continuity_rows(inst, xd, xt)
    yr, yp, yt = _locum_options(inst, binding)
    n_x, n_y = len(xd), len(yr)
    zone = inst.site_zone[xs]
    units = np.minimum(inst.zone_demand, np.bincount(zone, minlength=len(inst.zone_ids)))
    u_zone = np.repeat(np.arange(len(units)), units)
    k = np.arange(len(u_zone)) - np.repeat(np.cumsum(units) - units, units) + 1
    x_cols, y_cols = np.arange(n_x), np.arange(n_x, n_x + n_y)
    u_cols = np.arange(n_x + n_y, n_x + n_y + len(u_zone))

    rows = _Rows()
    rows.add_at_most("rule1_one_per_date", xd * n_t + xt, x_cols, np.ones(n_d * n_t, np.int64))
    rows.add_at_most("rule1_cap", xd, x_cols, inst.doctor_cap)
    rows.add_at_most("rule2_capacity", xs * n_t + xt, x_cols, np.repeat(inst.site_capacity, n_t))
    _add_continuity(rows, inst, binding, (xd, xt, x_cols), (yp, yt, y_cols))
    n_r = len(inst.locum_ids)
    rows.add_at_most("rule5_one_per_date", yr * n_t + yt, y_cols, np.ones(n_r * n_t, np.int64))
    rows.add_at_most("rule5_max_days", yr, y_cols, inst.locum_max_days)
    _add_coverage(rows, zone, x_cols, u_zone, u_cols)
    if scenario.has_wishes_file:  # a wish chooses between missions that count: no day beyond demand
        rows.add_at_most("wishes_demand", zone, x_cols, inst.zone_demand)
    return _Model(
        x_doctor=xd,
        x_site=xs,
        x_date=xt,
        x_km=inst.doctor_km[xd, xs],
        y_locum=yr,
        y_practice=yp,
        y_date=yt,
        y_km=inst.locum_km[yr, yp],
        u_zone=u_zone,
        u_weight=inst.zone_priority[u_zone] / k,
        rows=rows,
        x_wish=x_wish,
    )


def _add_continuity(
    rows: _Rows,
    inst: Instance,
    binding: np.ndarray,
    x: tuple[np.ndarray, np.ndarray, np.ndarray],
    y: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Rule 4: volunteers away - locums at the practice <= slack, on every binding (practice, date)."""
    (xd, xt, x_cols), (yp, yt, y_cols) = x, y
    n_t = inst.n_dates
    row_of = np.full(binding.size, -1, dtype=np.int64)
    flat = np.flatnonzero(binding.ravel())
    row_of[flat] = np.arange(len(flat))
    p = inst.doctor_practice[xd]
    x_row = np.full(len(xd), -1, dtype=np.int64)
    home = p >= 0
    x_row[home] = row_of[p[home] * n_t + xt[home]]
    on = x_row >= 0
    y_row = row_of[yp * n_t + yt]
    rows.add(
        "rule4_continuity",
        np.concatenate([x_row[on], y_row]),
        np.concatenate([x_cols[on], y_cols]),
        np.concatenate([np.ones(int(on.sum())), -np.ones(len(y_row))]),
        inst.practice_slack[flat // n_t],
    )


def _add_coverage(
    rows: _Rows, zone: np.ndarray, x_cols: np.ndarray, u_zone: np.ndarray, u_cols: np.ndarray
) -> None:
    """sum_k u[z,k] - days in z <= 0 for every zone with coverage units."""
    zones = np.unique(u_zone)
    row_of = np.full(int(max(zone.max(initial=-1), u_zone.max(initial=-1))) + 1, -1, dtype=np.int64)
    row_of[zones] = np.arange(len(zones))
    x_row = row_of[zone]
    on = x_row >= 0
    rows.add(
        "coverage_units",
        np.concatenate([row_of[u_zone], x_row[on]]),
        np.concatenate([u_cols, x_cols[on]]),
        np.concatenate([np.ones(len(u_zone)), -np.ones(int(on.sum()))]),
        np.zeros(len(zones)),
    )


@dataclass
class _Phase:
    name: str
    status: str
    optimal: bool
    values: np.ndarray | None
    objective: float | None
    bound: float | None
    wall_s: float
    nodes: int
    consistent: bool = True
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "phase": self.name,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "wall_time_s": round(self.wall_s, 3),
            "nodes": self.nodes,
        }
        if self.note:
            out["note"] = self.note
        return out


def _load(h: Any, highspy: Any, m: _Model) -> None:
    """Pass the columns (x, y integer in [0, 1], u continuous in [0, 1]) and rows to HiGHS."""
    n = m.n_cols
    none = np.zeros(0, np.int32)
    h.addCols(n, np.zeros(n), np.zeros(n), np.ones(n), 0, np.zeros(n, np.int32), none, np.zeros(0))
    integer = np.arange(m.n_x + m.n_y, dtype=np.int32)
    kind = np.full(len(integer), highspy.HighsVarType.kInteger.value, dtype=np.uint8)
    if len(integer):
        h.changeColsIntegrality(len(integer), integer, kind)
    lower, upper, starts, index, value = m.rows.csr()
    if len(lower):
        h.addRows(len(lower), lower, upper, len(index), starts, index, value)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _run_once(
    h: Any, highspy: Any, name: str, time_limit: float, costs: np.ndarray, start: np.ndarray | None
) -> _Phase:
    h.clearSolver()  # no solution of an earlier phase may act as a MIP start
    h.setOptionValue("time_limit", max(0.1, time_limit))
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = start.tolist()
        solution.value_valid = True
        h.setSolution(solution)
    began = time.perf_counter()
    if h.run() == highspy.HighsStatus.kError and h.getModelStatus() == highspy.HighsModelStatus.kNotset:
        # HiGHS keeps one thread scheduler per process, with the thread count of its first
        # parallel solve, and refuses a solve that asks for another: run on the one there is
        h.setOptionValue("threads", 0)
        h.run()
    wall = time.perf_counter() - began
    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible.value
    values = np.asarray(h.getSolution().col_value, dtype=np.float64) if has_solution else None
    objective = float(costs @ values) if values is not None else None
    reported = float(info.objective_function_value)
    consistent = objective is None or abs(objective - reported) <= 1e-6 * max(1.0, abs(objective))
    return _Phase(
        name=name,
        status=h.modelStatusToString(status),
        optimal=status == highspy.HighsModelStatus.kOptimal and consistent,
        values=values,
        objective=objective,
        bound=_finite(info.mip_dual_bound),
        wall_s=wall,
        nodes=int(info.mip_node_count),
        consistent=consistent,
    )


def _run(
    h: Any, highspy: Any, name: str, time_limit: float, costs: np.ndarray, start: np.ndarray | None = None
) -> _Phase:
    """Solve the current objective. HiGHS 1.16 can return a MIP start unchanged as "optimal"
    with a wrong objective (presolve offset lost); such a run is repeated without the start."""
    phase = _run_once(h, highspy, name, time_limit, costs, start)
    if start is None or phase.consistent:
        return phase
    retry = _run_once(h, highspy, name, time_limit - phase.wall_s, costs, None)
    retry.wall_s += phase.wall_s
    retry.note = "MIP start dropped: HiGHS reported an objective its solution does not have"
    if retry.values is None:
        retry.values, retry.objective = phase.values, phase.objective
    return retry


def _filled_units(m: _Model, x_on: np.ndarray, inst: Instance) -> np.ndarray:
    """u values of the chosen missions: the first min(days, demand) units of each zone are 1."""
    n_zones = len(inst.zone_ids)
    days = np.bincount(inst.site_zone[m.x_site[x_on]], minlength=n_zones)
    first = np.concatenate(([0], np.cumsum(np.bincount(m.u_zone, minlength=n_zones))[:-1]))
    k = np.arange(len(m.u_zone)) - first[m.u_zone]
    return (k < days[m.u_zone]).astype(np.float64)


def _columns_of(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray | None:
    """Positions of `wanted` in `keys`, or None if one is missing."""
    order = np.argsort(keys, kind="stable")
    found = np.searchsorted(keys[order], wanted)
    found = np.minimum(found, max(len(keys) - 1, 0))
    if len(wanted) and (not len(keys) or not np.array_equal(keys[order][found], wanted)):
        return None
    return order[found]


def _start_values(m: _Model, inst: Instance, planning: Planning | None) -> np.ndarray | None:
    """Column values of a given planning, or None if it has a row the model does not allow."""
    if planning is None:
        return None
    n_t, n_s, n_p = inst.n_dates, len(inst.site_ids), len(inst.practice_ids)
    day = {d: i for i, d in enumerate(inst.dates)}
    doctor = {d: i for i, d in enumerate(inst.doctor_ids)}
    site = {s: i for i, s in enumerate(inst.site_ids)}
    locum = {r: i for i, r in enumerate(inst.locum_ids)}
    practice = {p: i for i, p in enumerate(inst.practice_ids)}
    try:
        x_want = [
            (doctor[a.doctor_id] * n_s + site[a.site_id]) * n_t + day[a.date] for a in planning.assignments
        ]
        y_want = [
            (locum[r.replacement_id] * n_p + practice[r.practice_id]) * n_t + day[r.date]
            for r in planning.locum_days
        ]
    except KeyError:
        return None
    x_cols = _columns_of((m.x_doctor * n_s + m.x_site) * n_t + m.x_date, np.array(x_want, np.int64))
    y_cols = _columns_of((m.y_locum * n_p + m.y_practice) * n_t + m.y_date, np.array(y_want, np.int64))
    if x_cols is None or y_cols is None:
        return None
    values = np.zeros(m.n_cols)
    values[x_cols] = 1.0
    values[m.n_x + y_cols] = 1.0
    values[m.n_x + m.n_y :] = _filled_units(m, x_cols, inst)
    return values


def _score(m: _Model, inst: Instance, x_on: np.ndarray) -> float:
    return coverage_score(inst, np.bincount(inst.site_zone[m.x_site[x_on]], minlength=len(inst.zone_ids)))


def _needed_locums(m: _Model, inst: Instance, x_on: np.ndarray, y_on: np.ndarray) -> np.ndarray:
    """The chosen locum days a practice needs given the missions (nearest first); the rest dropped."""
    n_t = inst.n_dates
    p = inst.doctor_practice[m.x_doctor[x_on]]
    t = m.x_date[x_on]
    home = p >= 0
    away = np.bincount(p[home] * n_t + t[home], minlength=len(inst.practice_ids) * n_t)
    need = np.maximum(away - np.repeat(inst.practice_slack, n_t), 0)
    cell = m.y_practice[y_on] * n_t + m.y_date[y_on]
    order = np.lexsort((m.y_km[y_on], cell))
    cell, chosen = cell[order], y_on[order]
    first = np.searchsorted(cell, cell, side="left")
    rank = np.arange(len(cell)) - first
    return chosen[rank < need[cell]]


def _rows_out(
    m: _Model, inst: Instance, x_on: np.ndarray, y_on: np.ndarray
) -> tuple[list[Assignment], list[LocumDay]]:
    assignments = [
        Assignment(
            date=inst.dates[m.x_date[i]],
            doctor_id=inst.doctor_ids[m.x_doctor[i]],
            site_id=inst.site_ids[m.x_site[i]],
            zone_id=inst.zone_ids[inst.site_zone[m.x_site[i]]],
            km=float(m.x_km[i]),
        )
        for i in x_on.tolist()
    ]
    locums = [
        LocumDay(
            date=inst.dates[m.y_date[j]],
            replacement_id=inst.locum_ids[m.y_locum[j]],
            practice_id=inst.practice_ids[m.y_practice[j]],
            km=float(m.y_km[j]),
        )
        for j in y_on.tolist()
    ]
    return assignments, locums


def solve_milp(
    scenario: Scenario, time_limit_s: float = 600.0, threads: int = 1, start: Planning | None = None
) -> Planning:
    """Solve the contract lexicographically (coverage, then the wish score with wishes.csv,
    then km) as a MILP with HiGHS.

    `start`, a valid planning of the same scenario (e.g. the greedy one), seeds phase 1.
    """
    started = time.perf_counter()
    inst = Instance.from_scenario(scenario)
    m = _build_model(inst, scenario)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", int(threads))
    _load(h, highspy, m)
    build = {
        "phase": "build",
        "wall_time_s": round(time.perf_counter() - started, 3),
        "mission_variables": m.n_x,
        "locum_variables": m.n_y,
        "coverage_variables": len(m.u_zone),
        "constraints": m.rows.count,
        **{f"constraints_{k}": v for k, v in m.rows.per_rule.items()},
    }

    def remaining() -> float:
        return time_limit_s - (time.perf_counter() - started)

    start_values = _start_values(m, inst, start)
    wishes = scenario.has_wishes_file
    phases = _solve_phases(h, highspy, m, inst, remaining, start_values, wishes)
    values = next((p.values for p in reversed(phases) if p.values is not None), np.zeros(m.n_cols))
    x_on = np.flatnonzero(values[: m.n_x] > 0.5)
    y_on = _needed_locums(m, inst, x_on, np.flatnonzero(values[m.n_x : m.n_x + m.n_y] > 0.5))
    assignments, locums = _rows_out(m, inst, x_on, y_on)
    report = (build, *(p.as_dict() for p in phases))
    outcome = _outcome(phases, report, started, time_limit_s, threads, wishes)
    if wishes:
        wish = next((p for p in phases if p.name == "wish"), None)
        bound = None if wish is None or wish.bound is None else int(np.floor(wish.bound + 1e-6))
        outcome = replace(outcome, wish_score=int(m.x_wish[x_on].sum()), wish_bound=bound)
    if start is not None and start_values is None:
        outcome = replace(outcome, message="start planning ignored: it has a row the rules do not allow")
    outcome = replace(outcome, solver=f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}")
    return make_planning(scenario, inst, assignments, locums, outcome)


def _outcome(
    phases: list[_Phase],
    report: tuple[dict[str, object], ...],
    started: float,
    limit: float,
    threads: int,
    wishes: bool = False,
) -> Outcome:
    """OPTIMAL when every phase was proven (or there was nothing to plan), else FEASIBLE
    (UNKNOWN if no planning was found); the bound is phase 1's dual bound."""
    coverage = phases[0] if phases else None
    km = phases[-1] if phases and phases[-1].name == "km" else None
    status: Status
    if all(p.optimal for p in phases) and (not phases or len(phases) == 2 + wishes):
        status = "OPTIMAL"
    else:
        status = "FEASIBLE" if any(p.values is not None for p in phases) else "UNKNOWN"
    return Outcome(
        status=status,
        best_bound=coverage.bound if coverage else 0.0,
        wall_time_s=time.perf_counter() - started,
        solver="HiGHS",
        time_limit_s=limit,
        workers=threads,
        km_status=("OPTIMAL" if km.optimal else "FEASIBLE") if km else None,
        km_bound=km.bound if km else None,
        phases=report,
    )


def _set_gap(h: Any, gap: float) -> None:
    h.setOptionValue("mip_rel_gap", gap)
    h.setOptionValue("mip_abs_gap", gap)


def _solve_phases(
    h: Any,
    highspy: Any,
    m: _Model,
    inst: Instance,
    remaining: Any,
    start: np.ndarray | None,
    wishes: bool = False,
) -> list[_Phase]:
    """Phase 1 (max coverage, from `start` if given), then (wishes) the best wish score at that
    coverage, then min km with both held.

    The later phases get no MIP start (see `_run`); a phase that finds nothing ends the solve
    and the planning of the phase before stays."""
    if len(m.u_zone) == 0:
        return []
    u_cols = m.u_cols.astype(np.int32)
    coverage_costs = np.zeros(m.n_cols)
    coverage_costs[u_cols] = m.u_weight
    h.changeColsCost(m.n_cols, np.arange(m.n_cols, dtype=np.int32), coverage_costs)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _set_gap(h, COVERAGE_GAP)
    first = _run(h, highspy, "coverage", remaining() * (1 - KM_PHASE_SHARE), coverage_costs, start)
    if first.values is None:
        return [first]
    best = _score(m, inst, np.flatnonzero(first.values[: m.n_x] > 0.5))
    h.addRow(best - COVERAGE_SLACK * max(1.0, best), np.inf, len(u_cols), u_cols, m.u_weight)
    phases = [first]
    if wishes:
        wish_costs = np.zeros(m.n_cols)
        wish_costs[: m.n_x] = m.x_wish
        h.changeColsCost(m.n_cols, np.arange(m.n_cols, dtype=np.int32), wish_costs)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1.0 - 1e-6)  # wish scores are integers
        wish = _run(h, highspy, "wish", remaining() * (1 - KM_PHASE_SHARE), wish_costs)
        phases.append(wish)
        if wish.values is None:
            return phases
        score = int(m.x_wish[np.flatnonzero(wish.values[: m.n_x] > 0.5)].sum())
        x_cols = np.flatnonzero(m.x_wish).astype(np.int32)
        h.addRow(score - 0.5, np.inf, len(x_cols), x_cols, m.x_wish[x_cols].astype(np.float64))
    km_costs = np.zeros(m.n_cols)
    km_costs[: m.n_x] = m.x_km
    h.changeColsCost(m.n_cols, np.arange(m.n_cols, dtype=np.int32), km_costs)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    _set_gap(h, KM_GAP)
    return [*phases, _run(h, highspy, "km", remaining(), km_costs)]
