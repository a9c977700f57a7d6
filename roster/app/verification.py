"""The independent verifier as a service: a verdict, or a typed refusal of the planning.

`report`, `export`, `explain` and `compare` only read a planning that holds every hard
rule and whose coverage.csv / summary.json match its rows; `force` goes on with the
planning marked not verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roster.app.errors import PlanningFailsVerification, UnreadablePlanning
from roster.app.loading import open_matching_planning
from roster.models import Planning, Scenario
from roster.verify import Verdict, verify_planning


@dataclass(frozen=True)
class CheckedPlanning:
    """A planning read with the verifier's reader, and whether every hard rule holds."""

    scenario: Scenario
    planning: Planning
    verified: bool
    violations: tuple[str, ...] = ()


def verdict_of(scenario: Scenario, folder: Path) -> Verdict:
    """The verifier's verdict on a planning folder; `UnreadablePlanning` if its files cannot be read."""
    verdict, problems = verify_planning(scenario, folder)
    if problems:
        raise UnreadablePlanning(problems)
    return verdict


def verify_or_refuse(scenario: Scenario, folder: Path, force: bool) -> tuple[bool, tuple[str, ...]]:
    """(verified, violations): `PlanningFailsVerification` on violations unless `force`."""
    verdict = verdict_of(scenario, folder)
    if verdict.ok:
        return True, ()
    if not force:
        raise PlanningFailsVerification(folder, verdict.violations)
    return False, tuple(verdict.violations)


def check_planning(scenario: Scenario, folder: Path, force: bool) -> CheckedPlanning:
    """The planning of `folder`, matched with `scenario` (`BadInput`) and verified
    (`UnreadablePlanning`, or `PlanningFailsVerification` unless `force`)."""
    planning = open_matching_planning(scenario, folder)
    verified, violations = verify_or_refuse(scenario, folder, force)
    return CheckedPlanning(scenario, planning, verified, violations)
