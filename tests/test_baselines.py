"""The baselines: the HiGHS MILP reaches the golden optima, the greedy stays valid and below it."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
from functools import cache
from pathlib import Path

import pytest

from roster.baselines import solve_greedy, solve_milp
from roster.models import Planning, Scenario
from roster.outputs.planning_folder import save_planning
from roster.scenarios.loader import load_scenario
from roster.verify.checks import verify_planning

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_NAMES = sorted(p.parent.name for p in GOLDEN.glob("*/expected.json"))
TOLERANCE = 1e-6

needs_highs = pytest.mark.skipif(
    importlib.util.find_spec("highspy") is None, reason="highspy not installed (roster[milp])"
)


@cache
def _scenario(name: str) -> Scenario:
    return load_scenario(GOLDEN / name)


@cache
def _milp(name: str) -> Planning:
    return solve_milp(_scenario(name), time_limit_s=60.0)


@cache
def _greedy(name: str) -> Planning:
    return solve_greedy(_scenario(name))


def _assert_verified(scenario: Scenario, planning: Planning, folder: Path) -> None:
    save_planning(folder, planning, scenario, force=True)
    verdict, problems = verify_planning(scenario, folder)
    assert problems == []
    assert verdict.violations == []
    assert math.isclose(verdict.coverage_score, planning.summary.coverage_score, rel_tol=1e-12)
    assert math.isclose(verdict.total_km, planning.summary.total_km, rel_tol=TOLERANCE, abs_tol=1e-6)


def test_goldens_are_found() -> None:
    assert len(GOLDEN_NAMES) >= 4


@needs_highs
@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_milp_reaches_the_golden_optimum(name: str) -> None:
    expected = json.loads((GOLDEN / name / "expected.json").read_text(encoding="utf-8"))
    summary = _milp(name).summary
    assert summary.status == "OPTIMAL"
    assert summary.coverage_score == pytest.approx(expected["coverage_score"], rel=TOLERANCE)
    assert summary.total_km == pytest.approx(expected["total_km"], rel=TOLERANCE)
    assert summary.best_bound == pytest.approx(expected["coverage_score"], rel=TOLERANCE)
    assert summary.solver.startswith("HiGHS ")
    assert [p["phase"] for p in summary.phases] == ["build", "coverage", "km"]


@needs_highs
@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_milp_planning_passes_the_verifier(name: str, tmp_path: Path) -> None:
    _assert_verified(_scenario(name), _milp(name), tmp_path / "milp")


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_greedy_planning_passes_the_verifier(name: str, tmp_path: Path) -> None:
    planning = _greedy(name)
    assert planning.summary.status == "FEASIBLE"
    assert planning.summary.best_bound is None
    _assert_verified(_scenario(name), planning, tmp_path / "greedy")


@needs_highs
@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_greedy_never_beats_the_milp(name: str) -> None:
    assert _greedy(name).summary.coverage_score <= _milp(name).summary.coverage_score * (1 + 1e-12)


@needs_highs
@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_milp_from_the_greedy_start_reaches_the_same_optimum(name: str) -> None:
    warm = solve_milp(_scenario(name), time_limit_s=60.0, start=_greedy(name)).summary
    cold = _milp(name).summary
    assert warm.status == "OPTIMAL"
    assert warm.coverage_score == pytest.approx(cold.coverage_score, rel=TOLERANCE)
    assert warm.total_km == pytest.approx(cold.total_km, rel=TOLERANCE)


# A practice whose two volunteers are its whole required presence (min_present 2, no
# other doctor). October 2025: Wed 1 (practice open, no locum), Thu 2 (open, locum R
# free), Sat 4 (closed).
_TINY = {
    "scenario.toml": 'name = "continuity"\nmonth = "2025-10"\nmax_days_per_doctor = 2\n',
    "zones.csv": "zone_id,name,department,population,priority,demand_days\nZ,Zone,32,1000,1,10\n",
    "sites.csv": (
        "site_id,zone_id,name,latitude,longitude,capacity,open_weekdays,lodging\n"
        "S,Z,Site,43.6392,-0.0777,5,Mon Tue Wed Thu Fri Sat Sun,0\n"
    ),
    "practices.csv": (
        "practice_id,name,latitude,longitude,open_weekdays,min_present,other_doctors\n"
        "P,Practice,43.7646,-0.0295,Mon Tue Wed Thu Fri,{min_present},0\n"
    ),
    "doctors.csv": (
        "doctor_id,name,practice_id,latitude,longitude,max_days,max_km\n"
        "A,Dr A,P,43.7646,-0.0295,2,50\n"
        "B,Dr B,P,43.7646,-0.0295,2,50\n"
    ),
    "replacements.csv": (
        "replacement_id,name,latitude,longitude,max_days,max_km\nR,Locum,43.7646,-0.0295,1,30\n"
    ),
    "availability.csv": (
        "person_id,date\nA,2025-10-01\nA,2025-10-04\nB,2025-10-01\nB,2025-10-02\nR,2025-10-02\n"
    ),
}


def _tiny_scenario(folder: Path, min_present: int) -> Scenario:
    folder.mkdir()
    for name, text in _TINY.items():
        (folder / name).write_text(text.format(min_present=min_present), encoding="utf-8")
    return load_scenario(folder)


def _missions(planning: Planning) -> set[tuple[str, int]]:
    return {(a.doctor_id, a.date.day) for a in planning.assignments}


def test_greedy_keeps_a_practice_open_when_its_volunteers_are_its_minimum(tmp_path: Path) -> None:
    scenario = _tiny_scenario(tmp_path / "scenario", min_present=2)
    planning = solve_greedy(scenario)
    _assert_verified(scenario, planning, tmp_path / "planning")
    # Oct 1: neither may leave (no locum); Oct 2: B leaves, R keeps P open; Sat 4: P closed.
    assert _missions(planning) == {("A", 4), ("B", 2)}
    assert [(r.replacement_id, r.practice_id, r.date) for r in planning.locum_days] == [
        ("R", "P", dt.date(2025, 10, 2))
    ]


def test_greedy_sends_everyone_when_the_practice_needs_nobody(tmp_path: Path) -> None:
    scenario = _tiny_scenario(tmp_path / "scenario", min_present=0)
    planning = solve_greedy(scenario)
    _assert_verified(scenario, planning, tmp_path / "planning")
    assert _missions(planning) == {("A", 1), ("A", 4), ("B", 1), ("B", 2)}
    assert planning.locum_days == ()


@needs_highs
@pytest.mark.parametrize("min_present", [0, 2])
def test_milp_agrees_on_the_tiny_practice(tmp_path: Path, min_present: int) -> None:
    scenario = _tiny_scenario(tmp_path / "scenario", min_present=min_present)
    milp, greedy = solve_milp(scenario, time_limit_s=30.0), solve_greedy(scenario)
    _assert_verified(scenario, milp, tmp_path / "planning")
    assert milp.summary.doctor_days == greedy.summary.doctor_days
    assert len(milp.locum_days) == len(greedy.locum_days)


def test_with_wishes_the_milp_reaches_rosters_lexicographic_optimum(tmp_path: Path) -> None:
    """Coverage, then the wish score, then km: the independent MILP and roster agree on a
    generated month with sign-up wishes (and both plannings pass the verifier)."""
    from typer.testing import CliRunner

    from roster.cli import app
    from roster.solvers import SolveOptions, solve

    args = [
        "generate",
        str(tmp_path / "m"),
        "--zones",
        "8",
        "--doctors",
        "90",
        "--practices",
        "40",
        "--wishes",
    ]
    assert CliRunner().invoke(app, [*args, "--seed", "4"]).exit_code == 0
    scenario = load_scenario(tmp_path / "m")
    milp = solve_milp(scenario, time_limit_s=60, threads=1)
    ours = solve(scenario, SolveOptions(time_limit_s=60, workers=1, seed=1))
    for name, planning in (("milp", milp), ("roster", ours)):
        save_planning(tmp_path / name, planning, scenario, force=True)
        verdict, problems = verify_planning(scenario, tmp_path / name)
        assert not problems and verdict.ok, (name, verdict.violations)
    a, b = milp.summary, ours.summary
    assert a.status == b.status == "OPTIMAL" and [p["phase"] for p in a.phases] == [
        "build",
        "coverage",
        "wish",
        "km",
    ]
    assert math.isclose(a.coverage_score, b.coverage_score, rel_tol=1e-9) and a.wish_score == b.wish_score
    assert a.wish_bound == a.wish_score and math.isclose(a.total_km, b.total_km, rel_tol=1e-6)
