"""Benchmark smoke test (not timed): the runner works and the region size solves to optimality."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_runner_solves_the_region_size_to_optimality_and_verifies(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--families",
            "region",
            "--no-milp",
            "--results",
            str(results),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    table = results.read_text()
    roster_row = next(line for line in table.splitlines() if line.startswith("| region | roster |"))
    greedy_row = next(line for line in table.splitlines() if line.startswith("| region | greedy |"))
    assert "| OPTIMAL |" in roster_row and roster_row.endswith("| True |")
    assert greedy_row.endswith("| True |")
    assert "greedy coverage" in table and "Machine:" in table
