"""`sweep`: every combination of settings solved and written as it arrives, then sweep.csv and sweep.html."""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

from roster.app.errors import ExecutorUnavailable, InvalidOption, OutputRefused
from roster.app.snapshot import scenario_snapshot
from roster.app.solve import refuse_foreign_folder
from roster.models import Scenario
from roster.outputs.atomic_folder import OutputExistsError
from roster.outputs.planning_folder import is_planning_folder, save_planning
from roster.whatif.atomic_file import write_text_atomic
from roster.whatif.grid import Axis, Variant, check_grid_size, expand_grid, parse_axes, variant_scenario
from roster.whatif.overrides import OverrideError
from roster.whatif.runner import ExecutorError, connect_dask, make_task, run_in_processes, run_on_dask
from roster.whatif.spreadsheet import spreadsheet_csv
from roster.whatif.sweep_curves import SWEEP_HTML, sweep_html
from roster.whatif.sweep_report import SWEEP_CSV, VariantOutcome, sorted_outcomes, sweep_frame


def sweep_axes(settings: Sequence[str], max_variants: int) -> list[Axis]:
    """The `--set` options as axes of a grid of at most `max_variants`; `InvalidOption` otherwise."""
    try:
        axes = parse_axes(settings)
        check_grid_size(axes, max_variants)
    except OverrideError as exc:
        raise InvalidOption(str(exc)) from exc
    return axes


def sweep_variants(base: Scenario, axes: Sequence[Axis]) -> list[Variant]:
    """Every variant of the grid, each checked against the base scenario before any solve
    (none kept in memory); `InvalidOption` names the first that cannot apply."""
    variants = expand_grid(axes)
    try:
        for variant in variants:
            variant_scenario(base, variant)
    except OverrideError as exc:
        raise InvalidOption(str(exc)) from exc
    return variants


def check_sweep_folder(out_dir: Path, slugs: Sequence[str], force: bool) -> None:
    """`out_dir` may be new, empty or a previous sweep (else `force`); no variant folder may
    hide other files."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidOption(f"--out {out_dir} exists and is not a folder.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / SWEEP_CSV).is_file() and not force:
        raise OutputRefused(
            f"{out_dir} exists and is not a sweep folder; choose another --out or add --force."
        )
    for slug in slugs:
        refuse_foreign_folder(out_dir / slug, force)


def connect(scheduler: str) -> Any:
    """A client of the Dask scheduler; `ExecutorUnavailable` if dask is missing or it is unreachable."""
    try:
        return connect_dask(scheduler)
    except ExecutorError as exc:
        raise ExecutorUnavailable(str(exc)) from exc


def solve_variants(
    base: Scenario,
    variants: Sequence[Variant],
    out_dir: Path,
    time_limit_s: float,
    workers_per_job: int,
    seed: int,
    force: bool = False,
    jobs: int | None = None,
    client: Any = None,
) -> Generator[VariantOutcome, None, None]:
    """Solve the variants (local processes, or the Dask `client`) and write each planning as it
    arrives, with its scenario; yields the outcomes in the order they complete.
    `OutputRefused` if a variant folder is busy or not writable."""
    by_slug = {v.slug: v for v in variants}
    tasks = (
        make_task(v.slug, variant_scenario(base, v), time_limit_s, workers_per_job, seed) for v in variants
    )
    results = (
        run_on_dask(client, list(tasks))
        if client is not None
        else run_in_processes(tasks, jobs or os.cpu_count() or 1, len(variants))
    )
    try:
        for result in results:
            variant, planning = by_slug[result.slug], result.planning()
            if planning is not None:
                scenario = variant_scenario(base, variant)
                try:
                    backup = save_planning(
                        out_dir / result.slug,
                        planning,
                        scenario,
                        force=force,
                        extra=scenario_snapshot(scenario),
                    )
                except OutputExistsError as exc:
                    raise OutputRefused(str(exc)) from exc
                if backup is not None and is_planning_folder(backup):
                    shutil.rmtree(backup)  # a sweep replaces its previous run
            yield VariantOutcome(variant, None if planning is None else planning.summary, result.error)
    finally:
        results.close()


def write_sweep_files(
    out_dir: Path, axes: Sequence[Axis], outcomes: Sequence[VariantOutcome], sort: str, title: str
) -> list[VariantOutcome]:
    """sweep.csv (sorted by `sort`, best first) and the curves sweep.html; returns the sorted outcomes."""
    ranked = sorted_outcomes(outcomes, sort)
    write_text_atomic(out_dir / SWEEP_CSV, spreadsheet_csv(sweep_frame(axes, ranked)))
    write_text_atomic(out_dir / SWEEP_HTML, sweep_html(axes, outcomes, title))
    return ranked
