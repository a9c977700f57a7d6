"""`roster replan`: a new planning after cancellations, changing as little as possible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roster.app.errors import AppError
from roster.app.loading import open_planning
from roster.app.replan import (
    PersonDate,
    next_revision,
    replan_files,
    require_changes,
    require_planned,
    with_availability,
)
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
from roster.models import Scenario
from roster.solvers import SolveOptions


def parse_person_dates(
    values: list[str], scenario: Scenario, option: str, people: set[str]
) -> list[PersonDate]:
    """`PERSON@YYYY-MM-DD` values, checked against the scenario (exit 2 on a bad one)."""
    found = []
    for value in values:
        person, _, text = value.rpartition("@")  # the date follows the last @ (ids may hold one)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            fail(f"{option} {value!r}: expected PERSON@YYYY-MM-DD")
        if person not in people:
            fail(f"{option} {value!r}: unknown person {person!r}")
        if day.isoformat()[:7] != scenario.settings.month:
            fail(f"{option} {value!r}: {day} is outside the planned month {scenario.settings.month}")
        found.append((person, day))
    return found


def replan(
    scenario: Annotated[Path, typer.Argument(help="Scenario folder the planning was made for.")],
    planning: Annotated[Path, typer.Option("--planning", "-p", help="The current planning folder.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the new planning.")],
    cancel: Annotated[
        list[str] | None, typer.Option("--cancel", help="DOCTOR@YYYY-MM-DD no longer available (repeatable).")
    ] = None,
    add_availability: Annotated[
        list[str] | None,
        typer.Option("--add-availability", help="PERSON@YYYY-MM-DD newly available (repeatable)."),
    ] = None,
    time_limit: TimeLimit = 60.0,
    workers: Workers = 0,
    seed: Seed = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --out even if it is not a planning.")
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Re-plan after cancellations: coverage first, then the fewest changed assignments, then km.

    Writes the new planning, its `changes.csv` (removed/added rows) and the updated
    scenario (`scenario/`, the availability used) so the result can be verified."""
    base = load_or_exit(scenario, quiet)
    try:
        previous = open_planning(planning)
        generation = next_revision(planning)  # re-plans since the solve
        doctors = {d.doctor_id for d in base.doctors}
        people = doctors | {r.replacement_id for r in base.replacements}
        cancelled = parse_person_dates(cancel or [], base, "--cancel", doctors)
        added = parse_person_dates(add_availability or [], base, "--add-availability", people)
        require_changes(cancelled, added)
        refuse_overlap(out_dir, scenario)
        require_planned(previous, cancelled, planning)
        refuse_foreign_folder(out_dir, force)
        updated = with_availability(base, cancelled, added)
        options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed)
        result, interrupted = run_with_live_progress(
            lambda progress, control: solve_month(updated, options, progress, control, previous=previous),
            err,
            show=not quiet,
        )
        if previous.assignments:
            require_planning(result, interrupted)
        changes, extra = replan_files(previous, result, updated, generation)
        write_planning(out_dir, result, updated, force=force, extra=extra)
    except AppError as exc:
        fail_with(exc)
    if not quiet:
        table = Table(title="Changes", title_justify="left")
        for column in ("change", "kind", "date", "person", "place", "zone", "km"):
            table.add_column(column)
        for c in changes:
            style = "red" if c.change == "removed" else "green"
            table.add_row(
                f"[{style}]{c.change}[/]", c.kind, c.date, c.person_id, c.place_id, c.zone_id, f"{c.km:.1f}"
            )
        out.print(table)
    s, old = result.summary, previous.summary
    missions = sum(1 for c in changes if c.kind == "mission")
    err.print(
        f"re-planned: {missions} mission change(s), {len(changes) - missions} locum change(s); "
        f"coverage {old.coverage_score:.4f} -> {s.coverage_score:.4f}, "
        f"km {old.total_km:.1f} -> {s.total_km:.1f}, "
        f"status {s.status}" + (" (interrupted)" if interrupted else "") + f"; written to {out_dir}",
        markup=False,
    )
    if s.status in ("INFEASIBLE", "UNKNOWN"):
        raise typer.Exit(EXIT_FAIL)
