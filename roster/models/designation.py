"""Which zones are official, uncertain or proxies (zones.csv column `designation`), in words."""

from __future__ import annotations

from collections.abc import Iterable

from roster.models.domain import Zone

SHOWN = 12  # proxies named in the sentence; the others are counted
MEANING = {
    "official": "named as a priority zone in the sources",
    "uncertain": "named, but the match of the reported name to this EPCI is not certain",
    "proxy": "not named in the sources, chosen for a low APL",
}


def designation_tag(zone: Zone) -> str:
    """`proxy` or `uncertain` for a zone that is not plainly official, else ''."""
    return zone.designation if zone.designation in ("proxy", "uncertain") else ""


def designation_summary(zones: Iterable[Zone]) -> str | None:
    """One sentence counting official, uncertain and proxy zones and naming the proxies;
    None when no zone says what it is."""
    zones = list(zones)
    if not any(z.designation for z in zones):
        return None
    count = {d: sum(z.designation == d for z in zones) for d in MEANING}
    named = [f"{z.zone_id} {z.name}" for z in zones if z.designation == "proxy"]
    proxies = ", ".join(named[:SHOWN]) + (f" and {len(named) - SHOWN} more" if len(named) > SHOWN else "")
    text = (
        f"Zones: {count['official']} official, {count['uncertain']} uncertain "
        f"({MEANING['uncertain']}), {count['proxy']} proxies ({MEANING['proxy']})"
    )
    unsaid = len(zones) - sum(count.values())
    if unsaid:
        text += f", {unsaid} not designated"
    return text + (f". Proxies: {proxies}." if proxies else ".")


def designation_summary_fr(zones: Iterable[Zone]) -> str | None:
    """`designation_summary` in French."""
    zones = list(zones)
    if not any(z.designation for z in zones):
        return None
    count = {d: sum(z.designation == d for z in zones) for d in MEANING}
    named = [f"{z.zone_id} {z.name}" for z in zones if z.designation == "proxy"]
    more = f" et {len(named) - SHOWN} autres" if len(named) > SHOWN else ""
    proxies = ", ".join(named[:SHOWN]) + more
    text = (
        f"Zones : {count['official']} officielles, {count['uncertain']} incertaines (nommées dans les "
        f"sources, correspondance incertaine), {count['proxy']} approchées (proxy : non nommées, "
        "choisies pour leur faible APL)"
    )
    unsaid = len(zones) - sum(count.values())
    if unsaid:
        text += f", {unsaid} sans désignation"
    return text + (f". Proxies : {proxies}." if proxies else ".")
