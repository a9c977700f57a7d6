"""explain.md: the shortfall of each zone, its counted reasons and the checked changes."""

from __future__ import annotations

import html

from roster.explain.changes import Checked
from roster.explain.reasons import BLOCKS, Explainer, ZoneFacts
from roster.models.safe_text import printable


def md(text: str) -> str:
    """Scenario text for Markdown: no control character, no raw HTML."""
    return html.escape(printable(text), quote=False)


def zone_section(e: Explainer, f: ZoneFacts, checked: list[Checked]) -> list[str]:
    lines = [
        f"## {md(f.zone_id)} {md(f.name)} (priority {f.priority:g}): {f.assigned} of {f.demand} doctor-days, "
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


def explain_markdown(e: Explainer, sections: list[tuple[ZoneFacts, list[Checked]]], title: str) -> str:
    lines = [f"# Why these zones fell short: {md(title)}", ""]
    if not sections:
        lines += ["Every zone received the doctor-days it asked for.", ""]
    for f, checked in sections:
        lines += zone_section(e, f, checked)
    return "\n".join(lines)
