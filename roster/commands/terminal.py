"""What every command shares: the out/err consoles, the exit codes, refusals as messages and exits.

Exit status 2 is bad input (files, options, outputs roster may not write), 1 a refusal
of the result (a planning that fails verification, no planning found yet), 0 success.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from roster.app.errors import AppError, BadInput, NoPlanningYet, NoScenarioToVerify, PlanningFailsVerification
from roster.app.loading import open_scenario
from roster.models import Scenario

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2
REFUSALS = (PlanningFailsVerification, NoPlanningYet, NoScenarioToVerify)  # exit 1; other errors exit 2


def user_name() -> str:
    """The login of who runs the command (for states.csv), "planner" when unknown."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "planner"


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print `message` on stderr and exit with `code`."""
    err.print(message, markup=False)
    raise typer.Exit(code)


def report_input_errors(error: BadInput) -> NoReturn:
    """List every problem (`file:line: message`), then how many, and exit 2."""
    for problem in error.problems:
        err.print(problem, markup=False)
    fail(str(error))


def fail_with(error: AppError) -> NoReturn:
    """A refusal of the services as the command line shows it."""
    if isinstance(error, BadInput):
        report_input_errors(error)
    fail(str(error), EXIT_FAIL if isinstance(error, REFUSALS) else EXIT_BAD_INPUT)


def warn(message: str) -> None:
    """A warning on stderr, in yellow: the command goes on."""
    err.print(f"warning: {message}", markup=False, style="yellow")


def load_or_exit(folder: Path, quiet: bool = False) -> Scenario:
    """Load a scenario; on bad input list every problem and exit with status 2."""
    try:
        loaded = open_scenario(folder)
    except BadInput as exc:
        report_input_errors(exc)
    if not quiet:
        for warning in loaded.warnings:
            warn(warning)
    return loaded.scenario
