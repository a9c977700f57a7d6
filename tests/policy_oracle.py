"""Exhaustive optimum of a tiny scenario under the policy settings (budget, stays, cost).

Written from docs/scenario-format.md alone: enumerate every choice of missions (rules
1-3 with the stay cap), every way of joining consecutive days into stays, keep those
that obey the stay rules, rule 4 (locums enumerated by `brute_force`) and the budget,
and return the lexicographic optimum: coverage score, then total km (secondary "km")
or total EUR (secondary "cost").
"""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

from brute_force import _locum_need, _locums_can_cover, _options

from roster.models import Scenario
from roster.verify.checks import road_km


def _previous_open(s: Scenario, site_id: str, day: object) -> object:
    site = next(x for x in s.sites if x.site_id == site_id)
    holidays = s.holidays_in_month()
    before = [d for d in s.settings.dates() if d < day and d.weekday() in site.open_weekdays]
    before = [d for d in before if d not in holidays]
    return before[-1] if before else None


def _road(s: Scenario, doctor_id: str, site_id: str) -> float:
    d = next(x for x in s.doctors if x.doctor_id == doctor_id)
    site = next(x for x in s.sites if x.site_id == site_id)
    return road_km(s, d.doctor_id, d.latitude, d.longitude, site.site_id, site.latitude, site.longitude)


def policy_optimum(s: Scenario) -> tuple[Fraction, float] | None:
    """(best coverage score, least km or EUR among plannings with it), None if none fits."""
    st = s.settings
    length = st.max_stay_days
    stay_min = st.day_trip_max_km if st.stay_min_km is None else st.stay_min_km
    lodging = {x.site_id: x.lodging for x in s.sites}
    own = {d.doctor_id: d.max_days for d in s.doctors}
    cap = {d: min(n, st.max_days_per_doctor) for d, n in own.items()}
    stay_cap = {d: min(own[d], max(cap[d], length)) for d in own}
    capacity = {x.site_id: x.capacity for x in s.sites}
    priority = {z.zone_id: Fraction(repr(z.priority)) for z in s.zones}
    demand = {z.zone_id: z.demand_days for z in s.zones}
    options = [(d, day, c) for d, day, c in _options(s) if stay_cap[d] > 0 or cap[d] > 0]
    best: tuple[Fraction, float] | None = None
    for choice in itertools.product(*[[None, *c] for _, _, c in options]):
        picked = [(day, doctor, pick) for (doctor, day, _), pick in zip(options, choice, strict=True) if pick]
        days = Counter(doctor for _, doctor, _ in picked)
        if any(n > max(cap[d], stay_cap[d]) for d, n in days.items()):
            continue
        if any(n > capacity[site] for (site, _), n in Counter((p[0], day) for day, _, p in picked).items()):
            continue
        zone_days = Counter(p[1] for _, _, p in picked)
        score = sum(
            (priority[z] / k for z, n in zone_days.items() for k in range(1, min(n, demand[z]) + 1)),
            Fraction(0),
        )
        if best is not None and score < best[0]:
            continue
        need = _locum_need(s, {(doctor, day) for day, doctor, _ in picked})
        if not _locums_can_cover(s, need):
            continue
        value = _best_stays(s, picked, sum(need.values()), cap, stay_cap, stay_min, lodging)
        if value is None:
            continue
        if best is None or score > best[0] or value < best[1]:
            best = (score, value)
    return best


def _best_stays(s, picked, locum_days, cap, stay_cap, stay_min, lodging) -> float | None:
    """Least km or EUR over every way of joining the missions into stays; None if none is allowed."""
    st = s.settings
    per_doctor: dict[str, list] = {}
    for day, doctor, pick in sorted(picked, key=lambda p: (p[1], p[0])):
        per_doctor.setdefault(doctor, []).append((day, pick))
    pairs = []  # (doctor, index of the later mission) that may be joined
    for doctor, rows in per_doctor.items():
        for i in range(1, len(rows)):
            (d0, p0), (d1, p1) = rows[i - 1], rows[i]
            eligible = lodging[p1[0]] and p1[2] > stay_min and st.max_stay_days >= 2
            if eligible and p0[0] == p1[0] and _previous_open(s, p1[0], d1) == d0:
                pairs.append((doctor, i))
    best = None
    for joined in itertools.product([False, True], repeat=len(pairs)):
        links = {pair for pair, on in zip(pairs, joined, strict=True) if on}
        ok, km, nights = True, 0.0, 0
        for doctor, rows in per_doctor.items():
            run = 1
            for i, (day, pick) in enumerate(rows):
                if (doctor, i) in links:
                    run += 1
                    nights += (day - rows[i - 1][0]).days
                    if run > st.max_stay_days:
                        ok = False
                else:
                    run = 1
                    km += pick[2]
                    nights += 1 if pick[2] > st.day_trip_max_km else 0
            n = len(rows)
            one_stay = all((doctor, i) in links for i in range(1, n))
            first = rows[0][1]
            stay_ok = one_stay and lodging[first[0]] and first[2] > stay_min and st.max_stay_days >= 2
            if n > cap[doctor] and not (stay_ok and n <= stay_cap[doctor]):
                ok = False
        if not ok:
            continue
        cost = (
            len(picked) * st.daily_indemnity_eur
            + km * st.km_rate_eur * (2 if st.round_trip else 1)
            + locum_days * st.locum_daily_eur
            + nights * st.lodging_night_eur
        )
        if st.budget_eur is not None and cost > st.budget_eur + 1e-6:
            continue
        value = cost if st.secondary == "cost" else km
        best = value if best is None else min(best, value)
    return best


def policy_search_size(s: Scenario) -> int:
    size = 1
    for _, _, choices in _options(s):
        size *= len(choices) + 1
    return size
