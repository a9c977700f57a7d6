"""`roster compare` and `roster sweep`: what-if analysis on plannings and policy grids."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Generator, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from roster.commands.options import Quiet, Seed, TimeLimit, Workers
from roster.whatif.kpis import SORTABLE

if TYPE_CHECKING:  # pragma: no cover
    from roster.models import Scenario
    from roster.whatif.compare import CompareInput
    from roster.whatif.grid import Variant
    from roster.whatif.runner import VariantResult, VariantTask
    from roster.whatif.sweep_report import VariantOutcome


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
    from roster.cli import err, fail, out, report_input_errors
    from roster.console.compare_table import compare_table
    from roster.console.live_solve import run_with_live_progress
    from roster.console.wide_table import print_table
    from roster.models import SolveSummary
    from roster.scenarios import ScenarioError
    from roster.solvers import SolveOptions
    from roster.solvers import solve as solve_month
    from roster.whatif.atomic_file import write_text_atomic
    from roster.whatif.compare import compare_frame, read_inputs, solve_inputs

    if csv_file is not None and csv_file.is_dir():
        fail(f"--csv {csv_file} is a folder; give a file name.")
    from roster.outputs.atomic_folder import OutputExistsError
    from roster.outputs.safe_file import is_compare_csv
    from roster.whatif.spreadsheet import spreadsheet_csv

    if csv_file is not None and csv_file.exists() and not (force or is_compare_csv(csv_file)):
        fail(f"--csv {csv_file} exists and is not a previous comparison; choose another file or add --force.")
    try:
        read = read_inputs(inputs)
    except ScenarioError as exc:
        report_input_errors(exc, "inputs")
    read = [_verified_input(item, scenario, force, quiet) for item in read]
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

    solved = solve_inputs(read, solve_one)
    print_table(out, compare_table(solved))
    if csv_file is not None:
        try:
            write_text_atomic(csv_file, spreadsheet_csv(compare_frame(solved)), is_compare_csv, force)
        except OutputExistsError as exc:
            fail(str(exc))
        err.print(f"comparison written to {csv_file}", markup=False)


def _verified_input(item: CompareInput, scenario: Path | None, force: bool, quiet: bool) -> CompareInput:
    """A planning input checked by the verifier against `scenario` or its own scenario/ folder."""
    from roster.cli import fail, load_or_exit
    from roster.commands.checked_planning import EXIT_REFUSED, verify_against
    from roster.whatif.compare import CompareInput

    if item.kind != "planning":
        return item
    source = scenario if scenario is not None else item.path / "scenario"
    if not (source.is_dir() or (source.is_file() and source.suffix.lower() == ".xlsx")):
        if not force:
            fail(
                f"{item.path}: no scenario to verify it against; give --scenario (or --force to compare "
                "it NOT VERIFIED).",
                EXIT_REFUSED,
            )
        verified = False
    else:
        verified, _ = verify_against(load_or_exit(source, quiet=True), item.path, force, quiet)
    if verified:
        return item
    return CompareInput(f"{item.label} [NOT VERIFIED]", item.path, item.summary, item.scenario)


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
    from roster.cli import EXIT_FAIL, err, fail, load_or_exit, out
    from roster.outputs.out_guard import out_overlaps_scenario
    from roster.whatif.grid import check_grid_size, expand_grid, parse_axes, variant_scenario
    from roster.whatif.overrides import OverrideError

    if sort not in SORTABLE:
        fail(f"--sort: unknown KPI {sort!r}; choose among {', '.join(SORTABLE)}")
    if executor is ExecutorKind.dask and not scheduler:
        fail("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if executor is ExecutorKind.local and scheduler:
        fail("--scheduler is only used with --executor dask")
    try:
        axes = parse_axes(settings)
        check_grid_size(axes, max_variants)
    except OverrideError as exc:
        fail(str(exc))
    base = load_or_exit(scenario)
    overlap = out_overlaps_scenario(out_dir, scenario)
    if overlap:
        fail(overlap)
    variants = expand_grid(axes)
    try:
        for v in variants:  # every variant checked before any solve; none kept in memory
            variant_scenario(base, v)
    except OverrideError as exc:
        fail(str(exc))
    _check_out_dir(out_dir, [v.slug for v in variants], force)

    from roster.whatif.runner import ExecutorError, make_task

    def scenario_of(v: Variant) -> Scenario:
        return variant_scenario(base, v)

    tasks = (make_task(v.slug, scenario_of(v), time_limit, workers_per_job, seed) for v in variants)
    client = None
    if executor is ExecutorKind.dask:
        from roster.whatif.runner import connect_dask

        try:
            client = connect_dask(scheduler or "")
        except ExecutorError as exc:
            fail(str(exc))
    from roster.outputs.atomic_folder import OutputExistsError

    try:
        outcomes, interrupted = _run(variants, scenario_of, tasks, out_dir, force, quiet, jobs, client)
    except OutputExistsError as exc:  # a variant folder busy or not writable
        fail(str(exc))
    finally:
        if client is not None:
            client.close()

    from roster.console.sweep_table import sweep_table
    from roster.console.wide_table import print_table
    from roster.whatif.atomic_file import write_text_atomic
    from roster.whatif.sweep_report import SWEEP_CSV, sorted_outcomes, sweep_frame

    ranked = sorted_outcomes(outcomes, sort)
    from roster.whatif.spreadsheet import spreadsheet_csv
    from roster.whatif.sweep_curves import SWEEP_HTML, sweep_html

    write_text_atomic(out_dir / SWEEP_CSV, spreadsheet_csv(sweep_frame(axes, ranked)))
    write_text_atomic(out_dir / SWEEP_HTML, sweep_html(axes, outcomes, f"Sweep of {base.settings.name}"))
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


def _check_out_dir(out_dir: Path, slugs: list[str], force: bool) -> None:
    """--out may be new, empty or a previous sweep (else --force); no variant folder may hide other files."""
    from roster.cli import fail
    from roster.outputs.planning_folder import may_replace
    from roster.whatif.sweep_report import SWEEP_CSV

    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out {out_dir} exists and is not a folder.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / SWEEP_CSV).is_file() and not force:
        fail(f"{out_dir} exists and is not a sweep folder; choose another --out or add --force.")
    for slug in slugs:
        if not may_replace(out_dir / slug, force):
            fail(
                f"{out_dir / slug} exists and is not a planning folder; choose another --out or add --force."
            )


def _run(
    variants: list[Variant],
    scenario_of: Callable[[Variant], Scenario],
    tasks: Iterator[VariantTask],
    out_dir: Path,
    force: bool,
    quiet: bool,
    jobs: int | None,
    client: Any,
) -> tuple[list[VariantOutcome], bool]:
    """Solve the tasks, write each planning as it arrives, with one progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from roster.cli import err
    from roster.outputs.planning_folder import is_planning_folder, save_planning
    from roster.scenarios.scenario_files import scenario_files
    from roster.whatif.runner import run_in_processes, run_on_dask
    from roster.whatif.sweep_report import VariantOutcome

    by_slug = {v.slug: v for v in variants}
    results: Generator[VariantResult, None, None] = (
        run_on_dask(client, list(tasks))
        if client is not None
        else run_in_processes(tasks, jobs or os.cpu_count() or 1, len(variants))
    )
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
        task_id = bar.add_task("sweep", total=len(variants), last="")
        try:
            for result in results:
                variant, planning = by_slug[result.slug], result.planning()
                error = result.error
                if planning is not None:
                    folder = out_dir / result.slug
                    variant_data = scenario_of(variant)
                    files = {f"scenario/{name}": data for name, data in scenario_files(variant_data).items()}
                    backup = save_planning(folder, planning, variant_data, force=force, extra=files)
                    if backup is not None and is_planning_folder(backup):
                        shutil.rmtree(backup)  # a sweep replaces its previous run
                outcomes.append(
                    VariantOutcome(variant, None if planning is None else planning.summary, error)
                )
                status = "ERROR" if planning is None else planning.summary.status
                bar.update(task_id, advance=1, last=f"{result.slug}: {status}")
        except KeyboardInterrupt:
            interrupted = True
        finally:
            results.close()
    return outcomes, interrupted
