"""Verifier checks of the policy extensions: stays, costs and the budget.

Written from docs/scenario-format.md alone (no solver code). A row of assignments.csv
whose `km` is 0 while the road distance is not continues a stay; the checks mirror
the solver's rules:

    check_stays                      stay_days_are_consecutive_at_one_site, stay_length_limit
    stay_cap_allows                  monthly_cap_stay_exception (used by check_doctor_days)
    check_costs_and_budget           total_cost_within_budget, and the summary's money figures
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from roster.models import Scenario
from roster.verify.missions import Cover, Mission, mission_km
from roster.verify.planning_files import PlanningFiles
from roster.verify.verdict import Verdict

ZERO_KM = 1e-3  # a written km at most this is "0": the row continues a stay
EUR_TOLERANCE = 0.011  # the summary rounds money to cents


def _lookup(scenario: Scenario) -> tuple[dict, dict]:
    return {d.doctor_id: d for d in scenario.doctors}, {s.site_id: s for s in scenario.sites}


def _previous_open_date(scenario: Scenario, site_id: str, day: dt.date) -> dt.date | None:
    """The last date of the month before `day` on which the site is open."""
    site = next(s for s in scenario.sites if s.site_id == site_id)
    holidays = scenario.holidays_in_month()
    for earlier in reversed([d for d in scenario.settings.dates() if d < day]):
        if earlier.weekday() in site.open_weekdays and earlier not in holidays:
            return earlier
    return None


def _road(scenario: Scenario, m: Mission, lookup: tuple[dict, dict] | None = None) -> float | None:
    """The road km of a mission row; `lookup` (doctors, sites by id) saves the searches."""
    doctors, sites = lookup or _lookup(scenario)
    doctor, site = doctors.get(m.doctor_id), sites.get(m.site_id)
    if doctor is None or site is None:
        return None
    return mission_km(scenario, doctor, site)


def check_stays(scenario: Scenario, missions: list[Mission], v: Verdict) -> None:
    """Every 0-km row continues a stay: the doctor's previous mission is at the same
    lodging site, farther than stay_min_km, on the site's previous open date; a stay
    has at most max_stay_days days. Sets v.continued (valid continuations: line ->
    the previous day's line),
    v.stays and v.stay_nights."""
    s = scenario.settings
    stay_min = s.day_trip_max_km if s.stay_min_km is None else s.stay_min_km
    sites = {x.site_id: x for x in scenario.sites}
    per_doctor: dict[str, list[Mission]] = defaultdict(list)
    lookup = _lookup(scenario)
    for m in missions:
        per_doctor[m.doctor_id].append(m)
    for rows in per_doctor.values():
        rows.sort(key=lambda m: m.date)
        length = 1
        for before, m in zip([None, *rows[:-1]], rows, strict=True):
            if m.km > ZERO_KM:
                length = 1
                continue
            road = _road(scenario, m, lookup)
            if road is None or road <= ZERO_KM:
                length = 1
                continue
            where = f"stay: assignments.csv:{m.line}: {m.doctor_id} at {m.site_id} on {m.date} has km 0"
            site = sites[m.site_id]
            problems = []
            if s.max_stay_days < 2:
                problems.append("but max_stay_days is 1 (no stays)")
            if not site.lodging:
                problems.append(f"but site {m.site_id} has no lodging")
            if road <= stay_min + 1e-9:
                problems.append(f"but the trip is {road:.1f} km, not beyond stay_min_km {stay_min:g}")
            previous = _previous_open_date(scenario, m.site_id, m.date)
            if before is None or before.site_id != m.site_id or before.date != previous:
                problems.append(
                    f"but the doctor's previous mission is not at {m.site_id} on its previous open date "
                    f"({previous})"
                )
            if problems:
                v.violations.append(f"{where} {'; '.join(problems)}")
                length = 1
                continue
            assert before is not None
            v.continued[m.line] = before.line
            length += 1
            v.stay_nights += (m.date - before.date).days
            if length == 2:
                v.stays += 1
            if length > s.max_stay_days:
                v.violations.append(f"{where}: stay of {length} days, max_stay_days {s.max_stay_days}")


def stay_cap_allows(scenario: Scenario, doctor_id: str, rows: list[Mission], v: Verdict) -> bool:
    """The cap exception: all the doctor's days form one stay and their number is at most
    max(min(max_days, max_days_per_doctor), max_stay_days), own max_days still applying."""
    s = scenario.settings
    if s.max_stay_days < 2 or not rows:
        return False
    own = next(d.max_days for d in scenario.doctors if d.doctor_id == doctor_id)
    rows = sorted(rows, key=lambda m: m.date)
    first, rest = rows[0], rows[1:]
    if first.line in v.continued or any(m.line not in v.continued for m in rest):
        return False
    stay_min = s.day_trip_max_km if s.stay_min_km is None else s.stay_min_km
    site = next((x for x in scenario.sites if x.site_id == first.site_id), None)
    road = _road(scenario, first)
    if site is None or road is None or not site.lodging or road <= stay_min + 1e-9:
        return False
    cap = min(own, max(min(own, s.max_days_per_doctor), s.max_stay_days))
    return len(rows) <= cap


def check_costs_and_budget(
    scenario: Scenario, files: PlanningFiles, missions: list[Mission], covers: list[Cover], v: Verdict
) -> None:
    """Recompute indemnity, travel, locum, lodging and total EUR; locum, lodging and total
    must match the summary's figures when given (indemnity_eur and travel_eur are
    compared by `summary_checks.check_summary`, once), and the total must not exceed
    budget_eur."""
    s = scenario.settings
    far = 0
    lookup = _lookup(scenario)
    for m in missions:
        if m.line in v.continued:
            continue
        road = _road(scenario, m, lookup)
        if road is not None and road > s.day_trip_max_km:
            far += 1
    v.lodging_nights = far + v.stay_nights
    figures: dict[str, float] = {
        "indemnity_eur": len(missions) * s.daily_indemnity_eur,
        "travel_eur": v.total_km * s.km_rate_eur * (2 if s.round_trip else 1),
        "locum_eur": len(covers) * s.locum_daily_eur,
        "lodging_eur": v.lodging_nights * s.lodging_night_eur,
    }
    v.total_eur = sum(figures.values())
    figures["total_eur"] = v.total_eur
    compared = [(k, x) for k, x in figures.items() if k not in ("indemnity_eur", "travel_eur")]
    for key, want in (*compared, ("lodging_nights", v.lodging_nights), ("stays", v.stays)):
        if key not in files.summary:
            continue
        got = files.summary[key]
        tolerance = 0 if key in ("lodging_nights", "stays") else EUR_TOLERANCE + 1e-9 * abs(want)
        if not isinstance(got, int | float) or abs(float(got) - want) > tolerance:
            v.violations.append(f"summary.json: {key} is {got!r}, recomputed {round(want, 6)!r}")
    budget = s.budget_eur
    if budget is not None and v.total_eur > budget + 1e-6 * max(1.0, budget):
        v.violations.append(f"budget: the month costs {v.total_eur:,.2f} EUR, budget_eur is {budget:,.2f}")
