"""The domain parts of the contract's hard rules: which options exist at all.

No variable is ever created for an unavailable doctor, a closed site or a trip too
long; these functions say which cells are allowed (`roster.solvers.data.space` turns
them into options). The constraint parts of the rules are rows
(`roster.solvers.model.rules`).

    Rule 1  doctor_days_domain
    Rule 2  site_opening_domain
    Rule 3  travel_limit_and_lodging
    Rule 5  locum_domain
    Extension (doctors.csv available_from): registration_domain
    Extension (doctors.csv only_wished with wishes.csv): only_wished_domain
    Policy (max_stay_days >= 2): stay_pairs, stay_cap; top_cap, the most days a doctor
    may ever work
"""

from __future__ import annotations

import numpy as np

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import MissionOptions
from roster.solvers.data.wish_rows import matches_a_positive_wish


def travel_limit_and_lodging(a: ScenarioArrays) -> np.ndarray:
    """Rule 3: the road km to the site is within the doctor's max_km, and a site farther
    than day_trip_max_km must offer lodging. Returns the allowed [doctor, site] pairs."""
    km = a.doctor_site_km
    within_reach = km <= a.doctor_max_km[:, None]
    day_trip_or_bed = (km <= a.day_trip_max_km) | a.site_lodging[None, :]
    return within_reach & day_trip_or_bed


def stay_pairs(a: ScenarioArrays) -> np.ndarray:
    """[doctor, site] pairs where a stay is possible: a lodging site farther than the
    policy's stay_min_km that the doctor may reach (rule 3)."""
    assert a.policy is not None
    return travel_limit_and_lodging(a) & a.site_lodging[None, :] & (a.doctor_site_km > a.policy.stay_min_km)


def stay_cap(a: ScenarioArrays) -> np.ndarray:
    """Per doctor: the cap when all their days form one stay, max(cap, max_stay_days)
    within their own max_days, for those who can stay somewhere; else the cap."""
    p = a.policy
    if p is None or not p.stays or not len(a.doctor_ids):
        return a.doctor_cap
    can_stay = stay_pairs(a).any(axis=1)
    longer = np.minimum(p.own_max_days, np.maximum(a.doctor_cap, p.max_stay_days))
    return np.where(can_stay, longer, a.doctor_cap).astype(np.int64)


def top_cap(a: ScenarioArrays) -> np.ndarray:
    """Per doctor: the most days they may ever work (the stay cap when it is higher)."""
    return a.doctor_cap if a.policy is None else np.maximum(a.doctor_cap, stay_cap(a))


def registration_domain(a: ScenarioArrays) -> np.ndarray:
    """Extension (doctors.csv available_from): no mission before the date the doctor is
    registered from (Ordre, CPS card): their availability before it is masked. [doctor, date]."""
    return np.arange(a.n_dates)[None, :] >= a.doctor_first_date[:, None]


def doctor_days_domain(a: ScenarioArrays) -> np.ndarray:
    """Rule 1 (domain): a doctor works only on dates listed in availability.csv (from their
    available_from, when given), and not at all when the effective cap
    min(max_days, max_days_per_doctor) is 0."""
    return a.doctor_available & registration_domain(a) & (top_cap(a) > 0)[:, None]


def site_opening_domain(a: ScenarioArrays) -> np.ndarray:
    """Rule 2 (domain): a site receives doctors only on its open weekdays, never on a holiday."""
    return a.site_open


def locum_domain(a: ScenarioArrays) -> tuple[np.ndarray, np.ndarray]:
    """Rule 5 (domain): a locum works only on available dates, within max_km of the
    practice, and only at an open practice (elsewhere a locum counts for nothing).
    Returns the allowed [locum, practice] pairs and [locum, date] cells."""
    reach = a.locum_practice_km <= a.locum_max_km[:, None]
    reach &= (a.locum_max_days > 0)[:, None]
    return reach, a.locum_available


def only_wished_domain(a: ScenarioArrays, o: MissionOptions) -> np.ndarray:
    """Extension (doctors.csv only_wished = 1): that doctor's missions each match at least
    one of their wishes.csv rows with a positive weight. Returns the mission options kept."""
    keep = ~a.doctor_only_wished[o.doctor]
    return keep | matches_a_positive_wish(a.wishes, o, a.weekday_of_date)
