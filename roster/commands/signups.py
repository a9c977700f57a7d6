"""`roster signups`: import a sign-up form export into a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.errors import BadInput
from roster.app.signups import import_signup_export
from roster.commands.terminal import err, report_input_errors, warn


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
    try:
        summary = import_signup_export(export, into, mapping)
    except BadInput as exc:
        report_input_errors(exc)
    for warning in summary.warnings:
        warn(warning)
    err.print(
        f"{summary.volunteers} volunteer(s) imported into {into} "
        f"({summary.new} new, {summary.updated} updated): "
        f"{summary.availability_rows} availability row(s), {summary.wish_rows} wish row(s)",
        markup=False,
    )
