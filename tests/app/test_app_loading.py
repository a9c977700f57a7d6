"""`roster.app.loading` and `roster.app.validation`: scenarios and plannings read, or `BadInput`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from app_helpers import replace_in
from helpers_inputs import copy_golden, set_cell

from roster.app.errors import BadInput
from roster.app.loading import check_matches, open_matching_planning, open_planning, open_scenario
from roster.app.validation import scenario_size


def test_a_valid_scenario_is_loaded_with_its_warnings(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    with (folder / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write('colour = "blue"\n')
    loaded = open_scenario(folder)
    assert loaded.scenario.settings.month == "2025-10"
    assert loaded.warnings == (f"{folder / 'scenario.toml'}:9: unknown setting 'colour' is ignored",)


def test_a_broken_scenario_is_bad_input_listing_file_and_line(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    set_cell(folder, "zones.csv", 2, "demand_days", "lots")
    set_cell(folder, "sites.csv", 3, "capacity", "-")
    with pytest.raises(BadInput) as caught:
        open_scenario(folder)
    error = caught.value
    assert error.what == "scenario" and error.total == 2
    assert error.problems == (
        f"{folder / 'zones.csv'}:2: column 'demand_days': must be a whole number, got 'lots'",
        f"{folder / 'sites.csv'}:3: column 'capacity': must be a whole number, got '-'",
    )
    assert str(error) == "2 problems in the scenario; nothing was written."


def test_one_problem_is_said_in_the_singular(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    set_cell(folder, "zones.csv", 2, "demand_days", "lots")
    with pytest.raises(BadInput, match=r"^1 problem in the scenario; nothing was written\.$"):
        open_scenario(folder)


def test_a_folder_without_summary_is_not_a_planning(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        open_planning(tmp_path)
    assert caught.value.what == "planning"
    assert caught.value.problems == (f"{tmp_path}: not a planning folder (no summary.json)",)


def test_a_planning_is_read_back(month: tuple[Path, Path]) -> None:
    _, planning_dir = month
    planning = open_planning(planning_dir)
    with (planning_dir / "assignments.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(a.doctor_id, a.date.isoformat()) for a in planning.assignments] == [
        (r["doctor_id"], r["date"]) for r in rows
    ]
    assert planning.summary.status == "OPTIMAL"


def test_rows_naming_what_the_scenario_lacks_are_bad_input(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    first = open_planning(planning_dir).assignments[0]
    replace_in(planning_dir / "assignments.csv", f",{first.doctor_id},", ",D99999,")
    with pytest.raises(BadInput) as caught:
        open_matching_planning(scenario, planning_dir)
    assert caught.value.what == "planning"
    assert caught.value.problems == (
        f"{planning_dir / 'assignments.csv'}:2: doctor_id 'D99999' is not in the scenario",
    )


def test_a_planning_of_another_month_is_refused(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    planning = open_planning(planning_dir)
    settings = scenario.settings.model_copy(update={"month": "2025-11"})
    other = scenario.model_copy(update={"settings": settings})
    with pytest.raises(BadInput) as caught:
        check_matches(other, planning, planning_dir)
    assert caught.value.total == len(planning.assignments) + len(planning.locum_days)
    first = planning.assignments[0]
    assert caught.value.problems[0] == (
        f"{planning_dir / 'assignments.csv'}:2: date {first.date} is outside the scenario's month 2025-11"
    )
    check_matches(scenario, planning, planning_dir)  # its own scenario: no error


def test_the_size_of_a_scenario_counts_every_table(tmp_path: Path) -> None:
    folder = copy_golden("occitanie-small", tmp_path / "scn")
    size = scenario_size(open_scenario(folder).scenario)

    def rows(name: str) -> int:
        return len((folder / name).read_text(encoding="utf-8").splitlines()) - 1

    assert (size.name, size.month) == ("gen-5z-30d-s21", "2025-10")
    assert (size.zones, size.sites) == (rows("zones.csv"), rows("sites.csv"))
    assert size.practices == rows("practices.csv")
    assert (size.doctors, size.locums) == (rows("doctors.csv"), rows("replacements.csv"))
    assert size.availability_rows == rows("availability.csv")
    assert size.distances == 0
