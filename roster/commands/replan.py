"""`roster replan`: a new planning after cancellations, changing as little as possible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from roster.commands.options import Quiet, Seed, TimeLimit, Workers
from roster.models import Scenario


def parse_person_dates(
    values: list[str], scenario: Scenario, option: str, people: set[str]
) -> list[tuple[str, dt.date]]:
    """`PERSON@YYYY-MM-DD` values, checked against the scenario (exit 2 on a bad one)."""
    from roster.cli import fail

    out = []
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
        out.append((person, day))
    return out


def with_availability(
    scenario: Scenario, cancel: list[tuple[str, dt.date]], add: list[tuple[str, dt.date]]
) -> Scenario:
    """The scenario with cancelled dates removed from, and new dates added to, availability."""
    availability = {person: set(days) for person, days in scenario.availability.items()}
    for person, day in cancel:
        availability.setdefault(person, set()).discard(day)
    for person, day in add:
        availability.setdefault(person, set()).add(day)
    return scenario.model_copy(update={"availability": {p: frozenset(d) for p, d in availability.items()}})


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
    from roster.cli import err, fail, load_or_exit, out, report_input_errors
    from roster.console.live_solve import run_with_live_progress
    from roster.outputs.atomic_folder import OutputExistsError
    from roster.outputs.planning_diff import changes_csv, planning_changes
    from roster.outputs.planning_folder import load_planning, may_replace, save_planning
    from roster.scenarios import ScenarioError
    from roster.scenarios.scenario_files import scenario_files
    from roster.solvers import SolveOptions
    from roster.solvers import solve as solve_month

    base = load_or_exit(scenario, quiet)
    try:
        previous = load_planning(planning)
    except ScenarioError as exc:
        report_input_errors(exc, "planning")
    from roster.export.cancellations import revision

    try:
        generation = revision(planning / "changes.csv") + 1  # re-plans since the solve
    except ValueError as exc:
        fail(str(exc))
    doctors = {d.doctor_id for d in base.doctors}
    people = doctors | {r.replacement_id for r in base.replacements}
    cancelled = parse_person_dates(cancel or [], base, "--cancel", doctors)
    added = parse_person_dates(add_availability or [], base, "--add-availability", people)
    if not cancelled and not added:
        fail("nothing to re-plan: give at least one --cancel or --add-availability")
    from roster.outputs.out_guard import out_overlaps_scenario

    overlap = out_overlaps_scenario(out_dir, scenario)
    if overlap:
        fail(overlap)
    planned = {(a.doctor_id, a.date) for a in previous.assignments}
    missing = [f"{person}@{day}" for person, day in cancelled if (person, day) not in planned]
    if missing:
        fail(f"--cancel {', '.join(missing)}: no such mission in {planning}; nothing was written.")
    if not may_replace(out_dir, force):
        fail(f"{out_dir} exists and is not a planning folder; choose another --out or add --force.")
    updated = with_availability(base, cancelled, added)
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed)
    result, interrupted = run_with_live_progress(
        lambda progress, control: solve_month(updated, options, progress, control, previous=previous),
        err,
        show=not quiet,
    )
    from roster.console.interruption import NO_PLANNING_YET, no_planning_yet

    if no_planning_yet(result, interrupted) and previous.assignments:
        fail(NO_PLANNING_YET, 1)
    changes = planning_changes(previous, result)
    extra = {"changes.csv": changes_csv(changes, generation)}
    extra.update({f"scenario/{name}": content for name, content in scenario_files(updated).items()})
    try:
        save_planning(out_dir, result, updated, force=force, extra=extra)
    except OutputExistsError as exc:
        fail(str(exc))
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
        raise typer.Exit(1)
