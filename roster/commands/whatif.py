"""`roster compare` and `roster sweep`: what-if analysis on plannings and policy grids."""

from __future__ import annotations

from collections.abc import Generator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from roster.app.compare import check_compare_csv, read_compare_inputs, verify_input, write_compare_csv
from roster.app.errors import AppError, PlanningFailsVerification, UnreadablePlanning
from roster.app.solve import refuse_overlap, solve_month
from roster.app.sweep import (
    check_sweep_folder,
    connect,
    solve_variants,
    sweep_axes,
    sweep_variants,
    write_sweep_files,
)
from roster.commands.checked_planning import refuse_planning, warn_forced
from roster.commands.options import Quiet, Seed, TimeLimit, Workers
from roster.commands.terminal import EXIT_FAIL, err, fail, fail_with, load_or_exit, out
from roster.console.compare_table import compare_table
from roster.console.live_solve import run_with_live_progress
from roster.console.sweep_table import sweep_table
from roster.console.wide_table import print_table
from roster.models import SolveSummary
from roster.solvers import SolveOptions
from roster.whatif.compare import CompareInput, solve_inputs
from roster.whatif.kpis import SORTABLE
from roster.whatif.sweep_report import SWEEP_CSV, VariantOutcome


class ExecutorKind(StrEnum):
    local = "local"
    dask = "dask"


def compare(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Planning folders (read as they are) or scenario folders (solved first)."),
    ],
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write the table as CSV (one row per input).")
    ] = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 0,
    seed: Seed = 0,
    quiet: Quiet = False,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Scenario to verify planning inputs against (default: each planning's own scenario/ "
            "folder, written by replan and sweep).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Compare plannings that fail verification (marked NOT VERIFIED); replace --csv even "
            "if it is not a previous comparison.",
        ),
    ] = False,
) -> None:
    """Compare the KPIs of plannings side by side, with the difference to the first one.

    Every planning input is verified first; one that breaks a hard rule is refused (exit 1)
    unless --force."""
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed)

    def solve_one(item: CompareInput) -> SolveSummary:
        assert item.scenario is not None
        scenario = item.scenario
        if not quiet:
            err.print(f"solving {item.label}", markup=False)
        planning, _ = run_with_live_progress(
            lambda progress, control: solve_month(scenario, options, progress, control), err, show=not quiet
        )
        return planning.summary

    try:
        check_compare_csv(csv_file, force)
        read = [_verified(item, scenario, force, quiet) for item in read_compare_inputs(inputs)]
        solved = solve_inputs(read, solve_one)
        print_table(out, compare_table(solved))
        if csv_file is not None:
            write_compare_csv(csv_file, solved, force)
    except AppError as exc:
        fail_with(exc)
    if csv_file is not None:
        err.print(f"comparison written to {csv_file}", markup=False)


def _verified(item: CompareInput, scenario: Path | None, force: bool, quiet: bool) -> CompareInput:
    """A planning input verified (exit 1 if it fails, unless --force); scenarios as they are."""
    try:
        verified, violations = verify_input(item, scenario, force)
    except (UnreadablePlanning, PlanningFailsVerification) as exc:
        refuse_planning(exc)
    warn_forced(violations, quiet)
    return verified


def sweep(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder the variants start from.")],
    settings: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="KEY=V1,V2,... (repeatable): a setting (max_days_per_doctor, day_trip_max_km, road_factor, "
            "daily_indemnity_eur, km_rate_eur) or a column (doctors.max_km, doctors.max_days, "
            "replacements.max_km, replacements.max_days, sites.capacity, sites.lodging, zones.demand_days, "
            "practices.min_present); values N (set), *F or xF (multiply), +N, -N.",
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the variants and sweep.csv.")],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Parallel solves (local executor; default: every core)."),
    ] = None,
    workers_per_job: Annotated[
        int, typer.Option("--workers-per-job", min=1, help="CP-SAT workers of each solve.")
    ] = 1,
    time_limit: TimeLimit = 60.0,
    seed: Seed = 0,
    sort: Annotated[
        str, typer.Option("--sort", help=f"KPI to sort by, best first: {', '.join(SORTABLE)}.")
    ] = "coverage_score",
    executor: Annotated[
        ExecutorKind, typer.Option("--executor", help="local processes or a Dask cluster.")
    ] = ExecutorKind.local,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into --out even if it is not a previous sweep.")
    ] = False,
    quiet: Quiet = False,
    max_variants: Annotated[
        int, typer.Option("--max-variants", min=1, help="Refuse a grid of more variants than this.")
    ] = 1_000,
) -> None:
    """Solve every combination of --set values; write DIR/<variant>/, DIR/sweep.csv and the
    curves DIR/sweep.html."""
    if sort not in SORTABLE:
        fail(f"--sort: unknown KPI {sort!r}; choose among {', '.join(SORTABLE)}")
    if executor is ExecutorKind.dask and not scheduler:
        fail("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if executor is ExecutorKind.local and scheduler:
        fail("--scheduler is only used with --executor dask")
    try:
        axes = sweep_axes(settings, max_variants)
    except AppError as exc:
        fail_with(exc)
    base = load_or_exit(scenario)
    client = None
    try:
        refuse_overlap(out_dir, scenario)
        variants = sweep_variants(base, axes)
        check_sweep_folder(out_dir, [v.slug for v in variants], force)
        if executor is ExecutorKind.dask:
            client = connect(scheduler or "")
        outcomes, interrupted = _run(
            solve_variants(base, variants, out_dir, time_limit, workers_per_job, seed, force, jobs, client),
            len(variants),
            quiet,
        )
    except AppError as exc:
        fail_with(exc)
    finally:
        if client is not None:
            client.close()
    ranked = write_sweep_files(out_dir, axes, outcomes, sort, f"Sweep of {base.settings.name}")
    if not quiet:
        print_table(out, sweep_table(axes, ranked, sort))
    for o in outcomes:
        if o.error:
            err.print(f"{o.variant.slug}: {o.error}", markup=False, style="red")
    done = f"{len(outcomes)} of {len(variants)} variants"
    if interrupted:
        err.print(f"interrupted: {done} written to {out_dir} (sweep.csv lists them)", markup=False)
        raise typer.Exit(130)
    err.print(f"{done} written to {out_dir}; summary in {out_dir / SWEEP_CSV}", markup=False)
    if any(o.summary is None or o.summary.status in ("INFEASIBLE", "UNKNOWN") for o in outcomes):
        raise typer.Exit(EXIT_FAIL)


def _run(
    solved: Generator[VariantOutcome, None, None], total: int, quiet: bool
) -> tuple[list[VariantOutcome], bool]:
    """The outcomes as the variants are solved and written, with one progress bar; a Ctrl-C stops
    the sweep and keeps what was written."""
    outcomes: list[VariantOutcome] = []
    interrupted = False
    columns = (
        TextColumn("[bold]sweep[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}", markup=False),
    )
    with Progress(*columns, console=err, disable=quiet, transient=False) as bar:
        task_id = bar.add_task("sweep", total=total, last="")
        try:
            for outcome in solved:
                outcomes.append(outcome)
                status = "ERROR" if outcome.summary is None else outcome.summary.status
                bar.update(task_id, advance=1, last=f"{outcome.variant.slug}: {status}")
        except KeyboardInterrupt:
            interrupted = True
        finally:
            solved.close()
    return outcomes, interrupted
