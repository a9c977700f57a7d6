"""Why each row of a re-plan round's changes.csv moved (its `reason` column).

Removed missions: `declined` or `cancelled` (the doctor's answer, or `replan --cancel`),
`unavailable` (the scenario no longer offers that doctor-day: availability, available_from,
the doctor gone), else `coverage` (moved to keep the coverage optimal). Added missions:
`new_signup` (a doctor absent from the scenario the planning was made for), `new_availability`
(a day that scenario did not offer them), else `coverage` (in place of removed missions).
Locum days: `continuity` (they follow the volunteers who leave their practice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from roster.models import Scenario
from roster.outputs.planning_diff import Change

REASONS = ("declined", "cancelled", "unavailable", "coverage", "new_signup", "new_availability", "continuity")
REASONS_FR = {
    "declined": "refusée par le médecin",
    "cancelled": "annulée",
    "unavailable": "jour plus proposé par le scénario",
    "coverage": "pour garder la meilleure couverture",
    "new_signup": "nouvelle inscription",
    "new_availability": "nouvelle disponibilité",
    "continuity": "continuité du cabinet (remplaçant·e)",
}
REASONS_EN = {
    "declined": "declined by the doctor",
    "cancelled": "cancelled",
    "unavailable": "the scenario no longer offers that day",
    "coverage": "to keep the best coverage",
    "new_signup": "new sign-up",
    "new_availability": "new availability",
    "continuity": "practice continuity (locum)",
}


class Offers:
    """Which doctor-days a scenario offers: a known doctor, available, registered by then."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.first = {d.doctor_id: d.available_from for d in scenario.doctors}

    def __call__(self, doctor_id: str, day: dt.date) -> bool:
        if doctor_id not in self.first or day not in self.scenario.available(doctor_id):
            return False
        first = self.first[doctor_id]
        return first is None or day >= first


def with_reasons(
    changes: list[Change],
    refused: Mapping[tuple[str, dt.date], str],
    after: Scenario,
    before: Scenario | None,
) -> list[Change]:
    """The changes with their reason; `refused`: (doctor, date) -> declined or cancelled;
    `after`: the scenario the round solved (refused days removed); `before`: the scenario the
    planning was made for, when known (without it, no addition is called new)."""
    known_before = {d.doctor_id for d in before.doctors} if before is not None else None
    offered_after = Offers(after)
    offered_before = Offers(before) if before is not None else None
    out = []
    for c in changes:
        day = dt.date.fromisoformat(c.date)
        if c.kind == "locum":
            reason = "continuity"
        elif c.change == "removed":
            if (c.person_id, day) in refused:
                reason = refused[(c.person_id, day)]
            elif not offered_after(c.person_id, day):
                reason = "unavailable"
            else:
                reason = "coverage"
        elif known_before is not None and c.person_id not in known_before:
            reason = "new_signup"
        elif offered_before is not None and not offered_before(c.person_id, day):
            reason = "new_availability"
        else:
            reason = "coverage"
        out.append(replace(c, reason=reason))
    return out
