"""Preferences after coverage (and km): stay close to a previous planning (re-planning),
return to known sites and balance days across months (history.csv).

Each is an objective over the same model, solved with the better objectives held
by constraints, so it never trades coverage (or km) away.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from roster.models import Planning, Scenario
from roster.solvers.model.cpbuilder import CpBuilder
from roster.solvers.model.mission_model import MissionModel
from roster.solvers.model.rows import Rows


def previous_missions(m: MissionModel, previous: Planning) -> tuple[np.ndarray, int]:
    """Mission options that repeat a previous assignment, and how many previous rows exist."""
    a, o = m.arrays, m.space.missions
    doctor = {d: i for i, d in enumerate(a.doctor_ids)}
    site = {s: i for i, s in enumerate(a.site_ids)}
    day = {d: i for i, d in enumerate(a.dates)}
    n_s, n_t = len(a.site_ids), a.n_dates
    wanted = [
        (doctor[x.doctor_id] * n_s + site[x.site_id]) * n_t + day[x.date]
        for x in previous.assignments
        if x.doctor_id in doctor and x.site_id in site and x.date in day
    ]
    key = (o.doctor * n_s + o.site) * n_t + o.date
    return np.isin(key, np.array(wanted, dtype=np.int64)), len(previous.assignments)


def previous_locums(m: MissionModel, previous: Planning) -> np.ndarray:
    """Locum options that repeat a previous locum day."""
    a, loc = m.arrays, m.space.locums
    wanted = {(x.replacement_id, x.practice_id, x.date) for x in previous.locum_days}
    return np.array(
        [
            (a.locum_ids[r], a.practice_ids[p], a.dates[t]) in wanted
            for r, p, t in zip(loc.locum.tolist(), loc.practice.tolist(), loc.date.tolist(), strict=True)
        ],
        dtype=bool,
    )


def change_costs(kept: np.ndarray) -> np.ndarray:
    """Per mission option: -1 to keep a previous one, +1 to add a new one.

    changes = previous rows - kept + added = previous rows + sum(costs * x)."""
    return np.where(kept, -1, 1).astype(np.int64)


def history_terms(
    m: MissionModel, cp: CpBuilder, scenario: Scenario
) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Variables and integer coefficients (to maximise) of the multi-month preference:
    `returns` (missions at a site the doctor already served) first, then balanced totals
    (each extra day of a doctor who already has h days costs 2h + 1, i.e. sum of squares).

    Adds the day-count variables it needs to `cp` (the history phase's model). Returns
    (variables, coeffs, day counts), the last as (mission options of a doctor, their
    day-count variables) for hints."""
    a, o = m.arrays, m.space.missions
    served = {(v.doctor_id, v.site_id) for v in scenario.history}
    past_days = Counter(v.doctor_id for v in scenario.history if v.date < a.dates[0])
    returns = np.array(
        [
            (a.doctor_ids[d], a.site_ids[s]) in served
            for d, s in zip(o.doctor.tolist(), o.site.tolist(), strict=True)
        ],
        dtype=bool,
    )
    variables, costs, day_counts = [], [], []
    for d in np.unique(o.doctor).tolist():
        members = np.flatnonzero(o.doctor == d)
        cap = int(min(a.doctor_cap[d], len(np.unique(o.date[members]))))
        if cap == 0:
            continue
        days = cp.new_bools(cap)  # days[k] = 1 when the doctor works at least k + 1 days
        cp.add_linear(
            np.concatenate((m.x[members], days)),
            np.concatenate((np.ones(len(members), np.int64), -np.ones(cap, np.int64))), 0, 0,
        )  # fmt: skip
        cp.add_rows(Rows.implications(days[1:], days[:-1]))
        h = past_days.get(a.doctor_ids[d], 0)
        variables.append(days)
        day_counts.append((members, days))
        costs.append(2 * (h + np.arange(1, cap + 1)) - 1)
    balance_vars = np.concatenate(variables) if variables else np.zeros(0, np.int64)
    balance_costs = np.concatenate(costs).astype(np.int64) if costs else np.zeros(0, np.int64)
    weight = int(balance_costs.sum()) + 1  # one more return beats any balance difference
    return (
        np.concatenate((m.x[returns], balance_vars)),
        np.concatenate((np.full(int(returns.sum()), weight, np.int64), -balance_costs)),
        day_counts,
    )
