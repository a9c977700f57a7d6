"""A `Scenario` object back to the contract's files (sweep variants, re-planned months),
so that it can be verified and solved again."""

from __future__ import annotations

import pandas as pd

from roster.models import Scenario, Settings, Site
from roster.models.domain import WEEKDAYS, Wish
from roster.scenarios.writer import settings_toml, table_csv

WISH_COLUMNS = ("doctor_id", "site_id", "zone_id", "weekday", "date", "weight")
SITE_COLUMNS = ("site_id", "zone_id", "name", "latitude", "longitude", "capacity", "open_weekdays", "lodging")
SITE_EXTENSIONS = ("am_hours", "pm_hours", "address", "commune")
POLICY_KEYS = (
    "locum_daily_eur",
    "lodging_night_eur",
    "round_trip",
    "secondary",
    "budget_eur",
    "max_stay_days",
    "stay_min_km",
)


def _set_columns(sites: tuple[Site, ...], columns: tuple[str, ...]) -> list[str]:
    """The optional site columns that some site sets away from their default."""
    defaults = Site.model_fields
    return [c for c in columns if any(getattr(x, c) != defaults[c].default for x in sites)]


def _weekdays(days: frozenset[int]) -> str:
    return " ".join(WEEKDAYS[d] for d in sorted(days))


def _frame(rows: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def scenario_tables(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The CSV tables of the contract (practices.csv and distances.csv only when present)."""
    tables = {
        "zones.csv": _frame(
            [z.model_dump() for z in scenario.zones],
            ["zone_id", "name", "department", "population", "priority", "demand_days"]
            + (["min_days"] if any(z.min_days for z in scenario.zones) else [])
            + (["designation"] if any(z.designation for z in scenario.zones) else []),
        ),
        "sites.csv": _frame(
            [
                {**s.model_dump(), "open_weekdays": _weekdays(s.open_weekdays), "lodging": int(s.lodging)}
                for s in scenario.sites
            ],
            [*SITE_COLUMNS, *_set_columns(scenario.sites, SITE_EXTENSIONS)],
        ),
        "doctors.csv": _frame(
            [
                {
                    **d.model_dump(),
                    "practice_id": d.practice_id or "",
                    "only_wished": int(d.only_wished),
                    "available_from": d.available_from.isoformat() if d.available_from else "",
                }
                for d in scenario.doctors
            ],
            ["doctor_id", "name", "practice_id", "latitude", "longitude", "max_days", "max_km"]
            + (["only_wished"] if any(d.only_wished for d in scenario.doctors) else [])
            + (["available_from"] if any(d.available_from for d in scenario.doctors) else []),
        ),
        "replacements.csv": _frame(
            [r.model_dump() for r in scenario.replacements],
            ["replacement_id", "name", "latitude", "longitude", "max_days", "max_km"],
        ),
    }
    if scenario.has_practices_file:
        tables["practices.csv"] = _frame(
            [{**p.model_dump(), "open_weekdays": _weekdays(p.open_weekdays)} for p in scenario.practices],
            ["practice_id", "name", "latitude", "longitude", "open_weekdays", "min_present", "other_doctors"],
        )
    people = [d.doctor_id for d in scenario.doctors] + [r.replacement_id for r in scenario.replacements]
    tables["availability.csv"] = _frame(
        [
            {"person_id": person, "date": day.isoformat()}
            for person in people
            for day in sorted(scenario.available(person))
        ],
        ["person_id", "date"],
    )
    if scenario.distances:
        tables["distances.csv"] = _frame(
            [{"from_id": a, "to_id": b, "km": km} for (a, b), km in sorted(scenario.distances.items())],
            ["from_id", "to_id", "km"],
        )
    for name, visits in (("pins.csv", scenario.pins), ("history.csv", scenario.history)):
        if visits:
            tables[name] = _frame(
                [
                    {"date": v.date.isoformat(), "doctor_id": v.doctor_id, "site_id": v.site_id}
                    for v in visits
                ],
                ["date", "doctor_id", "site_id"],
            )
    if scenario.has_wishes_file:
        tables["wishes.csv"] = _frame([_wish_row(w) for w in scenario.wishes], list(WISH_COLUMNS))
    return tables


def _wish_row(w: Wish) -> dict[str, object]:
    return {
        "doctor_id": w.doctor_id,
        "site_id": w.site_id or "",
        "zone_id": w.zone_id or "",
        "weekday": "" if w.weekday is None else WEEKDAYS[w.weekday],
        "date": "" if w.date is None else w.date.isoformat(),
        "weight": w.weight,
    }


def scenario_files(scenario: Scenario) -> dict[str, bytes]:
    """File name -> bytes of a scenario folder equivalent to `scenario`."""
    s = scenario.settings
    settings = {
        "name": s.name,
        "month": s.month,
        "max_days_per_doctor": s.max_days_per_doctor,
        "holidays": [d.isoformat() for d in s.holidays],
        "road_factor": s.road_factor,
        "day_trip_max_km": s.day_trip_max_km,
        "daily_indemnity_eur": s.daily_indemnity_eur,
        "km_rate_eur": s.km_rate_eur,
    }
    defaults = Settings(name=s.name, month=s.month)
    for key in POLICY_KEYS:  # costs, budget, stays: written only when set
        if getattr(s, key) != getattr(defaults, key):
            settings[key] = getattr(s, key)
    files = {"scenario.toml": settings_toml(settings).encode("utf-8")}
    for name, frame in scenario_tables(scenario).items():
        files[name] = table_csv(frame).encode("utf-8")
    return files
