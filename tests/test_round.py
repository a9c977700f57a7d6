"""The confirmation round (`roster replan` on a planning with states.csv): declined days are
removed and never offered again, confirmed missions are pinned, unanswered ones stay, late
sign-ups are placed; changes.csv says why; every planning passes the verifier."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers_inputs import flat, run_cli
from scenario_builder import Spec, doctor, site, zone

from roster.scenarios import load_scenario
from roster.verify import verify_planning


def month(extra_doctor: bool = False) -> Spec:
    """Two zones a doctor can both reach; demand exceeds what three doctors give, so a
    late sign-up always adds coverage."""
    doctors = [doctor("A"), doctor("B"), doctor("C")] + ([doctor("D")] if extra_doctor else [])
    available = {"A": [1, 2], "B": [1, 2], "C": [2, 3]}
    if extra_doctor:
        available["D"] = [3, 6]
    return Spec(
        zones=[zone("Z", priority=2, demand=6), zone("Y", priority=1, demand=4)],
        sites=[site("S1", "Z", capacity=3), site("S2", "Y", capacity=2)],
        doctors=doctors,
        available=available,
    )


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def missions(plan: Path) -> dict[tuple[str, str], str]:
    return {(r["doctor_id"], r["date"]): r["site_id"] for r in rows(plan / "assignments.csv")}


def verified(scenario_dir: Path, plan: Path) -> None:
    verdict, problems = verify_planning(load_scenario(scenario_dir), plan)
    assert problems == [] and verdict.ok, verdict.violations


def answer(plan: Path, tmp_path: Path, text: str) -> None:
    file = tmp_path / "answers.csv"
    file.write_text("doctor_id,date,answer,comment\n" + text, encoding="utf-8")
    run = run_cli("answers", str(plan), "--file", str(file), "--by", "ars")
    assert run.exit_code == 0, run.output


@pytest.fixture
def proposed(tmp_path: Path) -> tuple[Path, Path]:
    scenario_dir = month().write(tmp_path / "scn")
    plan = tmp_path / "plan"
    run = run_cli("solve", str(scenario_dir), "--out", str(plan), "--workers", "1", "--quiet")
    assert run.exit_code == 0, run.output
    assert len(missions(plan)) == 6
    return scenario_dir, plan


def test_a_round_removes_declines_pins_confirmations_and_keeps_the_rest(proposed, tmp_path: Path) -> None:
    scenario_dir, plan = proposed
    before = missions(plan)
    answer(plan, tmp_path, "A,2025-10-01,oui,\nB,2025-10-01,non,congrès\n")
    new = tmp_path / "round1"
    run = run_cli(
        "replan",
        str(scenario_dir),
        "--planning",
        str(plan),
        "--out",
        str(new),
        "--workers",
        "1",
        "--by",
        "ars",
    )
    assert run.exit_code == 0, run.output
    assert "round: 1 confirmed mission(s) pinned, 1 refused doctor-day(s) not offered" in flat(run.output)
    after = missions(new)
    assert ("B", "2025-10-01") not in after
    assert after[("A", "2025-10-01")] == before[("A", "2025-10-01")]  # confirmed: pinned
    unanswered = set(before) - {("A", "2025-10-01"), ("B", "2025-10-01")}
    assert unanswered <= set(after)  # nothing else had to move
    states = {(r["doctor_id"], r["date"]): r for r in rows(new / "states.csv")}
    assert states[("A", "2025-10-01")]["state"] == "confirmed"
    assert states[("A", "2025-10-01")]["changed_by"] == "ars"
    assert states[("B", "2025-10-01")]["state"] == "declined"  # kept: never offered again
    assert states[("B", "2025-10-01")]["comment"] == "congrès"
    assert all(states[k]["state"] == "proposed" for k in unanswered)
    changes = rows(new / "changes.csv")
    assert {
        "change": "removed",
        "person_id": "B",
        "date": "2025-10-01",
        "reason": "declined",
    }.items() <= next(c for c in changes if c["person_id"] == "B").items()
    verified(new / "scenario", new)
    assert (new / "scenario" / "pins.csv").read_text(encoding="utf-8").count("A") == 1


def test_a_refused_day_stays_refused_in_the_next_round(proposed, tmp_path: Path) -> None:
    scenario_dir, plan = proposed
    answer(plan, tmp_path, "B,2025-10-01,non,\n")
    first, second = tmp_path / "round1", tmp_path / "round2"
    args = ("--workers", "1", "--quiet")
    assert run_cli("replan", str(scenario_dir), "-p", str(plan), "-o", str(first), *args).exit_code == 0
    answer(first, tmp_path, "C,2025-10-02,non,\n")
    run = run_cli("replan", str(scenario_dir), "-p", str(first), "-o", str(second), *args)
    assert run.exit_code == 0, run.output
    after = missions(second)
    assert ("B", "2025-10-01") not in after and ("C", "2025-10-02") not in after
    states = {(r["doctor_id"], r["date"]): r["state"] for r in rows(second / "states.csv")}
    assert states[("B", "2025-10-01")] == "declined" and states[("C", "2025-10-02")] == "declined"
    verified(second / "scenario", second)


def test_a_late_sign_up_is_placed_and_called_new(proposed, tmp_path: Path) -> None:
    scenario_dir, plan = proposed
    answer(plan, tmp_path, "A,2025-10-01,oui,\n")
    made_for = tmp_path / "made-for"
    month().write(made_for)  # the scenario the planning was made for (a solve keeps no copy)
    month(extra_doctor=True).write(scenario_dir)  # `roster signups` merged a new volunteer
    new, args = tmp_path / "round", ("--workers", "1", "--quiet")
    run = run_cli(
        "replan", str(scenario_dir), "-p", str(plan), "-o", str(new), "--made-for", str(made_for), *args
    )
    assert run.exit_code == 0, run.output
    placed = [c for c in rows(new / "changes.csv") if c["person_id"] == "D"]
    assert placed and {c["reason"] for c in placed} == {"new_signup"}
    assert {c["change"] for c in placed} == {"added"}
    states = {(r["doctor_id"], r["date"]): r["state"] for r in rows(new / "states.csv")}
    assert all(states[("D", c["date"])] == "proposed" for c in placed)
    verified(new / "scenario", new)
    # the next round reads the round's own scenario/ copy: D is no longer new
    later = tmp_path / "round2"
    answer(new, tmp_path, f"D,{placed[0]['date']},non,\n")
    assert run_cli("replan", str(scenario_dir), "-p", str(new), "-o", str(later), *args).exit_code == 0
    reasons = {c["person_id"]: c["reason"] for c in rows(later / "changes.csv") if c["change"] == "removed"}
    assert reasons["D"] == "declined"


def test_a_confirmed_mission_the_scenario_no_longer_allows_is_refused(proposed, tmp_path: Path) -> None:
    scenario_dir, plan = proposed
    answer(plan, tmp_path, "A,2025-10-01,oui,\n")
    spec = month()
    spec.available["A"] = [2]  # the planner removed the confirmed day from the scenario
    spec.write(scenario_dir)
    new = tmp_path / "round"
    run = run_cli("replan", str(scenario_dir), "-p", str(plan), "-o", str(new), "--workers", "1", "--quiet")
    assert run.exit_code == 2
    assert "A at S1 on 2025-10-01" in flat(run.output) and "never moves a confirmed mission" in flat(
        run.output
    )
    assert not new.exists()


def test_without_states_a_replan_still_needs_a_change(proposed, tmp_path: Path) -> None:
    scenario_dir, plan = proposed
    run = run_cli("replan", str(scenario_dir), "-p", str(plan), "-o", str(tmp_path / "x"), "--quiet")
    assert run.exit_code == 2 and "nothing to re-plan" in run.output


def test_calendars_of_a_round_carry_the_declined_mission(proposed, tmp_path: Path) -> None:
    scenario_dir, plan = proposed
    answer(plan, tmp_path, "B,2025-10-01,non,\n")
    new = tmp_path / "round"
    assert run_cli("replan", str(scenario_dir), "-p", str(plan), "-o", str(new), "--quiet").exit_code == 0
    out = tmp_path / "cal"
    run = run_cli("export", str(new), "-s", str(new / "scenario"), "-o", str(out))
    assert run.exit_code == 0, run.output
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.ics"))
    assert "STATUS:CANCELLED" in text
