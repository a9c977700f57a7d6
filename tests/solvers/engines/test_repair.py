"""The repair (`roster.solvers.engines.repair`): the flow relaxation, then locums and
volunteers kept home until rule 4 holds. Its planning obeys every rule (checked by the
independent verifier's rule checks), its coverage is at most the relaxed bound and at most
the true optimum (brute force), and when the relaxed optimum already obeys rule 4 it is
that optimum.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from brute_force import best_planning, search_size
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, locum, practice, site, zone
from strategies import scenarios

from roster.models import Scenario
from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.repair import Repaired, repair
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.values import coverage_int, full_values
from roster.verify import Verdict
from roster.verify.checks import (
    Cover,
    Mission,
    check_doctor_days,
    check_home_practice_continuity,
    check_locum_limits,
    check_site_opening_and_capacity,
    check_travel_limit_and_lodging,
)
from solvers.built import model_of

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONTHS = scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True)
BUDGETS = st.sampled_from([0.0, 5.0])  # 0: no flow re-solved, the short rows' leavers dropped


def loaded(spec: Spec) -> tuple[Scenario, MissionModel]:
    with tempfile.TemporaryDirectory() as tmp:
        scenario = load_scenario(spec.write(Path(tmp) / "s"))
    return scenario, build_model(ScenarioArrays.from_scenario(scenario))


def repaired(m: MissionModel, time_budget_s: float = 5.0) -> Repaired:
    assert m.weights is not None
    out = repair(m.arrays, m.space, m.weights, time_budget_s=time_budget_s)
    assert out is not None
    return out


def violations(s: Scenario, m: MissionModel, r: Repaired) -> list[str]:
    """What the verifier's checks of rules 1 to 5 find in the repaired planning."""
    a, o, loc = m.arrays, m.space.missions, m.space.locums
    missions = [
        Mission(n + 2, a.dates[o.date[i]], a.doctor_ids[o.doctor[i]], a.site_ids[o.site[i]],
                a.zone_ids[o.zone[i]], float(o.km[i]))
        for n, i in enumerate(np.flatnonzero(r.missions).tolist())
    ]  # fmt: skip
    covers = [
        Cover(n + 2, a.dates[loc.date[j]], a.locum_ids[loc.locum[j]], a.practice_ids[loc.practice[j]],
              float(loc.km[j]))
        for n, j in enumerate(np.flatnonzero(r.locums).tolist())
    ]  # fmt: skip
    v = Verdict()
    check_doctor_days(s, missions, v)
    check_site_opening_and_capacity(s, missions, v)
    check_travel_limit_and_lodging(s, missions, v)
    check_home_practice_continuity(s, missions, covers, v)
    check_locum_limits(s, covers, v)
    return v.violations


# --- properties on generated months ---------------------------------------------------------------


@HYPOTHESIS
@given(spec=MONTHS, budget=BUDGETS)
def test_the_repaired_planning_obeys_rules_1_to_5(spec: Spec, budget: float) -> None:
    s, m = loaded(spec)
    r = repaired(m, budget)
    assert violations(s, m, r) == []
    assert m.relaxation.holds(full_values(m, r.missions.astype(np.int64), r.locums.astype(np.int64)))


@HYPOTHESIS
@given(spec=MONTHS, budget=BUDGETS)
def test_the_repaired_coverage_is_its_plannings_and_at_most_the_relaxed_bound(
    spec: Spec, budget: float
) -> None:
    _, m = loaded(spec)
    r = repaired(m, budget)
    values = full_values(m, r.missions.astype(np.int64), r.locums.astype(np.int64))
    assert r.coverage == coverage_int(m, values)
    assert r.coverage <= r.relaxed.coverage
    assert r.rounds >= 1


@HYPOTHESIS
@given(spec=scenarios(max_doctors=4, max_practices=2, max_locums=2, days=5, tight_practices=True))
def test_the_repaired_coverage_is_at_most_the_brute_force_optimum(spec: Spec) -> None:
    s, m = loaded(spec)
    assume(search_size(s) <= 20_000)
    assert m.weights is not None and m.weights.exact
    best, _ = best_planning(s)
    assert repaired(m).coverage <= best * m.weights.scale


@HYPOTHESIS
@given(spec=scenarios(max_doctors=6, max_practices=2, max_locums=2))
def test_without_a_continuity_row_the_repair_is_the_relaxed_optimum_in_one_round(spec: Spec) -> None:
    _, m = loaded(spec)
    assume(len(m.space.continuity) == 0)
    r = repaired(m)
    assert r.rounds == 1 and not r.locums.any()
    assert r.missions.tolist() == r.relaxed.chosen.tolist() and r.coverage == r.relaxed.coverage


# --- hand-made months --------------------------------------------------------------------------------


def home_month(locums: list[dict] | None = None) -> Spec:
    """Z1 wants one day at S1 on Wednesday 1: A, P's only doctor (1 km), or B (no practice, 40 km)."""
    return Spec(
        [zone("Z1", demand=1)],
        [site("S1", "Z1", days="Wed")],
        [doctor("A", "P"), doctor("B")],
        {"A": [1], "B": [1], **({"R": [1]} if locums else {})},
        practices=[practice("P")],
        locums=locums,
        distances=[{"from_id": "A", "to_id": "S1", "km": 1}, {"from_id": "B", "to_id": "S1", "km": 40}],
    )


def doctors_sent(m: MissionModel, chosen: np.ndarray) -> list[str]:
    return sorted(m.arrays.doctor_ids[d] for d in m.space.missions.doctor[chosen].tolist())


def test_a_volunteer_no_locum_can_replace_is_kept_home_and_another_doctor_goes(tmp_path: Path) -> None:
    m = model_of(home_month(), tmp_path)
    r = repaired(m)
    assert doctors_sent(m, r.relaxed.chosen) == ["A"]  # the relaxation's nearest doctor
    assert doctors_sent(m, r.missions) == ["B"] and r.rounds == 2
    assert r.coverage == r.relaxed.coverage  # the bound is met: the repair is optimal


def test_a_locum_lets_the_volunteer_leave_without_a_second_round(tmp_path: Path) -> None:
    m = model_of(home_month([locum("R")]), tmp_path)
    r = repaired(m)
    assert doctors_sent(m, r.missions) == ["A"] and r.locums.tolist() == [True] and r.rounds == 1


def test_out_of_time_the_short_rows_leavers_are_dropped(tmp_path: Path) -> None:
    m = model_of(home_month(), tmp_path)
    r = repaired(m, time_budget_s=0.0)
    assert doctors_sent(m, r.missions) == [] and r.coverage == 0 and r.rounds == 1
