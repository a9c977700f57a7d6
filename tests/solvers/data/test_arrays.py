"""A scenario as arrays (`roster.solvers.data.arrays`): road km, caps, the practices'
requirement, in the scenario's record order.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scenario_builder import Spec, doctor, locum, practice, site, zone

from roster.scenarios import load_scenario
from roster.solvers.data.arrays import EARTH_RADIUS_KM, ScenarioArrays, haversine_km


def arrays_of(spec: Spec, tmp_path: Path) -> ScenarioArrays:
    return ScenarioArrays.from_scenario(load_scenario(spec.write(tmp_path / "s")))


def test_haversine_gives_one_degree_of_a_meridian_as_the_earths_radius_times_pi_over_180() -> None:
    km = haversine_km(
        np.array([43.0, 0.0]), np.array([1.0, 0.0]), np.array([44.0, 0.0]), np.array([1.0, 90.0])
    )
    assert km[0, 0] == pytest.approx(EARTH_RADIUS_KM * math.pi / 180, rel=1e-12)
    assert km[1, 1] == pytest.approx(EARTH_RADIUS_KM * math.pi / 2, rel=1e-12)  # a quarter of the equator
    assert km.shape == (2, 2)


def month() -> Spec:
    return Spec(
        [zone("Z1"), zone("Z2")],
        [site("S1", "Z2", lat=43.7), site("S2", "Z1", lat=43.8, capacity=3, lodging=1)],
        [doctor("A", "P", max_days=5), doctor("B", max_days=1), doctor("C", "P", max_days=3)],
        {"A": [1], "B": [2], "C": [3], "R": [4]},
        practices=[practice("P", min_present=5, other=1), practice("Q", lat=43.9, min_present=1)],
        locums=[locum("R")],
        distances=[{"from_id": "A", "to_id": "S2", "km": 7.5}, {"from_id": "R", "to_id": "Q", "km": 2}],
        settings={"road_factor": 1.5, "max_days_per_doctor": 2},
    )


def test_road_km_is_distances_csv_where_given_else_great_circle_times_road_factor(tmp_path: Path) -> None:
    a = arrays_of(month(), tmp_path)
    degree = EARTH_RADIUS_KM * math.pi / 180
    assert a.doctor_site_km[0, 1] == 7.5  # distances.csv
    assert a.doctor_site_km[0, 0] == pytest.approx(0.1 * degree * 1.5, rel=1e-9)
    assert a.doctor_site_km[1, 1] == pytest.approx(0.2 * degree * 1.5, rel=1e-9)
    assert a.locum_practice_km.tolist()[0][1] == 2
    assert a.locum_practice_km[0, 0] == pytest.approx(0.0, abs=1e-9)


def test_each_doctors_cap_is_min_of_max_days_and_the_policy_cap(tmp_path: Path) -> None:
    assert arrays_of(month(), tmp_path).doctor_cap.tolist() == [2, 1, 2]


def test_a_practice_requires_min_present_but_never_more_than_it_has(tmp_path: Path) -> None:
    a = arrays_of(month(), tmp_path)
    assert a.doctor_practice.tolist() == [0, -1, 0]  # B has no practice
    assert a.practice_volunteers.tolist() == [2, 0]
    assert a.practice_required.tolist() == [3, 0]  # P: min(5, 1 + 2); Q: min(1, 0 + 0)
    assert a.practice_other.tolist() == [1, 0]


def test_sites_carry_their_zone_capacity_and_lodging_in_record_order(tmp_path: Path) -> None:
    a = arrays_of(month(), tmp_path)
    assert a.site_ids == ["S1", "S2"] and a.zone_ids == ["Z1", "Z2"]
    assert a.site_zone.tolist() == [1, 0]
    assert a.site_capacity.tolist() == [1, 3] and a.site_lodging.tolist() == [False, True]


def test_availability_is_a_doctor_by_date_matrix_over_the_month(tmp_path: Path) -> None:
    a = arrays_of(month(), tmp_path)
    assert a.n_dates == 31 and a.dates[0].isoformat() == "2025-10-01"
    assert [np.flatnonzero(row).tolist() for row in a.doctor_available] == [[0], [1], [2]]
    assert np.flatnonzero(a.locum_available[0]).tolist() == [3]
    assert a.weekday_of_date[:7].tolist() == [2, 3, 4, 5, 6, 0, 1]


def test_a_contract_month_has_no_policy(tmp_path: Path) -> None:
    a = arrays_of(month(), tmp_path)
    assert a.policy is None and a.pins.shape == (0, 3) and a.zone_min.tolist() == [0, 0]
