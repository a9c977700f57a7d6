"""The contract's hard rules as rows, one named function each.

Rules 1-3 and 5 partly restrict *which* options exist (`roster.solvers.data.domains`:
no variable is ever created for an unavailable doctor, a closed site or a trip too
long). The rest are constraints, whose rows `hard_rules` returns
(`roster.solvers.model.rows`), in the order the model holds them:

    Rule 1  doctor_days_domain (domain), one_mission_per_day, monthly_cap
    Rule 2  site_opening_domain (domain), site_capacity
    Rule 3  travel_limit_and_lodging (domain only)
    Rule 4  home_practice_continuity
    Rule 5  locum_domain (domain), locum_limits
    Extensions (when given): pinned_missions (pins.csv), zone_minimums (zones.csv min_days),
    only_wished_domain (domain; doctors.csv only_wished with wishes.csv)

The same rules as arcs of a min-cost flow are `roster.solvers.model.arcs`; the
independent verifier (`roster.verify.checks`) mirrors these names.
"""

from __future__ import annotations

import numpy as np

from roster.solvers.data.domains import top_cap
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.rows import Rows


def one_mission_per_day(m: ModelLayout) -> Rows:
    """Rule 1: a doctor has at most one mission per date."""
    o = m.space.missions
    keys = o.doctor * m.arrays.n_dates + o.date
    ones = np.ones(int(keys.max(initial=-1)) + 1, dtype=np.int64)
    return Rows.grouped_at_most(m.x, keys, ones)


def monthly_cap(m: ModelLayout) -> Rows:
    """Rule 1: at most min(max_days, max_days_per_doctor) missions in the month (with
    stays, the stay cap here; `stays.monthly_cap_stay_exception` restricts it)."""
    return Rows.grouped_at_most(m.x, m.space.missions.doctor, top_cap(m.arrays))


def site_capacity(m: ModelLayout) -> Rows:
    """Rule 2: at most `capacity` doctors at a site on one date."""
    o = m.space.missions
    keys = o.site * m.arrays.n_dates + o.date
    bound = np.repeat(m.arrays.site_capacity, m.arrays.n_dates)
    return Rows.grouped_at_most(m.x, keys, bound)


def home_practice_continuity(m: ModelLayout) -> Rows:
    """Rule 4: on each open date a practice keeps min(min_present, other_doctors +
    volunteers) doctors: volunteers on mission minus locums there <= slack."""
    space = m.space
    if len(space.continuity) == 0:
        return Rows.empty()
    keep_x, keep_y = space.mission_row >= 0, space.locum_row >= 0
    variables = np.concatenate((m.x[keep_x], m.y[keep_y]))
    coeffs = np.concatenate((np.ones(int(keep_x.sum()), np.int64), -np.ones(int(keep_y.sum()), np.int64)))
    keys = np.concatenate((space.mission_row[keep_x], space.locum_row[keep_y]))
    return Rows.grouped_at_most(variables, keys, space.continuity.slack, coeffs)


def locum_limits(m: ModelLayout) -> Rows:
    """Rule 5: a locum works at most one practice per date and at most max_days days."""
    loc = m.space.locums
    if len(loc.locum) == 0:
        return Rows.empty()
    keys = loc.locum * m.arrays.n_dates + loc.date
    ones = np.ones(int(keys.max()) + 1, dtype=np.int64)
    one_practice = Rows.grouped_at_most(m.y, keys, ones)
    return Rows.concat([one_practice, Rows.grouped_at_most(m.y, loc.locum, m.arrays.locum_max_days)])


# --- extensions: hard only when the scenario gives them ---------------------------------


def pinned_missions(m: ModelLayout) -> Rows:
    """Extension (pins.csv): every pinned mission is in the planning (requirement "pin i")."""
    pins = [(pin, option) for pin, option in enumerate(m.pin_options.tolist()) if option >= 0]
    # a pin with no option is reported by `pin_conflicts`
    return Rows.of(
        [m.x[[option]] for _, option in pins], [np.ones(1, np.int64)] * len(pins), [1] * len(pins),
        [1] * len(pins), requirement=[f"pin {pin}" for pin, _ in pins],
    )  # fmt: skip


def zone_minimums(m: ModelLayout) -> Rows:
    """Extension (zones.csv min_days): at least min_days doctor-days in the zone
    (requirement "minimum z")."""
    o = m.space.missions
    zones = np.flatnonzero(m.arrays.zone_min > 0).tolist()
    members = [np.flatnonzero(o.zone == z) for z in zones]
    return Rows.of(
        [m.x[k] for k in members], [np.ones(len(k), np.int64) for k in members],
        [int(m.arrays.zone_min[z]) for z in zones], [len(k) + 1 for k in members],
        requirement=[f"minimum {z}" for z in zones],
    )  # fmt: skip


def hard_rules(m: ModelLayout) -> dict[str, Rows]:
    """The rows of every constraint rule, in the order the model holds them.

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
