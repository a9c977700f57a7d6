"""The planning's rows as the verifier reads them, and the road km it recomputes for them.

Shared by `checks` and `policy_checks`; like them, written from the contract alone
(its own haversine, never `roster.solvers`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from roster.models import Doctor, Scenario, Site


def road_km(
    scenario: Scenario, person: str, lat: float, lon: float, place: str, plat: float, plon: float
) -> float:
    """One-way road km: distances.csv if given, else haversine (R = 6371 km) x road_factor."""
    if (person, place) in scenario.distances:
        return scenario.distances[(person, place)]
    phi1, phi2 = math.radians(lat), math.radians(plat)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(plon - lon) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h))) * scenario.settings.road_factor


def mission_km(scenario: Scenario, doctor: Doctor, site: Site) -> float:
    """One-way road km of a doctor's mission at a site (`road_km`)."""
    return road_km(
        scenario,
        doctor.doctor_id,
        doctor.latitude,
        doctor.longitude,
        site.site_id,
        site.latitude,
        site.longitude,
    )


@dataclass(frozen=True)
class Mission:
    """One row of assignments.csv (`line` 1 is the header)."""

    line: int
    date: dt.date
    doctor_id: str
    site_id: str
    zone_id: str
    km: float


@dataclass(frozen=True)
class Cover:
    """One row of replacements.csv: a locum's day at a practice."""

    line: int
    date: dt.date
    replacement_id: str
    practice_id: str
    km: float
