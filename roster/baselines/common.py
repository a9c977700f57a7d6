"""What both baselines share: the scenario as numpy arrays and the planning summary.

Written from the contract (`docs/scenario-format.md`) without `roster.solvers`, so
the baselines stay an independent second reading of the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from roster.models import Assignment, LocumDay, Planning, Scenario, SolveSummary
from roster.models.costs import month_costs
from roster.models.planning import Status

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Haversine km (R = 6371 km) from every point of set 1 (rows) to every point of set 2 (columns)."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dlon = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _coords(records: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    lat = np.array([r.latitude for r in records], dtype=np.float64)  # type: ignore[attr-defined]
    lon = np.array([r.longitude for r in records], dtype=np.float64)  # type: ignore[attr-defined]
    return lat, lon


def _road_km(
    scenario: Scenario,
    people: Sequence[object],
    person_ids: list[str],
    places: Sequence[object],
    place_ids: list[str],
) -> np.ndarray:
    """[person, place] one-way road km: distances.csv where given, else great-circle x road_factor."""
    km = great_circle_km(*_coords(people), *_coords(places)) * scenario.settings.road_factor
    if scenario.distances and len(person_ids) and len(place_ids):
        row = {pid: i for i, pid in enumerate(person_ids)}
        col = {pid: j for j, pid in enumerate(place_ids)}
        for (src, dst), value in scenario.distances.items():
            if src in row and dst in col:
                km[row[src], col[dst]] = value
    return km


def _open(
    weekdays: Sequence[frozenset[int]], dates: list[dt.date], holidays: frozenset[dt.date]
) -> np.ndarray:
    """[place, date] True when the place opens that weekday and the date is no holiday."""
    week = np.zeros((len(weekdays), 7), dtype=bool)
    for i, days in enumerate(weekdays):
        week[i, sorted(days)] = True
    weekday = np.array([d.weekday() for d in dates], dtype=np.int64)
    working = np.array([d not in holidays for d in dates], dtype=bool)
    return week[:, weekday] & working[None, :]


def _available(scenario: Scenario, ids: list[str], dates: list[dt.date]) -> np.ndarray:
    """[person, date] on the availability list (and, for a doctor, from their available_from)."""
    column = {d: j for j, d in enumerate(dates)}
    registered = {d.doctor_id: d.available_from for d in scenario.doctors if d.available_from}
    out = np.zeros((len(ids), len(dates)), dtype=bool)
    for i, person in enumerate(ids):
        first = registered.get(person)
        days = [
            column[d] for d in scenario.available(person) if d in column and (first is None or d >= first)
        ]
        out[i, days] = True
    return out


@dataclass(frozen=True)
class Instance:
    """A scenario as arrays indexed by zone, site, doctor, practice, locum and date."""

    dates: list[dt.date]
    zone_ids: list[str]
    zone_priority: np.ndarray  # float
    zone_priority_exact: list[Fraction]
    zone_demand: np.ndarray
    site_ids: list[str]
    site_zone: np.ndarray
    site_capacity: np.ndarray
    site_open: np.ndarray  # [site, date]
    doctor_ids: list[str]
    doctor_cap: np.ndarray  # min(max_days, max_days_per_doctor)
    doctor_practice: np.ndarray  # practice index, -1 for none
    doctor_available: np.ndarray  # [doctor, date]
    doctor_km: np.ndarray  # [doctor, site]
    doctor_reach: np.ndarray  # [doctor, site]: rule 3 holds
    practice_ids: list[str]
    practice_open: np.ndarray  # [practice, date]
    practice_slack: np.ndarray  # volunteers who may be away with no locum
    practice_volunteers: np.ndarray
    locum_ids: list[str]
    locum_max_days: np.ndarray
    locum_available: np.ndarray  # [locum, date]
    locum_km: np.ndarray  # [locum, practice]
    locum_reach: np.ndarray  # [locum, practice]: within max_km
    doctor_only_wished: np.ndarray  # doctors.csv only_wished: missions matching a positive wish only

    @property
    def n_dates(self) -> int:
        return len(self.dates)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Instance:
        s = scenario.settings
        dates, holidays = s.dates(), scenario.holidays_in_month()
        zones, sites, practices = scenario.zones, scenario.sites, scenario.practices
        doctors, locums = scenario.doctors, scenario.replacements
        zone_index = {z.zone_id: i for i, z in enumerate(zones)}
        practice_index = {p.practice_id: i for i, p in enumerate(practices)}
        site_ids = [x.site_id for x in sites]
        doctor_ids = [d.doctor_id for d in doctors]
        practice_ids = [p.practice_id for p in practices]
        locum_ids = [r.replacement_id for r in locums]
        doctor_km = _road_km(scenario, doctors, doctor_ids, sites, site_ids)
        lodging = np.array([x.lodging for x in sites], dtype=bool)
        max_km = np.array([d.max_km for d in doctors], dtype=np.float64)
        reach = (doctor_km <= max_km[:, None]) & ((doctor_km <= s.day_trip_max_km) | lodging[None, :])
        doctor_practice = np.array([practice_index.get(d.practice_id or "", -1) for d in doctors], np.int64)
        volunteers = np.bincount(doctor_practice[doctor_practice >= 0], minlength=len(practices))
        other = np.array([p.other_doctors for p in practices], dtype=np.int64)
        required = np.minimum(np.array([p.min_present for p in practices], np.int64), other + volunteers)
        locum_km = _road_km(scenario, locums, locum_ids, practices, practice_ids)
        locum_max_km = np.array([r.max_km for r in locums], dtype=np.float64)
        return cls(
            dates=dates,
            zone_ids=[z.zone_id for z in zones],
            zone_priority=np.array([z.priority for z in zones], dtype=np.float64),
            zone_priority_exact=[Fraction(repr(z.priority)) for z in zones],
            zone_demand=np.array([z.demand_days for z in zones], dtype=np.int64),
            site_ids=site_ids,
            site_zone=np.array([zone_index[x.zone_id] for x in sites], dtype=np.int64),
            site_capacity=np.array([x.capacity for x in sites], dtype=np.int64),
            site_open=_open([x.open_weekdays for x in sites], dates, holidays),
            doctor_ids=doctor_ids,
            doctor_cap=np.array([min(d.max_days, s.max_days_per_doctor) for d in doctors], np.int64),
            doctor_practice=doctor_practice,
            doctor_available=_available(scenario, doctor_ids, dates),
            doctor_km=doctor_km,
            doctor_reach=reach,
            practice_ids=practice_ids,
            practice_open=_open([p.open_weekdays for p in practices], dates, holidays),
            practice_slack=other + volunteers - required,
            practice_volunteers=volunteers,
            locum_ids=locum_ids,
            locum_max_days=np.array([r.max_days for r in locums], dtype=np.int64),
            locum_available=_available(scenario, locum_ids, dates),
            locum_km=locum_km,
            locum_reach=locum_km <= locum_max_km[:, None],
            doctor_only_wished=np.array([d.only_wished for d in doctors], dtype=bool).reshape(-1),
        )


def mission_wishes(
    scenario: Scenario, inst: Instance, doctor: np.ndarray, site: np.ndarray, date: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per mission (doctor, site, date): the sum of the weights of its doctor's wishes.csv rows
    it matches (every field a row gives equals the mission's), and whether it matches one of
    positive weight (what only_wished keeps)."""
    values = np.zeros(len(doctor), dtype=np.int64)
    positive = np.zeros(len(doctor), dtype=bool)
    order = np.argsort(doctor, kind="stable")
    bounds = np.searchsorted(doctor[order], np.arange(len(inst.doctor_ids) + 1))
    doctor_of = {d: i for i, d in enumerate(inst.doctor_ids)}
    site_of = {x: i for i, x in enumerate(inst.site_ids)}
    zone_of = {z: i for i, z in enumerate(inst.zone_ids)}
    weekday = np.array([d.weekday() for d in inst.dates], dtype=np.int64)
    day_of = {d: i for i, d in enumerate(inst.dates)}
    for w in scenario.wishes:
        d = doctor_of[w.doctor_id]
        mine = order[bounds[d] : bounds[d + 1]]
        match = np.ones(len(mine), dtype=bool)
        if w.site_id is not None:
            match &= site[mine] == site_of[w.site_id]
        if w.zone_id is not None:
            match &= inst.site_zone[site[mine]] == zone_of[w.zone_id]
        if w.weekday is not None:
            match &= weekday[date[mine]] == w.weekday
        if w.date is not None:
            match &= date[mine] == day_of[w.date]
        values[mine[match]] += w.weight
        if w.weight > 0:
            positive[mine[match]] = True
    return values, positive


def coverage_score(inst: Instance, zone_days: np.ndarray) -> float:
    """Exact sum_z priority_z * H(min(days_z, demand_z)), rounded once to a float."""
    score = Fraction(0)
    for priority, days, demand in zip(inst.zone_priority_exact, zone_days, inst.zone_demand, strict=True):
        n = int(min(days, demand))
        if n:
            score += priority * sum(Fraction(1, k) for k in range(1, n + 1))
    return float(score)


def zone_days(inst: Instance, assignments: Sequence[Assignment]) -> np.ndarray:
    index = {z: i for i, z in enumerate(inst.zone_ids)}
    days = np.zeros(len(inst.zone_ids), dtype=np.int64)
    for a in assignments:
        days[index[a.zone_id]] += 1
    return days


@dataclass(frozen=True)
class Outcome:
    """How a baseline obtained its planning, for the summary."""

    status: Status
    best_bound: float | None
    wall_time_s: float
    solver: str
    time_limit_s: float = 0.0
    workers: int = 0
    km_status: Status | None = None
    km_bound: float | None = None
    wish_score: int | None = None  # wishes.csv: the planning's wish score
    wish_bound: int | None = None
    message: str = ""
    phases: tuple[dict[str, object], ...] = ()


def make_planning(
    scenario: Scenario,
    inst: Instance,
    assignments: list[Assignment],
    locums: list[LocumDay],
    outcome: Outcome,
) -> Planning:
    """Sort the rows, recompute every reported figure from them and wrap up a `Planning`."""
    assignments.sort(key=lambda a: (a.date, a.doctor_id))
    locums.sort(key=lambda r: (r.date, r.replacement_id))
    days = zone_days(inst, assignments)
    score = coverage_score(inst, days)
    mission_km = float(sum(a.km for a in assignments))
    locum_km = float(sum(r.km for r in locums))
    s = scenario.settings
    bound = outcome.best_bound
    gap = None if bound is None else (0.0 if bound <= 0 else max(0.0, bound - score) / bound)
    summary = SolveSummary(
        status=outcome.status,
        objective=score,
        best_bound=bound,
        wall_time_s=round(outcome.wall_time_s, 3),
        coverage_score=score,
        total_km=round(mission_km, 6),
        doctor_days=len(assignments),
        **month_costs(s, assignments, locums, stay_nights=0),  # no stays in the baselines
        scenario=s.name,
        month=s.month,
        gap=gap,
        km_status=outcome.km_status,
        km_bound=outcome.km_bound,
        wish_score=outcome.wish_score,
        wish_bound=outcome.wish_bound,
        mission_km=round(mission_km, 6),
        locum_km=round(locum_km, 6),
        locum_days=len(locums),
        zones_total=len(inst.zone_ids),
        zones_reached=int(((days > 0) & (inst.zone_demand > 0)).sum()),
        demand_days=int(inst.zone_demand.sum()),
        shortfall_days=int(np.maximum(inst.zone_demand - days, 0).sum()),
        solver=outcome.solver,
        workers=outcome.workers,
        time_limit_s=outcome.time_limit_s,
        message=outcome.message,
        phases=list(outcome.phases),
    )
    return Planning(assignments=tuple(assignments), locum_days=tuple(locums), summary=summary)
