"""A planning as one Excel workbook: missions by doctor, by site and by zone, locum days,
coverage and KPIs, with names, real dates and fitted column widths.

Only names and ids are written: a doctor's email, phone and RPPS number never are.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from roster.models import Assignment, Planning, Scenario
from roster.models.domain import WEEKDAYS
from roster.outputs.xlsx_cells import new_workbook, write_rows

SHEETS = ("by doctor", "by site", "by zone", "locum days", "coverage", "KPIs")


def _names(scenario: Scenario) -> dict[str, dict[str, str]]:
    return {
        "doctor": {d.doctor_id: d.name for d in scenario.doctors},
        "site": {s.site_id: s.name for s in scenario.sites},
        "zone": {z.zone_id: z.name for z in scenario.zones},
        "department": {z.zone_id: z.department for z in scenario.zones},
        "locum": {r.replacement_id: r.name for r in scenario.replacements},
        "practice": {p.practice_id: p.name for p in scenario.practices},
    }


def _mission(a: Assignment, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        "date": a.date,
        "weekday": WEEKDAYS[a.date.weekday()],
        "doctor_id": a.doctor_id,
        "doctor": names["doctor"].get(a.doctor_id, ""),
        "site_id": a.site_id,
        "site": names["site"].get(a.site_id, ""),
        "zone_id": a.zone_id,
        "zone": names["zone"].get(a.zone_id, ""),
        "department": names["department"].get(a.zone_id, ""),
        "km": round(a.km, 1),
    }


MISSION_VIEWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # sheet -> (columns, sort key)
    "by doctor": (
        ("doctor_id", "doctor", "date", "weekday", "site_id", "site", "zone_id", "zone", "department", "km"),
        ("doctor_id", "date"),
    ),
    "by site": (
        ("site_id", "site", "zone", "date", "weekday", "doctor_id", "doctor", "km"),
        ("site_id", "date", "doctor_id"),
    ),
    "by zone": (
        ("zone_id", "zone", "department", "date", "weekday", "site", "doctor_id", "doctor", "km"),
        ("zone_id", "date", "site", "doctor_id"),
    ),
}


def _kpi_rows(planning: Planning) -> list[tuple[str, Any]]:
    """Every scalar field of summary.json (lists and dicts such as phases are left out)."""
    rows = []
    for key, value in planning.summary.model_dump(mode="json").items():
        if isinstance(value, dict | list):
            continue
        rows.append((key, "" if value is None else value))
    return rows


def planning_workbook(scenario: Scenario, planning: Planning) -> Workbook:
    """The workbook of one planning (sheets in `SHEETS` order)."""
    names = _names(scenario)
    book = new_workbook()
    missions = [_mission(a, names) for a in planning.assignments]
    for sheet, (columns, order) in MISSION_VIEWS.items():
        rows = sorted(missions, key=lambda m, order=order: tuple(str(m[k]) for k in order))
        write_rows(book.create_sheet(sheet), list(columns), [[m[c] for c in columns] for m in rows])
    locums = sorted(planning.locum_days, key=lambda r: (r.date, r.replacement_id))
    write_rows(
        book.create_sheet("locum days"),
        ["date", "weekday", "replacement_id", "locum", "practice_id", "practice", "km"],
        [
            [r.date, WEEKDAYS[r.date.weekday()], r.replacement_id, names["locum"].get(r.replacement_id, ""),
             r.practice_id, names["practice"].get(r.practice_id, ""), round(r.km, 1)]
            for r in locums
        ],
    )  # fmt: skip
    assigned: dict[str, int] = {}
    for a in planning.assignments:
        assigned[a.zone_id] = assigned.get(a.zone_id, 0) + 1
    write_rows(
        book.create_sheet("coverage"),
        ["zone_id", "zone", "department", "priority", "demand_days", "assigned_days", "shortfall"],
        [
            [z.zone_id, z.name, z.department, z.priority, z.demand_days, assigned.get(z.zone_id, 0),
             max(0, z.demand_days - assigned.get(z.zone_id, 0))]
            for z in scenario.zones
        ],
    )  # fmt: skip
    write_rows(book.create_sheet("KPIs"), ["kpi", "value"], _kpi_rows(planning))
    return book
