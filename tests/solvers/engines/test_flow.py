"""The min-cost-flow relaxation without rule 4 (`roster.solvers.engines.flow`): its coverage
bounds the true optimum from above (the brute force of `tests/brute_force.py`, and the
solver checked by the independent verifier), equals it when rule 4 has no row, and among
coverage-optimal flows it takes the least km.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from brute_force import best_planning, search_size
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, practice, site, solve_and_verify, zone
from strategies import scenarios

from roster.models import Scenario
from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.flow import FlowSolution, relaxed_optimum
from roster.solvers.model import rules
from roster.solvers.model.mission_model import COVERAGE_ROWS, MissionModel, build_model
from roster.solvers.model.objective import KM_SCALE
from roster.solvers.model.rows import Rows
from roster.solvers.model.values import coverage_int, full_values
from solvers.built import model_of

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BRUTE_FORCE_LIMIT = 20_000  # complete choices the enumeration may visit


def loaded(spec: Spec) -> tuple[Scenario, MissionModel]:
    with tempfile.TemporaryDirectory() as tmp:
        scenario = load_scenario(spec.write(Path(tmp) / "s"))
    return scenario, build_model(ScenarioArrays.from_scenario(scenario))


def flow(m: MissionModel, **options: bool) -> FlowSolution:
    assert m.weights is not None
    solution = relaxed_optimum(m.arrays, m.space.missions, m.weights, **options)
    assert solution is not None
    return solution


def score(m: MissionModel, solution: FlowSolution) -> Fraction:
    """The flow's coverage as the contract's exact score."""
    assert m.weights is not None and m.weights.exact
    return Fraction(solution.coverage, m.weights.scale)


def sites_taken(m: MissionModel, solution: FlowSolution) -> list[tuple[str, str, int]]:
    a, o = m.arrays, m.space.missions
    return sorted(
        (a.doctor_ids[o.doctor[i]], a.site_ids[o.site[i]], a.dates[o.date[i]].day)
        for i in np.flatnonzero(solution.chosen).tolist()
    )


def holds(rows: Rows, values: np.ndarray) -> bool:
    for s, e, lo, hi in zip(rows.starts[:-1], rows.starts[1:], rows.low, rows.high, strict=True):
        activity = rows.coeffs[s:e] @ values[rows.variables[s:e]]
        if not lo <= activity <= hi:
            return False
    return True


# --- a bound on the true optimum ---------------------------------------------------------------


def test_the_relaxation_lets_a_practices_only_volunteer_leave(tmp_path: Path) -> None:
    """A is P's only doctor and no locum exists: no planning sends A, the relaxation does."""
    spec = Spec([zone("Z1", demand=1)], [site("S1", "Z1")], [doctor("A", "P")], {"A": [1]},
                practices=[practice("P")])  # fmt: skip
    m = model_of(spec, tmp_path)
    relaxed = flow(m)
    assert sites_taken(m, relaxed) == [("A", "S1", 1)] and score(m, relaxed) == 1
    assert best_planning(load_scenario(tmp_path))[0] == 0


@HYPOTHESIS
@given(spec=scenarios(max_doctors=4, max_practices=2, max_locums=2, days=5, tight_practices=True))
def test_the_relaxed_coverage_is_at_least_the_brute_force_optimum(spec: Spec) -> None:
    s, m = loaded(spec)
    assume(search_size(s) <= BRUTE_FORCE_LIMIT)
    assert score(m, flow(m)) >= best_planning(s)[0]


@HYPOTHESIS
@given(spec=scenarios(max_doctors=4, max_practices=2, max_locums=1, days=5))
def test_without_a_continuity_row_the_flow_is_the_brute_force_optimum_coverage_then_km(spec: Spec) -> None:
    s, m = loaded(spec)
    assume(len(m.space.continuity) == 0 and search_size(s) <= BRUTE_FORCE_LIMIT)
    relaxed = flow(m)
    best, best_km = best_planning(s)
    assert score(m, relaxed) == best
    assert relaxed.lexicographic or not relaxed.chosen.any()
    km = float(m.space.missions.km[relaxed.chosen].sum())
    assert km == pytest.approx(best_km, abs=1e-3 * max(int(relaxed.chosen.sum()), 1))  # metres rounded


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True))
def test_the_relaxed_coverage_is_at_least_the_verified_solvers_coverage(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "s")
        _, planning, verdict = solve_and_verify(folder, Path(tmp) / "out")
        m = build_model(ScenarioArrays.from_scenario(load_scenario(folder)))
    assert verdict.ok, verdict.violations
    assert planning.summary.status == "OPTIMAL"
    assert float(score(m, flow(m))) >= verdict.coverage_score - 1e-9


# --- what the flow returns ------------------------------------------------------------------------


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2), prove=st.booleans())
def test_the_flows_planning_obeys_rules_1_to_3_and_reports_its_own_coverage_and_metres(
    spec: Spec, prove: bool
) -> None:
    _, m = loaded(spec)
    relaxed = flow(m, prove_coverage=prove)
    values = full_values(m, relaxed.chosen.astype(np.int64), np.zeros(len(m.y), dtype=np.int64))
    for rows in (rules.one_mission_per_day(m), rules.monthly_cap(m), rules.site_capacity(m)):
        assert holds(rows, values)
    assert holds(dict(m.rows)[COVERAGE_ROWS], values)  # no zone beyond its useful days
    assert relaxed.coverage == coverage_int(m, values)
    assert relaxed.metres == int(np.rint(m.space.missions.km[relaxed.chosen] * KM_SCALE).sum())


def test_coverage_comes_before_km(tmp_path: Path) -> None:
    """A (one day) reaches Z1 (priority 2) at 50 km and Z2 (priority 1) at 5 km."""
    spec = Spec(
        [zone("Z1", priority=2, demand=1), zone("Z2", priority=1, demand=1)],
        [site("S1", "Z1"), site("S2", "Z2")],
        [doctor("A", max_days=1)],
        {"A": [1]},
        distances=[{"from_id": "A", "to_id": "S1", "km": 50}, {"from_id": "A", "to_id": "S2", "km": 5}],
    )
    m = model_of(spec, tmp_path)
    relaxed = flow(m)
    assert sites_taken(m, relaxed) == [("A", "S1", 1)]
    assert relaxed.metres == 50_000 and relaxed.lexicographic


def test_among_coverage_optimal_flows_the_least_km_is_taken(tmp_path: Path) -> None:
    """One seat a day on two days; A is 10 km away, B 20 km, C 30 km: A and B go."""
    spec = Spec(
        [zone("Z1", demand=2)],
        [site("S1", "Z1", days="Wed Thu")],
        [doctor("A", max_days=1), doctor("B", max_days=1), doctor("C", max_days=1)],
        {"A": [1, 2], "B": [1, 2], "C": [1, 2]},
        distances=[{"from_id": d, "to_id": "S1", "km": k} for d, k in (("A", 10), ("B", 20), ("C", 30))],
    )
    m = model_of(spec, tmp_path)
    relaxed = flow(m)
    assert [d for d, _, _ in sites_taken(m, relaxed)] == ["A", "B"]
    assert relaxed.metres == 30_000 and relaxed.lexicographic
    assert not flow(m, minimize_km=False).lexicographic


def test_options_left_out_of_keep_are_never_chosen(tmp_path: Path) -> None:
    spec = Spec(
        [zone("Z1", demand=2)],
        [site("S1", "Z1", days="Wed Thu")],
        [doctor("A", max_days=2)],
        {"A": [1, 2]},
    )
    m = model_of(spec, tmp_path)
    keep = m.space.missions.date != 0
    assert m.weights is not None
    relaxed = relaxed_optimum(m.arrays, m.space.missions, m.weights, keep)
    assert relaxed is not None
    assert sites_taken(m, relaxed) == [("A", "S1", 2)]


def test_on_a_stay_month_the_flow_keeps_the_contracts_cap(tmp_path: Path) -> None:
    """Cap 2, stay cap 3: three days at FAR need one stay, which no flow expresses."""
    spec = Spec(
        [zone("Z1", demand=3)],
        [site("FAR", "Z1", lodging=1)],
        [doctor("A", max_days=5, max_km=150)],
        {"A": [1, 2, 3]},
        distances=[{"from_id": "A", "to_id": "FAR", "km": 120}],
        settings={"max_stay_days": 3},
    )
    m = model_of(spec, tmp_path)
    assert len(sites_taken(m, flow(m))) == 2
