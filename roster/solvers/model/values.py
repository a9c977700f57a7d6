"""From solver values to the Planning and its summary."""

from __future__ import annotations

import numpy as np

from roster.models import Assignment, LocumDay
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.stays import complete_stays, continuation_mask


def covered_units(m: MissionModel, chosen_missions: np.ndarray) -> np.ndarray:
    """0/1 per coverage unit: zone z's first min(days, cap) units, for a set of missions."""
    w = m.weights
    assert w is not None
    days = np.bincount(m.space.missions.zone[chosen_missions], minlength=len(m.arrays.zone_ids))
    return (w.k <= days[w.zone]).astype(np.int64) if len(w.zone) else np.zeros(0, dtype=np.int64)


def full_values(
    m: MissionModel, missions: np.ndarray, locums: np.ndarray, source: np.ndarray | None = None
) -> np.ndarray:
    """A complete assignment of every model variable from chosen missions and locum days;
    stay variables (policy) are taken from `source` when given, else completed."""
    values = np.zeros(m.num_variables, dtype=np.int64)
    values[m.x] = missions
    values[m.y] = locums
    values[m.u] = covered_units(m, missions.astype(bool))
    if m.stays is not None:
        if source is None:
            return complete_stays(m, values)
        values[m.stays.var] = source[m.stays.var]
        values[m.stays.one_stay_var] = source[m.stays.one_stay_var]
    return values


def coverage_int(m: MissionModel, values: np.ndarray) -> int:
    """The integer coverage objective of a solution (units recomputed from its missions)."""
    assert m.weights is not None
    return int(m.weights.weight @ covered_units(m, values[m.x] == 1))


def assignments(m: MissionModel, values: np.ndarray) -> tuple[list[Assignment], np.ndarray]:
    """Mission rows sorted by (date, doctor), and the doctor-days per zone."""
    a, o = m.arrays, m.space.missions
    chosen = np.flatnonzero(values[m.x] == 1)
    chosen = chosen[np.lexsort((o.doctor[chosen], o.date[chosen]))]
    km = np.where(continuation_mask(m, values), 0.0, o.km) if m.stays is not None else o.km
    rows = [
        Assignment(
            date=a.dates[o.date[i]],
            doctor_id=a.doctor_ids[o.doctor[i]],
            site_id=a.site_ids[o.site[i]],
            zone_id=a.zone_ids[o.zone[i]],
            km=float(km[i]),
        )
        for i in chosen.tolist()
    ]
    return rows, np.bincount(o.zone[chosen], minlength=len(a.zone_ids)).astype(np.int64)


def locum_days(m: MissionModel, values: np.ndarray) -> list[LocumDay]:
    """Locum rows sorted by (date, replacement)."""
    a, loc = m.arrays, m.space.locums
    picked = np.flatnonzero(values[m.y] == 1)
    picked = picked[np.lexsort((loc.locum[picked], loc.date[picked]))]
    return [
        LocumDay(
            date=a.dates[loc.date[j]],
            replacement_id=a.locum_ids[loc.locum[j]],
            practice_id=a.practice_ids[loc.practice[j]],
            km=float(loc.km[j]),
        )
        for j in picked.tolist()
    ]
