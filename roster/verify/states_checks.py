"""Extension (states.csv, the confirmation round): the mission states agree with the planning.

Every row names a valid state and a date of the month, at most one row per doctor and
day; a proposed or confirmed row is a mission of assignments.csv (same site); a declined
or cancelled row either is such a mission (answered, not re-planned yet) or records a
doctor-day refused in an earlier round (no mission of that doctor that day, or one at
another site is flagged). After a round, the doctor-days its changes.csv removed as
declined or cancelled carry no mission (a refused doctor-day is never offered again).
"""

from __future__ import annotations

import datetime as dt

from roster.models import Scenario
from roster.scenarios.csvtable import read_table
from roster.scenarios.errors import IssueLog
from roster.verify.missions import Mission
from roster.verify.planning_files import PlanningFiles, parse_date
from roster.verify.verdict import Verdict

STATES = ("proposed", "confirmed", "declined", "cancelled")


def _stamp_ok(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_mission_states(
    scenario: Scenario, files: PlanningFiles, missions: list[Mission], v: Verdict
) -> None:
    """states.csv against assignments.csv (see the module docstring)."""
    site_of = {(m.doctor_id, m.date): m.site_id for m in missions}
    month = scenario.settings.month
    seen: dict[tuple[str, dt.date], int] = {}
    for row in files.states:
        c, where = row.values, f"states: states.csv:{row.line}"
        day, state = parse_date(c.get("date", "")), c.get("state", "").strip().lower()
        if day is None or day.isoformat()[:7] != month:
            v.violations.append(f"{where}: date {c.get('date')!r} is not a date of the month {month}")
            continue
        if state not in STATES:
            v.violations.append(f"{where}: state {c.get('state')!r} is not one of {', '.join(STATES)}")
            continue
        stamp = c.get("changed_at", "").strip()
        if stamp and not _stamp_ok(stamp):
            v.violations.append(f"{where}: changed_at {stamp!r} is not a date-time")
        key = (c.get("doctor_id", ""), day)
        if key in seen:
            v.violations.append(f"{where}: a second row for {key[0]} on {day} (first on line {seen[key]})")
            continue
        seen[key] = row.line
        site = site_of.get(key)
        if site is not None and site != c.get("site_id"):
            v.violations.append(f"{where}: {key[0]} on {day} has a mission at {site}, not {c.get('site_id')}")
        elif site is None and state in ("proposed", "confirmed"):
            v.violations.append(
                f"{where}: {state} mission of {key[0]} on {day} at {c.get('site_id')} is not planned"
            )


def check_refusals_not_reoffered(files: PlanningFiles, missions: list[Mission], v: Verdict) -> None:
    """After a re-plan round: no mission on a doctor-day its changes.csv removed as declined or
    cancelled (the round's `reason` column)."""
    path = files.folder / "changes.csv"
    if not path.is_file():
        return
    log = IssueLog()
    table = read_table(path, ("change", "kind", "date", "person_id"), ("reason",), log)
    if table is None or "reason" not in table.columns:
        return  # unreadable changes.csv is the calendars' concern; no reason column: a plain re-plan
    planned = {(m.doctor_id, m.date): m.line for m in missions}
    for row in table.rows:
        c = row.cells
        if (
            c["change"] != "removed"
            or c["kind"] != "mission"
            or c.get("reason") not in ("declined", "cancelled")
        ):
            continue
        day = parse_date(c["date"])
        line = planned.get((c["person_id"], day)) if day else None
        if line is not None:
            v.violations.append(
                f"states: assignments.csv:{line}: {c['person_id']} {c['reason']} {day} "
                f"(changes.csv:{row.line}), and the re-planned month offers that doctor-day again"
            )
