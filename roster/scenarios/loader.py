"""Load and validate a scenario folder into a `Scenario`, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from roster.models import Doctor, Practice, Replacement, Scenario, Settings, Site, Zone
from roster.scenarios.csvtable import Row, Table, read_table
from roster.scenarios.errors import IssueLog

M = TypeVar("M", bound=BaseModel)

SCENARIO_TOML = "scenario.toml"
TEXT_FIELDS = {"name", "department", "practice_id", "open_weekdays"}
NUMBER_FIELDS = {
    "population", "priority", "demand_days", "latitude", "longitude", "capacity",
    "lodging", "min_present", "other_doctors", "max_days", "max_km", "km",
}  # fmt: skip

# file -> (record model, required columns (the first is the id), optional columns, mandatory?)
TABLES: dict[str, tuple[type[BaseModel] | None, tuple[str, ...], tuple[str, ...], bool]] = {
    "zones.csv": (
        Zone,
        ("zone_id", "name", "department", "population", "priority", "demand_days"),
        (),
        True,
    ),
    "sites.csv": (
        Site,
        ("site_id", "zone_id", "name", "latitude", "longitude", "capacity", "open_weekdays", "lodging"),
        (),
        True,
    ),
    "practices.csv": (
        Practice,
        ("practice_id", "name", "latitude", "longitude", "open_weekdays", "min_present", "other_doctors"),
        (),
        False,
    ),
    "doctors.csv": (
        Doctor,
        ("doctor_id", "name", "practice_id", "latitude", "longitude", "max_days", "max_km"),
        (),
        True,
    ),
    "replacements.csv": (
        Replacement,
        ("replacement_id", "name", "latitude", "longitude", "max_days", "max_km"),
        (),
        False,
    ),
    "availability.csv": (None, ("person_id", "date"), (), True),
    "distances.csv": (None, ("from_id", "to_id", "km"), (), False),
}


def _describe(error: dict[str, Any]) -> str:
    """A pydantic error as a planner-readable phrase."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = f", got {value!r}" if isinstance(value, str | int | float) else ""
    phrases = {
        "missing": "value is missing",
        "int_parsing": f"must be a whole number{got}",
        "int_from_float": f"must be a whole number{got}",
        "float_parsing": f"must be a number (use '.' as decimal point){got}",
        "finite_number": f"must be a finite number{got}",
        "greater_than_equal": f"must be >= {ctx.get('ge')}{got}",
        "greater_than": f"must be > {ctx.get('gt')}{got}",
        "less_than_equal": f"must be <= {ctx.get('le')}{got}",
        "less_than": f"must be < {ctx.get('lt')}{got}",
        "string_too_short": "must not be empty",
        "string_too_long": "is too long",
        "string_pattern_mismatch": f"must look like YYYY-MM{got}",
        "date_parsing": f"must be a date YYYY-MM-DD{got}",
        "date_from_datetime_parsing": f"must be a date YYYY-MM-DD{got}",
        "date_type": f"must be a date YYYY-MM-DD{got}",
        "string_type": f"must be text{got}",
        "bool_parsing": f"must be 0 or 1{got}",
        "list_type": "must be a list",
        "tuple_type": "must be a list",
    }
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return phrases.get(kind, f"{error['msg']}{got}")


def _build(model: type[M], row: Row, table: Table, log: IssueLog) -> M | None:
    data: dict[str, Any] = {}
    for name in model.model_fields:
        if name not in row.cells:
            continue
        cell = row.cells[name]
        if name in NUMBER_FIELDS:
            if cell == "":
                continue  # pydantic reports it as missing
            data[name] = table.number_text(cell)
        else:
            data[name] = cell
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else "?"
            log.error(table.path, row.line, f"column '{column}': {_describe(error)}")
        return None


def _records(
    table: Table, model: type[M], id_column: str, log: IssueLog, seen: dict[str, tuple[str, int]]
) -> list[tuple[int, M]]:
    """Validated records of one table; duplicate ids are reported against `seen`."""
    out = []
    for row in table.rows:
        record = _build(model, row, table, log)
        if record is None:
            continue
        key = getattr(record, id_column)
        if key in seen:
            where, line = seen[key]
            log.error(table.path, row.line, f"duplicate {id_column} {key!r} (first in {where}:{line})")
            continue
        seen[key] = (table.path.name, row.line)
        out.append((row.line, record))
    return out


def _toml_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _load_settings(folder: Path, log: IssueLog) -> Settings | None:
    path = folder / SCENARIO_TOML
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        log.error(path, 1, "required file is missing")
        return None
    except UnicodeDecodeError:
        log.error(path, 1, "not valid UTF-8; save it as UTF-8")
        return None
    except OSError as exc:
        log.error(path, 1, f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        column = f" (column {found.group(2)})" if found else ""
        log.error(path, line, f"bad TOML: {message}{column}")
        return None
    for key in data:
        if key not in Settings.model_fields and key not in EXTENSION_KEYS:
            log.warn(path, _toml_line(text, key), f"unknown setting '{key}' is ignored")
    values = {k: v for k, v in data.items() if k in Settings.model_fields}
    if isinstance(values.get("month"), dt.date):
        values["month"] = values["month"].isoformat()[:7]
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            key = str(error["loc"][0]) if error["loc"] else "?"
            where = f"'{key}'" + (f" item {error['loc'][1]}" if len(error["loc"]) > 1 else "")
            log.error(path, _toml_line(text, key) or 1, f"{where}: {_describe(error)}")
        return None


EXTENSION_KEYS = {"description", "source", "region", "seed", "generator"}


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _availability(
    table: Table, settings: Settings, people: set[str], log: IssueLog
) -> dict[str, frozenset[dt.date]]:
    dates: dict[str, set[dt.date]] = {}
    month = settings.month
    for row in table.rows:
        person, text = row.cells["person_id"], row.cells["date"]
        day = _parse_date(text)
        problems = []
        if not person:
            problems.append("column 'person_id': value is missing")
        elif person not in people:
            problems.append(
                f"column 'person_id': unknown person {person!r} (not in doctors.csv nor replacements.csv)"
            )
        if day is None:
            problems.append(f"column 'date': must be a date YYYY-MM-DD, got {text!r}")
        elif day.isoformat()[:7] != month:
            problems.append(f"column 'date': {text} is outside the planned month {month}")
        for problem in problems:
            log.error(table.path, row.line, problem)
        if not problems and day is not None:
            dates.setdefault(person, set()).add(day)
    return {person: frozenset(days) for person, days in dates.items()}


def _distances(
    table: Table, people: set[str], places: set[str], log: IssueLog
) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in table.rows:
        src, dst, text = row.cells["from_id"], row.cells["to_id"], row.cells["km"]
        problems = []
        if src not in people:
            problems.append(f"column 'from_id': unknown doctor or replacement {src!r}")
        if dst not in places:
            problems.append(f"column 'to_id': unknown site or practice {dst!r}")
        try:
            km = float(table.number_text(text))
        except ValueError:
            km = math.nan
            problems.append(f"column 'km': must be a number (use '.' as decimal point), got {text!r}")
        else:
            if not math.isfinite(km) or km < 0 or km > 100_000:
                problems.append(f"column 'km': must be a finite number between 0 and 100000, got {text!r}")
        key = (src, dst)
        if not problems and key in first_line:
            problems.append(f"duplicate pair ({src}, {dst}) (first on line {first_line[key]})")
        for problem in problems:
            log.error(table.path, row.line, problem)
        if not problems:
            out[key] = km
            first_line[key] = row.line
    return out


def _check_references(
    path: Path,
    rows: Iterable[tuple[int, Any]],
    column: str,
    known: set[str],
    what: str,
    log: IssueLog,
) -> None:
    for line, record in rows:
        value = getattr(record, column)
        if value is not None and value not in known:
            log.error(path, line, f"column '{column}': unknown {what} {value!r}")


def load_scenario(folder: Path | str, warnings: list[str] | None = None) -> Scenario:
    """Read and validate a scenario folder; raise `ScenarioError` listing every problem."""
    folder = Path(folder)
    log = IssueLog()
    if not folder.is_dir():
        log.error(folder, None, "no such scenario folder")
        log.raise_if_any()
    settings = _load_settings(folder, log)
    tables: dict[str, Table | None] = {}
    for name, (_, required, optional, mandatory) in TABLES.items():
        path = folder / name
        if not mandatory and not path.exists():
            tables[name] = None
            continue
        tables[name] = read_table(path, required, optional, log)

    seen_people: dict[str, tuple[str, int]] = {}
    records: dict[str, list[tuple[int, Any]]] = {}
    for name, (model, required, _, _) in TABLES.items():
        table = tables[name]
        if model is None or table is None:
            records[name] = []
            continue
        seen = seen_people if name in ("doctors.csv", "replacements.csv") else {}
        records[name] = _records(table, model, required[0], log, seen)

    zone_ids = {z.zone_id for _, z in records["zones.csv"]}
    site_ids = {s.site_id for _, s in records["sites.csv"]}
    practice_ids = {p.practice_id for _, p in records["practices.csv"]}
    people = set(seen_people)
    if tables["zones.csv"] is not None:
        _check_references(
            folder / "sites.csv", records["sites.csv"], "zone_id", zone_ids, "zone (not in zones.csv)", log
        )
    if tables["practices.csv"] is not None:
        _check_references(
            folder / "doctors.csv",
            records["doctors.csv"],
            "practice_id",
            practice_ids,
            "practice (not in practices.csv)",
            log,
        )

    availability: dict[str, frozenset[dt.date]] = {}
    if settings is not None and tables["availability.csv"] is not None:
        availability = _availability(tables["availability.csv"], settings, people, log)
    distances: dict[tuple[str, str], float] = {}
    if tables["distances.csv"] is not None:
        distances = _distances(tables["distances.csv"], people, site_ids | practice_ids, log)

    log.raise_if_any()
    assert settings is not None
    if warnings is not None:
        warnings.extend(str(w) for w in log.warnings)
    has_practices = tables["practices.csv"] is not None
    doctors = tuple(d for _, d in records["doctors.csv"])
    if not has_practices:
        doctors = tuple(d.model_copy(update={"practice_id": None}) for d in doctors)
    return Scenario(
        settings=settings,
        zones=tuple(z for _, z in records["zones.csv"]),
        sites=tuple(s for _, s in records["sites.csv"]),
        practices=tuple(p for _, p in records["practices.csv"]),
        doctors=doctors,
        replacements=tuple(r for _, r in records["replacements.csv"]),
        availability=availability,
        distances=distances,
        has_practices_file=has_practices,
    )
