"""Typed errors of the application services: what was refused and why, for any front end to show.

`str(error)` is the message as the command line prints it; the attributes hold what a
front end needs to present it otherwise (the web app's problem tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from roster.scenarios.errors import Issue, ScenarioError

NO_PLANNING_YET = "stopped by Ctrl-C before any planning was found (status UNKNOWN); nothing was written."


class AppError(Exception):
    """A request the services refuse; nothing was written."""


class BadInput(AppError):
    """Input files that break the contract: `issues` print as `file:line: message`, and
    `total` counts every problem found (more than listed when the log was capped)."""

    def __init__(self, issues: Sequence[Issue], total: int, what: str = "scenario") -> None:
        self.issues = tuple(issues)
        self.total = total
        self.what = what
        super().__init__(f"{total:,} problem{'s' * (total > 1)} in the {what}; nothing was written.")

    @classmethod
    def of(cls, error: ScenarioError, what: str = "scenario") -> BadInput:
        """The reader's `ScenarioError` as bad input of `what` (scenario, planning, inputs...)."""
        return cls(error.issues, error.total, what)

    @property
    def problems(self) -> tuple[str, ...]:
        """Every listed problem as `file:line: message`."""
        return tuple(str(issue) for issue in self.issues)


class InvalidOption(AppError):
    """A value given by the planner is refused; the message names the option."""


class OutputRefused(AppError):
    """An output roster may not write: it exists and roster did not write it, it overlaps
    the input, it is busy or not writable."""


class UnreadableChanges(AppError):
    """The changes.csv of a re-planned planning cannot be read."""


class NoPlanningYet(AppError):
    """A Ctrl-C stopped the solve before it found a planning worth writing."""

    def __init__(self) -> None:
        super().__init__(NO_PLANNING_YET)


class UnreadablePlanning(AppError):
    """The verifier cannot read the planning's files; `problems` say where."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s) reading the planning")


class PlanningFailsVerification(AppError):
    """The planning breaks a hard rule, or its coverage.csv / summary.json are stale."""

    def __init__(self, folder: Path, violations: Sequence[str]) -> None:
        self.folder = folder
        self.violations = tuple(violations)
        super().__init__(f"{folder}: {len(self.violations)} violation(s) of the hard rules or stale figures")


class NoScenarioToVerify(AppError):
    """A planning to compare has no scenario to be verified against."""


class NothingToReplan(AppError):
    """A re-plan asked for no change of availability."""


class NotPlanned(AppError):
    """Cancelled missions that the current planning does not hold."""

    def __init__(self, missing: Sequence[str], planning: Path) -> None:
        self.missing = tuple(missing)
        super().__init__(
            f"--cancel {', '.join(self.missing)}: no such mission in {planning}; nothing was written."
        )


class UnknownZone(AppError):
    """A zone id that the scenario does not have."""

    def __init__(self, zone: str) -> None:
        self.zone = zone
        super().__init__(f"no such zone {zone!r}")


class ExecutorUnavailable(AppError):
    """The sweep's executor cannot be used (dask missing, scheduler unreachable)."""


class ConfirmedNotOffered(AppError):
    """Confirmed missions the round's scenario no longer allows (a round never moves one)."""

    def __init__(self, missions: Sequence[str]) -> None:
        self.missions = tuple(missions)
        super().__init__(
            f"{len(self.missions)} confirmed mission(s) are no longer possible in this scenario: "
            f"{'; '.join(self.missions)}. A round never moves a confirmed mission: record the doctor's "
            "'non' (the mission is then cancelled) or restore the scenario; nothing was written."
        )
