"""The golden scenarios: their optimum (coverage, then least km) from an independent MILP."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from scenario_builder import solve_and_verify

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


@pytest.mark.parametrize("name", CASES)
def test_golden_optimum_is_found_and_verified(name: str, tmp_path: Path) -> None:
    expected = json.loads((GOLDEN / name / "expected.json").read_text())
    _, planning, verdict = solve_and_verify(GOLDEN / name, tmp_path / "plan")
    assert verdict.ok, verdict.violations
    s = planning.summary
    assert s.status == "OPTIMAL"
    assert math.isclose(s.coverage_score, expected["coverage_score"], rel_tol=1e-6)
    assert math.isclose(s.total_km, expected["total_km"], rel_tol=1e-6)
    assert s.best_bound == s.coverage_score and s.gap == 0.0
    for key in ("doctor_days", "replacement_days"):
        if key in expected:
            got = s.doctor_days if key == "doctor_days" else s.locum_days
            assert got == expected[key]


def test_golden_cases_are_all_present() -> None:
    assert CASES == ["aura-distances", "november-holidays", "occitanie-small", "rules-bind"]
