"""The pipeline: every phase has its own test file, and runs in order on a real month."""

from __future__ import annotations

import re
from pathlib import Path

from roster.solvers.search.phase import PhaseGroup, phases_of, run_steps
from roster.solvers.search.pipeline import PIPELINE
from solvers.built import context, month_of, state
from solvers.search.months import easy_month

PHASE_TESTS = Path(__file__).parent / "phases"


def test_every_phase_of_the_pipeline_has_a_test_file_that_runs_it() -> None:
    missing = []
    for phase in phases_of(PIPELINE):
        module = type(phase).__module__.rpartition(".")[2]
        test = PHASE_TESTS / f"test_{module}.py"
        if not test.is_file() or not re.search(
            rf"\b{type(phase).__name__}\(", test.read_text(encoding="utf-8")
        ):
            missing.append(f"{phase.name}: {type(phase).__name__} in {test.relative_to(PHASE_TESTS.parent)}")
    assert missing == []


def test_every_phase_has_a_name_and_the_pipeline_runs_it_when_supported_and_wanted(tmp_path: Path) -> None:
    assert all(phase.name for phase in phases_of(PIPELINE))
    assert any(isinstance(step, PhaseGroup) for step in PIPELINE)
    month = month_of(easy_month(), tmp_path / "s")
    after = run_steps(PIPELINE, state(month), context(month))
    assert [e["phase"] for e in after.log] == [
        "lp-coverage",
        "polish",
        "coverage-reduced-cost-fixing",
        "lp-km",
    ]
    assert after.coverage_proven and after.km_proven


def test_a_stopped_solve_runs_no_further_phase(tmp_path: Path) -> None:
    month = month_of(easy_month(), tmp_path / "s")
    ctx = context(month)
    ctx.control.stop()
    assert run_steps(PIPELINE, state(month), ctx).log == ()
