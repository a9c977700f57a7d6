"""The contract's hard rules, one named function each.

Rules 1-3 and 5 partly restrict *which* options exist (no variable is ever created
for an unavailable doctor, a closed site or a trip too long); those parts are the
`*_domain` functions, used by `roster.solvers.space`. The rest are constraints,
added by `add_hard_rules`:

    Rule 1  doctor_days_domain, one_mission_per_day, monthly_cap
    Rule 2  site_opening_domain, site_capacity
    Rule 3  travel_limit_and_lodging
    Rule 4  home_practice_continuity
    Rule 5  locum_domain, locum_limits
    Extensions (when given): pinned_missions (pins.csv), zone_minimums (zones.csv min_days),
    only_wished_domain (doctors.csv only_wished with wishes.csv)

The independent verifier (`roster.verify.checks`) mirrors these names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from roster.solvers.arrays import ScenarioArrays
from roster.solvers.policy import top_cap
from roster.solvers.wish_values import matches_a_positive_wish

if TYPE_CHECKING:
    from roster.solvers.model import MissionModel
    from roster.solvers.space import MissionOptions


# --- domain rules: which options exist ------------------------------------------------


def doctor_days_domain(a: ScenarioArrays) -> np.ndarray:
    """Rule 1 (domain): a doctor works only on dates listed in availability.csv, and
    not at all when the effective cap min(max_days, max_days_per_doctor) is 0."""
    return a.doctor_available & (top_cap(a) > 0)[:, None]


def site_opening_domain(a: ScenarioArrays) -> np.ndarray:
    """Rule 2 (domain): a site receives doctors only on its open weekdays, never on a holiday."""
    return a.site_open


def travel_limit_and_lodging(a: ScenarioArrays) -> np.ndarray:
    """Rule 3: the road km to the site is within the doctor's max_km, and a site farther
    than day_trip_max_km must offer lodging. Returns the allowed [doctor, site] pairs."""
    km = a.doctor_site_km
    within_reach = km <= a.doctor_max_km[:, None]
    day_trip_or_bed = (km <= a.day_trip_max_km) | a.site_lodging[None, :]
    return within_reach & day_trip_or_bed


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


# --- constraint rules ----------------------------------------------------------------


def one_mission_per_day(m: MissionModel) -> int:
    """Rule 1: a doctor has at most one mission per date."""
    o = m.space.missions
    keys = o.doctor * m.arrays.n_dates + o.date
    ones = np.ones(int(keys.max(initial=-1)) + 1, dtype=np.int64)
    return m.cp.add_grouped_at_most(m.x, keys, ones)


def monthly_cap(m: MissionModel) -> int:
    """Rule 1: at most min(max_days, max_days_per_doctor) missions in the month (with
    stays, the stay cap here; `stays.monthly_cap_stay_exception` restricts it)."""
    return m.cp.add_grouped_at_most(m.x, m.space.missions.doctor, top_cap(m.arrays))


def site_capacity(m: MissionModel) -> int:
    """Rule 2: at most `capacity` doctors at a site on one date."""
    o = m.space.missions
    keys = o.site * m.arrays.n_dates + o.date
    bound = np.repeat(m.arrays.site_capacity, m.arrays.n_dates)
    return m.cp.add_grouped_at_most(m.x, keys, bound)


def home_practice_continuity(m: MissionModel) -> int:
    """Rule 4: on each open date a practice keeps min(min_present, other_doctors +
    volunteers) doctors: volunteers on mission minus locums there <= slack."""
    rows = m.space.continuity
    if len(rows.practice) == 0:
        return 0
    o, loc = m.space.missions, m.space.locums
    n_t = m.arrays.n_dates
    row_of_cell = np.full(len(m.arrays.practice_ids) * n_t, -1, dtype=np.int64)
    row_of_cell[rows.practice * n_t + rows.date] = np.arange(len(rows.practice))
    mission_practice = m.arrays.doctor_practice[o.doctor]
    mission_row = np.where(
        mission_practice >= 0, row_of_cell[np.maximum(mission_practice, 0) * n_t + o.date], -1
    )
    locum_row = row_of_cell[loc.practice * n_t + loc.date]
    keep_x, keep_y = mission_row >= 0, locum_row >= 0
    variables = np.concatenate((m.x[keep_x], m.y[keep_y]))
    coeffs = np.concatenate((np.ones(int(keep_x.sum()), np.int64), -np.ones(int(keep_y.sum()), np.int64)))
    keys = np.concatenate((mission_row[keep_x], locum_row[keep_y]))
    return m.cp.add_grouped_at_most(variables, keys, rows.slack, coeffs)


def locum_limits(m: MissionModel) -> int:
    """Rule 5: a locum works at most one practice per date and at most max_days days."""
    loc = m.space.locums
    if len(loc.locum) == 0:
        return 0
    keys = loc.locum * m.arrays.n_dates + loc.date
    ones = np.ones(int(keys.max()) + 1, dtype=np.int64)
    added = m.cp.add_grouped_at_most(m.y, keys, ones)
    return added + m.cp.add_grouped_at_most(m.y, loc.locum, m.arrays.locum_max_days)


# --- extensions: hard only when the scenario gives them ---------------------------------


def _requirement(m: MissionModel, label: str) -> int | None:
    """A literal that switches a requirement on (assumption mode), else None (always on)."""
    if not m.with_assumptions:
        return None
    literal = int(m.cp.new_bools(1)[0])
    m.requirements[literal] = label
    return literal


def pinned_missions(m: MissionModel) -> int:
    """Extension (pins.csv): every pinned mission is in the planning."""
    added = 0
    for pin, option in enumerate(m.pin_options.tolist()):
        if option < 0:
            continue  # no such option: reported by `pin_conflicts`
        literal = _requirement(m, f"pin {pin}")
        m.cp.add_linear(m.x[[option]], np.ones(1, np.int64), 1, 1, enforced_by=literal)
        added += 1
    return added


def zone_minimums(m: MissionModel) -> int:
    """Extension (zones.csv min_days): at least min_days doctor-days in the zone."""
    o = m.space.missions
    added = 0
    for z in np.flatnonzero(m.arrays.zone_min > 0).tolist():
        members = np.flatnonzero(o.zone == z)
        literal = _requirement(m, f"minimum {z}")
        m.cp.add_linear(
            m.x[members], np.ones(len(members), np.int64), int(m.arrays.zone_min[z]), len(members) + 1,
            enforced_by=literal,
        )  # fmt: skip
        added += 1
    return added


def add_hard_rules(m: MissionModel) -> dict[str, int]:
    """Add every constraint rule to the model; returns the constraint count per rule.

    Rule 3 (`travel_limit_and_lodging`) is entirely a domain rule: trips it forbids
    have no variable.
    """
    return {
        "one_mission_per_day": one_mission_per_day(m),
        "monthly_cap": monthly_cap(m),
        "site_capacity": site_capacity(m),
        "home_practice_continuity": home_practice_continuity(m),
        "locum_limits": locum_limits(m),
        "pinned_missions": pinned_missions(m),
        "zone_minimums": zone_minimums(m),
    }
