"""The scenario's domain: zones, sites, practices, volunteers, locums and settings.

Field names and meanings are those of the contract (`docs/scenario-format.md`). The
models validate single values; cross-file checks (references, uniqueness, dates in
the month) live in `roster.scenarios.loader`.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from roster.models.safe_text import CONTROL_CHARACTERS as _CONTROL
from roster.models.safe_text import check_id, check_name

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Bounds that keep every number meaningful and every solver integer far from overflow.
MAX_COUNT = 1_000_000
MAX_KM = 100_000.0
MIN_YEAR, MAX_YEAR = 1900, 2200  # a planned month's year

Identifier = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(check_id)]
Name = Annotated[str, AfterValidator(check_name)]  # free text: no control character
Latitude = Annotated[float, Field(ge=-90.0, le=90.0, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Km = Annotated[float, Field(ge=0.0, le=MAX_KM, allow_inf_nan=False)]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HOURS = re.compile(r"^(\d{1,2})(?:[:hH]([0-5]\d)?)?-(\d{1,2})(?:[:hH]([0-5]\d)?)?$")
DEFAULT_AM_HOURS, DEFAULT_PM_HOURS = "08:30-12:30", "13:30-18:00"  # a mission day's two half-days


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


def parse_weekdays(text: str) -> frozenset[int]:
    """`"Mon Tue"` -> {0, 1}; case-insensitive, commas tolerated; ValueError on unknown names."""
    days: set[int] = set()
    lookup = {name.lower(): i for i, name in enumerate(WEEKDAYS)}
    for token in text.replace(",", " ").split():
        if token.lower() not in lookup:
            raise ValueError(f"unknown weekday {token!r} (expected among {' '.join(WEEKDAYS)})")
        days.add(lookup[token.lower()])
    return frozenset(days)


def parse_hours(text: str) -> str | None:
    """`08:30-12:30` (also `8h30 - 12h30`, `9h-12h`) as `HH:MM-HH:MM`; None unless start < end."""
    found = HOURS.match(text.replace(" ", ""))
    if not found:
        return None
    h1, m1, h2, m2 = (int(part or 0) for part in found.groups())
    if h1 > 23 or h2 > 24 or (h2 == 24 and m2) or (h1, m1) >= (h2, m2):
        return None
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _weekdays_before(value: object) -> object:
    return parse_weekdays(value) if isinstance(value, str) else value


ZONE_DESIGNATIONS = ("", "official", "uncertain", "proxy")


class Zone(_Record):
    """A priority intercommunality (EPCI) that wants doctor-days."""

    zone_id: Identifier
    name: Name
    department: Name
    population: int = Field(ge=0, le=10**9)
    priority: float = Field(gt=0.0, le=1e6, allow_inf_nan=False)
    demand_days: Count
    min_days: Count = 0  # extension: hard minimum of doctor-days (optional column)
    # extension (optional column `designation`): "official" (named in the sources),
    # "uncertain" (named, match not certain) or "proxy" (lowest APL); "" when not said.
    designation: str = Field(default="", max_length=40)

    @field_validator("designation", mode="before")
    @classmethod
    def _designation(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().lower()
            if value not in ZONE_DESIGNATIONS:
                raise ValueError(f"must be official, uncertain, proxy or empty, got {value!r}")
        return value

    @property
    def priority_fraction(self) -> Fraction:
        """The priority as the exact decimal the planner typed (shortest float repr)."""
        return Fraction(repr(self.priority))


class Site(_Record):
    """A consultation place in a zone."""

    site_id: Identifier
    zone_id: Identifier
    name: Name
    latitude: Latitude
    longitude: Longitude
    capacity: int = Field(ge=1, le=MAX_COUNT)
    open_weekdays: frozenset[int]
    lodging: bool
    # Extensions (optional columns): the consultation hours of a mission day's morning and
    # afternoon (`HH:MM-HH:MM`; empty: the defaults), and where patients go (`roster publish`).
    am_hours: str = DEFAULT_AM_HOURS
    pm_hours: str = DEFAULT_PM_HOURS
    address: str = Field(default="", max_length=300)
    commune: str = Field(default="", max_length=200)

    _weekdays = field_validator("open_weekdays", mode="before")(_weekdays_before)

    @field_validator("am_hours", "pm_hours", mode="before")
    @classmethod
    def _hours(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        if not value.strip():
            return DEFAULT_AM_HOURS if info.field_name == "am_hours" else DEFAULT_PM_HOURS
        hours = parse_hours(value)
        if hours is None:
            raise ValueError(f"must be hours like 08:30-12:30 (start before end), got {value!r}")
        return hours

    @field_validator("address", "commune", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        """Free text shown to patients: line breaks and control characters become spaces."""
        return " ".join(_CONTROL.sub(" ", value).split()) if isinstance(value, str) else value

    def half_days(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """((start, end) of the morning, (start, end) of the afternoon), as `HH:MM`."""
        am, pm = self.am_hours.split("-"), self.pm_hours.split("-")
        return (am[0], am[1]), (pm[0], pm[1])

    @field_validator("lodging", mode="before")
    @classmethod
    def _zero_or_one(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip() not in ("0", "1"):
                raise ValueError(f"must be 0 or 1, got {value!r}")
            return value.strip() == "1"
        return value


class Practice(_Record):
    """A volunteer's home practice, which must stay open while they are away."""

    practice_id: Identifier
    name: Name
    latitude: Latitude
    longitude: Longitude
    open_weekdays: frozenset[int]
    min_present: Count
    other_doctors: Count

    _weekdays = field_validator("open_weekdays", mode="before")(_weekdays_before)


class Doctor(_Record):
    """A volunteer general practitioner (médecin solidaire)."""

    doctor_id: Identifier
    name: Name
    practice_id: str | None = None
    latitude: Latitude
    longitude: Longitude
    max_days: Count
    max_km: Km
    # Extensions (optional columns): hard "only where I wished" flag, the date the doctor is
    # registered from (Ordre, CPS card: no mission before it), and contact data, which never
    # reaches a calendar, the report or a publication.
    only_wished: bool = False
    available_from: dt.date | None = None
    email: str = ""
    phone: str = ""
    rpps: str = ""

    @field_validator("available_from", mode="before")
    @classmethod
    def _date_or_empty(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            if not ISO_DATE.match(text):
                raise ValueError(f"must be a date YYYY-MM-DD or JJ/MM/AAAA, got {text!r}")
        return value

    @field_validator("only_wished", mode="before")
    @classmethod
    def _flag(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip() not in ("", "0", "1"):
                raise ValueError(f"must be 0 or 1, got {value!r}")
            return value.strip() == "1"
        return value

    @field_validator("practice_id", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value


class Replacement(_Record):
    """A locum (remplaçant) who can keep a home practice open."""

    replacement_id: Identifier
    name: Name
    latitude: Latitude
    longitude: Longitude
    max_days: Count
    max_km: Km


class Settings(_Record):
    """scenario.toml: the month and the policy knobs."""

    name: Name
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    max_days_per_doctor: Count = 2
    holidays: tuple[dt.date, ...] = ()
    road_factor: float = Field(default=1.3, gt=0.0, le=100.0, allow_inf_nan=False)
    day_trip_max_km: Km = 80.0
    daily_indemnity_eur: float = Field(default=200.0, ge=0.0, le=1e6, allow_inf_nan=False)
    km_rate_eur: float = Field(default=0.35, ge=0.0, le=1e3, allow_inf_nan=False)
    # Extensions: costs (defaults keep the contract's figures), budget and stays.
    locum_daily_eur: float = Field(default=0.0, ge=0.0, le=1e6, allow_inf_nan=False)
    lodging_night_eur: float = Field(default=0.0, ge=0.0, le=1e6, allow_inf_nan=False)
    round_trip: bool = False  # travel reimbursed both ways
    secondary: Literal["km", "cost"] = "km"  # second objective: km (contract) or total EUR
    budget_eur: float | None = Field(default=None, ge=0.0, le=1e12, allow_inf_nan=False)
    max_stay_days: int = Field(default=1, ge=1, le=31)
    stay_min_km: Km | None = None  # default: day_trip_max_km

    @field_validator("month")
    @classmethod
    def _year_in_range(cls, value: str) -> str:
        if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
            raise ValueError(f"the year of month must be between {MIN_YEAR} and {MAX_YEAR}, got {value!r}")
        return value

    @field_validator("holidays", mode="before")
    @classmethod
    def _dates_only(cls, value: object) -> object:
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if not isinstance(item, str | dt.date) or isinstance(item, dt.datetime):
                raise ValueError(f'holidays must be dates like "2025-11-01", got {item!r}')
        return value

    @property
    def first_day(self) -> dt.date:
        year, month = (int(part) for part in self.month.split("-"))
        return dt.date(year, month, 1)

    def dates(self) -> list[dt.date]:
        """Every date of the planned month."""
        first = self.first_day
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return [first + dt.timedelta(days=i) for i in range((following - first).days)]


class Visit(BaseModel):
    """A (date, doctor, site) row of pins.csv (must be planned) or history.csv (past)."""

    model_config = ConfigDict(frozen=True)

    line: int
    date: dt.date
    doctor_id: str
    site_id: str


class Wish(BaseModel):
    """A row of wishes.csv: a volunteer's wish (weight > 0) or dislike (weight < 0).

    It matches a mission of its doctor when every field that is not None equals the
    mission's; `weekday` is 0 (Mon) .. 6 (Sun).
    """

    model_config = ConfigDict(frozen=True)

    line: int
    doctor_id: str
    site_id: str | None = None
    zone_id: str | None = None
    weekday: int | None = None
    date: dt.date | None = None
    weight: int = 1


class Scenario(BaseModel):
    """A validated scenario folder: everything one monthly solve needs."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    settings: Settings
    zones: tuple[Zone, ...]
    sites: tuple[Site, ...]
    practices: tuple[Practice, ...] = ()
    doctors: tuple[Doctor, ...]
    replacements: tuple[Replacement, ...] = ()
    availability: dict[str, frozenset[dt.date]] = Field(default_factory=dict)
    distances: dict[tuple[str, str], float] = Field(default_factory=dict)
    has_practices_file: bool = True
    pins: tuple[Visit, ...] = ()  # extension: pins.csv, missions that must be planned
    history: tuple[Visit, ...] = ()  # extension: history.csv, missions of past months
    wishes: tuple[Wish, ...] = ()  # extension: wishes.csv, volunteers' wishes
    has_wishes_file: bool = False  # wishes.csv present: the wish score is an objective

    def available(self, person_id: str) -> frozenset[dt.date]:
        """Dates of the month on which a doctor or locum can be assigned."""
        return self.availability.get(person_id, frozenset())

    def holidays_in_month(self) -> frozenset[dt.date]:
        month = self.settings.month
        return frozenset(d for d in self.settings.holidays if d.isoformat()[:7] == month)
