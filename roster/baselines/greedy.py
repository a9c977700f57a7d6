"""A greedy planner, as an ARS would plan by hand.

Zones are served by marginal value: the next doctor-day goes to the zone whose next
day is worth the most, priority / (days given + 1) (ties: larger shortfall first,
then file order). That day goes to the nearest volunteer who can reach an open site
of the zone with room left, on a date they are free, within their cap (rules 1-3).
If their home practice would drop below its required presence (rule 4), the nearest
free locum within reach keeps it open (rule 5); with no such locum, that date is
out. A zone that cannot get another day drops out; the planner stops when none is
left. Every resource only ever shrinks, so a (doctor, site) pair found impossible
stays impossible and each zone scans its pairs, nearest first, once.
"""

from __future__ import annotations

import heapq
import itertools
import time
from dataclasses import dataclass

import numpy as np

from roster.baselines.common import Instance, Outcome, make_planning
from roster.models import Assignment, LocumDay, Planning, Scenario


@dataclass
class _State:
    """What is still free: doctors' days and dates, site seats, practice slack and locums."""

    doctor_left: np.ndarray  # [doctor]
    doctor_free: np.ndarray  # [doctor, date]
    seats: np.ndarray  # [site, date], 0 when closed
    slack: np.ndarray  # [practice, date]: volunteers who may still leave with no locum
    locum_left: np.ndarray  # [locum]
    locum_free: np.ndarray  # [locum, date]

    @classmethod
    def start(cls, inst: Instance) -> _State:
        return cls(
            doctor_left=inst.doctor_cap.copy(),
            doctor_free=inst.doctor_available.copy(),
            seats=inst.site_capacity[:, None] * inst.site_open,
            slack=np.repeat(inst.practice_slack[:, None], inst.n_dates, axis=1),
            locum_left=inst.locum_max_days.copy(),
            locum_free=inst.locum_available.copy(),
        )


def _zone_pairs(inst: Instance) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per zone, the (doctor, site) pairs rule 3 allows, nearest first (ties: file order)."""
    useful = inst.doctor_cap > 0
    d, s = np.nonzero(inst.doctor_reach & useful[:, None])
    km = inst.doctor_km[d, s]
    zone = inst.site_zone[s]
    order = np.lexsort((s, d, km, zone))
    d, s, zone = d[order], s[order], zone[order]
    bounds = np.searchsorted(zone, np.arange(len(inst.zone_ids) + 1))
    return [(d[a:b], s[a:b]) for a, b in itertools.pairwise(bounds.tolist())]


def _practice_locums(inst: Instance) -> list[np.ndarray]:
    """Per practice, the locums within their max_km, nearest first."""
    out = []
    for p in range(len(inst.practice_ids)):
        r = np.flatnonzero(inst.locum_reach[:, p] & (inst.locum_max_days > 0))
        out.append(r[np.argsort(inst.locum_km[r, p], kind="stable")])
    return out


class _Planner:
    """The greedy pass over zones; `assignments` and `locums` hold the result."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.state = _State.start(inst)
        self.pairs = _zone_pairs(inst)
        self.cursor = [0] * len(inst.zone_ids)
        self.practice_locums = _practice_locums(inst)
        self.assignments: list[Assignment] = []
        self.locums: list[LocumDay] = []

    def run(self) -> None:
        inst = self.inst
        given = np.zeros(len(inst.zone_ids), dtype=np.int64)
        heap = [self._key(z, 0) for z in range(len(inst.zone_ids)) if inst.zone_demand[z] > 0]
        heapq.heapify(heap)
        while heap:
            _, _, z = heapq.heappop(heap)
            if not self._give_day(z):
                continue  # the zone cannot get another day, ever
            given[z] += 1
            if given[z] < inst.zone_demand[z]:
                heapq.heappush(heap, self._key(z, int(given[z])))

    def _key(self, z: int, given: int) -> tuple[float, int, int]:
        """Highest marginal value first, then larger shortfall, then file order."""
        inst = self.inst
        return (-float(inst.zone_priority[z]) / (given + 1), -(int(inst.zone_demand[z]) - given), z)

    def _give_day(self, z: int) -> bool:
        """Place one mission in zone z with the nearest volunteer who can go; False if none can."""
        doctors, sites = self.pairs[z]
        left = self.state.doctor_left
        while self.cursor[z] < len(doctors):
            i = self.cursor[z]
            d, s = int(doctors[i]), int(sites[i])
            if left[d] > 0:
                date, locum = self._pick_date(d, s)
                if date >= 0:
                    self._assign(d, s, date, locum)
                    return True
            self.cursor[z] += 1
        return False

    def _pick_date(self, d: int, s: int) -> tuple[int, int]:
        """(date, locum or -1) for doctor d at site s: first a date needing no locum, else the
        earliest date a locum can cover; (-1, -1) if there is none."""
        st, inst = self.state, self.inst
        dates = st.doctor_free[d] & (st.seats[s] > 0)
        p = int(inst.doctor_practice[d])
        if not dates.any():
            return -1, -1
        if p < 0:
            return int(np.argmax(dates)), -1
        short = inst.practice_open[p] & (st.slack[p] < 1)
        easy = dates & ~short
        if easy.any():
            return int(np.argmax(easy)), -1
        candidates = self.practice_locums[p]
        candidates = candidates[st.locum_left[candidates] > 0]
        if not len(candidates):
            return -1, -1
        covered = dates & st.locum_free[candidates].any(axis=0)
        if not covered.any():
            return -1, -1
        t = int(np.argmax(covered))
        return t, int(candidates[np.argmax(st.locum_free[candidates, t])])

    def _assign(self, d: int, s: int, t: int, locum: int) -> None:
        st, inst = self.state, self.inst
        st.doctor_left[d] -= 1
        st.doctor_free[d, t] = False
        st.seats[s, t] -= 1
        p = int(inst.doctor_practice[d])
        if locum >= 0:
            st.locum_left[locum] -= 1
            st.locum_free[locum, t] = False
            self.locums.append(
                LocumDay(
                    date=inst.dates[t],
                    replacement_id=inst.locum_ids[locum],
                    practice_id=inst.practice_ids[p],
                    km=float(inst.locum_km[locum, p]),
                )
            )
        elif p >= 0 and inst.practice_open[p, t]:
            st.slack[p, t] -= 1
        self.assignments.append(
            Assignment(
                date=inst.dates[t],
                doctor_id=inst.doctor_ids[d],
                site_id=inst.site_ids[s],
                zone_id=inst.zone_ids[inst.site_zone[s]],
                km=float(inst.doctor_km[d, s]),
            )
        )


def solve_greedy(scenario: Scenario) -> Planning:
    """Plan the month greedily (see the module docstring); always a valid planning."""
    started = time.perf_counter()
    inst = Instance.from_scenario(scenario)
    planner = _Planner(inst)
    planner.run()
    outcome = Outcome(
        status="FEASIBLE",
        best_bound=None,
        wall_time_s=time.perf_counter() - started,
        solver="greedy",
        phases=({"phase": "greedy", "wall_time_s": round(time.perf_counter() - started, 3)},),
    )
    return make_planning(scenario, inst, planner.assignments, planner.locums, outcome)
