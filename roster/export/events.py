"""Calendar events of a planning: one per mission day or locum day, grouped per file."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from roster.models import Assignment, Doctor, LocumDay, Planning, Practice, Replacement, Scenario, Site, Zone
from roster.outputs.stays import stays_of

GROUPS: tuple[str, ...] = ("doctor", "site", "zone")
LOCUMS_STEM = "locums"


@dataclass(frozen=True, order=True)
class Event:
    """One all-day calendar event (sorted by date, then person, then place)."""

    date: dt.date
    person_id: str
    place_id: str
    summary: str
    location: str
    details: tuple[str, ...]
    kind: str  # "mission" or "locum"
    km: float
    days: int = 1  # calendar days covered: a stay is one event from its first to its last day

    @property
    def uid(self) -> str:
        """Stable across re-exports: derived from (date, person, place) only."""
        key = f"{self.date.isoformat()}|{self.person_id}|{self.place_id}".encode()
        return f"{hashlib.sha1(key).hexdigest()}@roster"

    @property
    def description(self) -> str:
        """The details, one per line."""
        return "\n".join(self.details)


def slug(*parts: str, max_length: int = 80) -> str:
    """ASCII, lowercase, dash-separated: ("D00012", "Dr Marie Dupont") -> "d00012-dr-marie-dupont"."""
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:max_length].rstrip("-") or "item"


def _money(value: float) -> str:
    return f"{value:.0f} EUR" if value == round(value) else f"{value:.2f} EUR"


@dataclass(frozen=True)
class _Index:
    doctors: dict[str, Doctor]
    sites: dict[str, Site]
    zones: dict[str, Zone]
    locums: dict[str, Replacement]
    practices: dict[str, Practice]


def _index(scenario: Scenario) -> _Index:
    return _Index(
        doctors={d.doctor_id: d for d in scenario.doctors},
        sites={s.site_id: s for s in scenario.sites},
        zones={z.zone_id: z for z in scenario.zones},
        locums={r.replacement_id: r for r in scenario.replacements},
        practices={p.practice_id: p for p in scenario.practices},
    )


def mission_event(scenario: Scenario, a: Assignment, index: _Index | None = None) -> Event:
    """A mission day: doctor, site, zone, one-way km and what it costs."""
    index = index or _index(scenario)
    doctor, site = index.doctors.get(a.doctor_id), index.sites.get(a.site_id)
    zone = index.zones.get(a.zone_id)
    doctor_name = doctor.name if doctor else a.doctor_id
    site_name = site.name if site else a.site_id
    zone_name = zone.name if zone else a.zone_id
    department = f", dept {zone.department}" if zone and zone.department else ""
    settings = scenario.settings
    details = (
        f"Zone: {zone_name} ({a.zone_id}{department})",
        f"One-way distance: {a.km:.1f} km",
        f"Indemnity: {_money(settings.daily_indemnity_eur)}",
        f"Travel reimbursement: {_money(a.km * settings.km_rate_eur)}",
        f"Doctor: {doctor_name} ({a.doctor_id})",
        f"Site: {site_name} ({a.site_id})",
    )
    return Event(
        date=a.date,
        person_id=a.doctor_id,
        place_id=a.site_id,
        summary=f"Mission {doctor_name} - {site_name}",
        location=f"{site_name}, {zone_name}" + (f" ({zone.department})" if zone and zone.department else ""),
        details=details,
        kind="mission",
        km=a.km,
    )


def locum_event(scenario: Scenario, r: LocumDay, index: _Index | None = None) -> Event:
    """A locum day: a replacement keeps a volunteer's home practice open."""
    index = index or _index(scenario)
    locum, practice = index.locums.get(r.replacement_id), index.practices.get(r.practice_id)
    locum_name = locum.name if locum else r.replacement_id
    practice_name = practice.name if practice else r.practice_id
    details = (
        f"Locum: {locum_name} ({r.replacement_id})",
        f"Practice: {practice_name} ({r.practice_id})",
        f"One-way distance: {r.km:.1f} km",
    )
    return Event(
        date=r.date,
        person_id=r.replacement_id,
        place_id=r.practice_id,
        summary=f"Remplacement {practice_name}",
        location=practice_name,
        details=details,
        kind="locum",
        km=r.km,
    )


def _names(scenario: Scenario, group: str) -> dict[str, str]:
    if group == "doctor":
        return {d.doctor_id: d.name for d in scenario.doctors}
    if group == "site":
        return {s.site_id: s.name for s in scenario.sites}
    return {z.zone_id: z.name for z in scenario.zones}


def _key(a: Assignment, group: str) -> str:
    return {"doctor": a.doctor_id, "site": a.site_id, "zone": a.zone_id}[group]


def _unique_stem(stem: str, entity_id: str, taken: set[str]) -> str:
    if stem in taken:
        stem = f"{stem}-{hashlib.sha1(entity_id.encode()).hexdigest()[:8]}"
    taken.add(stem)
    return stem


def grouped_events(scenario: Scenario, planning: Planning, group: str) -> dict[str, list[Event]]:
    """File stem -> sorted events: one stem per entity of `group` with missions, plus `locums`."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}; choose among {', '.join(GROUPS)}")
    names, index = _names(scenario, group), _index(scenario)
    per_entity: dict[str, list[Event]] = {}
    for stay in stays_of(planning.assignments):
        event = mission_event(scenario, stay.rows[0], index)
        if stay.days > 1:  # a stay: one event over its days (roster.outputs.stays)
            note = f"Stay: {stay.days} mission days, {stay.first} to {stay.last}"
            note += f", {stay.nights_between} nights on site"
            event = replace(event, days=stay.span_days, details=(*event.details, note))
        per_entity.setdefault(_key(stay.rows[0], group), []).append(event)
    taken = {LOCUMS_STEM}
    files: dict[str, list[Event]] = {}
    for entity_id in sorted(per_entity):
        stem = _unique_stem(slug(entity_id, names.get(entity_id, "")), entity_id, taken)
        files[stem] = sorted(per_entity[entity_id])
    if planning.locum_days:
        files[LOCUMS_STEM] = sorted(locum_event(scenario, r, index) for r in planning.locum_days)
    return files


def calendar_title(scenario: Scenario, stem: str) -> str:
    """A human name for one calendar file (for formats that carry one)."""
    return f"roster {scenario.settings.name} {scenario.settings.month} - {stem}"
