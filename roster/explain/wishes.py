"""Why a volunteer got none of their wishes (wishes.csv): counted per wished site-day.

For each volunteer with at least one positive wish and no mission matching one, every
(site, date) of the month that a positive wish names is classified by the first thing
that rules it out: the hard rules (cap, availability, opening, max_km, lodging), then
what the planning did (zone already at its demand, a mission elsewhere that day, the
monthly cap used, the site full, the practice unable to spare them). Coverage comes
before wishes, so each of these is the price of a better coverage score.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from roster.explain.reasons import Explainer
from roster.explain.report import md
from roster.i18n import ENGLISH, FRENCH, WEEKDAYS_FR
from roster.models import WEEKDAYS, Planning
from roster.models.domain import Wish
from roster.solvers.data import domains

REASONS = {
    "cap_zero": "their monthly cap is 0",
    "not_available": "they are not available that day",
    "not_registered": "it is before the date they are registered from (available_from)",
    "site_closed": "the site is closed that day (weekday or holiday)",
    "beyond_max_km": "the site is beyond their max_km",
    "no_lodging": "the site is beyond the day trip and has no lodging",
    "zone_full": "the zone already has all the doctor-days it asked for",
    "elsewhere_that_day": "they are on a mission elsewhere that day (coverage first)",
    "monthly_cap": "their monthly cap is used by missions elsewhere (coverage first)",
    "site_full": "the site's capacity that day is used by other volunteers (coverage first)",
    "continuity": "their practice could not spare them and no locum in reach was free (rule 4)",
    "other": "taking it lowers the coverage score or a wish of higher total weight",
}
REASONS_FR = {
    "cap_zero": "son plafond mensuel est 0",
    "not_available": "il ou elle n'est pas disponible ce jour-là",
    "not_registered": "c'est avant la date à partir de laquelle il ou elle est inscrit·e (available_from)",
    "site_closed": "le lieu est fermé ce jour-là (jour de la semaine ou férié)",
    "beyond_max_km": "le lieu est au-delà de son max_km",
    "no_lodging": "le lieu est au-delà de l'aller-retour dans la journée et sans hébergement",
    "zone_full": "la zone a déjà tous les jours-médecin demandés",
    "elsewhere_that_day": "en mission ailleurs ce jour-là (la couverture d'abord)",
    "monthly_cap": "son plafond mensuel est pris par des missions ailleurs (la couverture d'abord)",
    "site_full": "la capacité du lieu ce jour-là est prise par d'autres volontaires (la couverture d'abord)",
    "continuity": (
        "son cabinet ne pouvait pas s'en passer et aucun·e remplaçant·e à portée n'était libre (règle 4)"
    ),
    "other": "le prendre baisse le score de couverture ou un vœu de poids total plus élevé",
}
RULE_REASONS = ("cap_zero", "not_available", "not_registered", "site_closed", "beyond_max_km", "no_lodging")


@dataclass
class UnmetWishes:
    """One volunteer with positive wishes and no mission matching one of them."""

    doctor_id: str
    name: str
    wishes: list[Wish]
    missions: int  # missions they got (none wished)
    only_wished: bool
    cells: int  # wished site-days on which they are available (all wished site-days if none)
    reasons: Counter[str] = field(default_factory=Counter)
    unavailable: list[Wish] = field(default_factory=list)  # wishes on none of their available days

    @property
    def ruled_out_by_rules(self) -> bool:
        """Every wished site-day is forbidden by the hard rules (no planning could grant one)."""
        return sum(self.reasons[r] for r in RULE_REASONS) == self.cells


def _describe(w: Wish, fr: bool = False) -> str:
    days = WEEKDAYS_FR if fr else WEEKDAYS
    parts = [w.site_id or "", f"zone {w.zone_id}" if w.zone_id else ""]
    parts += [days[w.weekday] if w.weekday is not None else "", w.date.isoformat() if w.date else ""]
    what = " ".join(p for p in parts if p) or ("toute mission" if fr else "any mission")
    return f"{md(what)} ({'poids' if fr else 'weight'} {w.weight})"


def _wished_cells(e: Explainer, d: int, wishes: list[Wish]) -> np.ndarray:
    """[site, date] mask of the site-days a positive wish of doctor d names."""
    a = e.a
    site_index = {s: i for i, s in enumerate(a.site_ids)}
    zone_index = {z: i for i, z in enumerate(a.zone_ids)}
    weekday = np.array([day.weekday() for day in a.dates])
    cells = np.zeros((len(a.site_ids), a.n_dates), dtype=bool)
    for w in wishes:
        sites = np.ones(len(a.site_ids), dtype=bool)
        if w.site_id is not None:
            sites &= np.arange(len(a.site_ids)) == site_index[w.site_id]
        if w.zone_id is not None:
            sites &= a.site_zone == zone_index[w.zone_id]
        dates = np.ones(a.n_dates, dtype=bool)
        if w.weekday is not None:
            dates &= weekday == w.weekday
        if w.date is not None:
            dates &= np.array([day == w.date for day in a.dates])
        cells |= sites[:, None] & dates[None, :]
    return cells


def _site_load(e: Explainer) -> np.ndarray:
    """[site, date] doctors the planning sends there."""
    a = e.a
    load = np.zeros(len(a.site_ids) * a.n_dates, dtype=np.int64)
    for key, n in e.site_load.items():
        load[key] = n
    return load.reshape(len(a.site_ids), a.n_dates)


def _reasons(e: Explainer, d: int, cells: np.ndarray, load: np.ndarray) -> Counter[str]:
    """The first reason that rules out each wished site-day of doctor d."""
    a = e.a
    n_t = a.n_dates
    km = a.doctor_site_km[d]
    busy = np.array([d * n_t + t in e.busy_day for t in range(n_t)])
    spare = np.array([e._continuity_blocks(d, t) is None for t in range(n_t)])
    tests = [
        ("cap_zero", np.full(cells.shape, a.doctor_cap[d] == 0)),
        ("not_available", ~a.doctor_available[d][None, :]),
        ("not_registered", ~domains.registration_domain(a)[d][None, :]),
        ("site_closed", ~a.site_open),
        ("beyond_max_km", (km > a.doctor_max_km[d])[:, None]),
        ("no_lodging", ((km > a.day_trip_max_km) & ~a.site_lodging)[:, None]),
        ("zone_full", (e.zone_days[a.site_zone] >= a.zone_demand[a.site_zone])[:, None]),
        ("elsewhere_that_day", busy[None, :]),
        ("monthly_cap", np.full(cells.shape, e.days_of_doctor[d] >= a.doctor_cap[d])),
        ("site_full", load >= a.site_capacity[:, None]),
        ("continuity", ~spare[None, :]),
    ]
    left = cells.copy()
    out: Counter[str] = Counter()
    for reason, blocked in tests:
        hit = left & np.broadcast_to(blocked, cells.shape)
        if hit.any():
            out[reason] = int(hit.sum())
        left &= ~hit
    if left.any():
        out["other"] = int(left.sum())
    return out


def unmet_wishes(e: Explainer, planning: Planning) -> list[UnmetWishes]:
    """Volunteers with positive wishes who got no mission matching one, with counted reasons."""
    scenario = e.scenario
    positive: dict[str, list[Wish]] = {}
    for w in scenario.wishes:
        if w.weight > 0:
            positive.setdefault(w.doctor_id, []).append(w)
    zone_of_site = {s.site_id: s.zone_id for s in scenario.sites}
    granted = set()
    for m in planning.assignments:
        for w in positive.get(m.doctor_id, []):
            if (
                (w.site_id is None or w.site_id == m.site_id)
                and (w.zone_id is None or w.zone_id == zone_of_site.get(m.site_id))
                and (w.weekday is None or w.weekday == m.date.weekday())
                and (w.date is None or w.date == m.date)
            ):
                granted.add(m.doctor_id)
    missions = Counter(m.doctor_id for m in planning.assignments)
    load = _site_load(e)
    out = []
    for d, doctor in enumerate(scenario.doctors):
        wishes = positive.get(doctor.doctor_id)
        if not wishes or doctor.doctor_id in granted:
            continue
        cells = _wished_cells(e, d, wishes)
        on_their_days = e.a.doctor_available[d][None, :]
        unavailable = [w for w in wishes if not (_wished_cells(e, d, [w]) & on_their_days).any()]
        available = cells & on_their_days
        cells = available if available.any() else cells  # the days they can come, when there are some
        reasons = _reasons(e, d, cells, load)
        got = missions[doctor.doctor_id]
        unmet = UnmetWishes(doctor.doctor_id, doctor.name, wishes, got, doctor.only_wished, int(cells.sum()))
        unmet.reasons, unmet.unavailable = reasons, unavailable
        out.append(unmet)
    return out


def wishes_markdown(e: Explainer, planning: Planning, fr: bool = False) -> list[str]:
    """The explain.md section on wishes (empty when the scenario has no wishes.csv)."""
    if not e.scenario.has_wishes_file:
        return []
    unmet = unmet_wishes(e, planning)
    lang = FRENCH if fr else ENGLISH
    pick, sep = lang.pick, lang.colon
    none = pick("Volontaires qui n'ont obtenu aucun de leurs vœux", "Volunteers who got none of their wishes")
    lines = [f"## {none}", ""]
    if not unmet:
        every = pick(
            "Chaque volontaire ayant un vœu positif a obtenu au moins une mission souhaitée.",
            "Every volunteer with a positive wish got at least one wished mission.",
        )
        return [*lines, every, ""]
    reasons, because = (REASONS_FR, "car") if fr else (REASONS, "because")
    for u in unmet:
        wished = "; ".join(_describe(w, fr) for w in u.wishes[:5]) + ("; ..." if len(u.wishes) > 5 else "")
        if u.missions:
            got = pick(f"{u.missions} mission(s), aucune souhaitée", f"{u.missions} mission(s), none wished")
        else:
            got = pick("aucune mission", "no mission")
        head = pick(f"vœux {wished}. Obtenu : {got}.", f"wishes {wished}. Got {got}.")
        lines.append(f"- **{md(u.doctor_id)}** {md(u.name)}{sep} {head}")
        if u.cells == 0:
            lines.append(pick("  - aucun jour-lieu du mois ne correspond à ses vœux.",
                              "  - no site-day of the month matches their wishes."))  # fmt: skip
        else:
            parts = "; ".join(f"{n} {because} {reasons[r]}" for r, n in u.reasons.most_common())
            lines.append(pick(
                f"  - sur les {u.cells} jour(s)-lieu souhaité(s) (ses jours disponibles s'il y en a) : "
                f"{parts}.",
                f"  - of the {u.cells} wished site-day(s) (on their available days if any): {parts}.",
            ))  # fmt: skip
        if u.unavailable and len(u.unavailable) < len(u.wishes):
            names = "; ".join(_describe(w, fr) for w in u.unavailable[:5])
            lines.append(pick(
                f"  - disponible sur aucun jour-lieu de ces vœux : {names}.",
                f"  - they are available on no site-day of these wishes: {names}.",
            ))  # fmt: skip
        if u.only_wished and (u.cells == 0 or u.ruled_out_by_rules):
            lines.append(pick(
                "  - only_wished = 1 et aucun de ses vœux ne correspond à une mission permise : "
                "aucune mission possible.",
                "  - only_wished = 1 and none of their wishes matches a mission the rules allow: "
                "they can get no mission.",
            ))  # fmt: skip
    lines.append("")
    return lines
