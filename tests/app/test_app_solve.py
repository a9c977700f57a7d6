"""`roster.app.solve`: output checks, the solve, and the planning folder written."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import OPTIONS, tree
from helpers_inputs import copy_golden

from roster.app.errors import NoPlanningYet, OutputRefused
from roster.app.loading import open_planning, open_scenario
from roster.app.solve import (
    refuse_foreign_folder,
    refuse_overlap,
    require_planning,
    solve_month,
    with_settings,
    write_planning,
)
from roster.solvers import SolveControl
from roster.verify import verify_planning


def test_an_output_inside_the_scenario_is_refused(tmp_path: Path) -> None:
    scenario_dir = copy_golden("occitanie-small", tmp_path / "scn")
    with pytest.raises(OutputRefused, match="is inside the scenario folder"):
        refuse_overlap(scenario_dir / "out", scenario_dir)
    with pytest.raises(OutputRefused, match="is the scenario folder itself"):
        refuse_overlap(scenario_dir, scenario_dir)
    refuse_overlap(tmp_path / "beside", scenario_dir)


def test_a_folder_roster_did_not_write_is_refused_unless_forced(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputRefused) as caught:
        refuse_foreign_folder(foreign, force=False)
    assert str(caught.value) == (
        f"{foreign} exists and is not a planning folder; choose another --out or add --force."
    )
    refuse_foreign_folder(foreign, force=True)
    refuse_foreign_folder(tmp_path / "new", force=False)


def test_a_solve_gives_a_planning_the_verifier_accepts(month: tuple[Path, Path], tmp_path: Path) -> None:
    scenario_dir, _ = month
    scenario = open_scenario(scenario_dir).scenario
    seen: list[str] = []
    planning = solve_month(scenario, OPTIONS, lambda p: seen.append(p.phase))
    assert planning.summary.status == "OPTIMAL" and planning.assignments
    assert seen and seen[0] == "build"
    out = tmp_path / "out"
    assert write_planning(out, planning, scenario, extra={"notes/extra.txt": b"kept"}) is None
    verdict, problems = verify_planning(scenario, out)
    assert problems == [] and verdict.ok
    assert (out / "notes/extra.txt").read_bytes() == b"kept"
    read = open_planning(out).assignments
    assert [(a.date, a.doctor_id, a.site_id) for a in read] == [
        (a.date, a.doctor_id, a.site_id) for a in planning.assignments
    ]


def test_replacing_a_planning_keeps_the_previous_one(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    before = tree(planning_dir)
    backup = write_planning(planning_dir, open_planning(planning_dir), scenario)
    assert backup is not None
    assert {k: v for k, v in tree(backup).items() if k != ".roster-backup"} == before


def test_a_solve_stopped_before_any_planning_is_no_planning(month: tuple[Path, Path]) -> None:
    scenario_dir, _ = month
    scenario = open_scenario(scenario_dir).scenario
    control = SolveControl()
    control.stop()
    planning = solve_month(scenario, OPTIONS, control=control)
    with pytest.raises(NoPlanningYet) as caught:
        require_planning(planning, interrupted=True)
    assert str(caught.value).startswith("stopped by Ctrl-C before any planning was found")
    require_planning(planning, interrupted=False)  # not stopped by the planner: a result like any other


def test_settings_overrides_are_validated_like_the_scenario_file(tmp_path: Path) -> None:
    scenario = open_scenario(copy_golden("occitanie-small", tmp_path / "scn")).scenario
    assert with_settings(scenario, {}) is scenario
    changed = with_settings(scenario, {"max_days_per_doctor": 5})
    assert changed.settings.max_days_per_doctor == 5 and scenario.settings.max_days_per_doctor == 2
    with pytest.raises(ValueError):
        with_settings(scenario, {"max_days_per_doctor": "many"})
