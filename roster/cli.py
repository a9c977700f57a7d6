"""The `roster` command line: solve, validate, verify and the planners' other tools."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from roster.commands.options import Quiet, Seed, TimeLimit, Workers
from roster.console.interruption import NO_PLANNING_YET, no_planning_yet
from roster.console.live_solve import run_with_live_progress
from roster.console.tables import coverage_table, kpi_table
from roster.models import Planning, Scenario
from roster.outputs.atomic_folder import OutputExistsError
from roster.outputs.out_guard import out_overlaps_scenario
from roster.outputs.planning_folder import may_replace, save_planning
from roster.scenarios import ScenarioError, load_scenario
from roster.scenarios.bundled import default_scenario

app = typer.Typer(
    name="roster",
    help="Plan volunteer doctors' missions in France's medical deserts (CP-SAT).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    err.print(message, markup=False)
    raise typer.Exit(code)


def report_input_errors(error: ScenarioError, what: str = "scenario") -> NoReturn:
    for issue in error.issues:
        err.print(str(issue), markup=False)
    count = error.total
    fail(f"{count:,} problem{'s' * (count > 1)} in the {what}; nothing was written.")


def load_or_exit(folder: Path, quiet: bool = False) -> Scenario:
    """Load a scenario; on bad input list every problem and exit with status 2."""
    warnings: list[str] = []
    try:
        scenario = load_scenario(folder, warnings)
    except ScenarioError as exc:
        report_input_errors(exc)
    if not quiet:
        for warning in warnings:
            err.print(f"warning: {warning}", markup=False, style="yellow")
    return scenario


ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="Scenario folder (default: the bundled Occitanie pilot).", show_default=False),
]


def resolve_scenario(scenario: Path | None) -> Path:
    return scenario if scenario is not None else default_scenario()


@app.command()
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
    from roster.solvers import SolveOptions
    from roster.solvers import solve as solve_month

    folder = resolve_scenario(scenario)
    data = load_or_exit(folder, quiet)
    overlap = out_overlaps_scenario(out_dir, folder)
    if overlap:
        fail(overlap)
    if not may_replace(out_dir, force):
        fail(f"{out_dir} exists and is not a planning folder; choose another --out or add --force.")
    formats = _export_formats(export)
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed, log_search=log_search)
    planning, interrupted = run_with_live_progress(
        lambda progress, control: solve_month(data, options, progress, control),
        err,
        show=not quiet and not log_search,
    )
    if no_planning_yet(planning, interrupted):
        fail(NO_PLANNING_YET, EXIT_FAIL)
    extra = _export_files(data, planning, formats, export_by) if formats else None
    try:
        backup = save_planning(out_dir, planning, data, force=force, extra=extra)
    except OutputExistsError as exc:
        fail(str(exc))
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


def _export_formats(text: str) -> list[str]:
    formats = [f.strip() for f in text.split(",") if f.strip()]
    if formats:
        from roster.export import FORMATS

        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            fail(f"unknown export format(s) {', '.join(unknown)}; choose among {', '.join(FORMATS)}")
    return formats


def _export_files(scenario: Scenario, planning: Planning, formats: list[str], by: str) -> dict[str, bytes]:
    from roster.export import render_calendars
    from roster.i18n import FRENCH

    groups = [g.strip() for g in by.split(",") if g.strip()]
    files: dict[str, bytes] = {}
    for fmt in formats:
        for group in groups:
            for name, content in render_calendars(scenario, planning, fmt, group, lang=FRENCH).items():
                files[f"calendars/{fmt}/{group}/{name}"] = content
    return files


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder to check.")],
) -> None:
    """Check a scenario folder against the contract; list every problem (exit 2)."""
    data = load_or_exit(scenario)
    n_avail = sum(len(v) for v in data.availability.values())
    out.print(
        f"{scenario}: valid - {data.settings.name} {data.settings.month}: "
        f"{len(data.zones)} zones, {len(data.sites)} sites, {len(data.practices)} practices, "
        f"{len(data.doctors)} doctors, {len(data.replacements)} locums, "
        f"{n_avail} availability rows, {len(data.distances)} road distances",
        markup=False,
    )


@app.command()
def verify(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder.")],
    planning: Annotated[Path, typer.Argument(help="Planning folder to check.")],
) -> None:
    """Independently check a planning against every hard rule (exit 1 on violations)."""
    from roster.verify import verify_planning

    data = load_or_exit(scenario)
    verdict, problems = verify_planning(data, planning)
    if problems:
        for problem in problems:
            err.print(problem, markup=False)
        fail(f"{len(problems)} problem(s) reading the planning.")
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


# --- commands defined in their own modules, registered here (one line each) ---
from roster.commands import calendars as _calendars  # noqa: E402

app.command("export")(_calendars.export)
app.command("report")(_calendars.report)
from roster.commands import generate as _generate  # noqa: E402

app.command("generate")(_generate.generate)
from roster.commands import replan as _replan  # noqa: E402

app.command("replan")(_replan.replan)
from roster.commands import refresh as _refresh  # noqa: E402

app.command("refresh")(_refresh.refresh)
from roster.commands import explain as _explain  # noqa: E402

app.command("explain")(_explain.explain)
from roster.commands import whatif as _whatif  # noqa: E402

app.command("compare")(_whatif.compare)
app.command("sweep")(_whatif.sweep)
from roster.commands import signups as _signups  # noqa: E402
from roster.commands import spreadsheets as _spreadsheets  # noqa: E402

app.command("signups")(_signups.signups)
app.command("template")(_spreadsheets.template)

from roster.commands import serve as _serve  # noqa: E402

app.command("serve")(_serve.serve)


def _caused_by_ctrl_c(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _say_interrupted() -> None:
    stream = sys.__stderr__ or sys.stderr  # not a live display's redirection, which may be lost
    stream.write("interrupted; nothing was written.\n")
    stream.flush()


def main() -> None:
    """Console entry point: never a traceback for the user unless ROSTER_DEBUG is set."""
    try:
        app()
    except KeyboardInterrupt:
        _say_interrupted()
        sys.exit(130)
    except SystemExit as exc:  # typer turns a Ctrl-C into a silent exit 130
        if exc.code == 130 and _caused_by_ctrl_c(exc):
            _say_interrupted()
        raise
    except Exception as exc:  # pragma: no cover - last resort
        if os.environ.get("ROSTER_DEBUG"):
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc} (set ROSTER_DEBUG=1 for details)", markup=False
        )
        sys.exit(EXIT_FAIL)


if __name__ == "__main__":  # pragma: no cover
    main()
