"""`roster validate` (a scenario against the contract) and `roster verify` (a planning against the rules)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.errors import UnreadablePlanning
from roster.app.validation import scenario_size
from roster.app.verification import verdict_of
from roster.commands.terminal import EXIT_FAIL, err, fail, load_or_exit, out


def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder to check.")],
) -> None:
    """Check a scenario folder against the contract; list every problem (exit 2)."""
    size = scenario_size(load_or_exit(scenario))
    out.print(
        f"{scenario}: valid - {size.name} {size.month}: "
        f"{size.zones} zones, {size.sites} sites, {size.practices} practices, "
        f"{size.doctors} doctors, {size.locums} locums, "
        f"{size.availability_rows} availability rows, {size.distances} road distances",
        markup=False,
    )


def verify(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder.")],
    planning: Annotated[Path, typer.Argument(help="Planning folder to check.")],
) -> None:
    """Independently check a planning against every hard rule (exit 1 on violations)."""
    data = load_or_exit(scenario)
    try:
        verdict = verdict_of(data, planning)
    except UnreadablePlanning as exc:
        for problem in exc.problems:
            err.print(problem, markup=False)
        fail(f"{len(exc.problems)} problem(s) reading the planning.")
    for violation in verdict.violations:
        out.print(violation, markup=False)
    summary = (
        f"coverage_score {verdict.coverage_score:.6f}, total_km {verdict.total_km:.3f}, "
        f"{verdict.doctor_days} doctor-days, {verdict.locum_days} locum days, "
        f"total {verdict.total_eur:.2f} EUR"
    ) + ("" if verdict.wish_score is None else f", wish score {verdict.wish_score}")
    if verdict.violations:
        out.print(f"INVALID: {len(verdict.violations)} violation(s); {summary}", markup=False)
        raise typer.Exit(EXIT_FAIL)
    out.print(f"OK: every hard rule holds; {summary}", markup=False)
