"""Options shared by the commands that solve (one definition, the same help everywhere)."""

from __future__ import annotations

import math
from typing import Annotated

import typer

MAX_TIME_LIMIT_S = 1e6  # about 11.6 days: beyond, a number only overflows summaries


def _finite_seconds(value: float) -> float:
    """NaN passes a range check; refuse it (and inf) so that summary.json stays valid JSON."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"must be a finite number of seconds, got {value}")
    return value


TimeLimit = Annotated[
    float,
    typer.Option(
        "--time-limit",
        "-t",
        min=0.1,
        max=MAX_TIME_LIMIT_S,
        callback=_finite_seconds,
        help="Seconds for each solve.",
    ),
]
Workers = Annotated[int, typer.Option("--workers", "-w", min=0, help="CP-SAT workers (0: every core).")]
Seed = Annotated[int, typer.Option("--seed", help="CP-SAT random seed.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No live line and no tables.")]
Force = Annotated[bool, typer.Option("--force", help="Replace --out even if it is not a planning folder.")]
