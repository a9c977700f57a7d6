"""Load and validate a scenario folder (or `.xlsx` workbook) into a `Scenario`, listing every problem."""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from roster.models import Doctor, Practice, Replacement, Scenario, Settings, Site, Visit, Zone
from roster.models.domain import MAX_KM
from roster.scenarios.csvtable import Row, Table, read_table
from roster.scenarios.errors import IssueLog
from roster.scenarios.spreadsheet_cells import normalise_holidays, normalise_tables
from roster.scenarios.wishes_file import read_wishes, warn_unwished_only_wished
from roster.scenarios.workbook import ScenarioWorkbook, is_workbook

M = TypeVar("M", bound=BaseModel)

SCENARIO_TOML = "scenario.toml"
TEXT_FIELDS = {"name", "department", "practice_id", "open_weekdays"}
NUMBER_FIELDS = {
    "population", "priority", "demand_days", "latitude", "longitude", "capacity",
    "lodging", "min_present", "other_doctors", "max_days", "max_km", "km", "min_days",
}  # fmt: skip

# file -> (record model, required columns (the first is the id), optional columns, mandatory?)
TABLES: dict[str, tuple[type[BaseModel] | None, tuple[str, ...], tuple[str, ...], bool]] = {
    "zones.csv": (
        Zone,
        ("zone_id", "name", "department", "population", "priority", "demand_days"),
        ("min_days", "designation"),
        True,
    ),
    "sites.csv": (
        Site,
        ("site_id", "zone_id", "name", "latitude", "longitude", "capacity", "open_weekdays", "lodging"),
        ("am_hours", "pm_hours"),
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
        ("only_wished", "available_from"),
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
    # extensions (docs/scenario-format.md): missions that must be planned, past missions
    "pins.csv": (None, ("date", "doctor_id", "site_id"), (), False),
    "history.csv": (None, ("date", "doctor_id", "site_id"), (), False),
    "wishes.csv": (None, ("doctor_id",), ("site_id", "zone_id", "weekday", "date", "weight"), False),
}


def _shown(value: object) -> str:
    """A cell value for a message, shortened when long."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}...'"


def _describe(error: dict[str, Any], french_excel: bool = False) -> str:
    """A pydantic error as a planner-readable phrase that says what is expected."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = f", got {_shown(value)}" if isinstance(value, str | int | float) else ""
    decimal = "like 43.5 or 43,5" if french_excel else "like 43.5 (with '.' as decimal point)"
    phrases = {
        "missing": "value is missing",
        "int_parsing": f"must be a whole number{got}",
        "int_from_float": f"must be a whole number{got}",
        "float_parsing": f"must be a number {decimal}{got}",
        "finite_number": f"must be a finite number{got}",
        "greater_than_equal": f"must be >= {ctx.get('ge')}{got}",
        "greater_than": f"must be > {ctx.get('gt')}{got}",
        "less_than_equal": f"must be <= {ctx.get('le')}{got}",
        "less_than": f"must be < {ctx.get('lt')}{got}",
        "string_too_short": "must not be empty",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters long",
        "string_pattern_mismatch": f'must be a month like "2025-10" (YYYY-MM){got}',
        "date_parsing": f"must be a date YYYY-MM-DD{got}",
        "date_from_datetime_parsing": f"must be a date YYYY-MM-DD{got}",
        "date_from_datetime_inexact": f"must be a date YYYY-MM-DD{got}",
        "date_type": f"must be a date YYYY-MM-DD{got}",
        "string_type": f"must be text in quotes{got}",
        "bool_parsing": f"must be 0 or 1{got}",
        "int_type": f"must be a whole number{got}",
        "float_type": f"must be a number{got}",
        "list_type": "must be a list like [...]",
        "tuple_type": "must be a list like [...]",
    }
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return phrases.get(kind, f"{error['msg']}{got}")


def _build(model: type[M], row: Row, table: Table, log: IssueLog) -> M | None:
    data: dict[str, Any] = {}
    underscored: dict[str, str] = {}
    for name in model.model_fields:
        if name not in row.cells:
            continue
        cell = row.cells[name]
        if name in NUMBER_FIELDS:
            if cell == "":
                continue  # pydantic reports it as missing
            if "_" in cell:  # Python would read 4_3.5 as 43.5: not a number here
                underscored[name] = cell
                continue
            data[name] = table.number_text(cell)
        else:
            data[name] = cell
    for name, cell in underscored.items():
        error = {"type": "float_parsing", "input": cell, "msg": "not a number"}
        log.error(table.path, row.line, f"column '{name}': {_describe(error, table.french_excel)}")
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else "?"
            if column not in underscored:
                log.error(table.path, row.line, f"column '{column}': {_describe(error, table.french_excel)}")
        return None
    return None if underscored else record


def _records(
    table: Table, model: type[M], id_column: str, log: IssueLog, seen: dict[str, tuple[str, int]]
) -> list[tuple[int, M]]:
    """Validated records of one table; duplicate ids are reported against `seen`.

    Every non-empty id is entered in `seen`, valid record or not, so that a reference
    to a record with a bad cell is not reported a second time as unknown.
    """
    out = []
    for row in table.rows:
        key = row.cells.get(id_column, "")
        duplicate = key in seen
        if duplicate:
            where, line = seen[key]
            log.error(
                table.path,
                row.line,
                f"column '{id_column}': duplicate id {_shown(key)} (first in {where}:{line})",
            )
        elif key:
            seen[key] = (table.path.name, row.line)
        record = _build(model, row, table, log)
        if record is not None and not duplicate:
            out.append((row.line, record))
    return out


def _toml_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


MAX_TOML_BYTES = 1 << 20  # a few settings; bigger is not a scenario.toml (and bounds the memory)
EXTENSION_KEYS = {"description", "source", "region", "seed", "generator"}
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _read_toml(path: Path, log: IssueLog) -> tuple[str, dict[str, Any]] | None:
    """The text and the table of scenario.toml, or None after logging why it cannot be read."""
    if path.exists() and not path.is_file():
        log.error(path, 1, "is not a regular file")
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_TOML_BYTES + 1)
    except FileNotFoundError:
        log.error(path, 1, "required file is missing (it gives at least name and month)")
        return None
    except OSError as exc:
        log.error(path, 1, f"cannot be read: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_TOML_BYTES:
        log.error(path, 1, f"larger than {MAX_TOML_BYTES:,} bytes; this is not a scenario.toml")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        data = bytes(exc.object)  # without the BOM, if any
        line = data.count(b"\n", 0, exc.start) + 1
        log.error(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02X}); save it as UTF-8")
        return None
    try:
        return text, tomllib.loads(text)
    except RecursionError:
        log.error(path, 1, "bad TOML: nested too deeply; write settings as key = value")
        return None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        column = f" (column {found.group(2)})" if found else ""
        log.error(path, line, f'bad TOML: {message}{column}; write settings as key = value, text in "quotes"')
        return None


def _read_settings(
    folder: Path | ScenarioWorkbook, log: IssueLog
) -> tuple[dict[str, Any], Callable[[str], int | None]] | None:
    """The settings table (scenario.toml, or sheet `scenario`) and the line of each key."""
    if isinstance(folder, ScenarioWorkbook):
        return folder.settings(log)
    read = _read_toml(folder / SCENARIO_TOML, log)
    if read is None:
        return None
    text, data = read
    return data, lambda key: _toml_line(text, key)


def _load_settings(folder: Path | ScenarioWorkbook, log: IssueLog) -> tuple[Settings | None, str | None]:
    """scenario.toml as Settings, and the planned month (known even when another key is bad)."""
    path = folder / SCENARIO_TOML
    read = _read_settings(folder, log)
    if read is None:
        return None, None
    data, line_of = read
    for key in data:
        if key not in Settings.model_fields and key not in EXTENSION_KEYS:
            log.warn(path, line_of(key), f"unknown setting '{key}' is ignored")
    values = {k: v for k, v in data.items() if k in Settings.model_fields}
    if isinstance(values.get("month"), dt.date):
        values["month"] = values["month"].isoformat()[:7]
    month = values.get("month")
    month = month if isinstance(month, str) and MONTH.match(month) else None
    if "holidays" in values:  # French Excel dates JJ/MM/AAAA (spreadsheet_cells)
        values["holidays"], problem = normalise_holidays(values["holidays"], month)
        if problem:
            log.error(path, line_of("holidays") or 1, problem)
            return None, month
    try:
        return Settings.model_validate(values), month
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            key = str(error["loc"][0]) if error["loc"] else "?"
            where = f"'{key}'" + (f" item {error['loc'][1]}" if len(error["loc"]) > 1 else "")
            log.error(path, line_of(key) or 1, f"{where}: {_describe(error)}")
        return None, month


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if ISO_DATE.match(text) else None
    except ValueError:
        return None


def _availability_problems(person: str, text: str, month: str | None, people: set[str] | None) -> list[str]:
    problems = []
    if not person:
        problems.append("column 'person_id': value is missing (a doctor_id or replacement_id)")
    elif people is not None and person not in people:
        problems.append(
            f"column 'person_id': unknown person {_shown(person)} (not in doctors.csv nor replacements.csv)"
        )
    day = _parse_date(text)
    if not text:
        problems.append("column 'date': value is missing (a date YYYY-MM-DD)")
    elif day is None:
        problems.append(f"column 'date': must be a date YYYY-MM-DD, got {_shown(text)}")
    elif month is not None and day.isoformat()[:7] != month:
        problems.append(f"column 'date': {text} is outside the planned month {month}")
    return problems


def _availability(
    table: Table, month: str | None, people: set[str] | None, log: IssueLog
) -> dict[str, frozenset[dt.date]]:
    """Dates per person; `month`/`people` None when unknown (their checks are then skipped)."""
    dates: dict[str, set[dt.date]] = {}
    for row in table.rows:
        person, text = row.cells["person_id"], row.cells["date"]
        problems = _availability_problems(person, text, month, people)
        for problem in problems:
            log.error(table.path, row.line, problem)
        day = _parse_date(text)
        if not problems and day is not None:
            days = dates.setdefault(person, set())
            if day in days:
                log.warn(table.path, row.line, f"duplicate row ({person}, {text}) is ignored")
            days.add(day)
    return {person: frozenset(days) for person, days in dates.items()}


def _visits(
    table: Table,
    month: str | None,
    doctors: set[str] | None,
    sites: set[str] | None,
    log: IssueLog,
    past: bool,
) -> tuple[Visit, ...]:
    """pins.csv (dates in the month, known doctor and site) or history.csv (dates before it)."""
    out = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        text, doctor, site = row.cells["date"], row.cells["doctor_id"], row.cells["site_id"]
        day = _parse_date(text)
        problems = []
        if day is None:
            problems.append(f"column 'date': must be a date YYYY-MM-DD, got {_shown(text)}")
        elif month is not None and past and day.isoformat()[:7] >= month:
            problems.append(f"column 'date': {text} is not before the planned month {month}")
        elif month is not None and not past and day.isoformat()[:7] != month:
            problems.append(f"column 'date': {text} is outside the planned month {month}")
        if not doctor:
            problems.append("column 'doctor_id': value is missing")
        elif not past and doctors is not None and doctor not in doctors:
            problems.append(f"column 'doctor_id': unknown doctor {_shown(doctor)} (not in doctors.csv)")
        if not site:
            problems.append("column 'site_id': value is missing")
        elif not past and sites is not None and site not in sites:
            problems.append(f"column 'site_id': unknown site {_shown(site)} (not in sites.csv)")
        key = (text, doctor, site)
        if not problems and key in seen:
            problems.append(f"duplicate row (first on line {seen[key]})")
        for problem in problems:
            log.error(table.path, row.line, problem)
        if not problems and day is not None:
            seen[key] = row.line
            out.append(Visit(line=row.line, date=day, doctor_id=doctor, site_id=site))
    return tuple(out)


def _check_minimums(path: Path, zones: list[tuple[int, Any]], log: IssueLog) -> None:
    for line, zone in zones:
        if zone.min_days > zone.demand_days:
            log.error(
                path, line, f"column 'min_days': {zone.min_days} exceeds demand_days {zone.demand_days}"
            )


def _check_half_days(path: Path, sites: list[tuple[int, Any]], log: IssueLog) -> None:
    """Extension (sites.csv am_hours, pm_hours): the morning ends before the afternoon begins."""
    for line, site in sites:
        (_, am_end), (pm_start, _) = site.half_days()
        if am_end > pm_start:
            log.error(
                path, line, f"column 'pm_hours': {site.pm_hours} begins before am_hours {site.am_hours} ends"
            )


def _warn_late_registration(
    path: Path, doctors: list[tuple[int, Any]], month: str | None, log: IssueLog
) -> None:
    """Extension (doctors.csv available_from): a doctor registered only after the month gets no mission."""
    for line, doctor in doctors:
        if month is not None and doctor.available_from and doctor.available_from.isoformat()[:7] > month:
            log.warn(
                path,
                line,
                f"{doctor.doctor_id} is registered only from {doctor.available_from} (available_from), "
                f"after the planned month {month}: no mission can be planned",
            )


def _km_problem(table: Table, text: str) -> tuple[float, str | None]:
    """The km of a distances.csv cell, or NaN and what is wrong with it."""
    if not text:
        return math.nan, "column 'km': value is missing (a number >= 0)"
    try:
        if "_" in text:  # Python would read 1_2.5 as 12.5
            raise ValueError(text)
        km = float(table.number_text(text))
    except ValueError:
        decimal = "like 12.5 or 12,5" if table.french_excel else "like 12.5 (with '.' as decimal point)"
        return math.nan, f"column 'km': must be a number {decimal}, got {_shown(text)}"
    if not math.isfinite(km) or km < 0 or km > MAX_KM:
        return km, f"column 'km': must be a finite number between 0 and {MAX_KM:g}, got {_shown(text)}"
    return km, None


def _id_problem(column: str, value: str, known: set[str] | None, what: str) -> str | None:
    if not value:
        return f"column '{column}': value is missing (a {what})"
    if known is not None and value not in known:
        return f"column '{column}': unknown {what} {_shown(value)}"
    return None


def _distances(
    table: Table, people: set[str] | None, places: set[str] | None, log: IssueLog
) -> dict[tuple[str, str], float]:
    """Road km per (person, place); `people`/`places` None when unknown (not checked then)."""
    out: dict[tuple[str, str], float] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in table.rows:
        src, dst = row.cells["from_id"], row.cells["to_id"]
        km, km_problem = _km_problem(table, row.cells["km"])
        problems = [
            _id_problem("from_id", src, people, "doctor_id or replacement_id"),
            _id_problem("to_id", dst, places, "site_id or practice_id"),
            km_problem,
        ]
        found = [p for p in problems if p is not None]
        key = (src, dst)
        if not found and key in first_line:
            found.append(f"duplicate pair ({src}, {dst}) (first on line {first_line[key]})")
        for problem in found:
            log.error(table.path, row.line, problem)
        if not found:
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
    """Report records whose `column` names an id absent from its file."""
    where = {"zone": "zones.csv", "practice": "practices.csv"}[what]
    for line, record in rows:
        value = getattr(record, column)
        if value is not None and value not in known:
            log.error(path, line, f"column '{column}': unknown {what} {_shown(value)} (not in {where})")


def _read_tables(folder: Path | ScenarioWorkbook, log: IssueLog) -> dict[str, Table | None]:
    """Every table of the format; None for an absent optional file or an unreadable one."""
    tables: dict[str, Table | None] = {}
    for name, (_, required, optional, mandatory) in TABLES.items():
        path = folder / name
        if not mandatory and not _present(folder, name):
            tables[name] = None
            continue
        if isinstance(folder, ScenarioWorkbook):
            tables[name] = folder.table(name, required, optional, log)
        else:
            tables[name] = read_table(path, required, optional, log)
    return tables


def _present(folder: Path | ScenarioWorkbook, name: str) -> bool:
    """The file (or the workbook's sheet) exists."""
    return folder.present(name) if isinstance(folder, ScenarioWorkbook) else (folder / name).exists()


def _ids(tables: dict[str, Table | None], folder: Path | ScenarioWorkbook, *names: str) -> set[str] | None:
    """Ids present in these tables, or None when one of them exists but could not be read."""
    ids: set[str] = set()
    for name in names:
        table = tables[name]
        if table is None:
            if TABLES[name][3] or _present(folder, name):
                return None
            continue
        if table.incomplete:  # a malformed record was skipped: its id may be referred to
            return None
        id_column = TABLES[name][1][0]
        ids.update(row.cells[id_column] for row in (*table.rows, *table.rejected) if row.cells[id_column])
    return ids


def _wishes(
    folder: Path,
    tables: dict[str, Table | None],
    records: dict[str, list[tuple[int, Any]]],
    month: str | None,
    doctor_ids: set[str] | None,
    zone_ids: set[str] | None,
    log: IssueLog,
) -> tuple[Any, ...]:
    """Extension: wishes.csv rows (`roster.scenarios.wishes_file`), and a warning for each
    only_wished doctor without a positive wish."""
    wishes = ()
    if tables["wishes.csv"] is not None:
        site_zone = {s.site_id: s.zone_id for _, s in records["sites.csv"]}
        site_ids = _ids(tables, folder, "sites.csv")
        wishes = read_wishes(tables["wishes.csv"], month, doctor_ids, site_ids, zone_ids, site_zone, log)
    warn_unwished_only_wished(folder / "doctors.csv", records["doctors.csv"], wishes, log)
    return wishes


def _open(path: Path, log: IssueLog) -> Path | ScenarioWorkbook:
    """The scenario folder, or the workbook (`.xlsx`) read into its sheets; raise if neither."""
    if is_workbook(path):
        book = ScenarioWorkbook.open(path, log)
        log.raise_if_any()
        assert book is not None
        for title in book.unknown_sheets(list(TABLES)):
            log.warn(path, None, f"sheet '{title}' is not part of the scenario format and is ignored")
        return book
    if not path.is_dir():
        log.error(path, None, "no such scenario folder")
        log.raise_if_any()
    return path


def load_scenario(folder: Path | str, warnings: list[str] | None = None) -> Scenario:
    """Read and validate a scenario folder or workbook; raise `ScenarioError` listing every problem."""
    log = IssueLog()
    folder = _open(Path(folder), log)
    settings, month = _load_settings(folder, log)
    tables = normalise_tables(_read_tables(folder, log), month, log)

    seen_people: dict[str, tuple[str, int]] = {}
    records: dict[str, list[tuple[int, Any]]] = {}
    for name, (model, required, _, _) in TABLES.items():
        table = tables[name]
        if model is None or table is None:
            records[name] = []
            continue
        seen = seen_people if name in ("doctors.csv", "replacements.csv") else {}
        records[name] = _records(table, model, required[0], log, seen)

    zone_ids = _ids(tables, folder, "zones.csv")
    practice_ids = _ids(tables, folder, "practices.csv")
    people = _ids(tables, folder, "doctors.csv", "replacements.csv")
    places = _ids(tables, folder, "sites.csv", "practices.csv")
    if zone_ids is not None:
        _check_references(folder / "sites.csv", records["sites.csv"], "zone_id", zone_ids, "zone", log)
    if practice_ids is not None and tables["practices.csv"] is not None:
        _check_references(
            folder / "doctors.csv", records["doctors.csv"], "practice_id", practice_ids, "practice", log
        )

    availability: dict[str, frozenset[dt.date]] = {}
    if tables["availability.csv"] is not None:
        availability = _availability(tables["availability.csv"], month, people, log)
    distances: dict[tuple[str, str], float] = {}
    if tables["distances.csv"] is not None:
        distances = _distances(tables["distances.csv"], people, places, log)
    _check_minimums(folder / "zones.csv", records["zones.csv"], log)
    _check_half_days(folder / "sites.csv", records["sites.csv"], log)
    _warn_late_registration(folder / "doctors.csv", records["doctors.csv"], month, log)
    doctor_ids, site_ids = _ids(tables, folder, "doctors.csv"), _ids(tables, folder, "sites.csv")
    pins = history = ()
    if tables["pins.csv"] is not None:
        pins = _visits(tables["pins.csv"], month, doctor_ids, site_ids, log, past=False)
    if tables["history.csv"] is not None:
        history = _visits(tables["history.csv"], month, doctor_ids, site_ids, log, past=True)
    wishes = _wishes(folder, tables, records, month, doctor_ids, zone_ids, log)

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
        pins=pins,
        history=history,
        wishes=wishes,
        has_wishes_file=tables["wishes.csv"] is not None,
    )
