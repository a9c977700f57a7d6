"""Explanations of shortfalls, re-planning after cancellations, pins, multi-month history."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from brute_force import fewest_changes, search_size
from hypothesis import HealthCheck, assume, given, settings
from scenario_builder import Spec, doctor, locum, practice, site, solve_and_verify, zone
from strategies import scenarios
from typer.testing import CliRunner

from roster.app.replan import with_availability
from roster.cli import app
from roster.explain.changes import check
from roster.explain.reasons import Explainer
from roster.outputs.planning_folder import save_planning
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve
from roster.verify import verify_planning

runner = CliRunner()
OPTIONS = SolveOptions(time_limit_s=20, workers=1, seed=0)


def explained(spec: Spec, tmp_path: Path, zone_id: str):
    folder = spec.write(tmp_path / "scn")
    scenario = load_scenario(folder)
    planning = solve(scenario, OPTIONS)
    e = Explainer(scenario, planning)
    z = [x.zone_id for x in scenario.zones].index(zone_id)
    facts = e.facts(z)
    return e, facts, check(e, facts, planning, OPTIONS), folder, planning


# --- explain: scenarios built so that the reason is known -----------------------------------


def test_explain_names_a_zone_nobody_can_reach_and_the_max_km_that_fixes_it(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("FAR", demand=2)],
        sites=[site("S1", "FAR", lat=44.0)],  # ~58 km of road from the doctor
        doctors=[doctor("D1", max_km=50), doctor("D2", max_km=30)],
        available={"D1": [1, 2], "D2": [1]},
    )
    _, facts, checked, _, _ = explained(spec, tmp_path, "FAR")
    assert (facts.can_reach, facts.within_max_km, facts.available_on_open_days) == (0, 0, 0)
    assert facts.assigned == 0 and facts.shortfall == 2
    fixes = [c for c in checked if c.adds_a_day]
    assert fixes and fixes[0].candidate.kind == "max_km"
    assert "raise D1's max_km from 50 to 58 km" in fixes[0].candidate.description


def test_explain_names_a_full_site_and_checks_more_capacity(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=3)],
        sites=[site("S1", "Z", capacity=1, days="Wed")],
        doctors=[doctor(f"D{i}") for i in range(3)],
        available={f"D{i}": [1] for i in range(3)},  # only Wednesday 1st
    )
    _, facts, checked, _, _ = explained(spec, tmp_path, "Z")
    assert facts.assigned == 1 and facts.blocked["site_full"] == 2
    capacity = [c for c in checked if c.candidate.kind == "capacity"]
    assert capacity and capacity[0].adds_a_day and capacity[0].days_after == 2


def test_explain_names_doctors_used_in_a_higher_priority_zone_at_their_cap(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("HIGH", priority=5, demand=4), zone("LOW", priority=1, demand=2)],
        sites=[site("SH", "HIGH", capacity=2), site("SL", "LOW", lon=0.01, capacity=2)],
        doctors=[doctor("D1", max_days=2), doctor("D2", max_days=2)],
        available={"D1": [1, 2, 3], "D2": [1, 2, 3]},
    )
    _, facts, _, _, _ = explained(spec, tmp_path, "LOW")
    assert facts.assigned == 0 and facts.available_on_open_days == 2
    assert facts.used_elsewhere == 2 and facts.at_cap_elsewhere == 2
    assert facts.elsewhere == [("HIGH", "Zone HIGH", 5.0, 4)]
    assert facts.blocked["monthly_cap"] + facts.blocked["elsewhere_that_day"] == 6


def test_explain_names_continuity_without_locum_and_checks_one_more_locum(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=2)],
        sites=[site("S1", "Z")],
        practices=[practice("P1", min_present=1, other=0)],
        doctors=[doctor("D1", "P1")],
        locums=[locum("R1", lat=45.0, max_km=30)],  # 150 km away: out of reach
        available={"D1": [1, 2], "R1": [1, 2]},
    )
    _, facts, checked, _, _ = explained(spec, tmp_path, "Z")
    assert facts.assigned == 0 and facts.blocked["continuity"] == 2
    assert facts.continuity_practices == {0: 2}
    locums = [c for c in checked if c.candidate.kind == "locum"]
    assert locums and locums[0].adds_a_day and locums[0].days_after == 2
    assert "one more locum near P1" in locums[0].candidate.description


def test_explain_command_writes_explain_md(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=3)],
        sites=[site("S1", "Z", capacity=1, days="Wed")],
        doctors=[doctor(f"D{i}") for i in range(3)],
        available={f"D{i}": [1] for i in range(3)},
    )
    folder = spec.write(tmp_path / "scn")
    assert runner.invoke(app, ["solve", str(folder), "--out", str(tmp_path / "plan"), "-q"]).exit_code == 0
    args = ["explain", str(folder), str(tmp_path / "plan"), "--workers", "1"]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "plan" / "explain.md").read_text()
    assert "## Z Zone Z (priority 1): 1 of 3 doctor-days, shortfall 2" in text
    assert "2 the site was full that day" in text and "[yes] raise S1's capacity from 1 to 2" in text


# --- re-planning -------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=scenarios(max_zones=2, max_sites=2, max_doctors=3, max_practices=2, max_locums=1, days=4))
def test_replan_changes_no_more_assignments_than_needed(spec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = spec.write(Path(tmp) / "scn")
        scenario, planning, _ = solve_and_verify(folder, Path(tmp) / "plan")
        assume(planning.assignments and search_size(scenario) <= 5000)
        rng = random.Random(len(planning.assignments))
        cancelled = rng.sample(list(planning.assignments), k=min(2, len(planning.assignments)))
        updated = with_availability(scenario, [(a.doctor_id, a.date) for a in cancelled], [])
        replanned = solve(updated, OPTIONS, previous=planning)
        save_planning(Path(tmp) / "new", replanned, updated, force=True)
        verdict, problems = verify_planning(updated, Path(tmp) / "new")
        assert not problems and verdict.ok, verdict.violations
        previous = {(a.date, a.doctor_id, a.site_id) for a in planning.assignments}
        score, changes = fewest_changes(updated, previous)
        assert replanned.summary.coverage_score == float(score)
        assert replanned.summary.changes == changes


def test_replan_command_writes_changes_and_keeps_unaffected_missions(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z1", demand=2), zone("Z2", demand=1)],
        sites=[site("S1", "Z1", capacity=2), site("S2", "Z2", lon=0.02)],
        # A lives by the sites, B and C farther: the least-km planning gives A two days
        doctors=[doctor("A"), doctor("B", lon=0.1), doctor("C", lon=0.1)],
        available={"A": [1, 2, 3], "B": [1, 6], "C": [2, 3]},
    )
    folder = spec.write(tmp_path / "scn")
    assert runner.invoke(app, ["solve", str(folder), "--out", str(tmp_path / "p0"), "-q"]).exit_code == 0
    before = (tmp_path / "p0" / "assignments.csv").read_text().splitlines()[1:]
    cancelled = next(line for line in before if ",A," in line)
    day = cancelled.split(",")[0]
    args = ["replan", str(folder), "--planning", str(tmp_path / "p0"), "--cancel", f"A@{day}",
            "--out", str(tmp_path / "p1"), "-q", "--workers", "1"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    after = set((tmp_path / "p1" / "assignments.csv").read_text().splitlines()[1:])
    assert cancelled not in after
    kept = [line for line in before if line != cancelled]
    assert all(line in after for line in kept)  # nothing unaffected moved
    changes = (tmp_path / "p1" / "changes.csv").read_text().splitlines()
    assert changes[0] == "change,kind,date,person_id,place_id,zone_id,km,revision"
    assert any(line.startswith(f"removed,mission,{day},A,") for line in changes)
    check = runner.invoke(app, ["verify", str(tmp_path / "p1" / "scenario"), str(tmp_path / "p1")])
    assert check.exit_code == 0, check.output


def test_replan_refuses_a_cancellation_outside_the_month(tmp_path: Path) -> None:
    spec = Spec(zones=[zone("Z")], sites=[site("S1", "Z")], doctors=[doctor("A")], available={"A": [1]})
    folder = spec.write(tmp_path / "scn")
    runner.invoke(app, ["solve", str(folder), "--out", str(tmp_path / "p0"), "-q"])
    result = runner.invoke(app, ["replan", str(folder), "--planning", str(tmp_path / "p0"),
                                 "--cancel", "A@2025-11-03", "--out", str(tmp_path / "p1")])  # fmt: skip
    assert result.exit_code == 2 and "outside the planned month" in result.output
    assert not (tmp_path / "p1").exists()


# --- pins and hard minimums ------------------------------------------------------------------


def pinned_spec() -> Spec:
    return Spec(
        zones=[zone("Z1", demand=4), zone("Z2", demand=4)],
        sites=[site("S1", "Z1", capacity=3), site("S2", "Z2", lon=0.02, capacity=3)],
        practices=[practice("P", min_present=1, other=0)],
        doctors=[doctor("A", "P"), doctor("B", "P"), doctor("C")],
        available={"A": [1, 2], "B": [1, 2], "C": [1, 2]},
    )


def write_pins(folder: Path, pins: list[tuple[int, str, str]]) -> None:
    rows = "".join(f"2025-10-{day:02d},{who},{where}\n" for day, who, where in pins)
    (folder / "pins.csv").write_text("date,doctor_id,site_id\n" + rows)


def test_conflicting_pins_give_infeasible_with_the_conflicting_pins_named(tmp_path: Path) -> None:
    folder = pinned_spec().write(tmp_path / "scn")
    # A and B share a practice that needs one of them: both pinned away on the 1st conflict;
    # C pinned to both sites on the 2nd conflicts too; the pin of C on the 1st is innocent.
    write_pins(folder, [(1, "A", "S1"), (1, "B", "S2"), (1, "C", "S1"), (2, "C", "S1"), (2, "C", "S2")])
    result = runner.invoke(
        app, ["solve", str(folder), "--out", str(tmp_path / "plan"), "-q", "--workers", "1"]
    )
    assert result.exit_code == 1
    assert "INFEASIBLE" in result.output
    summary = json.loads((tmp_path / "plan" / "summary.json").read_text())
    assert summary["status"] == "INFEASIBLE"
    conflicts = summary["conflicts"]
    named = {c.split(":")[1] for c in conflicts}
    assert named in ({"2", "3"}, {"5", "6"})  # a minimal conflict: one of the two pairs
    assert all(c.startswith("pins.csv:") for c in conflicts)


def test_a_pin_no_rule_allows_is_named_with_its_rule(tmp_path: Path) -> None:
    folder = pinned_spec().write(tmp_path / "scn")
    write_pins(folder, [(1, "C", "S1"), (9, "C", "S2")])
    planning = solve(load_scenario(folder), OPTIONS)
    assert planning.summary.status == "INFEASIBLE"
    assert planning.summary.conflicts == [
        "pins.csv:3: C at S2 on 2025-10-09: rule 1: the doctor is not available on 2025-10-09"
    ]


def test_satisfiable_pins_and_minimums_are_honoured_and_verified(tmp_path: Path) -> None:
    folder = pinned_spec().write(tmp_path / "scn")
    write_pins(folder, [(2, "C", "S2")])
    zones = (folder / "zones.csv").read_text().splitlines()
    zones[0] += ",min_days"
    zones[1] += ",2"
    zones[2] += ",0"
    (folder / "zones.csv").write_text("\n".join(zones) + "\n")
    _, planning, verdict = solve_and_verify(folder, tmp_path / "plan")
    assert verdict.ok and planning.summary.status == "OPTIMAL"
    assert any((a.date.day, a.doctor_id, a.site_id) == (2, "C", "S2") for a in planning.assignments)
    assert sum(1 for a in planning.assignments if a.zone_id == "Z1") >= 2


# --- multi-month history ---------------------------------------------------------------------


def test_history_sends_a_doctor_back_to_a_site_served_before(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=1)],
        sites=[site("S1", "Z"), site("S2", "Z")],  # same place: a km tie
        doctors=[doctor("D")],
        available={"D": [1]},
    )
    folder = spec.write(tmp_path / "scn")
    without = solve(load_scenario(folder), OPTIONS)
    other = "S2" if without.assignments[0].site_id == "S1" else "S1"
    (folder / "history.csv").write_text(f"date,doctor_id,site_id\n2025-09-10,D,{other}\n")
    with_history = solve(load_scenario(folder), OPTIONS)
    assert [a.site_id for a in with_history.assignments] == [other]
    assert with_history.summary.coverage_score == without.summary.coverage_score


def test_history_balances_days_across_months(tmp_path: Path) -> None:
    spec = Spec(
        zones=[zone("Z", demand=1)],
        sites=[site("S1", "Z")],
        doctors=[doctor("BUSY"), doctor("NEW")],  # same place: a km tie
        available={"BUSY": [1], "NEW": [1]},
    )
    folder = spec.write(tmp_path / "scn")
    past = "".join(f"2025-09-{d:02d},BUSY,OLD-SITE\n" for d in (3, 10, 17))  # no return bonus
    (folder / "history.csv").write_text("date,doctor_id,site_id\n" + past)
    planning = solve(load_scenario(folder), OPTIONS)
    assert [a.doctor_id for a in planning.assignments] == ["NEW"]


def test_history_dates_must_be_before_the_month(tmp_path: Path) -> None:
    spec = Spec(zones=[zone("Z")], sites=[site("S1", "Z")], doctors=[doctor("D")], available={"D": [1]})
    folder = spec.write(tmp_path / "scn")
    (folder / "history.csv").write_text("date,doctor_id,site_id\n2025-10-02,D,S1\n")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2 and "history.csv:2:" in result.output
