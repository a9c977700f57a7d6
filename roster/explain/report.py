"""explain.md: the shortfall of each zone, its counted reasons and the checked changes.

French by default (`Lang`), English with `--lang en`."""

from __future__ import annotations

import html

from roster.explain.changes import Checked
from roster.explain.reasons import BLOCKS, Explainer, ZoneFacts
from roster.i18n import ENGLISH, Lang
from roster.models.designation import designation_summary, designation_summary_fr, designation_tag
from roster.models.safe_text import printable


def md(text: str) -> str:
    """Scenario text for Markdown: no control character, no raw HTML."""
    return html.escape(printable(text), quote=False)


TAG_FR = {"proxy": "proxy", "uncertain": "incertaine"}
BLOCKS_FR = {
    "elsewhere_that_day": "en mission ailleurs ce jour-là (règle 1)",
    "monthly_cap": "déjà à leur plafond mensuel (règle 1)",
    "site_full": "le lieu était complet ce jour-là (capacité, règle 2)",
    "continuity": (
        "leur cabinet ne pouvait pas s'en passer et aucun·e remplaçant·e à portée n'était libre (règle 4)"
    ),
    "free": "rien ne l'empêche : le planning pourrait l'utiliser",
}


def _zone_section_fr(e: Explainer, f: ZoneFacts, checked: list[Checked], lang: Lang, tag: str) -> list[str]:
    n = lang.number
    lines = [
        f"## {md(f.zone_id)} {md(f.name)}{f' [{TAG_FR[tag]}]' if tag else ''} (priorité {f.priority:g}) : "
        f"{f.assigned} jour(s)-médecin sur "
        f"{f.demand} demandés, manque {f.shortfall}",
        "",
        f"- **Portée** : {f.can_reach} volontaire(s) sur {f.volunteers} peuvent rejoindre l'un de ses lieux "
        f"({f.within_max_km} dans leur max_km, dont {f.blocked_by_lodging} seulement au-delà de "
        f"l'aller-retour dans la journée ({n(e.a.day_trip_max_km)} km), vers des lieux sans hébergement).",
        f"- **Disponibilité** : {f.available_on_open_days} d'entre eux sont disponibles un jour d'ouverture "
        f"({len(f.open_dates)} dates d'ouverture ce mois-ci).",
    ]
    if f.elsewhere:
        places = ", ".join(
            f"{md(zid)} {md(name)} (priorité {p:g}) : {days} jour(s)"
            for zid, name, p, days in f.elsewhere[:6]
        )
        more = f", et {len(f.elsewhere) - 6} autre(s) zone(s)" if len(f.elsewhere) > 6 else ""
        lines.append(
            f"- **Employés ailleurs** : {f.used_elsewhere} d'entre eux sont allés dans d'autres zones "
            f"({f.at_cap_elsewhere} y ont passé tout leur plafond mensuel) : {places}{more}."
        )
    else:
        lines.append("- **Employés ailleurs** : aucun n'est allé dans une autre zone.")
    total = sum(f.blocked.values())
    if total:
        parts = "; ".join(f"{k_n} {BLOCKS_FR[k]}" for k, k_n in f.blocked.most_common())
        lines.append(f"- **Options inutilisées ici** ({total} jours médecin-lieu permis) : {parts}.")
        if f.capacity_sites:
            sites = ", ".join(f"{e.a.site_ids[s]} ({c})" for s, c in f.capacity_sites.most_common(5))
            lines.append(f"  - lieux complets : {sites}")
        if f.continuity_practices:
            practices = ", ".join(
                f"{e.a.practice_ids[p]} ({c})" for p, c in f.continuity_practices.most_common(5)
            )
            lines.append(f"  - cabinets qui ne pouvaient pas libérer un volontaire : {practices}")
    else:
        lines.append("- **Options inutilisées ici** : aucune ; chaque jour-médecin permis est utilisé.")
    lines.append("- **Changements uniques, vérifiés en résolvant à nouveau le mois** :")
    if not checked:
        lines.append("  - aucun changement candidat ne s'applique à cette zone.")
    for c in checked:
        verdict = (
            f"ajoute {c.days_after - c.days_before} jour(s) "
            f"(couverture {f'{c.coverage_delta:+.4f}'.replace('.', ',')})"
            if c.adds_a_day
            else f"aucun jour de plus ({c.days_after} jours)"
        )
        mark = "oui" if c.adds_a_day else "non"
        text = c.candidate.description_fr or c.candidate.description
        lines.append(f"  - [{mark}] {text} : {verdict}, {lang.status(c.status)}")
    lines.append("")
    return lines


def zone_section(e: Explainer, f: ZoneFacts, checked: list[Checked], lang: Lang = ENGLISH) -> list[str]:
    tag = designation_tag(e.scenario.zones[f.zone])
    if lang.fr:
        return _zone_section_fr(e, f, checked, lang, tag)
    lines = [
        f"## {md(f.zone_id)} {md(f.name)}{f' [{tag}]' if tag else ''} (priority {f.priority:g}): "
        f"{f.assigned} of {f.demand} doctor-days, "
        f"shortfall {f.shortfall}",
        "",
        f"- **Reach**: {f.can_reach} of {f.volunteers} volunteers can reach one of its sites at all "
        f"({f.within_max_km} are within their max_km, of whom {f.blocked_by_lodging} only beyond the "
        f"{e.a.day_trip_max_km:g} km day trip, at sites without lodging).",
        f"- **Availability**: {f.available_on_open_days} of those are available on a day its sites are open "
        f"({len(f.open_dates)} open dates this month).",
    ]
    if f.elsewhere:
        places = ", ".join(
            f"{md(zid)} {md(name)} (priority {p:g}): {days} day(s)" for zid, name, p, days in f.elsewhere[:6]
        )
        more = f", and {len(f.elsewhere) - 6} more zone(s)" if len(f.elsewhere) > 6 else ""
        lines.append(
            f"- **Used elsewhere**: {f.used_elsewhere} of them went to other zones "
            f"({f.at_cap_elsewhere} spent their whole monthly cap there): {places}{more}."
        )
    else:
        lines.append("- **Used elsewhere**: none of them went to another zone.")
    total = sum(f.blocked.values())
    if total:
        parts = "; ".join(f"{n} {BLOCKS[k]}" for k, n in f.blocked.most_common())
        lines.append(f"- **Unused options here** ({total} doctor-site-days the rules allow): {parts}.")
        if f.capacity_sites:
            sites = ", ".join(f"{e.a.site_ids[s]} ({n})" for s, n in f.capacity_sites.most_common(5))
            lines.append(f"  - full sites: {sites}")
        if f.continuity_practices:
            practices = ", ".join(
                f"{e.a.practice_ids[p]} ({n})" for p, n in f.continuity_practices.most_common(5)
            )
            lines.append(f"  - practices that could not spare a volunteer: {practices}")
    else:
        lines.append("- **Unused options here**: none; every allowed doctor-day is used.")
    lines.append("- **Single changes, checked by solving the month again**:")
    if not checked:
        lines.append("  - no candidate change applies to this zone.")
    for c in checked:
        verdict = (
            f"adds {c.days_after - c.days_before} day(s) (coverage {c.coverage_delta:+.4f})"
            if c.adds_a_day
            else f"no extra day ({c.days_after} days)"
        )
        mark = "yes" if c.adds_a_day else "no"
        lines.append(f"  - [{mark}] {c.candidate.description}: {verdict}, {c.status}")
    lines.append("")
    return lines


def explain_markdown(
    e: Explainer,
    sections: list[tuple[ZoneFacts, list[Checked]]],
    title: str,
    lang: Lang = ENGLISH,
    verified: bool = True,
) -> str:
    if lang.fr:
        lines = [f"# Pourquoi ces zones manquent de médecins : {md(title)}", ""]
        summary = designation_summary_fr(e.scenario.zones)
        if summary:
            lines += [md(summary), ""]
        if not verified:
            lines += ["**NON VÉRIFIÉ** : ce planning enfreint des règles (écrit avec --force).", ""]
        if not sections:
            lines += ["Chaque zone a reçu les jours-médecin demandés.", ""]
    else:
        lines = [f"# Why these zones fell short: {md(title)}", ""]
        summary = designation_summary(e.scenario.zones)
        if summary:
            lines += [md(summary), ""]
        if not verified:
            lines += ["**NOT VERIFIED**: this planning breaks hard rules (written with --force).", ""]
        if not sections:
            lines += ["Every zone received the doctor-days it asked for.", ""]
    for f, checked in sections:
        lines += zone_section(e, f, checked, lang)
    return "\n".join(lines)
