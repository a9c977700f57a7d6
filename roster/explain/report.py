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


def zone_section(e: Explainer, f: ZoneFacts, checked: list[Checked], lang: Lang = ENGLISH) -> list[str]:
    """One zone's part of explain.md: its shortfall, each counted reason, the checked changes."""
    tag = designation_tag(e.scenario.zones[f.zone])
    fr, pick, n = lang.fr, lang.pick, lang.number
    sep = lang.colon
    label = f" [{TAG_FR[tag] if fr else tag}]" if tag else ""
    trip = n(e.a.day_trip_max_km) if fr else f"{e.a.day_trip_max_km:g}"
    priority, day = pick("priorité", "priority"), pick("jour(s)", "day(s)")
    lines = [
        f"## {md(f.zone_id)} {md(f.name)}{label} ({priority} {f.priority:g}){sep} "
        + pick(f"{f.assigned} jour(s)-médecin sur {f.demand} demandés, manque {f.shortfall}",
               f"{f.assigned} of {f.demand} doctor-days, shortfall {f.shortfall}"),
        "",
        pick(f"- **Portée** : {f.can_reach} volontaire(s) sur {f.volunteers} peuvent rejoindre l'un de ses "
             f"lieux ({f.within_max_km} dans leur max_km, dont {f.blocked_by_lodging} seulement au-delà de "
             f"l'aller-retour dans la journée ({trip} km), vers des lieux sans hébergement).",
             f"- **Reach**: {f.can_reach} of {f.volunteers} volunteers can reach one of its sites at all "
             f"({f.within_max_km} are within their max_km, of whom {f.blocked_by_lodging} only beyond the "
             f"{trip} km day trip, at sites without lodging)."),
        pick(f"- **Disponibilité** : {f.available_on_open_days} d'entre eux sont disponibles un jour "
             f"d'ouverture ({len(f.open_dates)} dates d'ouverture ce mois-ci).",
             f"- **Availability**: {f.available_on_open_days} of those are available on a day its sites are "
             f"open ({len(f.open_dates)} open dates this month)."),
    ]  # fmt: skip
    if f.not_registered:
        lines.append(pick(
            f"- **Inscription** : {f.not_registered} autre(s) volontaire(s) à portée ne sont disponibles "
            "un jour d'ouverture qu'avant la date à partir de laquelle ils sont inscrits (available_from : "
            "Ordre, carte CPS).",
            f"- **Registration**: {f.not_registered} more volunteer(s) in reach are available on its open "
            "days only before the date they are registered from (available_from: Ordre, CPS card).",
        ))  # fmt: skip
    if f.elsewhere:
        places = ", ".join(
            f"{md(zid)} {md(name)} ({priority} {p:g}){sep} {k} {day}" for zid, name, p, k in f.elsewhere[:6]
        )
        more = len(f.elsewhere) - 6
        if more > 0:
            places += pick(f", et {more} autre(s) zone(s)", f", and {more} more zone(s)")
        lines.append(pick(
            f"- **Employés ailleurs** : {f.used_elsewhere} d'entre eux sont allés dans d'autres zones "
            f"({f.at_cap_elsewhere} y ont passé tout leur plafond mensuel) : {places}.",
            f"- **Used elsewhere**: {f.used_elsewhere} of them went to other zones "
            f"({f.at_cap_elsewhere} spent their whole monthly cap there): {places}.",
        ))  # fmt: skip
    else:
        lines.append(pick("- **Employés ailleurs** : aucun n'est allé dans une autre zone.",
                          "- **Used elsewhere**: none of them went to another zone."))  # fmt: skip
    total = sum(f.blocked.values())
    if total:
        blocks = BLOCKS_FR if fr else BLOCKS
        parts = "; ".join(f"{count} {blocks[k]}" for k, count in f.blocked.most_common())
        lines.append(pick(
            f"- **Options inutilisées ici** ({total} jours médecin-lieu permis) : {parts}.",
            f"- **Unused options here** ({total} doctor-site-days the rules allow): {parts}.",
        ))  # fmt: skip
        if f.capacity_sites:
            sites = ", ".join(f"{e.a.site_ids[s]} ({c})" for s, c in f.capacity_sites.most_common(5))
            lines.append(pick(f"  - lieux complets : {sites}", f"  - full sites: {sites}"))
        if f.continuity_practices:
            spared = f.continuity_practices.most_common(5)
            practices = ", ".join(f"{e.a.practice_ids[p]} ({c})" for p, c in spared)
            lines.append(pick(f"  - cabinets qui ne pouvaient pas libérer un volontaire : {practices}",
                              f"  - practices that could not spare a volunteer: {practices}"))  # fmt: skip
    else:
        lines.append(pick("- **Options inutilisées ici** : aucune ; chaque jour-médecin permis est utilisé.",
                          "- **Unused options here**: none; every allowed doctor-day is used."))  # fmt: skip
    lines.append(pick("- **Changements uniques, vérifiés en résolvant à nouveau le mois** :",
                      "- **Single changes, checked by solving the month again**:"))  # fmt: skip
    if not checked:
        lines.append(pick("  - aucun changement candidat ne s'applique à cette zone.",
                          "  - no candidate change applies to this zone."))  # fmt: skip
    for c in checked:
        added, delta = c.days_after - c.days_before, f"{c.coverage_delta:+.4f}"
        if not c.adds_a_day:
            after = c.days_after
            verdict = pick(f"aucun jour de plus ({after} jours)", f"no extra day ({after} days)")
        else:
            verdict = pick(f"ajoute {added} jour(s) (couverture {delta.replace('.', ',')})",
                           f"adds {added} day(s) (coverage {delta})")  # fmt: skip
        mark = pick("oui", "yes") if c.adds_a_day else pick("non", "no")
        text = (c.candidate.description_fr or c.candidate.description) if fr else c.candidate.description
        lines.append(f"  - [{mark}] {text}{sep} {verdict}, {lang.status(c.status)}")
    lines.append("")
    return lines


def explain_markdown(
    e: Explainer,
    sections: list[tuple[ZoneFacts, list[Checked]]],
    title: str,
    lang: Lang = ENGLISH,
    verified: bool = True,
) -> str:
    """The whole explain.md: title, designation summary, each zone's section."""
    pick = lang.pick
    heading = pick("Pourquoi ces zones manquent de médecins :", "Why these zones fell short:")
    lines = [f"# {heading} {md(title)}", ""]
    summary = (designation_summary_fr if lang.fr else designation_summary)(e.scenario.zones)
    if summary:
        lines += [md(summary), ""]
    if not verified:
        unverified = pick(
            "**NON VÉRIFIÉ** : ce planning enfreint des règles (écrit avec --force).",
            "**NOT VERIFIED**: this planning breaks hard rules (written with --force).",
        )
        lines += [unverified, ""]
    if not sections:
        lines += [pick("Chaque zone a reçu les jours-médecin demandés.",
                       "Every zone received the doctor-days it asked for."), ""]  # fmt: skip
    for f, checked in sections:
        lines += zone_section(e, f, checked, lang)
    return "\n".join(lines)
