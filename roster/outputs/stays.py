"""A planning's stays: a doctor's consecutive rows at one site whose later rows have km 0.

Shared by the calendars and the report so that a stay shows as one multi-day event.
The rows are trusted as written (`roster verify` checks that each stay is one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from roster.models import Assignment

ZERO_KM = 1e-3  # a written km at most this continues the stay


@dataclass(frozen=True)
class Stay:
    """One trip: a single mission day, or a stay of several days at one site."""

    rows: tuple[Assignment, ...]

    @property
    def first(self) -> dt.date:
        return self.rows[0].date

    @property
    def last(self) -> dt.date:
        return self.rows[-1].date

    @property
    def days(self) -> int:
        """Mission days of the trip."""
        return len(self.rows)

    @property
    def span_days(self) -> int:
        """Calendar days from the first to the last mission day, both included."""
        return (self.last - self.first).days + 1

    @property
    def nights_between(self) -> int:
        return (self.last - self.first).days

    @property
    def km(self) -> float:
        """One-way km of the trip (carried by its first row)."""
        return self.rows[0].km


def stays_of(assignments: Iterable[Assignment]) -> list[Stay]:
    """Every row in exactly one trip, trips sorted by (first date, doctor)."""
    trips: list[list[Assignment]] = []
    previous: Assignment | None = None
    for a in sorted(assignments, key=lambda r: (r.doctor_id, r.date)):
        continues = (
            previous is not None
            and previous.doctor_id == a.doctor_id
            and previous.site_id == a.site_id
            and a.km <= ZERO_KM < trips[-1][0].km
        )
        if continues:
            trips[-1].append(a)
        else:
            trips.append([a])
        previous = a
    return sorted((Stay(tuple(t)) for t in trips), key=lambda s: (s.first, s.rows[0].doctor_id))
