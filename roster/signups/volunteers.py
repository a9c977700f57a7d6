"""Sign-up rows to volunteers: id, name, contact, home commune, limits, dates and wishes.

Every problem is reported as `file:line: column 'X': message` (with a "did you mean"
where a close name exists); a row with a problem gives no volunteer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field

from roster.models import Scenario
from roster.models.domain import MAX_COUNT, MAX_KM, WEEKDAYS
from roster.scenarios.errors import IssueLog
from roster.scenarios.spreadsheet_cells import SLASH_DATE, ambiguous_dates_message, day_first, fits_for
from roster.scenarios.spreadsheet_cells import month_first_only as us_order
from roster.signups.communes import CommuneIndex, name_key
from roster.signups.export_file import Export, ExportRow
from roster.signups.mapping import Mapping

FRENCH_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LIST_SEPARATORS = re.compile(r"[;,|\n\r]+")
YES = {"1", "oui", "o", "yes", "y", "true", "vrai", "x"}
NO = {"", "0", "non", "n", "no", "false", "faux"}


def doctor_id_for(rpps: str) -> str:
    """A stable id derived from the RPPS number (a pseudonym: the number itself is never shown)."""
    return "D-" + hashlib.sha256(f"roster-rpps:{rpps}".encode()).hexdigest()[:10]


@dataclass
class Volunteer:
    """One volunteer read from the export."""

    line: int
    rpps: str
    doctor_id: str
    name: str
    email: str
    phone: str
    commune: str
    latitude: float
    longitude: float
    max_days: int
    max_km: float
    practice_id: str | None  # None: the export does not say (keep the planner's)
    only_wished: bool
    available_from: dt.date | None = None  # None: not given (or no such column in the export)
    dates: set[dt.date] = field(default_factory=set)
    wished_sites: list[str] = field(default_factory=list)
    wished_zones: list[str] = field(default_factory=list)
    wished_weekdays: list[int] = field(default_factory=list)
    wished_dates: list[dt.date] = field(default_factory=list)


def _weekday_lookup() -> dict[str, int]:
    lookup = {}
    for i, (fr, en) in enumerate(zip(FRENCH_WEEKDAYS, ENGLISH_WEEKDAYS, strict=True)):
        lookup.update({fr: i, fr + "s": i, en: i, en + "s": i, WEEKDAYS[i].lower(): i})
    return lookup


WEEKDAY_NAMES = _weekday_lookup()


def _items(text: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def _close(asked: str, names: list[str]) -> str:
    close = difflib.get_close_matches(asked, names, n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


class Places:
    """Sites and zones of the scenario, looked up by id or by name (case and accents ignored)."""

    def __init__(self, scenario: Scenario) -> None:
        self.sites: dict[str, list[str]] = {}
        self.zones: dict[str, list[str]] = {}
        self.names: list[str] = []
        for s in scenario.sites:
            for key in {name_key(s.site_id), name_key(s.name)}:
                self.sites.setdefault(key, []).append(s.site_id)
            self.names.append(s.name)
        for z in scenario.zones:
            for key in {name_key(z.zone_id), name_key(z.name)}:
                self.zones.setdefault(key, []).append(z.zone_id)
        self._by_key = {name_key(n): n for n in self.names}

    def find(self, asked: str) -> tuple[str, str | None, str | None]:
        """("site" or "zone", its id, problem)."""
        key = name_key(asked)
        for kind, table in (("site", self.sites), ("zone", self.zones)):
            ids = sorted(set(table.get(key, [])))
            if len(ids) == 1:
                return kind, ids[0], None
            if len(ids) > 1:
                return kind, None, f"{kind} name {asked!r} is shared by {', '.join(ids)}; write the {kind} id"
        close = difflib.get_close_matches(key, list(self._by_key), n=2, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(self._by_key[c]) for c in close)}?" if close else ""
        return "site", None, f"unknown site {asked!r} (not in sites.csv){hint}"


@dataclass
class _Context:
    export: Export
    mapping: Mapping
    scenario: Scenario
    communes: CommuneIndex
    places: Places
    log: IssueLog
    ambiguous_lines: set[int]

    @property
    def month(self) -> str:
        return self.scenario.settings.month

    def column(self, name: str) -> str:
        return self.export.columns.get(name, self.mapping.columns[name])

    def error(self, row: ExportRow, name: str, message: str) -> None:
        self.log.error(self.export.where, row.line, f"column {self.column(name)!r}: {message}")


def _parse_date(text: str) -> dt.date | None:
    """`03/10/2025` (JJ/MM/AAAA) or `2025-10-03`; None otherwise."""
    if SLASH_DATE.match(text):
        return day_first(text)
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def _dates(ctx: _Context, row: ExportRow, name: str) -> list[dt.date] | None:
    """Dates of the month in a list cell, or None after reporting what is wrong."""
    out, ok = [], True
    for item in _items(row.cells.get(name, "")):
        day = _parse_date(item)
        if day is None:
            ctx.error(row, name, f"{item!r} is not a date JJ/MM/AAAA")
            ok = False
        elif day.isoformat()[:7] != ctx.month:
            ctx.error(row, name, f"date {item} is outside the planned month {ctx.month}")
            ok = False
        else:
            out.append(day)
    return out if ok else None


def _registration(ctx: _Context, row: ExportRow) -> tuple[dt.date | None, bool]:
    """(the date the volunteer is registered from, ok): one date JJ/MM/AAAA or YYYY-MM-DD, any month."""
    text = row.cells.get("available_from", "").strip()
    if not text:
        return None, True
    day = _parse_date(text)
    if day is None:
        ctx.error(row, "available_from", f"{text!r} is not a date JJ/MM/AAAA")
        return None, False
    return day, True


def _number(ctx: _Context, row: ExportRow, name: str, whole: bool, top: float) -> float | None:
    text = row.cells.get(name, "").strip()
    if not text:
        return ctx.mapping.defaults.get(name)
    cleaned = re.sub(r"\s*(km|jours?|j|days?)\.?$", "", text.lower()).replace(",", ".").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        value = -1.0
    if not (0 <= value <= top) or (whole and value != int(value)):
        what = "a whole number of days" if whole else "a number of km"
        ctx.error(row, name, f"must be {what} >= 0, got {text!r}")
        return None
    return value


def _wishes(ctx: _Context, row: ExportRow, v: Volunteer) -> bool:
    ok = True
    for item in _items(row.cells.get("sites", "")):
        kind, found, problem = ctx.places.find(item)
        if problem:
            ctx.error(row, "sites", problem)
            ok = False
        elif kind == "site":
            v.wished_sites.append(found or "")
        else:
            v.wished_zones.append(found or "")
    for item in _items(row.cells.get("slots", "")):
        day = _parse_date(item)
        if day is not None:
            if day.isoformat()[:7] != ctx.month:
                ctx.error(row, "slots", f"date {item} is outside the planned month {ctx.month}")
                ok = False
            else:
                v.wished_dates.append(day)
            continue
        words = name_key(item).split()
        days = [WEEKDAY_NAMES[w] for w in words if w in WEEKDAY_NAMES]
        if ("week" in words and "end" in words) or "weekend" in words:
            days += [5, 6]
        if not days:
            hint = _close(name_key(item), list(FRENCH_WEEKDAYS))
            ctx.error(
                row, "slots", f"unknown slot {item!r}: expected lundi..dimanche or a date JJ/MM/AAAA{hint}"
            )
            ok = False
        v.wished_weekdays.extend(d for d in days if d not in v.wished_weekdays)
    return ok


def _practice(ctx: _Context, row: ExportRow) -> tuple[str | None, bool]:
    if "practice" not in ctx.export.columns:
        return None, True
    asked = row.cells.get("practice", "").strip()
    if not asked:
        return "", True
    practices = {name_key(p.practice_id): p.practice_id for p in ctx.scenario.practices}
    by_name: dict[str, list[str]] = {}
    for p in ctx.scenario.practices:
        by_name.setdefault(name_key(p.name), []).append(p.practice_id)
    key = name_key(asked)
    if key in practices:
        return practices[key], True
    if len(by_name.get(key, [])) == 1:
        return by_name[key][0], True
    if len(by_name.get(key, [])) > 1:
        ctx.error(
            row, "practice", f"practice name {asked!r} is shared by {', '.join(by_name[key])}; write its id"
        )
    else:
        names = [p.name for p in ctx.scenario.practices]
        ctx.error(row, "practice", f"unknown practice {asked!r} (not in practices.csv){_close(asked, names)}")
    return None, False


def _volunteer(ctx: _Context, row: ExportRow, rpps: str) -> Volunteer | None:
    cells = row.cells
    ok = True
    first, last = cells.get("first_name", "").strip(), cells.get("last_name", "").strip()
    if not last:
        ctx.error(row, "last_name", "value is missing")
        ok = False
    found = ctx.communes.find(cells.get("commune", ""))
    if found.problem:
        ctx.error(row, "commune", found.problem)
        ok = False
    elif found.note:
        ctx.log.warn(ctx.export.where, row.line, found.note)
    settings = ctx.scenario.settings
    max_days = _number(ctx, row, "max_days", whole=True, top=MAX_COUNT)
    max_km = _number(ctx, row, "max_km", whole=False, top=MAX_KM)
    if (cells.get("max_days", "").strip() and max_days is None) or (
        cells.get("max_km", "").strip() and max_km is None
    ):
        ok = False
    flag = cells.get("only_wished", "").strip().lower()
    if flag not in YES | NO:
        ctx.error(row, "only_wished", f"must be oui or non, got {cells['only_wished']!r}")
        ok = False
    practice_id, practice_ok = _practice(ctx, row)
    available_from, registration_ok = _registration(ctx, row)
    ok = ok and registration_ok
    dates = [] if row.line in ctx.ambiguous_lines else _dates(ctx, row, "availability")
    if dates is None or not practice_ok:
        ok = False
    commune = found.commune
    v = Volunteer(
        line=row.line,
        rpps=rpps,
        doctor_id=doctor_id_for(rpps),
        name=" ".join(part for part in ("Dr", first, last) if part),
        email=cells.get("email", "").strip(),
        phone=_phone(cells.get("phone", "")),
        commune=commune.name if commune else "",
        latitude=commune.latitude if commune else 0.0,
        longitude=commune.longitude if commune else 0.0,
        max_days=int(max_days if max_days is not None else settings.max_days_per_doctor),
        max_km=float(max_km if max_km is not None else settings.day_trip_max_km),
        practice_id=practice_id,
        only_wished=flag in YES,
        available_from=available_from,
        dates=set(dates or ()),
    )
    if row.line not in ctx.ambiguous_lines and not _wishes(ctx, row, v):
        ok = False
    if ok and not v.dates:
        ctx.log.warn(
            ctx.export.where, row.line, f"{v.name} gives no available date: no mission can be planned"
        )
    if ok and v.only_wished and not (v.wished_sites or v.wished_zones or v.wished_weekdays or v.wished_dates):
        ctx.error(row, "only_wished", "only wished missions, but no wished place or slot is given")
        ok = False
    return v if ok and commune is not None else None


def _phone(text: str) -> str:
    """The phone as written; a French number a spreadsheet read as a number (`639980001`) gets its 0 back."""
    text = text.strip()
    return "0" + text if re.fullmatch(r"[1-9]\d{8}", text) else text


def _rpps(ctx: _Context, row: ExportRow) -> str | None:
    raw = row.cells.get("rpps", "")
    digits = re.sub(r"[\s.\-]", "", raw)
    if re.fullmatch(r"\d{11}", digits):
        return digits
    what = (
        "value is missing"
        if not raw.strip()
        else f"an RPPS number has 11 digits, got {len(digits)} characters"
    )
    ctx.error(row, "rpps", what)
    return None


def _ambiguous_dates(ctx: _Context) -> set[int]:
    """Rows whose '/' dates only fit the month read month first: one grouped message, no per-row noise."""
    fits = fits_for("month", ctx.month)
    found = []
    for row in ctx.export.rows:
        for name in ("availability", "slots"):
            for item in _items(row.cells.get(name, "")):
                if SLASH_DATE.match(item) and us_order(item, fits):
                    found.append((row.line, item))
    if found:
        ctx.log.error(ctx.export.where, found[0][0], ambiguous_dates_message(found, "month", ctx.month))
    return {line for line, _ in found}


def read_volunteers(export: Export, mapping: Mapping, scenario: Scenario, log: IssueLog) -> list[Volunteer]:
    """The volunteers of the export, one per RPPS number (the later row wins, with a warning)."""
    departments = {z.department for z in scenario.zones}
    ctx = _Context(export, mapping, scenario, CommuneIndex(departments), Places(scenario), log, set())
    ctx.ambiguous_lines = _ambiguous_dates(ctx)
    latest: dict[str, ExportRow] = {}
    for row in export.rows:
        rpps = _rpps(ctx, row)
        if rpps is None:
            continue
        if rpps in latest:
            log.warn(
                export.where,
                row.line,
                f"same RPPS number as line {latest[rpps].line}: this later row replaces it",
            )
        latest[rpps] = row
    volunteers = [_volunteer(ctx, row, rpps) for rpps, row in latest.items()]
    return sorted((v for v in volunteers if v is not None), key=lambda v: v.line)
