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
from roster.app.round import open_states, prepare_round, round_files, scenario_before
from roster.app.solve import (
    refuse_foreign_folder,
    refuse_overlap,
    require_planning,
    solve_month,
    write_planning,
)
from roster.commands.options import Quiet, Seed, TimeLimit, Workers
from roster.commands.terminal import EXIT_FAIL, err, fail, fail_with, load_or_exit, out, user_name
from roster.console.live_solve import run_with_live_progress
from roster.models import Scenario
from roster.rounds.change_reasons import REASONS_EN
from roster.rounds.planning_states import now_stamp
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
    made_for: Annotated[
        Path | None,
        typer.Option(
            "--made-for",
            help="The scenario the planning was made for, to tell late sign-ups apart "
            "(default: the planning's scenario/ copy, which a re-plan writes).",
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who runs the round, for states.csv (default: your login).")
    ] = None,
    quiet: Quiet = False,
) -> None:
    """Re-plan after cancellations: coverage first, then the fewest changed assignments, then km.

    Writes the new planning, its `changes.csv` (removed/added rows) and the updated
    scenario (`scenario/`, the availability used) so the result can be verified.

    When the planning has a `states.csv` (`roster answers`), this is the confirmation round:
    declined and cancelled missions are removed and their doctor-days never offered again,
    confirmed missions are pinned, unanswered ones stay where they can, and doctors added to
    SCENARIO since (late sign-ups) are placed; `changes.csv` gains a `reason` column and the
    new planning a `states.csv`. No --cancel is needed then."""
    base = load_or_exit(scenario, quiet)
    try:
        previous = open_planning(planning)
        states = open_states(planning, previous)
        generation = next_revision(planning)  # re-plans since the solve
        doctors = {d.doctor_id for d in base.doctors}
        people = doctors | {r.replacement_id for r in base.replacements}
        cancelled = parse_person_dates(cancel or [], base, "--cancel", doctors)
        added = parse_person_dates(add_availability or [], base, "--add-availability", people)
        if states is None:
            require_changes(cancelled, added)
        refuse_overlap(out_dir, scenario)
        require_planned(previous, cancelled, planning)
        refuse_foreign_folder(out_dir, force)
        if states is None:
            updated, ground = with_availability(base, cancelled, added), None
        else:
            ground = prepare_round(base, previous, states, cancelled, added, by or user_name(), now_stamp())
            updated, made_for_scenario = ground.scenario, scenario_before(planning, made_for)
        options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed)
        result, interrupted = run_with_live_progress(
            lambda progress, control: solve_month(updated, options, progress, control, previous=previous),
            err,
            show=not quiet,
        )
        if previous.assignments:
            require_planning(result, interrupted)
        if ground is None:
            changes, extra = replan_files(previous, result, updated, generation)
        else:
            changes, _, extra = round_files(ground, result, made_for_scenario, generation)
        write_planning(out_dir, result, updated, force=force, extra=extra)
    except AppError as exc:
        fail_with(exc)
    if not quiet:
        table = Table(title="Changes", title_justify="left")
        columns = ["change", "kind", "date", "person", "place", "zone", "km"]
        for column in columns + (["why"] if ground is not None else []):
            table.add_column(column)
        for c in changes:
            style = "red" if c.change == "removed" else "green"
            cells = [
                f"[{style}]{c.change}[/]",
                c.kind,
                c.date,
                c.person_id,
                c.place_id,
                c.zone_id,
                f"{c.km:.1f}",
            ]
            table.add_row(*cells, *([REASONS_EN.get(c.reason, c.reason)] if ground is not None else []))
        out.print(table)
    s, old = result.summary, previous.summary
    missions = sum(1 for c in changes if c.kind == "mission")
    round_note = ""
    if ground is not None:
        round_note = (
            f"round: {len(ground.confirmed)} confirmed mission(s) pinned, "
            f"{len(ground.refused)} refused doctor-day(s) not offered; "
        )
    err.print(
        round_note + f"re-planned: {missions} mission change(s), {len(changes) - missions} locum change(s); "
        f"coverage {old.coverage_score:.4f} -> {s.coverage_score:.4f}, "
        f"km {old.total_km:.1f} -> {s.total_km:.1f}, "
        f"status {s.status}" + (" (interrupted)" if interrupted else "") + f"; written to {out_dir}",
        markup=False,
    )
    if s.status in ("INFEASIBLE", "UNKNOWN"):
        raise typer.Exit(EXIT_FAIL)
