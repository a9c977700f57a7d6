"""Options shared by the commands that solve (one definition, the same help everywhere)."""

from __future__ import annotations

from typing import Annotated

import typer

TimeLimit = Annotated[float, typer.Option("--time-limit", "-t", min=0.1, help="Seconds for each solve.")]
Workers = Annotated[int, typer.Option("--workers", "-w", min=0, help="CP-SAT workers (0: every core).")]
Seed = Annotated[int, typer.Option("--seed", help="CP-SAT random seed.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No live line and no tables.")]
Force = Annotated[bool, typer.Option("--force", help="Replace --out even if it is not a planning folder.")]
