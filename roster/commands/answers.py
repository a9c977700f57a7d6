"""`roster answers`: doctors' answers (oui/non) to their proposed missions, into `states.csv`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roster.app.answers import record_answers
from roster.app.errors import AppError
from roster.commands.terminal import err, fail_with, user_name


def answers(
    planning: Annotated[Path, typer.Argument(help="The planning folder whose missions were proposed.")],
    file: Annotated[
        Path,
        typer.Option(
            "--file", "-f", help="CSV doctor_id,date,answer[,comment]; answer oui/non, yes/no, 1/0."
        ),
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="Who records the answers (default: your login).")
    ] = None,
) -> None:
    """Record doctors' answers: yes confirms a mission, no declines it (or cancels a confirmed one).

    Writes the planning's states.csv (who, when, comment); a bad row is `file:line: message`,
    exit 2, and nothing is written. `roster replan` then re-plans around the declines."""
    try:
        done = record_answers(planning, file, by or user_name())
    except AppError as exc:
        fail_with(exc)
    answered = ", ".join(f"{n} {state}" for state, n in sorted(done.answered.items())) or "none"
    now = ", ".join(f"{n} {state}" for state, n in done.states.items())
    err.print(
        f"{sum(done.answered.values())} answer(s) recorded ({answered}); the planning's missions: {now}; "
        f"written to {planning / 'states.csv'}",
        markup=False,
    )
