"""`roster.app.verification`: a planning verified, refused, or let through with `force`."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import replace_in

from roster.app.errors import BadInput, PlanningFailsVerification, UnreadablePlanning
from roster.app.loading import open_planning, open_scenario
from roster.app.verification import check_planning, verdict_of, verify_or_refuse


def break_km(planning_dir: Path) -> None:
    """Write a wrong km on the first mission (a stale figure the verifier catches)."""
    first = open_planning(planning_dir).assignments[0]
    replace_in(planning_dir / "assignments.csv", f"{first.km:.6f}\n", "999.000000\n")


def test_a_solved_planning_is_verified(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    checked = check_planning(scenario, planning_dir, force=False)
    assert checked.verified and checked.violations == ()
    assert checked.planning == open_planning(planning_dir)
    assert verdict_of(scenario, planning_dir).ok


def test_a_planning_breaking_a_rule_is_refused(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    break_km(planning_dir)
    scenario = open_scenario(scenario_dir).scenario
    with pytest.raises(PlanningFailsVerification) as caught:
        check_planning(scenario, planning_dir, force=False)
    error = caught.value
    assert error.folder == planning_dir
    assert any("km 999 differs from the road distance" in v for v in error.violations)
    count = len(error.violations)
    assert str(error) == f"{planning_dir}: {count} violation(s) of the hard rules or stale figures"


def test_force_lets_a_failing_planning_through_unverified(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    break_km(planning_dir)
    scenario = open_scenario(scenario_dir).scenario
    checked = check_planning(scenario, planning_dir, force=True)
    assert not checked.verified
    assert checked.violations == tuple(verdict_of(scenario, planning_dir).violations)
    assert checked.violations


def test_unreadable_planning_files_are_refused_even_with_force(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    (planning_dir / "coverage.csv").write_text("zone_id\n", encoding="utf-8")
    with pytest.raises(UnreadablePlanning) as caught:
        verify_or_refuse(scenario, planning_dir, force=True)
    assert caught.value.problems
    assert all("coverage.csv" in p for p in caught.value.problems)


def test_rows_the_scenario_lacks_are_bad_input_before_verification(month: tuple[Path, Path]) -> None:
    scenario_dir, planning_dir = month
    scenario = open_scenario(scenario_dir).scenario
    site = open_planning(planning_dir).assignments[0].site_id
    replace_in(planning_dir / "assignments.csv", f",{site},", ",S9999,")
    with pytest.raises(BadInput) as caught:
        check_planning(scenario, planning_dir, force=True)
    assert caught.value.what == "planning"
    assert "site_id 'S9999' is not in the scenario" in caught.value.problems[0]
