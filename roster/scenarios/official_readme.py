"""The README of a scenario generated with `--zones official`: which zones are named, by
whom, which are proxies, what the sources report at the named sites, what is not covered."""

from __future__ import annotations

import numpy as np
import pandas as pd

from roster.scenarios import geodata
from roster.scenarios.official_zones import (
    DEPARTMENT_COUNTS,
    MISSING_APL_PRIORITY,
    OVERSEAS_COUNT,
    OVERSEAS_REGIONS,
    REGION_COUNTS,
    REGION_DEPARTMENTS,
    SOURCE_NOTE,
    is_national,
)
from roster.scenarios.readme_parts import REAL_AND_SYNTHETIC


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: float, lon2: float) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _counts_line(zones: pd.DataFrame) -> str:
    d = zones.designation.value_counts()
    return (
        f"{len(zones)} zones: {d.get('official', 0)} official, {d.get('uncertain', 0)} uncertain "
        f"(named, match flagged in the sources), {d.get('proxy', 0)} proxies"
    )


def _coverage_notes(region: str, regions: tuple[str, ...], zones: pd.DataFrame) -> list[str]:
    """What the bundled list does not cover, for these regions."""
    names = geodata.regions().set_index("region").name
    named = zones[zones.designation != "proxy"]
    lines = []
    if is_national(region):
        unknown = [r for r in regions if r not in REGION_COUNTS and r not in OVERSEAS_REGIONS]
        parts = ", ".join(f"{names[r]} ({int((named.region == r).sum())} named)" for r in unknown)
        lines.append(
            f"- The sources give no count of priority zones for {parts}: after each region with a "
            "known count is completed to it, the remaining zones are the lowest-APL EPCI of these regions."
        )
    else:
        code = regions[0]
        count = REGION_COUNTS.get(code)
        known = f"{count} priority zones (official count)" if count is not None else "no official count here"
        lines.append(f"- {names[code]}: {known}; {len(named)} of them are named in the bundled list.")
    departments = geodata.departments().set_index("department").name
    complete = [d for d in DEPARTMENT_COUNTS if _in(d, regions)]
    if complete:
        parts = ", ".join(f"{departments[d]} ({DEPARTMENT_COUNTS[d]})" for d in complete)
        lines.append(
            f"- Departments whose zones the sources name in full, so no proxy is taken there: {parts}."
        )
    for code, listed in REGION_DEPARTMENTS.items():
        if code in regions:
            names_listed = ", ".join(departments[d] for d in listed)
            lines.append(
                f"- {names[code]}: the sources place its zones in {names_listed}; proxies are taken there."
            )
    overseas = [r for r in regions if r in OVERSEAS_REGIONS]
    if overseas or is_national(region):
        lines.append(
            f"- Overseas: the sources count {OVERSEAS_COUNT} priority EPCI and name 9 (Guyane: one "
            "source names CC des Savanes, another CC de l'Est and CC de l'Ouest guyanais; all three "
            "are kept, Savanes as `uncertain`). Martinique has none named. Overseas zones get no "
            "proxy; their volunteers are drawn from the communes of their own region."
        )
    if zones.apl.isna().any():
        lines.append(
            f"- DREES publishes no APL for Mayotte: its zones get priority {MISSING_APL_PRIORITY:g} "
            "(the highest) and an empty `apl_mg_2023`."
        )
    if region.lower() == "metro":
        lines.append(f"- `metro` leaves out the {OVERSEAS_COUNT} overseas zones: 151 - 8 = 143.")
    return lines


def _in(department: str, regions: tuple[str, ...]) -> bool:
    d = geodata.departments().set_index("department")
    return department in d.index and d.loc[department, "region"] in regions


def _sites_lines(zones: pd.DataFrame, sites: pd.DataFrame, doctors: pd.DataFrame, road: float) -> list[str]:
    """Press figures at the named sites, beside the volunteers of this scenario who can reach them."""
    reported = zones[zones.site_note != ""]
    if reported.empty:
        return []
    lines = [
        "## What the sources report at the named sites",
        "",
        "A reality check for this synthetic month: the last column counts the volunteers of",
        f"this scenario whose `max_km` reaches the site (great-circle km x {road:g}).",
        "",
        "| zone | site(s) | reported | volunteers within reach here |",
        "|---|---|---|---|",
    ]
    lat, lon, max_km = doctors.latitude.to_numpy(), doctors.longitude.to_numpy(), doctors.max_km.to_numpy()
    for z in reported.itertuples():
        named = z.site_insee.split(";") if z.site_insee else []
        here = sites[(sites.zone_id == z.epci_siren) & sites.insee_code.isin(named)]
        reach = [
            int((_km(lat, lon, s.latitude, s.longitude) * road <= max_km).sum()) for s in here.itertuples()
        ]
        where = ", ".join(f"{s.site_id} {s.commune}" for s in here.itertuples())
        lines.append(f"| {z.name} | {where} | {z.site_note} | {', '.join(map(str, reach))} |")
    return [*lines, ""]


def official_readme(
    recipe: str,
    name: str,
    month: str,
    region: str,
    regions: tuple[str, ...],
    zones: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    road_factor: float,
    variant: str = "",
) -> str:
    """README.md of an official-zone scenario (`zones`: the picked EPCI with their source columns)."""
    z_csv, sites = tables["zones.csv"], tables["sites.csv"]
    lines = [
        f"# Scenario `{name}` ({month})",
        "",
        "Generated by `roster generate --zones official` from public data; rebuild it byte for byte with:",
        "",
        "```",
        recipe,
        "```",
        "",
        *REAL_AND_SYNTHETIC,
        "- **Zones: the named priority zones first, then proxies** (column `designation` of",
        f"  `zones.csv`): {_counts_line(zones)}.",
        f"  The named ones come from {SOURCE_NOTE}.",
        "  `official`: the reported name matches the EPCI; `uncertain`: the match is flagged",
        "  (UNCERTAIN, probable or CONFLICT in the note below); `proxy`: not named anywhere we",
        "  could read, chosen as the region's EPCI of lowest APL where the sources allow a zone",
        "  (see below). Replace `zones.csv` with the ministry's list when you have it. The first",
        "  sites of a named zone are at the communes the sources name, when they name one.",
        "",
        "## What the bundled list does not cover",
        "",
        *_coverage_notes(region, regions, zones),
        "",
        "## Zones",
        "",
        "| zone_id | name | dept | APL 2023 | priority | demand | sites | designation |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for z in z_csv.itertuples():
        site_list = ", ".join(sites[sites.zone_id == z.zone_id].commune.tolist())
        lines.append(
            f"| {z.zone_id} | {z.name} | {z.department} | {z.apl_mg_2023 or 'n/a'} | {z.priority:g} | "
            f"{z.demand_days} | {site_list} | {z.designation} |"
        )
    lines += ["", *_sites_lines(zones, sites, tables["doctors.csv"], road_factor)]
    if variant:
        lines += [
            "## Variant at the scale of the national benchmark",
            "",
            f"This month has {len(tables['doctors.csv'])} volunteers; the sources report about 250 volunteer",
            "GPs nationally in December 2025, then more than 300 doctors. The same zones and month",
            "with 3,000 sign-ups, the size of the national benchmark:",
            "",
            "```",
            variant,
            "```",
            "",
        ]
    lines += [
        "## Sources of the named zones",
        "",
        "| zone_id | reported as | match note | source |",
        "|---|---|---|---|",
    ]
    for z in zones[zones.designation != "proxy"].itertuples():
        note = z.match_note + (f"; confirmed by {z.confirmed_by}" if getattr(z, "confirmed_by", "") else "")
        source = z.source_url or "`--include`"
        lines.append(f"| {z.epci_siren} | {z.name_as_reported} | {note} | {source} |")
    lines += ["", f"Data: {geodata.ATTRIBUTION}.", ""]
    return "\n".join(lines)
