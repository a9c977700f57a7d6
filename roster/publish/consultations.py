"""What a publication shows: the published missions as consultations, per site and department.

Only what patients need is kept: the site, the date, the part of the day, whether the
mission is confirmed and, unless names are left out, the doctor's title and name. A doctor's
id and contact data (email, phone, RPPS) are never read here, so no published file can hold them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from roster.export.events import slug
from roster.export.file_names import calendar_stems
from roster.models import Scenario, Site
from roster.models.safe_text import printable
from roster.models.states import StateRow
from roster.publish.hours import WHOLE_DAY
from roster.report.outlines import department_names

_TITLED = re.compile(r"^(dr\.?|dre|docteure?)\s", re.IGNORECASE)


def doctor_title(name: str) -> str:
    """ "Dr Prénom Nom": the name as given when it already starts with a title, else "Dr " + name."""
    text = " ".join(printable(name).split())
    return text if _TITLED.match(text) else f"Dr {text}"


def where(site: Site) -> str:
    """Where patients go: the address and the commune (once); "" when the scenario says neither."""
    parts = [site.address] if site.address else []
    if site.commune and site.commune.casefold() not in site.address.casefold():
        parts.append(site.commune)
    return ", ".join(parts)


@dataclass(frozen=True, order=True)
class Consultation:
    """One published mission: a doctor at a site on a date (one part of the day)."""

    date: dt.date
    site_id: str
    part: str
    rank: int  # among the site's consultations of that date and part, by doctor: keeps UIDs stable
    doctor: str  # "Dr Prénom Nom", or "" when names are left out
    confirmed: bool

    @property
    def uid(self) -> str:
        """Stable across publications: (site, date, part, rank) only, never the doctor."""
        key = f"publish|{self.site_id}|{self.date.isoformat()}|{self.part}|{self.rank}".encode()
        return f"{hashlib.sha1(key).hexdigest()}@roster"


@dataclass(frozen=True)
class Publication:
    """The consultations of a month, with the scenario's sites and departments and their file stems."""

    scenario: Scenario
    consultations: tuple[Consultation, ...]
    names: bool

    @cached_property
    def sites(self) -> dict[str, Site]:
        return {s.site_id: s for s in self.scenario.sites}

    @cached_property
    def site_stems(self) -> dict[str, str]:
        """Site id -> file stem (`sites/<stem>.html`, `.ics`), as `roster export --by site` names them."""
        return calendar_stems(self.sites, lambda site_id: slug(site_id, self.sites[site_id].name))

    @cached_property
    def department_of(self) -> dict[str, str]:
        """Site id -> department code (of its zone)."""
        zones = {z.zone_id: z.department for z in self.scenario.zones}
        return {s.site_id: zones.get(s.zone_id, "") for s in self.scenario.sites}

    @cached_property
    def department_stems(self) -> dict[str, str]:
        """Department code -> file stem (`departements/<stem>.html`)."""
        return calendar_stems(set(self.department_of.values()), lambda code: slug(code))

    @cached_property
    def per_site(self) -> dict[str, list[Consultation]]:
        """Site id -> its consultations by date (every site, none for a site without any)."""
        found: dict[str, list[Consultation]] = {site_id: [] for site_id in self.sites}
        for c in sorted(self.consultations):
            found.setdefault(c.site_id, []).append(c)
        return found

    def sites_of(self, code: str) -> list[Site]:
        """The sites of a department, by name."""
        sites = [s for s in self.scenario.sites if self.department_of[s.site_id] == code]
        return sorted(sites, key=lambda s: (s.name.casefold(), s.site_id))

    def department_label(self, code: str) -> str:
        """`Gers (32)`, or the code alone when the bundled list does not know it."""
        name = department_names().get(code, ("", ""))[0]
        return f"{name} ({code})" if name else (code or "Département non renseigné")

    @property
    def month(self) -> dt.date:
        return self.scenario.settings.first_day

    def days(self, site_id: str) -> int:
        """The dates of a site with at least one consultation."""
        return len({c.date for c in self.per_site.get(site_id, [])})


def publication(scenario: Scenario, missions: Sequence[StateRow], names: bool = True) -> Publication:
    """The consultations of `missions` (rows of states.csv: whole days for now)."""
    doctors = {d.doctor_id: d.name for d in scenario.doctors}
    by_slot: dict[tuple[str, dt.date, str], list[StateRow]] = defaultdict(list)
    for row in missions:
        by_slot[(row.site_id, row.date, WHOLE_DAY)].append(row)
    consultations = [
        Consultation(
            date=day,
            site_id=site_id,
            part=part,
            rank=rank,
            doctor=doctor_title(doctors[row.doctor_id]) if names and row.doctor_id in doctors else "",
            confirmed=row.state == "confirmed",
        )
        for (site_id, day, part), rows in by_slot.items()
        for rank, row in enumerate(sorted(rows, key=lambda r: r.doctor_id))
    ]
    return Publication(scenario, tuple(sorted(consultations)), names)
