"""The one way commands read a planning: tolerant reader, then the independent verifier.

`report`, `export`, `explain` and `compare` refuse a planning that breaks a hard rule (or
whose coverage.csv / summary.json no longer match its rows) with exit status 1, like
`roster verify`; `--force` goes on and marks every output "NOT VERIFIED" / « NON VÉRIFIÉ ».
Unreadable files are bad input: exit status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from roster.app.errors import AppError, PlanningFailsVerification, UnreadablePlanning
from roster.app.verification import CheckedPlanning, check_planning
from roster.commands.terminal import EXIT_FAIL, err, fail, fail_with, load_or_exit, warn
from roster.i18n import Lang, lang_of

ForceUnverified = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Go on even if the planning fails verification (outputs are marked NOT VERIFIED), and "
        "replace an output file roster did not write.",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of the output: fr (default) or en.")]


def parse_lang(code: str) -> Lang:
    """The language of `--lang` (exit 2 on an unknown code)."""
    try:
        return lang_of(code)
    except ValueError as exc:
        fail(f"--lang: {exc}")


def refuse_planning(error: AppError, forceable: bool = True) -> NoReturn:
    """An unreadable planning (exit 2) or one failing verification (exit 1), listed on stderr;
    `forceable`: the command's --force would go on with outputs marked NOT VERIFIED."""
    if isinstance(error, UnreadablePlanning):
        for problem in error.problems:
            err.print(problem, markup=False)
        fail(f"{len(error.problems)} problem(s) reading the planning; nothing was written.")
    if isinstance(error, PlanningFailsVerification):
        for violation in error.violations:
            err.print(violation, markup=False)
        then = "or add --force to write outputs marked NOT VERIFIED" if forceable else "and try again"
        fail(
            f"{error}; nothing was written. Fix the planning (after a hand edit: `roster refresh SCENARIO "
            f"PLANNING`) {then}.",
            EXIT_FAIL,
        )
    fail_with(error)


def warn_forced(violations: tuple[str, ...], quiet: bool) -> None:
    """Say that a planning breaking rules goes on because of --force."""
    if violations and not quiet:
        count = len(violations)
        warn(f"{count} violation(s); going on because of --force, every output is marked NOT VERIFIED")


def load_checked(scenario_dir: Path, planning_dir: Path, force: bool, quiet: bool = False) -> CheckedPlanning:
    """Scenario and planning, verified: exit 2 on unreadable input, exit 1 on violations without --force."""
    scenario = load_or_exit(scenario_dir, quiet)
    try:
        checked = check_planning(scenario, planning_dir, force)
    except AppError as exc:
        refuse_planning(exc)
    warn_forced(checked.violations, quiet)
    return checked
