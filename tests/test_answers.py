"""`roster answers`: doctors' answers into the planning's states.csv; bad rows refused with
file:line and nothing written; the verifier's checks of states.csv."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from helpers_inputs import flat, run_cli
from scenario_builder import Spec, doctor, site, solve_and_verify, zone

from roster.app.answers import record_answers
from roster.rounds.planning_states import planning_states
from roster.scenarios import load_scenario
from roster.verify import verify_planning


def month() -> Spec:
    """Three doctors, two days each, one site of capacity 3: six missions."""
    return Spec(
        zones=[zone("Z", demand=6)],
        sites=[site("S1", "Z", capacity=3)],
        doctors=[doctor("A"), doctor("B"), doctor("C")],
        available={"A": [1, 2], "B": [1, 2], "C": [2, 3]},
    )


@pytest.fixture
def planned(tmp_path: Path) -> tuple[Path, Path]:
    folder = month().write(tmp_path / "scn")
    solve_and_verify(folder, tmp_path / "plan")
    return folder, tmp_path / "plan"


def states(plan: Path) -> dict[tuple[str, str], dict[str, str]]:
    rows = csv.DictReader((plan / "states.csv").read_text(encoding="utf-8").splitlines())
    return {(r["doctor_id"], r["date"]): r for r in rows}


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_answers_confirm_decline_and_cancel_with_who_when_and_comment(planned, tmp_path: Path) -> None:
    scenario_dir, plan = planned
    _, before = planning_states(plan)
    assert before.counts() == {"proposed": 6, "confirmed": 0, "declined": 0, "cancelled": 0}  # no file yet
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "doctor_id,date,answer,comment\nA,2025-10-01,OUI,\nB,2025-10-01,non,malade\nC,2025-10-02,1,\n",
        encoding="utf-8",
    )
    run = run_cli("answers", str(plan), "--file", str(answers), "--by", "agnes")
    assert run.exit_code == 0, run.output
    assert "3 answer(s) recorded (2 confirmed, 1 declined)" in flat(run.output)
    rows = states(plan)
    assert len(rows) == 6
    assert (
        rows[("A", "2025-10-01")]["state"] == "confirmed"
        and rows[("A", "2025-10-01")]["changed_by"] == "agnes"
    )
    assert (
        rows[("B", "2025-10-01")]["state"] == "declined" and rows[("B", "2025-10-01")]["comment"] == "malade"
    )
    assert rows[("A", "2025-10-02")]["state"] == "proposed" and rows[("A", "2025-10-02")]["changed_at"] == ""
    assert rows[("A", "2025-10-01")]["changed_at"].endswith("+00:00")
    # a doctor who confirmed and then says no cancels; the verifier accepts the states
    answers.write_text("doctor_id;date;answer\nA;01/10/2025;Non\n", encoding="utf-8-sig")  # French Excel
    assert run_cli("answers", str(plan), "--file", str(answers)).exit_code == 0
    assert states(plan)[("A", "2025-10-01")]["state"] == "cancelled"
    verdict, problems = verify_planning(load_scenario(scenario_dir), plan)
    assert problems == [] and verdict.ok, verdict.violations


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "ZED,2025-10-01,oui",
            "column 'doctor_id': unknown doctor 'ZED' (no mission of theirs in this planning)",
        ),
        (
            "A,2025-10-03,oui",
            "A has no mission on 2025-10-03 in this planning (their missions: 2025-10-01, 2025-10-02)",
        ),
        ("A,2025-10-01,peut-être", "column 'answer': must be oui or non (also yes/no, 1/0), got 'peut-être'"),
        ("A,le 1er,oui", "column 'date': must be a date YYYY-MM-DD or JJ/MM/AAAA, got 'le 1er'"),
        ("A,01/10/2025,non", "a second answer for A on 2025-10-01 (first on line 2)"),
    ],
)
def test_a_bad_answer_is_refused_with_file_and_line_and_nothing_is_written(
    planned, tmp_path: Path, row: str, message: str
) -> None:
    _, plan = planned
    answers = tmp_path / "answers.csv"
    answers.write_text(f"doctor_id,date,answer\nA,2025-10-01,oui\n{row}\n", encoding="utf-8")
    before = folder_bytes(plan)
    run = run_cli("answers", str(plan), "--file", str(answers))
    assert run.exit_code == 2
    assert f"answers.csv:3: {message}" in flat(run.output)
    assert folder_bytes(plan) == before and not (plan / "states.csv").exists()


def test_two_writers_at_once_lose_no_answer(planned, tmp_path: Path) -> None:
    _, plan = planned
    files = []
    for i, (who, day) in enumerate((("A", "2025-10-01"), ("C", "2025-10-03"))):
        path = tmp_path / f"a{i}.csv"
        path.write_text(f"doctor_id,date,answer\n{who},{day},oui\n", encoding="utf-8")
        files.append(path)
    threads = [threading.Thread(target=record_answers, args=(plan, f, "x")) for f in files for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = states(plan)
    assert rows[("A", "2025-10-01")]["state"] == rows[("C", "2025-10-03")]["state"] == "confirmed"


def test_the_verifier_checks_states_csv(planned) -> None:
    scenario_dir, plan = planned
    scenario = load_scenario(scenario_dir)
    header = "date,doctor_id,site_id,state,changed_by,changed_at,comment\n"
    cases = {
        "2025-10-05,A,S1,confirmed,,,\n": "confirmed mission of A on 2025-10-05 at S1 is not planned",
        "2025-10-01,A,S9,proposed,,,\n": "A on 2025-10-01 has a mission at S1, not S9",
        "2025-10-01,A,S1,maybe,,,\n": "state 'maybe' is not one of proposed, confirmed, declined, cancelled",
        "2025-10-01,A,S1,confirmed,x,hier,\n": "changed_at 'hier' is not a date-time",
        "2025-10-01,A,S1,proposed,,,\n2025-10-01,A,S1,confirmed,,,\n": "a second row for A on 2025-10-01",
    }
    for rows, message in cases.items():
        (plan / "states.csv").write_text(header + rows, encoding="utf-8")
        verdict, problems = verify_planning(scenario, plan)
        assert problems == []
        assert any(v.startswith("states: states.csv:") and message in v for v in verdict.violations), (
            message,
            verdict.violations,
        )
    (plan / "states.csv").write_text(header + "2025-10-05,A,S1,declined,x,,\n", encoding="utf-8")
    verdict, _ = verify_planning(scenario, plan)
    assert verdict.ok  # a doctor-day refused in an earlier round, without a mission now
