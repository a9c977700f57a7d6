"""`roster solve`: one month solved live, its planning folder written (and calendars on request)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.calendars import solve_calendar_files
from roster.app.errors import AppError
from roster.app.solve import (
    refuse_foreign_folder,
    refuse_overlap,
    require_planning,
    solve_month,
    write_planning,
)
from roster.commands.options import Quiet, Seed, TimeLimit, Workers
from roster.commands.terminal import EXIT_FAIL, err, fail, fail_with, load_or_exit, out
from roster.console.live_solve import run_with_live_progress
from roster.console.tables import coverage_table, kpi_table
from roster.export import FORMATS
from roster.scenarios.bundled import default_scenario
from roster.solvers import SolveOptions

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="Scenario folder (default: the bundled Occitanie pilot).", show_default=False),
]


def export_formats(text: str) -> list[str]:
    """The comma-separated calendar formats of `--export` (exit 2 on an unknown one)."""
    formats = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        fail(f"unknown export format(s) {', '.join(unknown)}; choose among {', '.join(FORMATS)}")
    return formats


def solve(
    scenario: ScenarioArg = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Planning folder to write.")] = Path(
        "planning"
    ),
    time_limit: TimeLimit = 60.0,
    workers: Workers = 0,
    seed: Seed = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --out even if it is not a planning folder.")
    ] = False,
    export: Annotated[
        str,
        typer.Option("--export", help="Also write calendars: gcal-csv,outlook-csv,ics (comma-separated)."),
    ] = "",
    export_by: Annotated[
        str, typer.Option("--export-by", help="Calendars per doctor, site or zone (comma-separated).")
    ] = "doctor,site,zone",
    quiet: Quiet = False,
    log_search: Annotated[bool, typer.Option("--log-search", help="Print CP-SAT's search log.")] = False,
) -> None:
    """Solve one month: maximise priority-weighted coverage, then minimise km."""
    folder = scenario if scenario is not None else default_scenario()
    data = load_or_exit(folder, quiet)
    try:
        refuse_overlap(out_dir, folder)
        refuse_foreign_folder(out_dir, force)
        formats = export_formats(export)
        options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed, log_search=log_search)
        planning, interrupted = run_with_live_progress(
            lambda progress, control: solve_month(data, options, progress, control),
            err,
            show=not quiet and not log_search,
        )
        require_planning(planning, interrupted)
        groups = [g.strip() for g in export_by.split(",") if g.strip()]
        extra = solve_calendar_files(data, planning, formats, groups) if formats else None
        backup = write_planning(out_dir, planning, data, force=force, extra=extra)
    except AppError as exc:
        fail_with(exc)
    if not quiet:
        out.print(coverage_table(data, planning))
        out.print(kpi_table(planning.summary))
    note = " (stopped by Ctrl-C: best planning so far)" if interrupted else ""
    err.print(
        f"planning written to {out_dir}{note}" + (f"; previous one kept in {backup}" if backup else ""),
        markup=False,
    )
    if planning.summary.status == "INFEASIBLE":
        err.print("INFEASIBLE: no planning satisfies these together:" if planning.summary.conflicts
                  else f"INFEASIBLE: {planning.summary.message}", markup=False)  # fmt: skip
        for conflict in planning.summary.conflicts:
            err.print(f"  {conflict}", markup=False)
    if planning.summary.status in ("INFEASIBLE", "UNKNOWN"):
        raise typer.Exit(EXIT_FAIL)
