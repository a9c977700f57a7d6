"""Tiny scenarios written inline: dicts in, a contract-compliant folder out."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from roster.models import Planning, Scenario
from roster.outputs.planning_folder import save_planning
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve
from roster.verify import Verdict, verify_planning

COLUMNS = {
    "zones.csv": ["zone_id", "name", "department", "population", "priority", "demand_days"],
    "sites.csv": [
        "site_id",
        "zone_id",
        "name",
        "latitude",
        "longitude",
        "capacity",
        "open_weekdays",
        "lodging",
    ],
    "practices.csv": [
        "practice_id",
        "name",
        "latitude",
        "longitude",
        "open_weekdays",
        "min_present",
        "other_doctors",
    ],
    "doctors.csv": ["doctor_id", "name", "practice_id", "latitude", "longitude", "max_days", "max_km"],
    "replacements.csv": ["replacement_id", "name", "latitude", "longitude", "max_days", "max_km"],
    "availability.csv": ["person_id", "date"],
    "distances.csv": ["from_id", "to_id", "km"],
    "wishes.csv": ["doctor_id", "site_id", "zone_id", "weekday", "date", "weight"],
}
ALL_DAYS = "Mon Tue Wed Thu Fri Sat Sun"


def zone(zone_id: str, priority: float = 1, demand: int = 2, population: int = 1000) -> dict:
    return {
        "zone_id": zone_id,
        "name": f"Zone {zone_id}",
        "department": "32",
        "population": population,
        "priority": priority,
        "demand_days": demand,
    }


def site(
    site_id: str,
    zone_id: str,
    lat: float = 43.6,
    lon: float = 0.0,
    capacity: int = 1,
    days: str = ALL_DAYS,
    lodging: int = 0,
) -> dict:
    return {
        "site_id": site_id,
        "zone_id": zone_id,
        "name": f"Site {site_id}",
        "latitude": lat,
        "longitude": lon,
        "capacity": capacity,
        "open_weekdays": days,
        "lodging": lodging,
    }


def practice(
    practice_id: str,
    lat: float = 43.6,
    lon: float = 0.0,
    days: str = ALL_DAYS,
    min_present: int = 1,
    other: int = 0,
) -> dict:
    return {
        "practice_id": practice_id,
        "name": f"Cabinet {practice_id}",
        "latitude": lat,
        "longitude": lon,
        "open_weekdays": days,
        "min_present": min_present,
        "other_doctors": other,
    }


def doctor(
    doctor_id: str,
    practice_id: str = "",
    lat: float = 43.6,
    lon: float = 0.0,
    max_days: int = 2,
    max_km: float = 100,
) -> dict:
    return {
        "doctor_id": doctor_id,
        "name": f"Dr {doctor_id}",
        "practice_id": practice_id,
        "latitude": lat,
        "longitude": lon,
        "max_days": max_days,
        "max_km": max_km,
    }


def locum(
    replacement_id: str, lat: float = 43.6, lon: float = 0.0, max_days: int = 5, max_km: float = 50
) -> dict:
    return {
        "replacement_id": replacement_id,
        "name": f"Remplaçant {replacement_id}",
        "latitude": lat,
        "longitude": lon,
        "max_days": max_days,
        "max_km": max_km,
    }


@dataclass
class Spec:
    """A scenario as plain rows; `available` maps a person to day numbers of the month."""

    zones: list[dict]
    sites: list[dict]
    doctors: list[dict]
    available: dict[str, list[int]]
    practices: list[dict] | None = None
    locums: list[dict] | None = None
    distances: list[dict] | None = None
    wishes: list[dict] | None = None  # wishes.csv rows (absent keys are empty cells)
    month: str = "2025-10"
    settings: dict[str, object] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        toml = {"name": "inline", "month": self.month, **self.settings}
        (folder / "scenario.toml").write_text(
            "".join(f"{k} = {_toml(v)}\n" for k, v in toml.items()), encoding="utf-8"
        )
        availability = [
            {"person_id": person, "date": f"{self.month}-{day:02d}"}
            for person, days in self.available.items()
            for day in days
        ]
        tables = {
            "zones.csv": self.zones,
            "sites.csv": self.sites,
            "doctors.csv": self.doctors,
            "availability.csv": availability,
            "practices.csv": self.practices,
            "replacements.csv": self.locums,
            "distances.csv": self.distances,
            "wishes.csv": self.wishes,
        }
        for name, rows in tables.items():
            if rows is None:
                continue
            with (folder / name).open("w", encoding="utf-8", newline="") as handle:
                extra = dict.fromkeys(k for r in rows for k in r if k not in COLUMNS[name])
                columns = COLUMNS[name] + list(extra)  # optional columns some row gives
                writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        return folder


def _toml(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


def solve_and_verify(
    folder: Path, out: Path, time_limit: float = 20.0, **options: bool
) -> tuple[Scenario, Planning, Verdict]:
    """Load, solve (1 worker, fixed seed; `options` such as use_lp=False), save, and verify."""
    scenario = load_scenario(folder)
    planning = solve(scenario, SolveOptions(time_limit_s=time_limit, workers=1, seed=1, **options))
    save_planning(out, planning, scenario, force=True)
    verdict, problems = verify_planning(scenario, out)
    assert not problems, problems
    return scenario, planning, verdict


def write_planning_rows(folder: Path, assignments: list[tuple], locums: list[tuple] = ()) -> Path:
    """A hand-made planning folder: rows (date, doctor, site, zone, km) and (date, locum, practice, km)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "assignments.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["date", "doctor_id", "site_id", "zone_id", "km"])
        writer.writerows(assignments)
    with (folder / "replacements.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["date", "replacement_id", "practice_id", "km"])
        writer.writerows(locums)
    (folder / "coverage.csv").write_text("zone_id,demand_days,assigned_days,shortfall\n", encoding="utf-8")
    (folder / "summary.json").write_text("{}", encoding="utf-8")  # the verifier flags it: rows are the point
    return folder
