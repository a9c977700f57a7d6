"""The monthly solve as composed: a first state, the pipeline, the locums, the summary."""

from __future__ import annotations

import csv
from pathlib import Path

from scenario_builder import Spec, doctor, site, zone

from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve


def nobody_can_come() -> Spec:
    """One zone, one site, one doctor whose cap is 0: no mission option at all."""
    return Spec([zone("Z1")], [site("S1", "Z1")], [doctor("D1", max_days=0)], {"D1": [1]})


def test_a_zone_minimum_no_option_can_meet_is_infeasible_even_with_nothing_to_cover(tmp_path: Path) -> None:
    folder = nobody_can_come().write(tmp_path / "s")
    with (folder / "zones.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["min_days"] = "1"
    with (folder / "zones.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    s = solve(load_scenario(folder), SolveOptions(time_limit_s=10, workers=1)).summary
    assert s.status == "INFEASIBLE" and s.conflicts == ["zones.csv: zone Z1 (Zone Z1) requires min_days 1"]


def test_a_pin_in_a_month_without_any_mission_option_is_infeasible_and_says_why(tmp_path: Path) -> None:
    folder = nobody_can_come().write(tmp_path / "s")
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n2025-10-01,D1,S1\n", encoding="utf-8")
    s = solve(load_scenario(folder), SolveOptions(time_limit_s=10, workers=1)).summary
    assert s.status == "INFEASIBLE" and s.conflicts[0].endswith("rule 1: the doctor's monthly cap is 0")
    assert [p["phase"] for p in s.phases] == ["build", "locums"]


def test_a_month_with_nothing_to_cover_is_proven_at_once(tmp_path: Path) -> None:
    s = solve(load_scenario(nobody_can_come().write(tmp_path / "s")), SolveOptions(workers=1)).summary
    assert s.status == "OPTIMAL" and s.proof == {"coverage": "nothing to cover", "km": "no mission"}
