"""The one way commands read a planning: tolerant reader, then the independent verifier.

`report`, `export`, `explain` and `compare` refuse a planning that breaks a hard rule (or
whose coverage.csv / summary.json no longer match its rows) with exit status 1, like
`roster verify`; `--force` goes on and marks every output "NOT VERIFIED" / « NON VÉRIFIÉ ».
Unreadable files are bad input: exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from roster.i18n import Lang, lang_of
from roster.models import Planning, Scenario
from roster.scenarios.errors import IssueLog, ScenarioError

EXIT_REFUSED = 1
ForceUnverified = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Go on even if the planning fails verification (outputs are marked NOT VERIFIED), and "
        "replace an output file roster did not write.",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the output: fr (default) or en.")]


def unverified_mark(lang: Lang) -> str:
    return lang.pick("NON VÉRIFIÉ", "NOT VERIFIED")


@dataclass(frozen=True)
class CheckedPlanning:
    """A planning read with the verifier's reader, and whether every hard rule holds."""

    scenario: Scenario
    planning: Planning
    verified: bool
    violations: tuple[str, ...] = ()


def parse_lang(code: str) -> Lang:
    from roster.cli import fail

    try:
        return lang_of(code)
    except ValueError as exc:
        fail(f"--lang: {exc}")


def check_matches(scenario: Scenario, planning: Planning, folder: Path) -> None:
    """Every id of the planning exists in the scenario and every date is in its month."""
    log = IssueLog()
    month = scenario.settings.month
    known = {
        "doctor_id": {d.doctor_id for d in scenario.doctors},
        "site_id": {s.site_id for s in scenario.sites},
        "zone_id": {z.zone_id for z in scenario.zones},
        "replacement_id": {r.replacement_id for r in scenario.replacements},
        "practice_id": {p.practice_id for p in scenario.practices},
    }
    tables = (
        ("assignments.csv", planning.assignments, ("doctor_id", "site_id", "zone_id")),
        ("replacements.csv", planning.locum_days, ("replacement_id", "practice_id")),
    )
    for name, rows, columns in tables:
        for line, row in enumerate(rows, start=2):
            if row.date.isoformat()[:7] != month:
                log.error(folder / name, line, f"date {row.date} is outside the scenario's month {month}")
            for column in columns:
                value = getattr(row, column)
                if value not in known[column]:
                    log.error(folder / name, line, f"{column} {value!r} is not in the scenario")
    log.raise_if_any()


def read_planning_or_exit(folder: Path) -> Planning:
    """A planning folder through the tolerant reader, or exit 2 listing every problem."""
    from roster.cli import report_input_errors
    from roster.outputs.planning_folder import load_planning

    try:
        return load_planning(folder)
    except ScenarioError as exc:
        report_input_errors(exc, "planning")


def verify_against(
    scenario: Scenario, folder: Path, force: bool, quiet: bool = False
) -> tuple[bool, list[str]]:
    """(verified, violations); refuses (exit 1) a planning with violations unless `force`."""
    from roster.cli import err, fail
    from roster.verify import verify_planning

    verdict, problems = verify_planning(scenario, folder)
    if problems:
        for problem in problems:
            err.print(problem, markup=False)
        fail(f"{len(problems)} problem(s) reading the planning; nothing was written.")
    if verdict.ok:
        return True, []
    if not force:
        for violation in verdict.violations:
            err.print(violation, markup=False)
        fail(
            f"{folder}: {len(verdict.violations)} violation(s) of the hard rules or stale figures; "
            "nothing was written. Fix the planning (after a hand edit: `roster refresh SCENARIO "
            "PLANNING`) or add --force to write outputs marked NOT VERIFIED.",
            EXIT_REFUSED,
        )
    if not quiet:
        err.print(
            f"warning: {len(verdict.violations)} violation(s); going on because of --force, "
            "every output is marked NOT VERIFIED",
            markup=False,
            style="yellow",
        )
    return False, list(verdict.violations)


def load_checked(scenario_dir: Path, planning_dir: Path, force: bool, quiet: bool = False) -> CheckedPlanning:
    """Scenario and planning, verified: exit 2 on unreadable input, exit 1 on violations without --force."""
    from roster.cli import load_or_exit, report_input_errors

    scenario = load_or_exit(scenario_dir, quiet)
    planning = read_planning_or_exit(planning_dir)
    try:
        check_matches(scenario, planning, planning_dir)
    except ScenarioError as exc:
        report_input_errors(exc, "planning")
    verified, violations = verify_against(scenario, planning_dir, force, quiet)
    return CheckedPlanning(scenario, planning, verified, tuple(violations))
