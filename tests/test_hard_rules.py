"""Each hard rule of the contract where it binds: the solver respects it, and the
independent verifier flags a hand-made planning that breaks it.

October 2025: the 1st is a Wednesday.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from scenario_builder import (
    Spec,
    doctor,
    locum,
    practice,
    site,
    solve_and_verify,
    write_planning_rows,
    zone,
)

from roster.scenarios import load_scenario
from roster.verify import verify_planning
from roster.verify.checks import road_km


def km(scenario, doctor_id: str, site_id: str) -> float:
    d = next(x for x in scenario.doctors if x.doctor_id == doctor_id)
    s = next(x for x in scenario.sites if x.site_id == site_id)
    return road_km(scenario, d.doctor_id, d.latitude, d.longitude, s.site_id, s.latitude, s.longitude)


def violations(scenario_dir: Path, planning_dir: Path) -> list[str]:
    verdict, problems = verify_planning(load_scenario(scenario_dir), planning_dir)
    assert not problems, problems
    return verdict.violations


# --- Rule 1: one mission a date, available dates only, monthly cap -----------------------


def rule1_spec() -> Spec:
    return Spec(
        zones=[zone("Z1", demand=5), zone("Z2", demand=5)],
        sites=[site("S1", "Z1"), site("S2", "Z2", lon=0.01)],
        doctors=[doctor("D1", max_days=3)],
        available={"D1": [1, 2, 3]},
    )


def test_doctor_never_exceeds_one_mission_per_day_nor_the_monthly_cap(tmp_path: Path) -> None:
    folder = rule1_spec().write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    dates = [a.date.day for a in planning.assignments]
    assert len(dates) == 2  # min(max_days 3, policy 2)
    assert len(set(dates)) == 2 and set(dates) <= {1, 2, 3}


def test_verifier_flags_two_missions_a_day_an_unavailable_date_and_the_cap(tmp_path: Path) -> None:
    folder = rule1_spec().write(tmp_path / "scn")
    s = load_scenario(folder)
    k1, k2 = km(s, "D1", "S1"), km(s, "D1", "S2")
    plan = write_planning_rows(
        tmp_path / "plan",
        [
            ("2025-10-01", "D1", "S1", "Z1", k1),
            ("2025-10-01", "D1", "S2", "Z2", k2),
            ("2025-10-09", "D1", "S1", "Z1", k1),
        ],
    )
    found = violations(folder, plan)
    assert any("2 missions on 2025-10-01" in v for v in found)
    assert any("not available on 2025-10-09" in v for v in found)
    assert any("3 missions, cap is 2" in v for v in found)
    assert all(v.startswith("rule 1") for v in found if not v.startswith("summary.json"))


# --- Rule 2: opening days, holidays, capacity --------------------------------------------


def rule2_spec() -> Spec:
    return Spec(
        zones=[zone("Z1", demand=10)],
        sites=[site("S1", "Z1", capacity=1, days="Wed Thu")],
        doctors=[doctor(f"D{i}") for i in range(1, 4)],
        available={f"D{i}": [1, 2, 3, 6, 7] for i in range(1, 4)},  # Wed Thu Fri Mon Tue
        settings={"holidays": ["2025-10-02"]},
    )


def test_site_receives_doctors_only_when_open_and_within_capacity(tmp_path: Path) -> None:
    folder = rule2_spec().write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    per_day = Counter(a.date.day for a in planning.assignments)
    assert per_day == {1: 1}  # Thu 2 is a holiday, Fri/Mon/Tue closed, capacity 1


def test_verifier_flags_a_closed_day_a_holiday_and_an_overfull_site(tmp_path: Path) -> None:
    folder = rule2_spec().write(tmp_path / "scn")
    s = load_scenario(folder)
    plan = write_planning_rows(
        tmp_path / "plan",
        [
            ("2025-10-01", "D1", "S1", "Z1", km(s, "D1", "S1")),
            ("2025-10-01", "D2", "S1", "Z1", km(s, "D2", "S1")),
            ("2025-10-02", "D3", "S1", "Z1", km(s, "D3", "S1")),
            ("2025-10-03", "D1", "S1", "Z1", km(s, "D1", "S1")),
        ],
    )
    found = violations(folder, plan)
    assert any("receives 2 doctors on 2025-10-01, capacity 1" in v for v in found)
    assert any("closed on 2025-10-02 (Thu, holiday)" in v for v in found)
    assert any("closed on 2025-10-03 (Fri)" in v for v in found)


# --- Rule 3: max_km and lodging ------------------------------------------------------------


def rule3_spec() -> Spec:
    return Spec(
        zones=[zone("Z1", demand=5), zone("Z2", demand=5), zone("Z3", demand=5)],
        sites=[site("FAR", "Z1", lodging=1), site("NOBED", "Z2", lodging=0), site("BED", "Z3", lodging=1)],
        doctors=[doctor("D1", max_km=90), doctor("D2", max_km=200)],
        available={"D1": [1, 2, 3], "D2": [1, 2, 3]},
        distances=[
            {"from_id": "D1", "to_id": "FAR", "km": 100},
            {"from_id": "D1", "to_id": "NOBED", "km": 300},
            {"from_id": "D1", "to_id": "BED", "km": 300},
            {"from_id": "D2", "to_id": "FAR", "km": 300},
            {"from_id": "D2", "to_id": "NOBED", "km": 85},
            {"from_id": "D2", "to_id": "BED", "km": 150},
        ],
    )


def test_no_trip_beyond_max_km_and_long_trips_only_to_sites_with_lodging(tmp_path: Path) -> None:
    folder = rule3_spec().write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    trips = {(a.doctor_id, a.site_id) for a in planning.assignments}
    assert trips == {("D2", "BED")}  # D1: 100 km > 90; D2 -> NOBED: 85 km > 80 and no bed
    assert planning.summary.total_km == 300.0


def test_verifier_flags_a_trip_too_long_and_a_long_trip_without_lodging(tmp_path: Path) -> None:
    folder = rule3_spec().write(tmp_path / "scn")
    plan = write_planning_rows(
        tmp_path / "plan", [("2025-10-01", "D1", "FAR", "Z1", 100), ("2025-10-01", "D2", "NOBED", "Z2", 85)]
    )
    found = violations(folder, plan)
    assert any("D1 -> FAR is 100.0 km, max_km 90" in v for v in found)
    assert any("D2 -> NOBED is 85.0 km > day trip 80 km" in v for v in found)


# --- Rule 4: home practice continuity --------------------------------------------------------


def rule4_spec(with_locum: bool = False) -> Spec:
    return Spec(
        zones=[zone("Z1", demand=10)],
        sites=[site("S1", "Z1", capacity=5)],
        practices=[practice("P1", min_present=1, other=0), practice("P2", lat=44.0, min_present=3, other=1)],
        doctors=[doctor("A1", "P1"), doctor("A2", "P1"), doctor("B1", "P2", lat=44.0), doctor("C1")],
        locums=[locum("R1", max_days=1)] if with_locum else None,
        available={
            "A1": [1, 2],
            "A2": [1, 2],
            "B1": [1, 2],
            "C1": [1, 2],
            **({"R1": [1]} if with_locum else {}),
        },
    )


def test_a_practice_keeps_its_required_doctors_present(tmp_path: Path) -> None:
    folder = rule4_spec().write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    away = Counter((a.date.day, a.doctor_id[0]) for a in planning.assignments)
    # P1 needs min(1, 0 + 2) = 1: one of A1/A2 a day; P2 is short already (needs 2): B1 never leaves
    assert away[(1, "A")] == 1 and away[(2, "A")] == 1
    assert not any(a.doctor_id == "B1" for a in planning.assignments)
    assert sum(1 for a in planning.assignments if a.doctor_id == "C1") == 2


def test_a_locum_lets_both_volunteers_leave_once(tmp_path: Path) -> None:
    folder = rule4_spec(with_locum=True).write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    away = Counter(a.date.day for a in planning.assignments if a.doctor_id.startswith("A"))
    assert away == {1: 2, 2: 1}
    assert [(r.date.day, r.replacement_id, r.practice_id) for r in planning.locum_days] == [(1, "R1", "P1")]


def test_verifier_flags_a_practice_left_empty(tmp_path: Path) -> None:
    folder = rule4_spec().write(tmp_path / "scn")
    s = load_scenario(folder)
    plan = write_planning_rows(
        tmp_path / "plan",
        [
            ("2025-10-01", "A1", "S1", "Z1", km(s, "A1", "S1")),
            ("2025-10-01", "A2", "S1", "Z1", km(s, "A2", "S1")),
            ("2025-10-02", "B1", "S1", "Z1", km(s, "B1", "S1")),
        ],
    )
    found = violations(folder, plan)
    assert any("practice P1 has 0 doctor(s) on 2025-10-01, needs 1" in v for v in found)
    assert any("practice P2 has 1 doctor(s) on 2025-10-02, needs 2" in v for v in found)


# --- Rule 5: locum limits -------------------------------------------------------------------


def rule5_spec() -> Spec:
    return Spec(
        zones=[zone("Z1", demand=10)],
        sites=[site("S1", "Z1", capacity=5)],
        practices=[practice("P1", min_present=1, other=0), practice("P2", lat=44.6, min_present=1, other=0)],
        doctors=[doctor("A1", "P1", max_days=2), doctor("B1", "P2", lat=44.6, max_km=300)],
        locums=[locum("R1", max_days=1, max_km=50), locum("FAR", lat=45.6, max_days=5, max_km=50)],
        available={"A1": [1, 2, 3], "B1": [1, 2, 3], "R1": [1, 2, 3], "FAR": [1, 2, 3]},
    )


def test_locums_respect_max_days_availability_and_reach(tmp_path: Path) -> None:
    folder = rule5_spec().write(tmp_path / "scn")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    # A1 can leave only when R1 covers P1, once; FAR is >100 km from both practices
    assert [r.replacement_id for r in planning.locum_days] == ["R1"]
    assert len(planning.assignments) == 1
    assert planning.assignments[0].doctor_id == "A1"


def test_verifier_flags_a_locum_twice_a_day_unavailable_overused_or_too_far(tmp_path: Path) -> None:
    folder = rule5_spec().write(tmp_path / "scn")
    s = load_scenario(folder)
    r = next(x for x in s.replacements if x.replacement_id == "R1")
    p1, p2 = s.practices
    k1 = road_km(s, "R1", r.latitude, r.longitude, "P1", p1.latitude, p1.longitude)
    k2 = road_km(s, "R1", r.latitude, r.longitude, "P2", p2.latitude, p2.longitude)
    plan = write_planning_rows(
        tmp_path / "plan",
        [],
        [("2025-10-01", "R1", "P1", k1), ("2025-10-01", "R1", "P2", k2), ("2025-10-09", "R1", "P1", k1)],
    )
    found = violations(folder, plan)
    assert any("R1 works 2 practices on 2025-10-01" in v for v in found)
    assert any("R1 is not available on 2025-10-09" in v for v in found)
    assert any("R1 works 3 days, max_days 1" in v for v in found)
    assert any("R1 -> P2 is" in v and "max_km 50" in v for v in found)
