"""`roster refresh`: bring coverage.csv and summary.json up to date after a hand edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.errors import AppError
from roster.app.refresh import refresh_figures, remaining_violations
from roster.commands.terminal import EXIT_FAIL, err, fail_with, load_or_exit, out


def refresh(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder the planning was made for.")],
    planning: Annotated[Path, typer.Argument(help="Planning folder edited by hand.")],
) -> None:
    """Recompute coverage.csv and summary.json from the planning's rows (status EDITED, proofs
    cleared), then run the verifier: exit 0 if every hard rule holds, 1 otherwise."""
    data = load_or_exit(scenario)
    try:
        summary = refresh_figures(data, planning)
    except AppError as exc:
        fail_with(exc)
    err.print(
        f"refreshed {planning}/coverage.csv and summary.json: status EDITED, coverage score "
        f"{summary.coverage_score:.4f}, {summary.doctor_days} doctor-days, {summary.total_km:.1f} km",
        markup=False,
    )
    remaining = remaining_violations(data, planning)
    for line in remaining:
        out.print(line, markup=False)
    if remaining:
        out.print(f"INVALID: {len(remaining)} violation(s) remain; fix the rows.", markup=False)
        raise typer.Exit(EXIT_FAIL)
    out.print("OK: every hard rule holds", markup=False)
