"""A scenario as numpy arrays: the only input the CP-SAT model is built from.

Indices follow the scenario's record order. Distances are one-way road km: a
`distances.csv` entry where given, else great-circle (haversine, R = 6371 km)
times `road_factor`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from roster.models import Scenario
from roster.solvers.data.policy import PolicyArrays, policy_of
from roster.solvers.data.wish_rows import WishRows

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle km between every point of set 1 (rows) and set 2 (columns)."""
    p1, l1 = np.radians(lat1)[:, None], np.radians(lon1)[:, None]
    p2, l2 = np.radians(lat2)[None, :], np.radians(lon2)[None, :]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _open_matrix(
    weekdays: list[frozenset[int]], dates: list[dt.date], holidays: frozenset[dt.date]
) -> np.ndarray:
    weekday_of = np.array([d.weekday() for d in dates], dtype=np.int64)
    working = np.array([d not in holidays for d in dates], dtype=bool)
    table = np.zeros((len(weekdays), 7), dtype=bool)
    for i, days in enumerate(weekdays):
        table[i, list(days)] = True
    return table[:, weekday_of] & working[None, :]


def _availability_matrix(ids: list[str], scenario: Scenario, dates: list[dt.date]) -> np.ndarray:
    column = {d: j for j, d in enumerate(dates)}
    out = np.zeros((len(ids), len(dates)), dtype=bool)
    for i, person in enumerate(ids):
        for day in scenario.available(person):
            out[i, column[day]] = True
    return out


def _first_dates(scenario: Scenario, dates: list[dt.date]) -> np.ndarray:
    """Extension (doctors.csv available_from): per doctor, the index of the first date of the
    month they may work (0 without a date; len(dates) when registered only after the month)."""
    return np.array(
        [sum(day < d.available_from for day in dates) if d.available_from else 0 for d in scenario.doctors],
        dtype=np.int64,
    )


def _road_km(
    scenario: Scenario,
    from_ids: list[str],
    from_lat: np.ndarray,
    from_lon: np.ndarray,
    to_ids: list[str],
    to_lat: np.ndarray,
    to_lon: np.ndarray,
) -> np.ndarray:
    km = haversine_km(from_lat, from_lon, to_lat, to_lon) * scenario.settings.road_factor
    if scenario.distances:
        row = {pid: i for i, pid in enumerate(from_ids)}
        col = {pid: j for j, pid in enumerate(to_ids)}
        for (src, dst), value in scenario.distances.items():
            if src in row and dst in col:
                km[row[src], col[dst]] = value
    return km


def _pin_indices(
    scenario: Scenario, doctor_ids: list[str], site_ids: list[str], dates: list[dt.date]
) -> np.ndarray:
    doctor = {d: i for i, d in enumerate(doctor_ids)}
    site = {s: i for i, s in enumerate(site_ids)}
    day = {d: i for i, d in enumerate(dates)}
    rows = [(doctor[p.doctor_id], site[p.site_id], day[p.date]) for p in scenario.pins]
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


@dataclass(frozen=True)
class ScenarioArrays:
    """Everything the model needs, as arrays indexed by doctor, site, zone, practice, locum, date."""

    dates: list[dt.date]
    zone_ids: list[str]
    zone_priority: list[Fraction]
    zone_demand: np.ndarray
    zone_min: np.ndarray  # extension: hard minimum of doctor-days (0: none)
    site_ids: list[str]
    site_zone: np.ndarray
    site_capacity: np.ndarray
    site_lodging: np.ndarray
    site_open: np.ndarray  # [site, date]
    doctor_ids: list[str]
    doctor_cap: np.ndarray  # min(max_days, max_days_per_doctor)
    doctor_max_km: np.ndarray
    doctor_practice: np.ndarray  # practice index or -1
    doctor_available: np.ndarray  # [doctor, date]
    doctor_site_km: np.ndarray  # [doctor, site]
    practice_ids: list[str]
    practice_open: np.ndarray  # [practice, date]
    practice_required: np.ndarray  # min(min_present, other_doctors + volunteers)
    practice_other: np.ndarray
    practice_volunteers: np.ndarray
    locum_ids: list[str]
    locum_max_days: np.ndarray
    locum_max_km: np.ndarray
    locum_available: np.ndarray  # [locum, date]
    locum_practice_km: np.ndarray  # [locum, practice]
    day_trip_max_km: float
    pins: np.ndarray  # extension: [n_pins, 3] doctor, site, date indices of pins.csv rows
    # extension (wishes.csv, doctors.csv only_wished): wish rows as indices, the hard flag
    wishes: WishRows = field(default_factory=WishRows)
    doctor_only_wished: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    policy: PolicyArrays | None = None  # extension: budget, stays, cost objective (None: contract)
    # extension (doctors.csv available_from): index of each doctor's first allowed date (0: any)
    doctor_first_date: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> ScenarioArrays:
        s = scenario.settings
        dates = s.dates()
        holidays = scenario.holidays_in_month()
        zone_index = {z.zone_id: i for i, z in enumerate(scenario.zones)}
        practice_index = {p.practice_id: i for i, p in enumerate(scenario.practices)}
        doctors, sites, practices, locums = (
            scenario.doctors,
            scenario.sites,
            scenario.practices,
            scenario.replacements,
        )

        def coords(records: tuple) -> tuple[np.ndarray, np.ndarray]:
            return (
                np.array([r.latitude for r in records], dtype=np.float64),
                np.array([r.longitude for r in records], dtype=np.float64),
            )

        d_lat, d_lon = coords(doctors)
        s_lat, s_lon = coords(sites)
        p_lat, p_lon = coords(practices)
        r_lat, r_lon = coords(locums)
        doctor_ids = [d.doctor_id for d in doctors]
        site_ids = [x.site_id for x in sites]
        practice_ids = [p.practice_id for p in practices]
        locum_ids = [r.replacement_id for r in locums]
        doctor_practice = np.array(
            [practice_index.get(d.practice_id, -1) if d.practice_id else -1 for d in doctors],
            dtype=np.int64,
        )
        volunteers = np.bincount(doctor_practice[doctor_practice >= 0], minlength=len(practices))
        other = np.array([p.other_doctors for p in practices], dtype=np.int64)
        min_present = np.array([p.min_present for p in practices], dtype=np.int64)
        return cls(
            dates=dates,
            zone_ids=[z.zone_id for z in scenario.zones],
            zone_priority=[z.priority_fraction for z in scenario.zones],
            zone_demand=np.array([z.demand_days for z in scenario.zones], dtype=np.int64),
            zone_min=np.array([z.min_days for z in scenario.zones], dtype=np.int64),
            site_ids=site_ids,
            site_zone=np.array([zone_index[x.zone_id] for x in sites], dtype=np.int64),
            site_capacity=np.array([x.capacity for x in sites], dtype=np.int64),
            site_lodging=np.array([x.lodging for x in sites], dtype=bool),
            site_open=_open_matrix([x.open_weekdays for x in sites], dates, holidays),
            doctor_ids=doctor_ids,
            doctor_cap=np.array([min(d.max_days, s.max_days_per_doctor) for d in doctors], dtype=np.int64),
            doctor_max_km=np.array([d.max_km for d in doctors], dtype=np.float64),
            doctor_practice=doctor_practice,
            doctor_available=_availability_matrix(doctor_ids, scenario, dates),
            doctor_site_km=_road_km(scenario, doctor_ids, d_lat, d_lon, site_ids, s_lat, s_lon),
            practice_ids=practice_ids,
            practice_open=_open_matrix([p.open_weekdays for p in practices], dates, holidays),
            practice_required=np.minimum(min_present, other + volunteers),
            practice_other=other,
            practice_volunteers=volunteers,
            locum_ids=locum_ids,
            locum_max_days=np.array([r.max_days for r in locums], dtype=np.int64),
            locum_max_km=np.array([r.max_km for r in locums], dtype=np.float64),
            locum_available=_availability_matrix(locum_ids, scenario, dates),
            locum_practice_km=_road_km(scenario, locum_ids, r_lat, r_lon, practice_ids, p_lat, p_lon),
            day_trip_max_km=float(s.day_trip_max_km),
            pins=_pin_indices(scenario, doctor_ids, site_ids, dates),
            wishes=WishRows.of(scenario, doctor_ids, site_ids, [z.zone_id for z in scenario.zones], dates),
            doctor_only_wished=np.array([d.only_wished for d in doctors], dtype=bool).reshape(-1),
            policy=policy_of(scenario),
            doctor_first_date=_first_dates(scenario, dates),
        )

    @property
    def n_dates(self) -> int:
        return len(self.dates)

    @property
    def weekday_of_date(self) -> np.ndarray:
        """0 (Mon) .. 6 (Sun) of every date of the month."""
        return np.array([d.weekday() for d in self.dates], dtype=np.int64)
