"""The km polish (`roster.solvers.engines.polish`): from a feasible planning, the least km
with the same doctor-days per zone and the same volunteers away at every practice-date
where rule 4 can bind; locums untouched, so every rule still holds.

Plannings to polish are drawn at random (`drawn.drawn_planning`): feasible, rarely
km-optimal.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario_builder import Spec, doctor, locum, practice, site, zone
from strategies import scenarios

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.engines.locums import choose_locums
from roster.solvers.engines.polish import polish_km
from roster.solvers.model.mission_model import MissionModel, build_model
from roster.solvers.model.values import full_values
from solvers.built import model_of
from solvers.engines.drawn import drawn_planning, mission_metres

HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONTHS = scenarios(max_doctors=6, max_practices=2, max_locums=2, tight_practices=True)
SEEDS = st.integers(0, 2**32 - 1)


def model(spec: Spec) -> MissionModel:
    with tempfile.TemporaryDirectory() as tmp:
        return build_model(ScenarioArrays.from_scenario(load_scenario(spec.write(Path(tmp) / "s"))))


def zone_days(m: MissionModel, values: np.ndarray) -> list[int]:
    return np.bincount(m.space.missions.zone[values[m.x] == 1], minlength=len(m.arrays.zone_ids)).tolist()


def away_at_rows(m: MissionModel, values: np.ndarray) -> set[tuple[int, int]]:
    """(doctor, date) of the volunteers on mission where rule 4 has a row."""
    o, chosen = m.space.missions, (values[m.x] == 1) & (m.space.mission_row >= 0)
    return set(zip(o.doctor[chosen].tolist(), o.date[chosen].tolist(), strict=True))


def pattern(m: MissionModel, values: np.ndarray) -> tuple[list[int], set[tuple[int, int]]]:
    """What a polish keeps: the days of each zone and who is away at a row."""
    return zone_days(m, values), away_at_rows(m, values)


# --- properties on generated months -----------------------------------------------------------


@HYPOTHESIS
@given(spec=MONTHS, seed=SEEDS)
def test_polish_never_increases_the_km(spec: Spec, seed: int) -> None:
    m = model(spec)
    values = drawn_planning(m, seed)
    assert mission_metres(m, polish_km(m, values)) <= mission_metres(m, values)


@HYPOTHESIS
@given(spec=MONTHS, seed=SEEDS)
def test_polish_keeps_each_zones_days_the_away_pattern_at_rows_and_the_locums(spec: Spec, seed: int) -> None:
    m = model(spec)
    values = drawn_planning(m, seed)
    polished = polish_km(m, values)
    assert zone_days(m, polished) == zone_days(m, values)
    assert away_at_rows(m, polished) == away_at_rows(m, values)
    assert polished[m.y].tolist() == values[m.y].tolist()  # the locums, untouched
    assert polished[m.u].tolist() == values[m.u].tolist()


@HYPOTHESIS
@given(spec=MONTHS, seed=SEEDS)
def test_a_polished_planning_keeps_every_rule_and_polishing_again_gains_nothing(
    spec: Spec, seed: int
) -> None:
    m = model(spec)
    polished = polish_km(m, drawn_planning(m, seed))
    assert m.relaxation.holds(polished)
    assert mission_metres(m, polish_km(m, polished)) == mission_metres(m, polished)


@HYPOTHESIS
@given(spec=scenarios(max_doctors=4, max_practices=2, max_locums=2, days=4, tight_practices=True), seed=SEEDS)
def test_polish_finds_the_least_km_among_plannings_with_the_same_days_and_away_pattern(
    spec: Spec, seed: int
) -> None:
    """Every choice of missions enumerated, with the planning's locums kept."""
    m = model(spec)
    assume(len(m.x) <= 12)
    values = drawn_planning(m, seed)
    best = mission_metres(m, values)
    for bits in itertools.product([0, 1], repeat=len(m.x)):
        other = full_values(m, np.array(bits, dtype=np.int64), values[m.y])
        if pattern(m, other) == pattern(m, values) and m.relaxation.holds(other):
            best = min(best, mission_metres(m, other))
    assert mission_metres(m, polish_km(m, values)) == best


# --- hand-made months ---------------------------------------------------------------------------


def swap_month(other_doctors: int) -> Spec:
    """Z1 wants one day at S1 on Wednesday 1: A (of practice P, 50 km) or B (no practice, 1 km).
    P needs one doctor: with no other doctor, A's leaving is a rule 4 row (the locum R covers it)."""
    return Spec(
        [zone("Z1", demand=1)],
        [site("S1", "Z1", days="Wed")],
        [doctor("A", "P"), doctor("B")],
        {"A": [1], "B": [1], "R": [1]},
        practices=[practice("P", other=other_doctors)],
        locums=[locum("R")],
        distances=[{"from_id": "A", "to_id": "S1", "km": 50}, {"from_id": "B", "to_id": "S1", "km": 1}],
    )


def with_missions(m: MissionModel, *doctors: str) -> np.ndarray:
    o = m.space.missions
    chosen = np.isin(o.doctor, [m.arrays.doctor_ids.index(d) for d in doctors]).astype(np.int64)
    return choose_locums(m, full_values(m, chosen, np.zeros(len(m.y), dtype=np.int64)))


def doctors_sent(m: MissionModel, values: np.ndarray) -> list[str]:
    return sorted(m.arrays.doctor_ids[d] for d in m.space.missions.doctor[values[m.x] == 1].tolist())


def test_a_far_volunteer_free_to_come_home_is_replaced_by_a_nearer_one(tmp_path: Path) -> None:
    m = model_of(swap_month(other_doctors=1), tmp_path)
    assert len(m.space.continuity) == 0
    assert doctors_sent(m, polish_km(m, with_missions(m, "A"))) == ["B"]


def test_a_volunteer_away_at_a_rule_4_row_stays_away(tmp_path: Path) -> None:
    m = model_of(swap_month(other_doctors=0), tmp_path)
    values = with_missions(m, "A")
    assert values[m.y].tolist() == [1]  # R keeps P open
    polished = polish_km(m, values)
    assert doctors_sent(m, polished) == ["A"] and polished[m.y].tolist() == [1]


def test_a_volunteer_home_at_a_rule_4_row_is_never_sent(tmp_path: Path) -> None:
    spec = swap_month(other_doctors=0)
    spec.distances = [{"from_id": "A", "to_id": "S1", "km": 1}, {"from_id": "B", "to_id": "S1", "km": 50}]
    m = model_of(spec, tmp_path)
    assert doctors_sent(m, polish_km(m, with_missions(m, "B"))) == ["B"]  # sending A would need R


def test_a_volunteer_away_at_a_row_may_change_site_the_same_date(tmp_path: Path) -> None:
    spec = swap_month(other_doctors=0)
    spec.sites.append(site("S2", "Z1", days="Wed"))
    spec.distances = [{"from_id": "A", "to_id": "S1", "km": 50}, {"from_id": "A", "to_id": "S2", "km": 7}]
    spec.doctors = spec.doctors[:1]
    del spec.available["B"]
    m = model_of(spec, tmp_path)
    at_s1 = full_values(m, (m.space.missions.site == 0).astype(np.int64), np.ones(len(m.y), dtype=np.int64))
    polished = polish_km(m, at_s1)
    assert m.space.missions.site[polished[m.x] == 1].tolist() == [1] and mission_metres(m, polished) == 7000


def test_option_costs_replace_the_metres(tmp_path: Path) -> None:
    m = model_of(swap_month(other_doctors=1), tmp_path)
    costs = np.where(m.space.missions.doctor == 0, -5, 0).astype(np.int64)  # A preferred, whatever the km
    assert doctors_sent(m, polish_km(m, with_missions(m, "B"), costs)) == ["A"]


def test_an_empty_planning_is_returned_as_it_is(tmp_path: Path) -> None:
    m = model_of(swap_month(other_doctors=1), tmp_path)
    empty = np.zeros(m.num_variables, dtype=np.int64)
    assert polish_km(m, empty) is empty
