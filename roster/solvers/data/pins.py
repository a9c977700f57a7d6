"""Pinned missions (pins.csv): where they sit in the model, and why one cannot exist."""

from __future__ import annotations

import numpy as np

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import MissionOptions


def pin_options(a: ScenarioArrays, o: MissionOptions) -> np.ndarray:
    """The mission option of each pin, or -1 when the hard rules leave none."""
    if len(a.pins) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(o) == 0:  # no mission is allowed at all: no pin has an option
        return np.full(len(a.pins), -1, dtype=np.int64)
    n_s, n_t = len(a.site_ids), a.n_dates
    key = (o.doctor * n_s + o.site) * n_t + o.date
    order = np.argsort(key)
    wanted = (a.pins[:, 0] * n_s + a.pins[:, 1]) * n_t + a.pins[:, 2]
    at = np.minimum(np.searchsorted(key[order], wanted), len(key) - 1)
    return np.where(key[order][at] == wanted, order[at], -1).astype(np.int64)


def why_impossible(a: ScenarioArrays, doctor: int, site: int, date: int) -> str:
    """The hard rule that leaves no option for this mission."""
    day = a.dates[date]
    if a.doctor_cap[doctor] == 0:
        return "rule 1: the doctor's monthly cap is 0"
    if not a.doctor_available[doctor, date]:
        return f"rule 1: the doctor is not available on {day}"
    if date < a.doctor_first_date[doctor]:
        return f"available_from: {day} is before the date the doctor is registered from (doctors.csv)"
    if not a.site_open[site, date]:
        return f"rule 2: the site is closed on {day} ({day.strftime('%a')})"
    km = float(a.doctor_site_km[doctor, site])
    if km > a.doctor_max_km[doctor]:
        return f"rule 3: {km:.1f} km exceeds the doctor's max_km {a.doctor_max_km[doctor]:g}"
    if km > a.day_trip_max_km and not a.site_lodging[site]:
        day_trip = f"{a.day_trip_max_km:g}"
        return f"rule 3: {km:.1f} km exceeds the day trip {day_trip} km and the site has no lodging"
    return "only_wished: the doctor accepts only missions matching one of their positive wishes (wishes.csv)"
