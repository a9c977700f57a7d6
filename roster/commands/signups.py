"""`roster signups`: import a sign-up form export into a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def signups(
    export: Annotated[Path, typer.Argument(help="The form's export: CSV or .xlsx, one row per volunteer.")],
    into: Annotated[
        Path, typer.Option("--into", "-i", help="Scenario folder (or .xlsx workbook) to update.")
    ],
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="TOML file renaming the columns of another form."),
    ] = None,
) -> None:
    """Import volunteers from a sign-up export: writes doctors.csv, availability.csv and wishes.csv.

    Each volunteer gets a stable id derived from their RPPS number; importing again
    replaces their rows and keeps every other doctor. Any unreadable row: every problem
    is listed as file:line, exit 2, nothing is written."""
    from roster.cli import err, report_input_errors
    from roster.scenarios import ScenarioError
    from roster.signups import import_signups

    try:
        summary = import_signups(export, into, mapping)
    except ScenarioError as exc:
        report_input_errors(exc, "sign-up import")
    for warning in summary.warnings:
        err.print(f"warning: {warning}", markup=False, style="yellow")
    err.print(
        f"{summary.volunteers} volunteer(s) imported into {into} "
        f"({summary.new} new, {summary.updated} updated): "
        f"{summary.availability_rows} availability row(s), {summary.wish_rows} wish row(s)",
        markup=False,
    )
