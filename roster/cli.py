"""The `roster` command line: solve, validate, verify and the planners' other tools."""

from __future__ import annotations

import os
import sys

import typer

from roster.commands import (
    answers,
    calendars,
    explain,
    generate,
    publish,
    refresh,
    replan,
    serve,
    signups,
    solve,
    spreadsheets,
    validate,
    whatif,
)
from roster.commands.terminal import EXIT_FAIL, err

app = typer.Typer(
    name="roster",
    help="Plan volunteer doctors' missions in France's medical deserts (CP-SAT).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for name, command in (
    ("solve", solve.solve),
    ("validate", validate.validate),
    ("verify", validate.verify),
    ("export", calendars.export),
    ("report", calendars.report),
    ("generate", generate.generate),
    ("replan", replan.replan),
    ("answers", answers.answers),
    ("publish", publish.publish),
    ("refresh", refresh.refresh),
    ("explain", explain.explain),
    ("compare", whatif.compare),
    ("sweep", whatif.sweep),
    ("signups", signups.signups),
    ("template", spreadsheets.template),
    ("serve", serve.serve),
):
    app.command(name)(command)


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
