"""Calendar events of a planning: one per mission day or locum day, grouped per file."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from roster.export.file_names import calendar_stems
from roster.i18n import ENGLISH, Lang
from roster.models import Assignment, Doctor, LocumDay, Planning, Practice, Replacement, Scenario, Site, Zone
from roster.outputs.stays import Stay, stays_of

GROUPS: tuple[str, ...] = ("doctor", "site", "zone")
LOCUM_PREFIX = "locum-"  # one calendar per locum: locum-<id>-<name>


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
    cancelled: bool = False  # a mission removed by `replan`: STATUS:CANCELLED
    sequence: int = 0  # iCalendar SEQUENCE: raised for every event of a re-planned month
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


def _money(value: float, lang: Lang = ENGLISH) -> str:
    if lang.fr:
        return lang.eur(value)
    return f"{value:.0f} EUR" if value == round(value) else f"{value:.2f} EUR"


def _km(km: float, lang: Lang) -> str:
    """A one-way distance to 0.1 km: `142,5` / `142.5`."""
    return lang.number(km, 1) if lang.fr else f"{km:.1f}"


def lodging_note(scenario: Scenario, a: Assignment, lang: Lang = ENGLISH) -> str | None:
    """Beyond the day trip the doctor sleeps on site the night before: say which night."""
    settings = scenario.settings
    if a.km <= settings.day_trip_max_km + 1e-9:
        return None
    eve = a.date - dt.timedelta(days=1)
    cost = settings.lodging_night_eur
    if lang.fr:
        paid = f", pris en charge ({lang.eur(cost)})" if cost else ""
        return (
            f"Hébergement : {_km(a.km, lang)} km, au-delà de l'aller-retour dans la journée "
            f"({lang.number(settings.day_trip_max_km)} km) ; nuit de la veille sur place, "
            f"le {lang.date(eve, weekday=True)}{paid}"
        )
    paid = f", paid ({_money(cost)})" if cost else ""
    return (
        f"Lodging: {_km(a.km, lang)} km is beyond the {settings.day_trip_max_km:g} km day trip; "
        f"stay the night before on site, {lang.date(eve, weekday=True)}{paid}"
    )


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


def mission_event(
    scenario: Scenario, a: Assignment, index: _Index | None = None, lang: Lang = ENGLISH
) -> Event:
    """A mission day: doctor, site, zone, one-way km, what it costs and where to sleep."""
    index = index or _index(scenario)
    doctor, site = index.doctors.get(a.doctor_id), index.sites.get(a.site_id)
    zone = index.zones.get(a.zone_id)
    doctor_name = doctor.name if doctor else a.doctor_id
    site_name = site.name if site else a.site_id
    zone_name = zone.name if zone else a.zone_id
    settings = scenario.settings
    travel = a.km * settings.km_rate_eur * (2 if settings.round_trip else 1)
    lodging = lodging_note(scenario, a, lang)
    pick, sep = lang.pick, lang.colon
    department = f", {pick('dép.', 'dept')} {zone.department}" if zone and zone.department else ""
    details = (
        f"Zone{sep} {zone_name} ({a.zone_id}{department})",
        f"{pick('Distance (aller)', 'One-way distance')}{sep} {_km(a.km, lang)} km",
        f"{pick('Indemnité', 'Indemnity')}{sep} {_money(settings.daily_indemnity_eur, lang)}",
        f"{pick('Frais de déplacement', 'Travel reimbursement')}{sep} {_money(travel, lang)}",
        *((lodging,) if lodging else ()),
        f"{pick('Médecin', 'Doctor')}{sep} {doctor_name} ({a.doctor_id})",
        f"{pick('Lieu', 'Site')}{sep} {site_name} ({a.site_id})",
    )
    summary = f"Mission {doctor_name} - {site_name}"
    return Event(
        date=a.date,
        person_id=a.doctor_id,
        place_id=a.site_id,
        summary=summary,
        location=f"{site_name}, {zone_name}" + (f" ({zone.department})" if zone and zone.department else ""),
        details=details,
        kind="mission",
        km=a.km,
    )


def locum_event(scenario: Scenario, r: LocumDay, index: _Index | None = None, lang: Lang = ENGLISH) -> Event:
    """A locum day: a replacement keeps a volunteer's home practice open."""
    index = index or _index(scenario)
    locum, practice = index.locums.get(r.replacement_id), index.practices.get(r.practice_id)
    locum_name = locum.name if locum else r.replacement_id
    practice_name = practice.name if practice else r.practice_id
    pick, sep = lang.pick, lang.colon
    details = (
        f"{pick('Remplaçant·e', 'Locum')}{sep} {locum_name} ({r.replacement_id})",
        f"{pick('Cabinet', 'Practice')}{sep} {practice_name} ({r.practice_id})",
        f"{pick('Distance (aller)', 'One-way distance')}{sep} {_km(r.km, lang)} km",
    )
    summary = f"{pick('Remplacement', 'Locum')} {locum_name} - {practice_name}"
    return Event(
        date=r.date,
        person_id=r.replacement_id,
        place_id=r.practice_id,
        summary=summary,
        location=practice_name,
        details=details,
        kind="locum",
        km=r.km,
    )


def stay_note(stay: Stay, lang: Lang = ENGLISH) -> str:
    """The line a stay's event adds: its mission days, first and last day, nights on site."""
    if lang.fr:
        return (
            f"Séjour : {stay.days} jours de mission, du {lang.date(stay.first)} au {lang.date(stay.last)}, "
            f"{stay.nights_between} nuit(s) sur place"
        )
    return (
        f"Stay: {stay.days} mission days, {stay.first} to {stay.last}, {stay.nights_between} nights on site"
    )


def _names(scenario: Scenario, group: str) -> dict[str, str]:
    if group == "doctor":
        return {d.doctor_id: d.name for d in scenario.doctors}
    if group == "site":
        return {s.site_id: s.name for s in scenario.sites}
    return {z.zone_id: z.name for z in scenario.zones}


def _key(a: Assignment, group: str) -> str:
    return {"doctor": a.doctor_id, "site": a.site_id, "zone": a.zone_id}[group]


def grouped_events(
    scenario: Scenario,
    planning: Planning,
    group: str,
    lang: Lang = ENGLISH,
    cancelled: tuple[Assignment | LocumDay, ...] = (),
) -> dict[str, list[Event]]:
    """File stem -> sorted events (see `named_calendars`)."""
    return {
        stem: events
        for stem, (_, events) in named_calendars(scenario, planning, group, lang, cancelled).items()
    }


def named_calendars(
    scenario: Scenario,
    planning: Planning,
    group: str,
    lang: Lang = ENGLISH,
    cancelled: tuple[Assignment | LocumDay, ...] = (),
    sequence: int | None = None,
) -> dict[str, tuple[str, list[Event]]]:
    """File stem -> (whose calendar, sorted events): one stem per entity of `group` with missions, and one
    `locum-<id>-<name>` per locum with locum days. `cancelled` rows (removed by a re-plan)
    come back as cancelled events in the same files; every event gets SEQUENCE `sequence`
    (default: 1 with cancellations, else 0): the number of re-plans since the solve."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}; choose among {', '.join(GROUPS)}")
    names, index = _names(scenario, group), _index(scenario)
    if sequence is None:
        sequence = 1 if cancelled else 0
    per_entity: dict[str, list[Event]] = {}
    per_locum: dict[str, list[Event]] = {}

    def add(row: Assignment | LocumDay, event: Event, gone: bool) -> None:
        if isinstance(row, Assignment):
            bucket = per_entity.setdefault(_key(row, group), [])
        else:
            bucket = per_locum.setdefault(row.replacement_id, [])
        if gone:
            event = replace(event, summary=lang.pick("ANNULÉ - ", "CANCELLED - ") + event.summary)
        bucket.append(replace(event, cancelled=gone, sequence=sequence))

    for stay in stays_of(planning.assignments):
        event = mission_event(scenario, stay.rows[0], index, lang)
        if stay.days > 1:  # a stay: one event over its days (roster.outputs.stays)
            event = replace(event, days=stay.span_days, details=(*event.details, stay_note(stay, lang)))
        add(stay.rows[0], event, False)
    for locum_day in planning.locum_days:
        add(locum_day, locum_event(scenario, locum_day, index, lang), False)
    for row in cancelled:
        if isinstance(row, Assignment):
            add(row, mission_event(scenario, row, index, lang), True)
        else:
            add(row, locum_event(scenario, row, index, lang), True)
    # stable stems (never a device name, unique ignoring case) over every entity of the
    # scenario, so a file name always holds the same person (roster.export.file_names)
    locum_names = {r.replacement_id: r.name for r in scenario.replacements}
    stems = calendar_stems([*names, *per_entity], lambda entity_id: slug(entity_id, names.get(entity_id, "")))
    locum_stems = calendar_stems(
        [*locum_names, *per_locum],
        lambda locum_id: LOCUM_PREFIX + slug(locum_id, locum_names.get(locum_id, "")),
        stems.values(),
    )
    files: dict[str, tuple[str, list[Event]]] = {}
    for entity_id in sorted(per_entity):
        name = names.get(entity_id, "")
        files[stems[entity_id]] = (
            f"{name} ({entity_id})" if name else entity_id,
            sorted(per_entity[entity_id]),
        )
    for locum_id in sorted(per_locum):
        name = locum_names.get(locum_id, "")
        files[locum_stems[locum_id]] = (
            f"{name} ({locum_id})" if name else locum_id,
            sorted(per_locum[locum_id]),
        )
    return files


def calendar_title(scenario: Scenario, stem: str, lang: Lang = ENGLISH, name: str = "") -> str:
    """A human name for one calendar file (for formats that carry one)."""
    return f"roster {scenario.settings.name} {scenario.settings.month} - {name or stem}"
