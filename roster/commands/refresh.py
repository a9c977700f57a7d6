"""`roster refresh`: bring coverage.csv and summary.json up to date after a hand edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def refresh(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder the planning was made for.")],
    planning: Annotated[Path, typer.Argument(help="Planning folder edited by hand.")],
) -> None:
    """Recompute coverage.csv and summary.json from the planning's rows (status EDITED, proofs
    cleared), then run the verifier: exit 0 if every hard rule holds, 1 otherwise."""
    from roster.cli import err, load_or_exit, out, report_input_errors
    from roster.commands.calendars import write_text_atomically
    from roster.commands.checked_planning import check_matches, read_planning_or_exit
    from roster.outputs.refreshed_summary import coverage_csv, refreshed_summary, summary_json
    from roster.scenarios import ScenarioError
    from roster.verify import verify_planning

    data = load_or_exit(scenario)
    plan = read_planning_or_exit(planning)
    try:
        check_matches(data, plan, planning)
    except ScenarioError as exc:
        report_input_errors(exc, "planning")
    summary = refreshed_summary(data, plan)
    write_text_atomically(planning / "coverage.csv", coverage_csv(data, plan))
    write_text_atomically(planning / "summary.json", summary_json(summary))
    err.print(
        f"refreshed {planning}/coverage.csv and summary.json: status EDITED, coverage score "
        f"{summary.coverage_score:.4f}, {summary.doctor_days} doctor-days, {summary.total_km:.1f} km",
        markup=False,
    )
    verdict, problems = verify_planning(data, planning)
    for line in [*problems, *verdict.violations]:
        out.print(line, markup=False)
    if problems or verdict.violations:
        out.print(
            f"INVALID: {len(problems) + len(verdict.violations)} violation(s) remain; fix the rows.",
            markup=False,
        )
        raise typer.Exit(1)
    out.print("OK: every hard rule holds", markup=False)
