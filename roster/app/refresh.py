"""`refresh`: coverage.csv and summary.json brought up to date after a hand edit of a planning."""

from __future__ import annotations

from pathlib import Path

from roster.app.loading import open_matching_planning
from roster.models import Scenario, SolveSummary
from roster.outputs.refreshed_summary import coverage_csv, refreshed_summary, summary_json
from roster.outputs.safe_file import write_output_file
from roster.verify import verify_planning


def refresh_figures(scenario: Scenario, planning_dir: Path) -> SolveSummary:
    """Recompute and rewrite coverage.csv and summary.json from the planning's rows (status
    EDITED, proofs cleared); `BadInput` if the rows cannot be read or do not match the scenario."""
    planning = open_matching_planning(scenario, planning_dir)
    summary = refreshed_summary(scenario, planning)
    write_output_file(planning_dir / "coverage.csv", coverage_csv(scenario, planning), force=True)
    write_output_file(planning_dir / "summary.json", summary_json(summary), force=True)
    return summary


def remaining_violations(scenario: Scenario, planning_dir: Path) -> list[str]:
    """What the verifier still finds: unreadable files first, then broken rules."""
    verdict, problems = verify_planning(scenario, planning_dir)
    return [*problems, *verdict.violations]
