"""The contract's rules as arcs of a min-cost flow: one encoding that every network reads.

The flow relaxation (`engines/flow.py`), the km polish (`engines/polish.py`) and the
locum choice (`engines/locums.py`) meet the rules through groups of options, each
group an arc whose capacity is the rule's bound:

    Rule 1  monthly_caps    source -> doctor: the monthly cap
            doctor_dates    doctor -> doctor-date: 1 (one mission per date)
    Rule 2  site_dates      site-date -> zone: the site's capacity
    Rule 4  continuity_rows row -> sink: what the row's slack leaves to locums (locum choice),
                            or the row's away pattern kept as it is (km polish)
    Rule 5  locum_caps      source -> locum: max_days
            locum_dates     locum -> locum-date: 1 (one practice per date)

Rule 3 and the domain parts of rules 1, 2 and 5 are in the options themselves
(`roster.solvers.data.domains`). `tests/solvers/model/test_arcs.py` checks that these
capacities equal the bounds of the rows `roster.solvers.model.rules` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.domains import top_cap
from roster.solvers.data.options import SearchSpace


@dataclass(frozen=True)
class ArcGroups:
    """Options grouped by a rule's key: one arc per group."""

    key: np.ndarray  # the groups' keys, increasing
    of: np.ndarray  # the group of each option given
    capacity: np.ndarray  # per group: the rule's bound

    def __len__(self) -> int:
        return len(self.key)


def _one_each(keys: np.ndarray) -> ArcGroups:
    key, of = np.unique(keys, return_inverse=True)
    return ArcGroups(key, of.reshape(-1), np.ones(len(key), dtype=np.int64))


def monthly_caps(a: ScenarioArrays, with_stays: bool = True) -> np.ndarray:
    """Rule 1: the most days each doctor may work in the month. `with_stays=False`: the
    cap of a planning that uses no stay (the contract's cap, also on stay months, where
    a longer month needs every day in one stay, which no flow can express)."""
    return top_cap(a) if with_stays else a.doctor_cap


def doctor_dates(a: ScenarioArrays, doctor: np.ndarray, date: np.ndarray) -> ArcGroups:
    """Rule 1: one mission per doctor and date (the options' doctor-dates, capacity 1)."""
    return _one_each(doctor * a.n_dates + date)


def site_dates(a: ScenarioArrays, site: np.ndarray, date: np.ndarray) -> ArcGroups:
    """Rule 2: at most `capacity` doctors at a site on a date (the options' site-dates)."""
    key, of = np.unique(site * a.n_dates + date, return_inverse=True)
    return ArcGroups(key, of.reshape(-1), a.site_capacity[key // a.n_dates].astype(np.int64))


def continuity_rows(space: SearchSpace, row: np.ndarray) -> ArcGroups:
    """Rule 4: the rows of these options (`space.mission_row` or `space.locum_row`, all
    >= 0), each with its slack: the volunteers who may leave with no locum."""
    key, of = np.unique(row, return_inverse=True)
    return ArcGroups(key, of.reshape(-1), space.continuity.slack[key].astype(np.int64))


def locum_caps(a: ScenarioArrays) -> np.ndarray:
    """Rule 5: at most max_days days for each locum."""
    return a.locum_max_days


def locum_dates(a: ScenarioArrays, locum: np.ndarray, date: np.ndarray) -> ArcGroups:
    """Rule 5: one practice per locum and date (the options' locum-dates, capacity 1)."""
    return _one_each(locum * a.n_dates + date)
