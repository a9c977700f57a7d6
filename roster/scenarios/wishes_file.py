"""wishes.csv (optional): the volunteers' wishes, validated row by row.

Columns `doctor_id,site_id,zone_id,weekday,date,weight`; only `doctor_id` is required
(a column that is absent is empty on every row). A row matches a mission of its
doctor when every non-empty field equals the mission's; `weight` is an integer in
[-100, 100], default 1 (negative: would rather not).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from roster.models.domain import WEEKDAYS, Doctor, Wish
from roster.scenarios.csvtable import Table
from roster.scenarios.errors import IssueLog

WISHES_CSV = "wishes.csv"
REQUIRED = ("doctor_id",)
OPTIONAL = ("site_id", "zone_id", "weekday", "date", "weight")
MAX_WEIGHT = 100
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d{1,4}$")
_WEEKDAY = {name.lower(): i for i, name in enumerate(WEEKDAYS)}


def _shown(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}...'"


def _known(column: str, value: str, known: set[str] | None, what: str, where: str) -> str | None:
    if value and known is not None and value not in known:
        return f"column '{column}': unknown {what} {_shown(value)} (not in {where})"
    return None


def _date(text: str, month: str | None) -> tuple[dt.date | None, str | None]:
    if not text:
        return None, None
    try:
        day = dt.date.fromisoformat(text) if _ISO_DATE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        return None, f"column 'date': must be a date YYYY-MM-DD or empty, got {_shown(text)}"
    if month is not None and day.isoformat()[:7] != month:
        return None, f"column 'date': {text} is outside the planned month {month}"
    return day, None


def _weight(text: str) -> tuple[int, str | None]:
    if not text:
        return 1, None
    cleaned = text.replace(" ", "")
    if not _INTEGER.match(cleaned) or abs(int(cleaned)) > MAX_WEIGHT:
        return 1, f"column 'weight': must be a whole number from -100 to 100 or empty (1), got {_shown(text)}"
    return int(cleaned), None


def read_wishes(
    table: Table,
    month: str | None,
    doctors: set[str] | None,
    sites: set[str] | None,
    zones: set[str] | None,
    site_zone: dict[str, str],
    log: IssueLog,
) -> tuple[Wish, ...]:
    """The valid rows of wishes.csv; every problem goes to `log` as `file:line: message`.

    `doctors`, `sites` and `zones` are the known ids, None when their file could not be
    read (references are then not checked); `site_zone` maps the valid sites to their zone."""
    for name in table.columns:
        if name and name not in (*REQUIRED, *OPTIONAL):
            log.warn(table.path, 1, f"column '{name}' is not a wishes.csv column and is ignored "
                     f"(columns: {', '.join((*REQUIRED, *OPTIONAL))})")  # fmt: skip
    out: list[Wish] = []
    first_line: dict[tuple[object, ...], int] = {}
    for row in table.rows:
        cells = {name: row.cells.get(name, "").strip() for name in (*REQUIRED, *OPTIONAL)}
        doctor, site, zone = cells["doctor_id"], cells["site_id"], cells["zone_id"]
        problems = []
        if not doctor:
            problems.append("column 'doctor_id': value is missing (a doctor_id of doctors.csv)")
        problems.append(_known("doctor_id", doctor, doctors, "doctor", "doctors.csv"))
        problems.append(_known("site_id", site, sites, "site", "sites.csv"))
        problems.append(_known("zone_id", zone, zones, "zone", "zones.csv"))
        if site and zone and site_zone.get(site, zone) != zone:
            problems.append(
                f"site {site} is in zone {site_zone[site]}, not {zone}: this wish can never match"
            )
        weekday = _WEEKDAY.get(cells["weekday"].lower()) if cells["weekday"] else None
        if cells["weekday"] and weekday is None:
            got = _shown(cells["weekday"])
            problems.append(f"column 'weekday': must be one of {' '.join(WEEKDAYS)} or empty, got {got}")
        day, date_problem = _date(cells["date"], month)
        problems.append(date_problem)
        if day is not None and weekday is not None and day.weekday() != weekday:
            problems.append(
                f"{day} is a {WEEKDAYS[day.weekday()]}, not a {WEEKDAYS[weekday]}: this wish can never match"
            )
        weight, weight_problem = _weight(cells["weight"])
        problems.append(weight_problem)
        found = [p for p in problems if p is not None]
        for problem in found:
            log.error(table.path, row.line, problem)
        if found:
            continue
        key = (doctor, site, zone, weekday, day)
        if key in first_line:
            log.warn(table.path, row.line, f"same wish as line {first_line[key]}: their weights add up")
        first_line.setdefault(key, row.line)
        wish = Wish(line=row.line, doctor_id=doctor, site_id=site or None, zone_id=zone or None,
                    weekday=weekday, date=day, weight=weight)  # fmt: skip
        out.append(wish)
    return tuple(out)


def warn_unwished_only_wished(
    doctors_csv: Path, doctors: Iterable[tuple[int, Doctor]], wishes: tuple[Wish, ...], log: IssueLog
) -> None:
    """A doctor with only_wished = 1 and no positive wish can get no mission: say so."""
    wished = {w.doctor_id for w in wishes if w.weight > 0}
    for line, d in doctors:
        if d.only_wished and d.doctor_id not in wished:
            log.warn(
                doctors_csv,
                line,
                f"{d.doctor_id} has only_wished = 1 but no wish with a positive weight in "
                f"{WISHES_CSV}: they can get no mission",
            )
