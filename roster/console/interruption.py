"""What a Ctrl-C that came before any planning was found means for the commands that solve."""

from __future__ import annotations

from roster.models import Planning

NO_PLANNING_YET = "stopped by Ctrl-C before any planning was found (status UNKNOWN); nothing was written."


def no_planning_yet(planning: Planning, interrupted: bool) -> bool:
    """True when a Ctrl-C stopped the solve before it found a planning worth keeping: the
    solver then hands back an empty planning, which must not be written as a result."""
    return interrupted and not planning.assignments and planning.summary.status != "OPTIMAL"
