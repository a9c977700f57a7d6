"""What changed between two plannings (re-planning): removed and added rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from roster.models import Planning

CHANGE_COLUMNS = ["change", "kind", "date", "person_id", "place_id", "zone_id", "km"]


@dataclass(frozen=True)
class Change:
    change: str  # "removed" or "added"
    kind: str  # "mission" or "locum"
    date: str
    person_id: str
    place_id: str
    zone_id: str
    km: float
    reason: str = ""  # a re-plan round: why (roster.rounds.change_reasons); "" otherwise


def planning_changes(before: Planning, after: Planning) -> list[Change]:
    """Rows of `before` not in `after` (removed) and of `after` not in `before` (added)."""

    def missions(p: Planning) -> dict[tuple[str, str, str], tuple[str, float]]:
        return {(a.date.isoformat(), a.doctor_id, a.site_id): (a.zone_id, a.km) for a in p.assignments}

    def locums(p: Planning) -> dict[tuple[str, str, str], tuple[str, float]]:
        return {(r.date.isoformat(), r.replacement_id, r.practice_id): ("", r.km) for r in p.locum_days}

    out = []
    for kind, rows in (("mission", missions), ("locum", locums)):
        old, new = rows(before), rows(after)
        for change, left, right in (("removed", old, new), ("added", new, old)):
            for key in sorted(set(left) - set(right)):
                zone, km = left[key]
                out.append(Change(change, kind, *key, zone, km))
    return sorted(out, key=lambda c: (c.date, c.kind, c.change, c.person_id))


def changes_csv(changes: list[Change], revision: int = 1, reasons: bool = False) -> bytes:
    """changes.csv; the extra `revision` column counts the re-plans since the solve (1, 2, ...)
    so calendar exports can raise the iCalendar SEQUENCE at each one; a re-plan round adds
    `reason` (why each row moved)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CHANGE_COLUMNS, "revision", *(["reason"] if reasons else [])])
    for c in changes:
        row = [c.change, c.kind, c.date, c.person_id, c.place_id, c.zone_id, f"{c.km:.6f}", revision]
        writer.writerow([*row, c.reason] if reasons else row)
    return buffer.getvalue().encode("utf-8")
