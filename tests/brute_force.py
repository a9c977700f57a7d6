"""Exhaustive enumeration of every planning of a tiny scenario (a second formulation).

Written from the contract alone (no solver code): enumerate each (doctor, date)
choice, keep plannings that respect rules 1-3, check rule 4 with the best locum
assignment (itself enumerated under rule 5), and return the lexicographic optimum:
highest coverage score (exact fractions), then least mission km. A doctor works only
from their `available_from` (when given). With wishes.csv:
only_wished doctors keep only missions matching a positive wish, and `best_with_wishes`
ranks coverage, then wish score, then km.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction

from roster.models import Scenario
from roster.verify.checks import road_km


def wish_value(s: Scenario, doctor_id: str, site_id: str, zone_id: str, day: object) -> int:
    """Sum of the weights of the wishes.csv rows that match this mission."""
    return sum(w.weight for w in s.wishes if _matches(w, doctor_id, site_id, zone_id, day))


def _matches(w: object, doctor_id: str, site_id: str, zone_id: str, day: object) -> bool:
    return (
        w.doctor_id == doctor_id  # type: ignore[attr-defined]
        and w.site_id in (None, site_id)  # type: ignore[attr-defined]
        and w.zone_id in (None, zone_id)  # type: ignore[attr-defined]
        and w.weekday in (None, day.weekday())  # type: ignore[attr-defined]
        and w.date in (None, day)  # type: ignore[attr-defined]
    )


def _wished(s: Scenario, doctor_id: str, site_id: str, zone_id: str, day: object) -> bool:
    return any(w.weight > 0 and _matches(w, doctor_id, site_id, zone_id, day) for w in s.wishes)


def _options(s: Scenario) -> list[tuple[str, object, list[tuple[str, str, float]]]]:
    """(doctor, date, [(site, zone, km), ...]) for each doctor-date with at least one option."""
    holidays = s.holidays_in_month()
    out = []
    for d in s.doctors:
        if min(d.max_days, s.settings.max_days_per_doctor) == 0:
            continue
        for day in sorted(s.available(d.doctor_id)):
            if d.available_from is not None and day < d.available_from:
                continue  # not registered yet (doctors.csv available_from)
            choices = []
            for site in s.sites:
                if day.weekday() not in site.open_weekdays or day in holidays:
                    continue
                km = road_km(
                    s, d.doctor_id, d.latitude, d.longitude, site.site_id, site.latitude, site.longitude
                )
                if km > d.max_km or (km > s.settings.day_trip_max_km and not site.lodging):
                    continue
                if d.only_wished and not _wished(s, d.doctor_id, site.site_id, site.zone_id, day):
                    continue
                choices.append((site.site_id, site.zone_id, km))
            if choices:
                out.append((d.doctor_id, day, choices))
    return out


def _locums_can_cover(s: Scenario, need: dict[tuple[str, object], int]) -> bool:
    """Whether locums can supply `need[(practice, date)]` locum days under rule 5."""
    cells = [cell for cell, n in need.items() for _ in range(n)]
    if not cells:
        return True
    candidates = []
    for practice_id, day in cells:
        p = next(x for x in s.practices if x.practice_id == practice_id)
        who = [
            r.replacement_id
            for r in s.replacements
            if day in s.available(r.replacement_id)
            and road_km(s, r.replacement_id, r.latitude, r.longitude, p.practice_id, p.latitude, p.longitude)
            <= r.max_km
        ]
        candidates.append(who)
    caps = {r.replacement_id: r.max_days for r in s.replacements}
    for pick in itertools.product(*candidates):
        per_day = Counter((r, cells[i][1]) for i, r in enumerate(pick))
        per_month = Counter(pick)
        if all(n <= 1 for n in per_day.values()) and all(n <= caps[r] for r, n in per_month.items()):
            return True
    return False


def _locum_need(s: Scenario, away: set[tuple[str, object]]) -> dict[tuple[str, object], int]:
    """(practice, day) -> doctors missing for rule 4 when the (doctor, day) pairs in `away` are away."""
    holidays = s.holidays_in_month()
    need: dict[tuple[str, object], int] = {}
    for p in s.practices:
        team = [d.doctor_id for d in s.doctors if d.practice_id == p.practice_id]
        required = min(p.min_present, p.other_doctors + len(team))
        for day in s.settings.dates():
            if day.weekday() not in p.open_weekdays or day in holidays:
                continue
            present = p.other_doctors + sum(1 for d in team if (d, day) not in away)
            if present < required:
                need[(p.practice_id, day)] = required - present
    return need


def _continuity_ok(s: Scenario, away: set[tuple[str, object]]) -> bool:
    return _locums_can_cover(s, _locum_need(s, away))


def _candidates(s: Scenario) -> Iterator[tuple[list[tuple[object, str, tuple[str, str, float]]], Fraction]]:
    """Every choice of missions obeying rules 1-3 (rule 4 is left to the caller, it is the
    costly check), as ([(date, doctor, (site, zone, km)), ...], exact coverage score)."""
    options = _options(s)
    caps = {d.doctor_id: min(d.max_days, s.settings.max_days_per_doctor) for d in s.doctors}
    capacity = {x.site_id: x.capacity for x in s.sites}
    priority = {z.zone_id: Fraction(repr(z.priority)) for z in s.zones}
    demand = {z.zone_id: z.demand_days for z in s.zones}
    for choice in itertools.product(*[[None, *c] for _, _, c in options]):
        picked = [(day, doctor, pick) for (doctor, day, _), pick in zip(options, choice, strict=True) if pick]
        days = Counter(doctor for _, doctor, _ in picked)
        if any(n > caps[d] for d, n in days.items()):
            continue
        load = Counter((pick[0], day) for day, _, pick in picked)
        if any(n > capacity[site] for (site, _), n in load.items()):
            continue
        zone_days = Counter(pick[1] for _, _, pick in picked)
        score = sum(
            (priority[z] / k for z, n in zone_days.items() for k in range(1, min(n, demand[z]) + 1)),
            Fraction(0),
        )
        yield picked, score


def best_planning(s: Scenario) -> tuple[Fraction, float]:
    """(optimal coverage score, least mission km among plannings of that score)."""
    best: tuple[Fraction, float] = (Fraction(-1), 0.0)
    for picked, score in _candidates(s):
        km = sum(pick[2] for _, _, pick in picked)
        if score < best[0] or (score == best[0] and km >= best[1]):
            continue
        if _continuity_ok(s, {(doctor, day) for day, doctor, _ in picked}):
            best = (score, km)
    return best


def search_size(s: Scenario) -> int:
    """How many complete choices the enumeration visits."""
    size = 1
    for _, _, choices in _options(s):
        size *= len(choices) + 1
    return size


def fewest_changes(s: Scenario, previous: set[tuple[object, str, str]]) -> tuple[Fraction, int]:
    """(optimal coverage, fewest mission rows removed + added versus `previous`
    (date, doctor_id, site_id) among plannings of optimal coverage)."""
    best: tuple[Fraction, int] = (Fraction(-1), 0)
    for picked, score in _candidates(s):
        rows = {(day, doctor, pick[0]) for day, doctor, pick in picked}
        changes = len(previous - rows) + len(rows - previous)
        if score < best[0] or (score == best[0] and changes >= best[1]):
            continue
        if _continuity_ok(s, {(doctor, day) for day, doctor, _ in picked}):
            best = (score, changes)
    return best


def best_with_wishes(s: Scenario) -> tuple[Fraction, int, float]:
    """(optimal coverage, best wish score among plannings of that coverage, least mission
    km among plannings of both). As documented, no zone receives more doctor-days than
    its demand_days (a wish never adds a day the zone did not ask for)."""
    best: tuple[Fraction, int, float] = (Fraction(-1), 0, 0.0)
    demand = {z.zone_id: z.demand_days for z in s.zones}
    for picked, score in _candidates(s):
        if any(n > demand[z] for z, n in Counter(pick[1] for _, _, pick in picked).items()):
            continue
        wish = sum(wish_value(s, doctor, pick[0], pick[1], day) for day, doctor, pick in picked)
        km = sum(pick[2] for _, _, pick in picked)
        if (score, wish, -km) <= (best[0], best[1], -best[2]):
            continue
        if _continuity_ok(s, {(doctor, day) for day, doctor, _ in picked}):
            best = (score, wish, km)
    return best
