"""`roster solve` end to end: default scenario, safe output folders, Ctrl-C, determinism."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roster.cli import app

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "scenarios" / "occitanie-pilot"
runner = CliRunner()


def roster(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roster.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_solve_without_scenario_plans_the_bundled_pilot_to_optimality(tmp_path: Path) -> None:
    done = roster("solve", "--workers", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "planning" / "summary.json").read_text())
    assert summary["status"] == "OPTIMAL" and summary["scenario"] == "occitanie-pilot"
    assert "Coverage per zone" in done.stdout and "Indemnity EUR" in done.stdout
    check = roster("verify", str(PILOT), str(tmp_path / "planning"))
    assert check.returncode == 0, check.stdout


def test_solving_again_keeps_the_previous_planning_as_backup(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    for _ in range(2):
        result = runner.invoke(app, ["solve", str(PILOT), "--out", str(out), "-q", "--workers", "1"])
        assert result.exit_code == 0, result.output
    assert (out / "summary.json").is_file() and (tmp_path / "plan.prev" / "summary.json").is_file()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_solve_refuses_to_overwrite_a_folder_that_is_not_a_planning(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    result = runner.invoke(app, ["solve", str(PILOT), "--out", str(out), "-q"])
    assert result.exit_code == 2
    assert "not a planning folder" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["precious.txt"]
    forced = runner.invoke(app, ["solve", str(PILOT), "--out", str(out), "-q", "--force", "--workers", "1"])
    assert forced.exit_code == 0
    assert (out / "summary.json").is_file() and (tmp_path / "documents.prev" / "precious.txt").is_file()


def test_same_seed_and_one_worker_give_byte_identical_plannings(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = runner.invoke(
            app, ["solve", str(PILOT), "--out", str(tmp_path / name), "-q", "--workers", "1", "--seed", "7"]
        )
        assert result.exit_code == 0, result.output
    for file in ("assignments.csv", "replacements.csv", "coverage.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_ctrl_c_stops_the_search_and_writes_the_best_planning_so_far(
    tmp_path: Path, stress_month: Path
) -> None:
    scenario = stress_month
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "roster.cli",
            "solve",
            str(scenario),
            "--out",
            str(tmp_path / "plan"),
            "--time-limit",
            "300",
            "--workers",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    # Off a terminal the solve prints one line per phase; once a line shows the coverage
    # proven (a planning exists), Ctrl-C lands in the km phases, whatever the machine's speed.
    assert process.stderr is not None
    seen: list[str] = []
    for line in process.stderr:
        seen.append(line)
        if "gap 0.00%" in line:
            process.send_signal(signal.SIGINT)
            break
    else:
        pytest.fail("the solve ended without a phase line: " + "".join(seen))
    _, rest = process.communicate(timeout=120)
    stderr = "".join(seen) + rest
    assert process.returncode == 0, stderr
    assert "stopped by Ctrl-C" in stderr
    summary = json.loads((tmp_path / "plan" / "summary.json").read_text())
    assert summary["interrupted"] is True and summary["status"] == "FEASIBLE"
    assert summary["proof"].get("coverage") and not summary["proof"].get("km")  # stopped in the km phases
    assert summary["wall_time_s"] < 100
    check = roster("verify", str(scenario), str(tmp_path / "plan"))
    assert check.returncode == 0, check.stdout
