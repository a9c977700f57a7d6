"""The search space: every (doctor, site, date) mission and (locum, practice, date)
locum day that the domain rules allow, as flat numpy arrays, plus the practice-date
rows where home practice continuity can bind and rule 4's row index."""

from __future__ import annotations

import numpy as np

from roster.solvers.data import domains
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import ContinuityRows, LocumOptions, MissionOptions, SearchSpace


def mission_options(a: ScenarioArrays) -> MissionOptions:
    """Rules 1-3 as a domain: available doctor, open site, allowed trip (and, when
    doctors.csv sets it, only_wished)."""
    pairs_doctor, pairs_site = np.nonzero(domains.travel_limit_and_lodging(a))
    works = domains.doctor_days_domain(a)
    opens = domains.site_opening_domain(a)
    cells = works[pairs_doctor] & opens[pairs_site]
    pair, date = np.nonzero(cells)
    doctor, site = pairs_doctor[pair], pairs_site[pair]
    options = MissionOptions(
        doctor=doctor.astype(np.int64),
        site=site.astype(np.int64),
        date=date.astype(np.int64),
        zone=a.site_zone[site],
        km=a.doctor_site_km[doctor, site],
    )
    if a.doctor_only_wished.any():  # extension: only_wished doctors keep their wished missions
        options = options.subset(domains.only_wished_domain(a, options))
    return options


def continuity_rows(a: ScenarioArrays, missions: MissionOptions) -> ContinuityRows:
    """Open practice-dates where more volunteers could leave than the slack allows."""
    n_p, n_t = len(a.practice_ids), a.n_dates
    if n_p == 0 or len(missions) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return ContinuityRows(empty, empty, empty)
    practice = a.doctor_practice[missions.doctor]
    has = practice >= 0
    # distinct (doctor, date) with at least one option, counted per practice-date
    doctor_date = np.unique(missions.doctor[has] * n_t + missions.date[has])
    doctor, date = doctor_date // n_t, doctor_date % n_t
    leavers = np.zeros((n_p, n_t), dtype=np.int64)
    np.add.at(leavers, (a.doctor_practice[doctor], date), 1)
    slack = a.practice_other + a.practice_volunteers - a.practice_required
    binding = a.practice_open & (leavers > slack[:, None]) & (a.practice_required > 0)[:, None]
    p, t = np.nonzero(binding)
    return ContinuityRows(p.astype(np.int64), t.astype(np.int64), slack[p].astype(np.int64))


def locum_options(a: ScenarioArrays, rows: ContinuityRows) -> LocumOptions:
    """Rule 5 as a domain, restricted to practice-dates where a locum can matter."""
    reach, available = domains.locum_domain(a)
    if len(rows.practice) == 0 or len(a.locum_ids) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return LocumOptions(empty, empty, empty, np.zeros(0))
    # rows x locums who reach the row's practice and are available on its date
    ok = reach[:, rows.practice] & available[:, rows.date]  # [locum, row]
    locum, row = np.nonzero(ok)
    practice, date = rows.practice[row], rows.date[row]
    order = np.lexsort((locum, date, practice))
    locum, practice, date = locum[order], practice[order], date[order]
    return LocumOptions(
        locum=locum.astype(np.int64),
        practice=practice.astype(np.int64),
        date=date.astype(np.int64),
        km=a.locum_practice_km[locum, practice],
    )


def continuity_row_index(
    a: ScenarioArrays, rows: ContinuityRows, missions: MissionOptions, locums: LocumOptions
) -> tuple[np.ndarray, np.ndarray]:
    """Rule 4's row of each mission option (-1: its volunteer's practice-date has no row)
    and of each locum option."""
    n_t = a.n_dates
    row_of_cell = np.full(max(len(a.practice_ids), 1) * n_t, -1, dtype=np.int64)
    row_of_cell[rows.practice * n_t + rows.date] = np.arange(len(rows.practice))
    practice = a.doctor_practice[missions.doctor]
    mission_row = np.where(practice >= 0, row_of_cell[np.maximum(practice, 0) * n_t + missions.date], -1)
    return mission_row.astype(np.int64), row_of_cell[locums.practice * n_t + locums.date]


def build_space(a: ScenarioArrays) -> SearchSpace:
    missions = mission_options(a)
    rows = continuity_rows(a, missions)
    locums = locum_options(a, rows)
    mission_row, locum_row = continuity_row_index(a, rows, missions, locums)
    return SearchSpace(missions, locums, rows, mission_row, locum_row)
