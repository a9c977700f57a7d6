"""Coverage per zone: demand against assigned doctor-days, as HTML bars."""

from __future__ import annotations

from collections import Counter
from html import escape

from roster.i18n import ENGLISH, Lang
from roster.models import Planning, Scenario, Zone
from roster.models.designation import designation_summary, designation_summary_fr
from roster.report.tables import scroll_table

GREEN, ORANGE, RED, GREY = "#2e9e4f", "#f0a020", "#d62f2f", "#9a9a9a"


def assigned_days(planning: Planning) -> Counter[str]:
    """Doctor-days per zone id."""
    return Counter(a.zone_id for a in planning.assignments)


def coverage_color(demand: int, assigned: int) -> str:
    """Red: nothing for a zone that wants days; orange: partly covered; green: covered."""
    if demand == 0:
        return GREY
    if assigned == 0:
        return RED
    return GREEN if assigned >= demand else ORANGE


def _ordered(zones: tuple[Zone, ...]) -> list[Zone]:
    return sorted(zones, key=lambda z: (-z.priority, z.zone_id))


DESIGNATION_FR = {"official": "officielle", "uncertain": "incertaine", "proxy": "approchée (proxy)"}


def designation_badge(zone: Zone, lang: Lang) -> str:
    """A flag for zones that are not (certainly) on the official list (zones.csv `designation`)."""
    if zone.designation not in ("proxy", "uncertain"):
        return ""
    text = DESIGNATION_FR[zone.designation] if lang.fr else zone.designation
    tip = lang.pick(
        "zone choisie par le plus faible APL, pas sur la liste officielle"
        if zone.designation == "proxy"
        else "nommée dans les sources, correspondance incertaine",
        "chosen by lowest APL, not on the official list"
        if zone.designation == "proxy"
        else "named in the sources, match uncertain",
    )
    return f' <span class="badge {zone.designation}" title="{escape(tip)}">{escape(text)}</span>'


def _bar(demand: int, assigned: int, scale: int, lang: Lang = ENGLISH) -> str:
    def segment(days: int, css: str, title: str) -> str:
        if days <= 0:
            return ""
        width = 100.0 * days / scale
        return f'<span class="seg {css}" style="width:{width:.3f}%" title="{escape(title)}"></span>'

    covered = min(assigned, demand)
    return (
        '<div class="bar">'
        + segment(covered, "ok", lang.pick(f"{covered} attribués", f"{covered} assigned"))
        + segment(
            demand - covered, "short", lang.pick(f"{demand - covered} manquants", f"{demand - covered} short")
        )
        + segment(
            assigned - covered,
            "extra",
            lang.pick(f"{assigned - covered} au-delà de la demande", f"{assigned - covered} beyond demand"),
        )
        + "</div>"
    )


def coverage_section(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    """A table of zones (highest priority first) with a demand-vs-assigned bar each."""
    days = assigned_days(planning)
    scale = max([1, *(max(z.demand_days, days[z.zone_id]) for z in scenario.zones)])
    dept = lang.pick("dép.", "dept")
    rows = []
    for z in _ordered(scenario.zones):
        got, short = days[z.zone_id], max(0, z.demand_days - days[z.zone_id])
        rows.append(
            f'<tr class="{"shortfall" if short else "met"}">'
            f"<td>{escape(z.name)}{designation_badge(z, lang)}"
            f"<div class='sub'>{escape(z.zone_id)} · {dept} {escape(z.department)}</div></td>"
            f'<td class="num">{lang.number(z.priority, 2).rstrip("0").rstrip(",.")}</td>'
            f'<td class="num">{z.demand_days}</td>'
            f'<td class="num">{got}</td><td class="num{" red" if short else ""}">{short}</td>'
            f'<td class="barcell">{_bar(z.demand_days, got, scale, lang)}</td></tr>'
        )
    p = lang.pick
    legend = (
        f'<p class="legend"><span class="seg ok"></span> {p("attribués", "assigned")} '
        f'<span class="seg short"></span> {p("manquants", "shortfall")} '
        f'<span class="seg extra"></span> {p("au-delà de la demande", "beyond demand")}</p>'
    )
    head = (
        p("Zone", "Zone"),
        p("Priorité", "Priority"),
        p("Demande", "Demand"),
        p("Attribués", "Assigned"),
        p("Manque", "Shortfall"),
        p("Demande et jours attribués (jours-médecin)", "Demand vs assigned (doctor-days)"),
    )
    summary = designation_summary_fr(scenario.zones) if lang.fr else designation_summary(scenario.zones)
    if summary:
        legend += f'<p class="legend designation">{escape(summary)}</p>'

    return (
        f'<section id="coverage"><h2>{p("Couverture par zone", "Coverage per zone")}</h2>'
        + legend
        + scroll_table("coverage", head, rows)
        + "</section>"
    )
