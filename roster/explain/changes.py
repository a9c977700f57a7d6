"""Single changes that could add a day to a zone, each checked by solving again.

Candidates come from the zone's facts (a volunteer just out of reach, a site
without lodging, a practice with no locum in reach, a full site, a volunteer at
their own cap); each one is applied to the scenario, the month is solved with
the same solver, and the change is kept only if the zone really gains a day.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from roster.explain.reasons import Explainer, ZoneFacts
from roster.models import Planning, Replacement, Scenario
from roster.solvers import SolveOptions, solve
from roster.solvers.data import domains

PER_KIND = 2  # candidates tried per kind of change and zone
EXTRA_LOCUM_ID = "LOCUM-WHAT-IF"


@dataclass(frozen=True)
class Candidate:
    kind: str
    description: str
    scenario: Scenario
    description_fr: str = ""  # explain.md in French (default): the same change in French


@dataclass(frozen=True)
class Checked:
    candidate: Candidate
    days_before: int
    days_after: int
    coverage_delta: float
    status: str

    @property
    def adds_a_day(self) -> bool:
        return self.days_after > self.days_before


def _replace(items: tuple, index: int, **update: object) -> tuple:
    return tuple(x.model_copy(update=update) if i == index else x for i, x in enumerate(items))


def _available_on_open_days(e: Explainer, site: int) -> np.ndarray:
    works = e.a.doctor_available & domains.registration_domain(e.a)
    return (works & e.a.site_open[site][None, :]).any(axis=1) & (e.a.doctor_cap > 0)


def farther_reach(e: Explainer, f: ZoneFacts) -> list[Candidate]:
    """Volunteers available on open days but beyond their max_km: the smallest raise that fits."""
    a = e.a
    best: dict[int, tuple[float, int]] = {}
    for s in np.flatnonzero(a.site_zone == f.zone).tolist():
        km = a.doctor_site_km[:, s]
        bed_ok = a.site_lodging[s] | (km <= a.day_trip_max_km)
        wanted = _available_on_open_days(e, s) & bed_ok & (km > a.doctor_max_km)
        for d in np.flatnonzero(wanted).tolist():
            if d not in best or km[d] < best[d][0]:
                best[d] = (float(km[d]), s)
    ranked = sorted(best.items(), key=lambda item: (item[1][0] - a.doctor_max_km[item[0]], item[0]))
    out = []
    for d, (km, s) in ranked[:PER_KIND]:
        new = math.ceil(km)
        doctor = e.scenario.doctors[d]
        out.append(Candidate(
            "max_km",
            f"raise {doctor.doctor_id}'s max_km from {doctor.max_km:g} to {new} km "
            f"({a.site_ids[s]} is {km:.1f} km away)",
            e.scenario.model_copy(update={"doctors": _replace(e.scenario.doctors, d, max_km=float(new))}),
            f"porter le max_km de {doctor.name} ({doctor.doctor_id}) de {doctor.max_km:g} à {new} km "
            f"({a.site_ids[s]} est à {f'{km:.1f}'.replace('.', ',')} km)",
        ))  # fmt: skip
    return out


def lodging(e: Explainer, f: ZoneFacts) -> list[Candidate]:
    """Sites without lodging that volunteers could reach if they could stay overnight."""
    a = e.a
    counts = []
    for s in np.flatnonzero((a.site_zone == f.zone) & ~a.site_lodging).tolist():
        km = a.doctor_site_km[:, s]
        n = int((_available_on_open_days(e, s) & (km <= a.doctor_max_km) & (km > a.day_trip_max_km)).sum())
        if n:
            counts.append((n, s))
    out = []
    for n, s in sorted(counts, key=lambda c: (-c[0], c[1]))[:PER_KIND]:
        out.append(Candidate(
            "lodging",
            f"offer lodging at {a.site_ids[s]} "
            f"({n} volunteer(s) available on its open days live beyond the day trip)",
            e.scenario.model_copy(update={"sites": _replace(e.scenario.sites, s, lodging=True)}),
            f"proposer un hébergement à {e.scenario.sites[s].name} ({a.site_ids[s]}) : {n} volontaire(s) "
            "disponibles sur ses jours d'ouverture habitent au-delà de l'aller-retour dans la journée",
        ))  # fmt: skip
    return out


def extra_locum(e: Explainer, f: ZoneFacts) -> list[Candidate]:
    """One more locum at a practice that could not spare its volunteers."""
    a = e.a
    out = []
    for p, n in sorted(f.continuity_practices.items(), key=lambda c: (-c[1], c[0]))[:PER_KIND]:
        practice = e.scenario.practices[p]
        open_days = [a.dates[t] for t in np.flatnonzero(a.practice_open[p]).tolist()]
        locum = Replacement(
            replacement_id=EXTRA_LOCUM_ID, name="Remplaçant·e supplémentaire", latitude=practice.latitude,
            longitude=practice.longitude, max_days=len(open_days), max_km=1.0,
        )  # fmt: skip
        availability = {**e.scenario.availability, EXTRA_LOCUM_ID: frozenset(open_days)}
        out.append(Candidate(
            "locum",
            f"one more locum near {practice.practice_id} "
            f"({practice.name}; {n} option-day(s) blocked by continuity)",
            e.scenario.model_copy(update={
                "replacements": (*e.scenario.replacements, locum), "availability": availability,
            }),
            f"un·e remplaçant·e de plus près de {practice.name} ({practice.practice_id}) : "
            f"{n} jour(s)-option bloqué(s) par la continuité des soins",
        ))  # fmt: skip
    return out


def more_capacity(e: Explainer, f: ZoneFacts) -> list[Candidate]:
    out = []
    for s, n in sorted(f.capacity_sites.items(), key=lambda c: (-c[1], c[0]))[:PER_KIND]:
        site = e.scenario.sites[s]
        out.append(Candidate(
            "capacity",
            f"raise {site.site_id}'s capacity from {site.capacity} to {site.capacity + 1} "
            f"({n} option-day(s) found it full)",
            e.scenario.model_copy(
                update={"sites": _replace(e.scenario.sites, s, capacity=site.capacity + 1)}
            ),
            f"porter la capacité de {site.name} ({site.site_id}) de {site.capacity} à {site.capacity + 1} "
            f"({n} jour(s)-option l'ont trouvé complet)",
        ))  # fmt: skip
    return out


def more_days(e: Explainer, f: ZoneFacts) -> list[Candidate]:
    """Volunteers with options here who are at their own cap below the policy's."""
    a, o = e.a, e.space.missions
    policy = e.scenario.settings.max_days_per_doctor
    options = np.flatnonzero(o.zone == f.zone)
    doctors = Counter(o.doctor[options].tolist())
    ranked = [
        (n, d) for d, n in doctors.items()
        if e.days_of_doctor[d] >= a.doctor_cap[d] and e.scenario.doctors[d].max_days < policy
    ]  # fmt: skip
    out = []
    for _, d in sorted(ranked, key=lambda c: (-c[0], c[1]))[:PER_KIND]:
        doctor = e.scenario.doctors[d]
        out.append(Candidate(
            "max_days",
            f"ask {doctor.doctor_id} for one more day (max_days {doctor.max_days} -> {doctor.max_days + 1})",
            e.scenario.model_copy(
                update={"doctors": _replace(e.scenario.doctors, d, max_days=doctor.max_days + 1)}
            ),
            f"demander un jour de plus à {doctor.name} ({doctor.doctor_id}) "
            f"(max_days {doctor.max_days} -> {doctor.max_days + 1})",
        ))  # fmt: skip
    return out


CANDIDATES = (farther_reach, lodging, extra_locum, more_capacity, more_days)


def check(
    e: Explainer, f: ZoneFacts, planning: Planning, options: SolveOptions, baseline: Planning | None = None
) -> list[Checked]:
    """Solve the month again under each candidate change; report the zone's days."""
    reference = baseline or planning
    zone_id = f.zone_id
    before = sum(1 for x in reference.assignments if x.zone_id == zone_id)
    out = []
    for make in CANDIDATES:
        for candidate in make(e, f):
            result = solve(candidate.scenario, options)
            after = sum(1 for x in result.assignments if x.zone_id == zone_id)
            delta = result.summary.coverage_score - reference.summary.coverage_score
            out.append(Checked(candidate, before, after, delta, result.summary.status))
    return out
