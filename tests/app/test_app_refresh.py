"""`roster.app.refresh`: figures recomputed after a hand edit, or nothing written on bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import replace_in, tree

from roster.app.errors import BadInput
from roster.app.loading import open_planning, open_scenario
from roster.app.refresh import refresh_figures, remaining_violations


def drop_last_mission(planning_dir: Path) -> None:
    path = planning_dir / "assignments.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")


def test_a_hand_edit_is_refreshed_and_then_verifies(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    days = open_planning(planning_dir).summary.doctor_days
    drop_last_mission(planning_dir)
    assert remaining_violations(scenario, planning_dir)  # stale coverage.csv and summary.json
    summary = refresh_figures(scenario, planning_dir)
    assert summary.status == "EDITED" and summary.doctor_days == days - 1
    written = json.loads((planning_dir / "summary.json").read_text(encoding="utf-8"))
    assert written["status"] == "EDITED" and written["doctor_days"] == days - 1
    assert remaining_violations(scenario, planning_dir) == []


def test_rows_naming_unknown_doctors_write_nothing(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    first = open_planning(planning_dir).assignments[0]
    replace_in(planning_dir / "assignments.csv", f",{first.doctor_id},", ",D99999,")
    before = tree(planning_dir)
    with pytest.raises(BadInput) as caught:
        refresh_figures(scenario, planning_dir)
    assert caught.value.what == "planning"
    assert tree(planning_dir) == before


def test_a_broken_rule_remains_after_a_refresh(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    first = open_planning(planning_dir).assignments[0]
    replace_in(planning_dir / "assignments.csv", f"{first.km:.6f}\n", "1.000000\n")
    refresh_figures(scenario, planning_dir)
    remaining = remaining_violations(scenario, planning_dir)
    assert remaining[0].startswith("assignments.csv:2: km 1 differs from the road distance")
