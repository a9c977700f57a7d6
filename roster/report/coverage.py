"""Coverage per zone: demand against assigned doctor-days, as HTML bars."""

from __future__ import annotations

from collections import Counter
from html import escape

from roster.models import Planning, Scenario, Zone
from roster.models.designation import designation_summary, designation_tag

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


def _tag(zone: Zone) -> str:
    """` · proxy` / ` · uncertain` after the zone id (zones.csv column `designation`)."""
    tag = designation_tag(zone)
    return f' · <span class="designation {tag}">{tag}</span>' if tag else ""


def _bar(demand: int, assigned: int, scale: int) -> str:
    def segment(days: int, css: str, title: str) -> str:
        if days <= 0:
            return ""
        width = 100.0 * days / scale
        return f'<span class="seg {css}" style="width:{width:.3f}%" title="{escape(title)}"></span>'

    covered = min(assigned, demand)
    return (
        '<div class="bar">'
        + segment(covered, "ok", f"{covered} assigned")
        + segment(demand - covered, "short", f"{demand - covered} short")
        + segment(assigned - covered, "extra", f"{assigned - covered} beyond demand")
        + "</div>"
    )


def coverage_section(scenario: Scenario, planning: Planning) -> str:
    """A table of zones (highest priority first) with a demand-vs-assigned bar each."""
    days = assigned_days(planning)
    scale = max([1, *(max(z.demand_days, days[z.zone_id]) for z in scenario.zones)])
    rows = []
    for z in _ordered(scenario.zones):
        got, short = days[z.zone_id], max(0, z.demand_days - days[z.zone_id])
        rows.append(
            f'<tr class="{"shortfall" if short else "met"}">'
            f"<td>{escape(z.name)}"
            f"<div class='sub'>{escape(z.zone_id)} · dept {escape(z.department)}{_tag(z)}</div></td>"
            f'<td class="num">{z.priority:g}</td><td class="num">{z.demand_days}</td>'
            f'<td class="num">{got}</td><td class="num{" red" if short else ""}">{short}</td>'
            f'<td class="barcell">{_bar(z.demand_days, got, scale)}</td></tr>'
        )
    legend = (
        '<p class="legend"><span class="seg ok"></span> assigned '
        '<span class="seg short"></span> shortfall <span class="seg extra"></span> beyond demand</p>'
    )
    summary = designation_summary(scenario.zones)
    if summary:
        legend += f'<p class="legend designation">{escape(summary)}</p>'

    return (
        '<section id="coverage"><h2>Coverage per zone</h2>'
        + legend
        + '<table class="coverage"><thead><tr><th>Zone</th><th>Priority</th><th>Demand</th>'
        "<th>Assigned</th><th>Shortfall</th><th>Demand vs assigned (doctor-days)</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )
