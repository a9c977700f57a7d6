"""Why a zone got fewer doctor-days than it asked for: facts counted on the model itself.

Every number comes from the search space the solver used (the options the hard
rules allow) and from the planning: who can reach the zone at all, who is
available on its sites' open days (and who only before the date they are registered
from, doctors.csv available_from), who went elsewhere (where, at what priority),
and for each unused option the constraint that blocks it in this planning.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from roster.models import Planning, Scenario
from roster.solvers.data import domains
from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import SearchSpace
from roster.solvers.data.space import build_space

BLOCKS = {
    "elsewhere_that_day": "on a mission elsewhere that day (rule 1)",
    "monthly_cap": "already at their monthly cap (rule 1)",
    "site_full": "the site was full that day (capacity, rule 2)",
    "continuity": "their practice could not spare them and no locum in reach was free (rule 4)",
    "free": "nothing blocks it: the planning could use it",
}


@dataclass
class ZoneFacts:
    """The counted reasons for one zone's shortfall."""

    zone: int
    zone_id: str
    name: str
    priority: float
    demand: int
    assigned: int
    volunteers: int  # with a monthly cap above 0
    within_max_km: int  # max_km allows at least one site of the zone
    blocked_by_lodging: int  # ... but only beyond the day trip, at sites without lodging
    can_reach: int  # rule 3 allows at least one site
    available_on_open_days: int  # have at least one option in the zone
    not_registered: int  # can reach it, available on its open days only before their available_from
    used_elsewhere: int  # of those, assigned somewhere else in the month
    at_cap_elsewhere: int  # of those, all their days spent elsewhere
    elsewhere: list[tuple[str, str, float, int]] = field(default_factory=list)  # zone, name, priority, days
    blocked: Counter[str] = field(default_factory=Counter)  # option-days by blocking reason
    continuity_practices: Counter[int] = field(default_factory=Counter)  # practice -> blocked options
    capacity_sites: Counter[int] = field(default_factory=Counter)  # site -> blocked options
    open_dates: list[int] = field(default_factory=list)

    @property
    def shortfall(self) -> int:
        return max(0, self.demand - self.assigned)


def chosen_options(a: ScenarioArrays, space: SearchSpace, planning: Planning) -> np.ndarray:
    """The planning's missions as a mask over the model's mission options."""
    o = space.missions
    n_s, n_t = len(a.site_ids), a.n_dates
    doctor = {d: i for i, d in enumerate(a.doctor_ids)}
    site = {s: i for i, s in enumerate(a.site_ids)}
    day = {d: i for i, d in enumerate(a.dates)}
    wanted = np.array(
        [(doctor[x.doctor_id] * n_s + site[x.site_id]) * n_t + day[x.date] for x in planning.assignments
         if x.doctor_id in doctor and x.site_id in site and x.date in day],
        dtype=np.int64,
    )  # fmt: skip
    return np.isin((o.doctor * n_s + o.site) * n_t + o.date, wanted)


def _locum_days_used(
    a: ScenarioArrays, planning: Planning
) -> tuple[Counter[tuple[int, int]], set[tuple[int, int]]]:
    """Locums per (practice, date) and (locum, date) pairs already working."""
    practice = {p: i for i, p in enumerate(a.practice_ids)}
    locum = {r: i for i, r in enumerate(a.locum_ids)}
    day = {d: i for i, d in enumerate(a.dates)}
    per_cell: Counter[tuple[int, int]] = Counter()
    busy: set[tuple[int, int]] = set()
    for r in planning.locum_days:
        per_cell[(practice[r.practice_id], day[r.date])] += 1
        busy.add((locum[r.replacement_id], day[r.date]))
    return per_cell, busy


class Explainer:
    """Counts reasons for every zone of one (scenario, planning) pair."""

    def __init__(self, scenario: Scenario, planning: Planning) -> None:
        self.scenario = scenario
        self.a = ScenarioArrays.from_scenario(scenario)
        self.space = build_space(self.a)
        self.chosen = chosen_options(self.a, self.space, planning)
        o = self.space.missions
        n_t = self.a.n_dates
        self.days_of_doctor = np.bincount(o.doctor[self.chosen], minlength=len(self.a.doctor_ids))
        self.busy_day = set((o.doctor[self.chosen] * n_t + o.date[self.chosen]).tolist())
        site_day = Counter((o.site[self.chosen] * n_t + o.date[self.chosen]).tolist())
        self.site_load = site_day
        self.zone_days = np.bincount(o.zone[self.chosen], minlength=len(self.a.zone_ids))
        self.locums_at, self.locum_busy = _locum_days_used(self.a, planning)
        self.locum_days_used = Counter(r.replacement_id for r in planning.locum_days)
        practice = self.a.doctor_practice[o.doctor[self.chosen]]
        home = practice >= 0
        self.away = Counter((practice[home] * n_t + o.date[self.chosen][home]).tolist())
        self.reach = domains.travel_limit_and_lodging(self.a)

    def _free_locum(self, p: int, t: int) -> bool:
        """Some locum could still cover practice p on date t in this planning."""
        a, loc = self.a, self.space.locums
        for r in np.flatnonzero((loc.practice == p) & (loc.date == t)).tolist():
            locum = int(loc.locum[r])
            if (locum, t) in self.locum_busy:
                continue
            if self.locum_days_used[a.locum_ids[locum]] < a.locum_max_days[locum]:
                return True
        return False

    def _continuity_blocks(self, d: int, t: int) -> int | None:
        """The practice that cannot spare doctor d on date t, if any."""
        a = self.a
        p = int(a.doctor_practice[d])
        if p < 0 or not a.practice_open[p, t]:
            return None
        slack = a.practice_other[p] + a.practice_volunteers[p] - a.practice_required[p]
        covered = self.locums_at[(p, t)]
        if self.away[p * a.n_dates + t] + 1 - covered <= slack or self._free_locum(p, t):
            return None
        return p

    def _block(self, i: int) -> str:
        o, a = self.space.missions, self.a
        d, s, t = int(o.doctor[i]), int(o.site[i]), int(o.date[i])
        if d * a.n_dates + t in self.busy_day:
            return "elsewhere_that_day"
        if self.days_of_doctor[d] >= a.doctor_cap[d]:
            return "monthly_cap"
        if self.site_load[s * a.n_dates + t] >= a.site_capacity[s]:
            return "site_full"
        if self._continuity_blocks(d, t) is not None:
            return "continuity"
        return "free"

    def facts(self, z: int) -> ZoneFacts:
        a, o = self.a, self.space.missions
        sites = np.flatnonzero(a.site_zone == z)
        capped = a.doctor_cap > 0
        km = a.doctor_site_km[:, sites]
        within = (km <= a.doctor_max_km[:, None]).any(axis=1) & capped
        reach = self.reach[:, sites].any(axis=1) & capped
        open_days = a.doctor_available & a.site_open[sites].any(axis=0)[None, :]
        registered = (open_days & domains.registration_domain(a)).any(axis=1)
        late = reach & open_days.any(axis=1) & ~registered
        options = np.flatnonzero(o.zone == z)
        with_options = np.unique(o.doctor[options])
        elsewhere_mask = self.chosen & (o.zone != z)
        went = np.unique(o.doctor[elsewhere_mask & np.isin(o.doctor, with_options)])
        zone = self.scenario.zones[z]
        f = ZoneFacts(
            zone=z, zone_id=zone.zone_id, name=zone.name, priority=zone.priority, demand=zone.demand_days,
            assigned=int(self.zone_days[z]), volunteers=int(capped.sum()), within_max_km=int(within.sum()),
            blocked_by_lodging=int((within & ~reach).sum()), can_reach=int(reach.sum()),
            available_on_open_days=len(with_options), not_registered=int(late.sum()),
            used_elsewhere=len(went),
            at_cap_elsewhere=int((self.days_of_doctor[went] >= a.doctor_cap[went]).sum()),
            open_dates=sorted(set(np.flatnonzero(a.site_open[sites].any(axis=0)).tolist())),
        )  # fmt: skip
        other = Counter(o.zone[elsewhere_mask & np.isin(o.doctor, with_options)].tolist())
        for other_zone, days in other.most_common():
            z2 = self.scenario.zones[other_zone]
            f.elsewhere.append((z2.zone_id, z2.name, z2.priority, days))
        for i in options[~self.chosen[options]].tolist():
            reason = self._block(i)
            f.blocked[reason] += 1
            if reason == "continuity":
                f.continuity_practices[int(a.doctor_practice[o.doctor[i]])] += 1
            elif reason == "site_full":
                f.capacity_sites[int(o.site[i])] += 1
        return f

    def shortfall_zones(self) -> list[int]:
        demand = self.a.zone_demand
        return [int(z) for z in np.flatnonzero(self.zone_days < demand)]
