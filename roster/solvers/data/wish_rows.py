"""wishes.csv as arrays: which mission options each wish row matches, and their values.

A row matches a mission of its doctor when every given field (site, zone, weekday,
date) equals the mission's; -1 in `WishRows` means "not given". A mission option's
wish value is the sum of the weights of the rows it matches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from roster.models import Scenario
from roster.solvers.data.options import MissionOptions


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class WishRows:
    """One entry per wishes.csv row, as indices (-1: the field is empty)."""

    doctor: np.ndarray = field(default_factory=_empty)
    site: np.ndarray = field(default_factory=_empty)
    zone: np.ndarray = field(default_factory=_empty)
    weekday: np.ndarray = field(default_factory=_empty)
    date: np.ndarray = field(default_factory=_empty)
    weight: np.ndarray = field(default_factory=_empty)

    def __len__(self) -> int:
        return len(self.doctor)

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        doctor_ids: list[str],
        site_ids: list[str],
        zone_ids: list[str],
        dates: list[dt.date],
    ) -> WishRows:
        doctor = {d: i for i, d in enumerate(doctor_ids)}
        site = {s: i for i, s in enumerate(site_ids)}
        zone = {z: i for i, z in enumerate(zone_ids)}
        day = {d: i for i, d in enumerate(dates)}
        rows = [
            (
                doctor[w.doctor_id],
                -1 if w.site_id is None else site[w.site_id],
                -1 if w.zone_id is None else zone[w.zone_id],
                -1 if w.weekday is None else w.weekday,
                -1 if w.date is None else day[w.date],
                w.weight,
            )
            for w in scenario.wishes
        ]
        table = np.array(rows, dtype=np.int64).reshape(-1, 6)
        return cls(*(table[:, i].copy() for i in range(6)))


def row_matches(
    rows: WishRows, o: MissionOptions, weekday_of_date: np.ndarray, keep_row: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every (row, option) pair where the row matches the option, as two index arrays.

    Options are grouped by doctor, so each row is compared with its doctor's options only.
    """
    chosen = np.arange(len(rows)) if keep_row is None else np.flatnonzero(keep_row)
    if len(chosen) == 0 or len(o) == 0:
        return _empty(), _empty()
    order = np.argsort(o.doctor, kind="stable")
    n_doctors = int(max(o.doctor.max(), rows.doctor.max())) + 1
    starts = np.searchsorted(o.doctor[order], np.arange(n_doctors), side="left")
    ends = np.searchsorted(o.doctor[order], np.arange(n_doctors), side="right")
    first, last = starts[rows.doctor[chosen]], ends[rows.doctor[chosen]]
    counts = last - first
    row = np.repeat(chosen, counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    option = order[np.repeat(first, counts) + offsets]
    ok = np.ones(len(row), dtype=bool)
    for wanted, actual in (
        (rows.site[row], o.site[option]),
        (rows.zone[row], o.zone[option]),
        (rows.weekday[row], weekday_of_date[o.date[option]]),
        (rows.date[row], o.date[option]),
    ):
        ok &= (wanted < 0) | (wanted == actual)
    return row[ok], option[ok]


def mission_wish_values(rows: WishRows, o: MissionOptions, weekday_of_date: np.ndarray) -> np.ndarray:
    """The wish value of every mission option: the sum of the weights of the rows it matches."""
    row, option = row_matches(rows, o, weekday_of_date)
    values = np.zeros(len(o), dtype=np.int64)
    np.add.at(values, option, rows.weight[row])
    return values


def matches_a_positive_wish(rows: WishRows, o: MissionOptions, weekday_of_date: np.ndarray) -> np.ndarray:
    """Per mission option: it matches at least one row of its doctor with a positive weight."""
    _, option = row_matches(rows, o, weekday_of_date, keep_row=rows.weight > 0)
    out = np.zeros(len(o), dtype=bool)
    out[option] = True
    return out
