"""The independent planning verifier: one check per hard rule of the contract.

It re-reads the planning files, recomputes distances with its own haversine and
never imports `roster.solvers`, so a bug in the model cannot hide itself here.
The check names mirror the solver's rule functions:

    Rule 1  check_doctor_days
    Rule 2  check_site_opening_and_capacity
    Rule 3  check_travel_limit_and_lodging
    Rule 4  check_home_practice_continuity
    Rule 5  check_locum_limits
    Extensions, when the scenario gives them: check_registration_dates (doctors.csv
    available_from), check_pinned_missions (pins.csv),
    check_zone_minimums (zones.csv min_days), check_only_wished (doctors.csv
    only_wished); check_wish_score recomputes the wish score (wishes.csv); and in
    `policy_checks`: check_stays, check_costs_and_budget (scenario.toml stays, costs, budget_eur)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

from roster.models import Scenario
from roster.models.domain import Wish
from roster.verify.missions import Cover, Mission, mission_km, road_km
from roster.verify.planning_files import Line, PlanningFiles, parse_date, parse_km, read_planning
from roster.verify.policy_checks import check_costs_and_budget, check_stays, stay_cap_allows
from roster.verify.states_checks import check_mission_states, check_refusals_not_reoffered
from roster.verify.summary_checks import check_summary
from roster.verify.verdict import Verdict

KM_TOLERANCE = 1e-3  # absolute km tolerance on written distances and limits
RELATIVE_TOLERANCE = 1e-6


def _is_open(weekdays: frozenset[int], day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() in weekdays and day not in holidays


def _parse_rows(scenario: Scenario, files: PlanningFiles, v: Verdict) -> tuple[list[Mission], list[Cover]]:
    month = scenario.settings.month
    missions, covers = [], []
    for kind, rows in (("assignments.csv", files.assignments), ("replacements.csv", files.replacements)):
        for row in rows:
            c = row.values
            day, km = parse_date(c.get("date", "")), parse_km(c.get("km", ""))
            where = f"{kind}:{row.line}"
            if day is None or km is None:
                v.violations.append(f"{where}: unreadable date or km ({c.get('date')!r}, {c.get('km')!r})")
                continue
            if day.isoformat()[:7] != month:
                v.violations.append(f"{where}: date {day} is outside the month {month}")
                continue
            if kind == "assignments.csv":
                missions.append(Mission(row.line, day, c["doctor_id"], c["site_id"], c["zone_id"], km))
            else:
                covers.append(Cover(row.line, day, c["replacement_id"], c["practice_id"], km))
    return missions, covers


def check_doctor_days(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Rule 1: one mission per date, only on available dates, at most the effective cap."""
    doctors = {d.doctor_id: d for d in scenario.doctors}
    per_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    per_month: dict[str, list[int]] = defaultdict(list)
    for m in missions:
        if m.doctor_id not in doctors:
            v.violations.append(f"rule 1: assignments.csv:{m.line}: unknown doctor {m.doctor_id!r}")
            continue
        if m.date not in scenario.available(m.doctor_id):
            v.violations.append(
                f"rule 1: assignments.csv:{m.line}: {m.doctor_id} is not available on {m.date}"
            )
        per_day[(m.doctor_id, m.date)].append(m.line)
        per_month[m.doctor_id].append(m.line)
    for (doctor, day), lines in per_day.items():
        if len(lines) > 1:
            v.violations.append(
                f"rule 1: {doctor} has {len(lines)} missions on {day} (assignments.csv lines {lines})"
            )
    policy = scenario.settings.max_days_per_doctor
    for doctor, lines in per_month.items():
        cap = min(doctors[doctor].max_days, policy)
        rows = [m for m in missions if m.doctor_id == doctor] if len(lines) > cap else []
        if len(lines) > cap and not stay_cap_allows(scenario, doctor, rows, v):
            v.violations.append(f"rule 1: {doctor} has {len(lines)} missions, cap is {cap}")


def check_registration_dates(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Extension (doctors.csv available_from): no mission before the date the doctor is registered from."""
    registered = {d.doctor_id: d.available_from for d in scenario.doctors if d.available_from}
    for m in missions:
        first = registered.get(m.doctor_id)
        if first is not None and m.date < first:
            v.violations.append(
                f"available_from: assignments.csv:{m.line}: {m.doctor_id} on {m.date} is before "
                f"{first}, the date they are registered from"
            )


def check_site_opening_and_capacity(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Rule 2: open weekdays only, never on a holiday, at most `capacity` doctors a date."""
    sites = {s.site_id: s for s in scenario.sites}
    holidays = scenario.holidays_in_month()
    per_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for m in missions:
        site = sites.get(m.site_id)
        if site is None:
            v.violations.append(f"rule 2: assignments.csv:{m.line}: unknown site {m.site_id!r}")
            continue
        if not _is_open(site.open_weekdays, m.date, holidays):
            v.violations.append(
                f"rule 2: assignments.csv:{m.line}: site {m.site_id} is closed on "
                f"{m.date} ({m.date.strftime('%a')}{', holiday' if m.date in holidays else ''})"
            )
        per_day[(m.site_id, m.date)].append(m.line)
    for (site_id, day), lines in per_day.items():
        if len(lines) > sites[site_id].capacity:
            v.violations.append(
                f"rule 2: site {site_id} receives {len(lines)} doctors on {day}, capacity "
                f"{sites[site_id].capacity} (assignments.csv lines {lines})"
            )


def check_travel_limit_and_lodging(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Rule 3: road km within max_km; beyond day_trip_max_km only to a site with lodging."""
    doctors = {d.doctor_id: d for d in scenario.doctors}
    sites = {s.site_id: s for s in scenario.sites}
    day_trip = scenario.settings.day_trip_max_km
    for m in missions:
        doctor, site = doctors.get(m.doctor_id), sites.get(m.site_id)
        if doctor is None or site is None:
            continue
        km = mission_km(scenario, doctor, site)
        if km > doctor.max_km + 1e-9:
            v.violations.append(
                f"rule 3: assignments.csv:{m.line}: {m.doctor_id} -> {m.site_id} is {km:.1f} km, "
                f"max_km {doctor.max_km:g}"
            )
        if km > day_trip + 1e-9 and not site.lodging:
            v.violations.append(
                f"rule 3: assignments.csv:{m.line}: {m.doctor_id} -> {m.site_id} is {km:.1f} km "
                f"> day trip {day_trip:g} km and the site has no lodging"
            )


def check_home_practice_continuity(
    scenario: Scenario, missions: list[Mission], covers: list[Cover], v: Verdict
) -> None:
    """Rule 4: each open date, min(min_present, other_doctors + volunteers) doctors present."""
    if not scenario.practices:
        return
    holidays = scenario.holidays_in_month()
    volunteers: dict[str, set[str]] = defaultdict(set)
    for d in scenario.doctors:
        if d.practice_id:
            volunteers[d.practice_id].add(d.doctor_id)
    away: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    for m in missions:
        away[(m.doctor_id, m.date)].add(m.site_id)
    locums: dict[tuple[str, dt.date], int] = defaultdict(int)
    for c in covers:
        locums[(c.practice_id, c.date)] += 1
    for p in scenario.practices:
        team = volunteers.get(p.practice_id, set())
        required = min(p.min_present, p.other_doctors + len(team))
        for day in scenario.settings.dates():
            if not _is_open(p.open_weekdays, day, holidays):
                continue
            on_mission = sorted(d for d in team if (d, day) in away)
            present = p.other_doctors + len(team) - len(on_mission) + locums[(p.practice_id, day)]
            if present < required:
                v.violations.append(
                    f"rule 4: practice {p.practice_id} has {present} doctor(s) on {day}, needs "
                    f"{required} (away: {', '.join(on_mission)}; locums: {locums[(p.practice_id, day)]})"
                )


def check_locum_limits(scenario: Scenario, covers: list[Cover], v: Verdict) -> None:
    """Rule 5: one practice per date, available dates only, at most max_days, within max_km."""
    locums = {r.replacement_id: r for r in scenario.replacements}
    practices = {p.practice_id: p for p in scenario.practices}
    per_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    per_month: dict[str, int] = defaultdict(int)
    for c in covers:
        r, p = locums.get(c.replacement_id), practices.get(c.practice_id)
        if r is None or p is None:
            what = "replacement" if r is None else "practice"
            value = c.replacement_id if r is None else c.practice_id
            v.violations.append(f"rule 5: replacements.csv:{c.line}: unknown {what} {value!r}")
            continue
        if c.date not in scenario.available(c.replacement_id):
            v.violations.append(
                f"rule 5: replacements.csv:{c.line}: {c.replacement_id} is not available on {c.date}"
            )
        km = road_km(
            scenario, r.replacement_id, r.latitude, r.longitude, p.practice_id, p.latitude, p.longitude
        )
        if km > r.max_km + 1e-9:
            v.violations.append(
                f"rule 5: replacements.csv:{c.line}: {c.replacement_id} -> {c.practice_id} is "
                f"{km:.1f} km, max_km {r.max_km:g}"
            )
        if not math.isclose(km, c.km, rel_tol=RELATIVE_TOLERANCE, abs_tol=KM_TOLERANCE):
            v.violations.append(
                f"replacements.csv:{c.line}: km {c.km:g} differs from the road distance {km:.3f}"
            )
        per_day[(c.replacement_id, c.date)].append(c.line)
        per_month[c.replacement_id] += 1
    for (locum, day), lines in per_day.items():
        if len(lines) > 1:
            v.violations.append(
                f"rule 5: {locum} works {len(lines)} practices on {day} (replacements.csv lines {lines})"
            )
    for locum, days in per_month.items():
        if days > locums[locum].max_days:
            v.violations.append(f"rule 5: {locum} works {days} days, max_days {locums[locum].max_days}")


def check_pinned_missions(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Extension (pins.csv): every pinned mission is in the planning."""
    planned = {(m.date, m.doctor_id, m.site_id) for m in missions}
    for pin in scenario.pins:
        if (pin.date, pin.doctor_id, pin.site_id) not in planned:
            v.violations.append(
                f"pin: pins.csv:{pin.line}: {pin.doctor_id} at {pin.site_id} on {pin.date} is not planned"
            )


def check_zone_minimums(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Extension (zones.csv min_days): at least min_days doctor-days in the zone."""
    zone_of_site = {s.site_id: s.zone_id for s in scenario.sites}
    days: dict[str, int] = defaultdict(int)
    for m in missions:
        days[zone_of_site.get(m.site_id, "")] += 1
    for z in scenario.zones:
        if days[z.zone_id] < z.min_days:
            v.violations.append(
                f"minimum: zone {z.zone_id} has {days[z.zone_id]} doctor-days, min_days {z.min_days}"
            )


def _wish_matches(wish: Wish, m: Mission, zone_of_site: dict[str, str]) -> bool:
    """Every field the wish gives equals the mission's."""
    return (
        wish.doctor_id == m.doctor_id
        and (wish.site_id is None or wish.site_id == m.site_id)
        and (wish.zone_id is None or wish.zone_id == zone_of_site.get(m.site_id))
        and (wish.weekday is None or wish.weekday == m.date.weekday())
        and (wish.date is None or wish.date == m.date)
    )


def _wishes_by_doctor(scenario: Scenario) -> dict[str, list[Wish]]:
    out: dict[str, list[Wish]] = defaultdict(list)
    for wish in scenario.wishes:
        out[wish.doctor_id].append(wish)
    return out


def check_only_wished(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Extension (doctors.csv only_wished = 1): each mission of that doctor matches one of
    their wishes.csv rows with a positive weight."""
    only = {d.doctor_id for d in scenario.doctors if d.only_wished}
    if not only:
        return
    zone_of_site = {s.site_id: s.zone_id for s in scenario.sites}
    wishes = _wishes_by_doctor(scenario)
    for m in missions:
        if m.doctor_id not in only:
            continue
        if not any(w.weight > 0 and _wish_matches(w, m, zone_of_site) for w in wishes[m.doctor_id]):
            v.violations.append(
                f"only_wished: assignments.csv:{m.line}: {m.doctor_id} at {m.site_id} on {m.date} "
                "matches none of their positive wishes (wishes.csv)"
            )


def check_days_within_demand(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Extension (wishes.csv): a wish chooses between missions that count; it never adds a
    day a zone did not ask for, so no zone without a pin gets more than its demand_days."""
    if not scenario.has_wishes_file:
        return
    zone_of_site = {s.site_id: s.zone_id for s in scenario.sites}
    days = Counter(zone_of_site.get(m.site_id) for m in missions)
    pinned = {zone_of_site.get(p.site_id) for p in scenario.pins}
    for z in scenario.zones:
        if z.zone_id not in pinned and days[z.zone_id] > z.demand_days:
            v.violations.append(
                f"demand: zone {z.zone_id} has {days[z.zone_id]} doctor-days, more than its demand_days "
                f"{z.demand_days} (with wishes.csv a wish never adds a day the zone did not ask for)"
            )


def check_wish_score(scenario: Scenario, files: PlanningFiles, missions: list[Mission], v: Verdict) -> None:
    """Extension (wishes.csv): recompute the wish score (each mission is worth the sum of
    the weights of the rows it matches) and compare it with summary.json."""
    if not scenario.has_wishes_file:
        return
    zone_of_site = {s.site_id: s.zone_id for s in scenario.sites}
    wishes = _wishes_by_doctor(scenario)
    v.wish_score = sum(
        w.weight for m in missions for w in wishes[m.doctor_id] if _wish_matches(w, m, zone_of_site)
    )
    s = files.summary
    got, bound = s.get("wish_score"), s.get("wish_bound")
    if got is None:
        return
    if isinstance(got, bool) or not isinstance(got, int | float) or got != v.wish_score:
        v.violations.append(f"summary.json: wish_score is {got!r}, recomputed {v.wish_score}")
    if isinstance(bound, int | float) and not isinstance(bound, bool) and bound < v.wish_score:
        v.violations.append(f"summary.json: wish_bound {bound!r} is below the wish score {v.wish_score}")


def check_reported_figures(
    scenario: Scenario, files: PlanningFiles, missions: list[Mission], v: Verdict
) -> None:
    """Zone ids, km, coverage.csv and summary.json agree with the recomputation."""
    doctors = {d.doctor_id: d for d in scenario.doctors}
    sites = {s.site_id: s for s in scenario.sites}
    days: dict[str, int] = defaultdict(int)
    total_km = 0.0
    for m in missions:
        site, doctor = sites.get(m.site_id), doctors.get(m.doctor_id)
        if site is None or doctor is None:
            continue
        if m.zone_id != site.zone_id:
            v.violations.append(
                f"assignments.csv:{m.line}: zone_id {m.zone_id} but site {m.site_id} is in {site.zone_id}"
            )
        km = mission_km(scenario, doctor, site)
        if m.line in v.continued:
            km = 0.0  # a stay's later day travels 0 km (check_stays)
        if not math.isclose(km, m.km, rel_tol=RELATIVE_TOLERANCE, abs_tol=KM_TOLERANCE):
            v.violations.append(
                f"assignments.csv:{m.line}: km {m.km:g} differs from the road distance {km:.3f}"
            )
        days[site.zone_id] += 1
        total_km += km
    score = Fraction(0)
    for z in scenario.zones:
        for k in range(1, min(days[z.zone_id], z.demand_days) + 1):
            score += Fraction(repr(z.priority)) / k
    v.coverage_score = float(score)
    v.total_km = total_km
    v.doctor_days = len(missions)
    v.assigned_days = {z.zone_id: days[z.zone_id] for z in scenario.zones}
    zones = {z.zone_id: z for z in scenario.zones}
    for row in files.coverage:
        z = zones.get(row.values["zone_id"])
        if z is None:
            v.violations.append(f"coverage.csv:{row.line}: unknown zone {row.values['zone_id']!r}")
            continue
        expected = {
            "demand_days": z.demand_days,
            "assigned_days": days[z.zone_id],
            "shortfall": max(0, z.demand_days - days[z.zone_id]),
        }
        for column, want in expected.items():
            if row.values.get(column, "").strip() != str(want):
                v.violations.append(
                    f"coverage.csv:{row.line}: {column} is {row.values.get(column)!r}, expected {want}"
                )
    listed = {row.values["zone_id"] for row in files.coverage}
    if files.coverage and listed != set(zones):
        v.violations.append(f"coverage.csv: zones missing: {sorted(set(zones) - listed)}")
    s = files.summary
    for key, want in (
        ("coverage_score", v.coverage_score),
        ("total_km", v.total_km),
        ("doctor_days", float(v.doctor_days)),
    ):
        if key in s:
            got = s[key]
            if not isinstance(got, int | float) or not math.isclose(
                float(got),
                want,
                rel_tol=RELATIVE_TOLERANCE,
                abs_tol=1e-6 if key != "total_km" else KM_TOLERANCE,
            ):
                v.violations.append(f"summary.json: {key} is {got!r}, recomputed {want!r}")


def verify_planning(scenario: Scenario, folder: Path) -> tuple[Verdict, list[str]]:
    """Check a planning folder against a scenario: (verdict, unreadable-format problems)."""
    files, log = read_planning(Path(folder))
    v = Verdict()
    if log:
        return v, [str(issue) for issue in log.issues]
    missions, covers = _parse_rows(scenario, files, v)
    check_stays(scenario, missions, v)
    check_doctor_days(scenario, missions, v)
    check_registration_dates(scenario, missions, v)
    check_site_opening_and_capacity(scenario, missions, v)
    check_travel_limit_and_lodging(scenario, missions, v)
    check_home_practice_continuity(scenario, missions, covers, v)
    check_locum_limits(scenario, covers, v)
    check_pinned_missions(scenario, missions, v)
    check_zone_minimums(scenario, missions, v)
    check_only_wished(scenario, missions, v)
    check_reported_figures(scenario, files, missions, v)
    check_days_within_demand(scenario, missions, v)
    check_wish_score(scenario, files, missions, v)
    check_mission_states(scenario, files, missions, v)
    check_refusals_not_reoffered(files, missions, v)
    check_summary(scenario, files, missions, covers, v.total_km, v.violations)
    check_costs_and_budget(scenario, files, missions, covers, v)
    v.locum_days = len(covers)
    return v, []


__all__ = ["Line", "Verdict", "road_km", "verify_planning"]
