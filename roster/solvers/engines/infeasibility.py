"""Why a month with pins or zone minimums is infeasible: the conflicting items, named.

Each requirement (a pinned mission, a zone minimum) sits behind an assumption
literal; CP-SAT's `sufficient_assumptions_for_infeasibility` returns a conflicting
subset, shrunk here to a minimal one (no item can be dropped) by deletion.
Pins that no hard rule allows at all (unavailable doctor, closed site, trip too
long) are named first, with the rule.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from roster.models import Scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.pins import why_impossible
from roster.solvers.model.mission_model import MissionModel, build_model

MAX_SHRINK_SOLVES = 40


def _label(scenario: Scenario, m: MissionModel, key: str) -> str:
    kind, index = key.split()
    i = int(index)
    if kind == "pin":
        pin = scenario.pins[i]
        return f"pins.csv:{pin.line}: {pin.doctor_id} at {pin.site_id} on {pin.date}"
    zone = scenario.zones[i]
    return f"zones.csv: zone {zone.zone_id} ({zone.name}) requires min_days {zone.min_days}"


def _infeasible(m: MissionModel, literals: list[int], time_limit_s: float) -> tuple[bool, list[int]]:
    """(proven infeasible with these assumptions, a sufficient subset of them)."""
    cp = m.fork()
    cp.add_assumptions(literals)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(cp.model)
    if status != cp_model.INFEASIBLE:
        return False, []
    return True, [int(v) for v in solver.sufficient_assumptions_for_infeasibility()]


def conflicting_requirements(
    scenario: Scenario, arrays: ScenarioArrays, time_limit_s: float = 30.0
) -> list[str]:
    """Human-readable items that cannot all hold; empty when none is found in time."""
    m = build_model(arrays, with_assumptions=True)
    impossible = []
    for i, option in enumerate(m.pin_options.tolist()):
        if option < 0:
            doctor, site, date = (int(v) for v in arrays.pins[i])
            impossible.append(
                f"{_label(scenario, m, f'pin {i}')}: {why_impossible(arrays, doctor, site, date)}"
            )
    if impossible:
        return impossible
    proven, core = _infeasible(m, list(m.requirements), time_limit_s)
    if not proven:
        return []
    core = core or list(m.requirements)
    for solves, literal in enumerate(list(core)):  # deletion: keep only what the conflict needs
        if solves >= MAX_SHRINK_SOLVES or len(core) == 1:
            break
        trial = [x for x in core if x != literal]
        still, _ = _infeasible(m, trial, time_limit_s / 4)
        if still:
            core = trial
    return [_label(scenario, m, m.requirements[literal]) for literal in sorted(core)]
