"""The priority zones named in public sources (65 of the 151 "zones rouges"), official first.

`roster generate --zones official` takes the named EPCI of the region(s) first (each
`official`, or `uncertain` when the match of the reported name to an EPCI is flagged in
the sources' notes), then completes them with proxies (`proxy`): the region's other EPCI
of lowest population-weighted DREES APL 2023, up to the region's official count of
priority zones where the sources give it. Nationally (`--region all`) every region with a
known count is completed to that count and the remaining zones go to the lowest-APL EPCI
of the regions whose count is not known, 151 in all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from roster.scenarios import geodata

NATIONAL_COUNT = 151  # ministry of health, 27 June 2025
# official counts of priority EPCI per region, as the sources give them (see roster/data/README.md)
REGION_COUNTS = {"28": 7, "32": 4, "94": 2, "76": 28, "84": 17, "93": 5, "75": 29, "11": 0}
# what the sources say of departments, used to keep proxies where priority zones can be:
# departments whose zones are all named (Lozère: one zone, ARS letter cited by its deputy;
# Haute-Garonne: one, atd31.fr; Tarn: four, artia13.city; Vaucluse: three, echodumardi.com)
DEPARTMENT_COUNTS = {"48": 1, "31": 1, "81": 4, "84": 3}
# regions whose zones lie in the departments listed (Auvergne-Rhône-Alpes: URPS AuRA, 2025)
REGION_DEPARTMENTS = {"84": ("03", "07", "15", "42", "43", "63")}
OVERSEAS_REGIONS = ("01", "02", "03", "04", "06")
OVERSEAS_COUNT = 8  # the overseas EPCI together; the split per region is not given
NATIONAL_ALIASES = ("all", "fr", "france")
METRO_ALIASES = ("metro",)
MISSING_APL_PRIORITY = 5.0  # DREES publishes no APL for Mayotte: its zones get the highest priority
SOURCE_NOTE = (
    "press, ARS pages and Maire-info of 2025, each row with its URL; NOT the ministry's list of "
    "27 June 2025, which could not be read here"
)


@cache
def named_zones() -> pd.DataFrame:
    """The packaged list: the EPCI named as priority zones, with source, match note and sites."""
    with resources.files("roster.data").joinpath("priority_epci.csv.gz").open("rb") as handle:
        return pd.read_csv(handle, compression="gzip", dtype=str, keep_default_na=False)


def is_national(region: str) -> bool:
    return region.lower() in NATIONAL_ALIASES + METRO_ALIASES


def zone_regions(region: str, regions: tuple[str, ...]) -> tuple[str, ...]:
    """The regions of an official-zone scenario: `all` adds the overseas regions holding a named zone."""
    if region.lower() not in NATIONAL_ALIASES:
        return regions
    overseas = sorted(set(named_zones().region) & set(OVERSEAS_REGIONS))
    return tuple(regions) + tuple(r for r in overseas if r not in regions)


def official_count(region: str, regions: tuple[str, ...]) -> int | None:
    """How many priority zones the sources give for the region(s); None when not known."""
    if region.lower() in NATIONAL_ALIASES:
        return NATIONAL_COUNT
    if region.lower() in METRO_ALIASES:
        return NATIONAL_COUNT - OVERSEAS_COUNT
    return REGION_COUNTS.get(regions[0])


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Lowest APL first (no APL last), ties by SIREN."""
    return frame.assign(_na=frame.apl.isna()).sort_values(["_na", "apl", "epci_siren"]).drop(columns="_na")


def _proxy_pool(candidates: pd.DataFrame, named: pd.DataFrame) -> pd.DataFrame:
    """EPCI with an APL and inhabitants, outside departments whose zones are all named and,
    in a region whose departments the sources list, inside them."""
    full = [d for d, n in DEPARTMENT_COUNTS.items() if (named.main_department == d).sum() >= n]
    keep = candidates.apl.notna() & (candidates.population > 0) & ~candidates.main_department.isin(full)
    for region, departments in REGION_DEPARTMENTS.items():
        keep &= (candidates.region != region) | candidates.main_department.isin(departments)
    return candidates[keep]


def _proxies(pool: pd.DataFrame, named: pd.DataFrame, national: bool, wanted: int) -> pd.DataFrame:
    """The `wanted` lowest-APL EPCI of the pool; nationally, each region with a known count first
    gets its missing zones, the rest go to the regions whose count is not known."""
    if not national:
        return _ranked(pool).head(wanted)
    picks = []
    for code, count in REGION_COUNTS.items():
        missing = max(0, count - int((named.region == code).sum()))
        picks.append(_ranked(pool[pool.region == code]).head(missing))
    quota = _ranked(pd.concat(picks))
    free = pool[~pool.region.isin(tuple(REGION_COUNTS) + OVERSEAS_REGIONS)]
    return pd.concat([quota, _ranked(free)]).head(wanted)


def pick_official_zones(
    region: str, regions: tuple[str, ...], count: int | None, include: tuple[tuple[str, str | None], ...]
) -> pd.DataFrame:
    """Named EPCI first (packaged list, then any `include`), completed with lowest-APL proxies.

    `count` None means the official count of the region(s), or the named zones alone where
    the sources give no count. Columns: those of `geodata.epcis()` plus `designation`,
    `site_insee` (`;`-separated), `name_as_reported`, `match_note`, `source_url`, `site_note`.
    """
    e = geodata.epcis()
    listed = named_zones()
    listed = listed[listed.region.isin(regions)]
    extra = [siren for siren, _ in include if siren not in set(listed.epci_siren)]
    unknown = [s for s in extra if s not in set(e.epci_siren)]
    if unknown:
        raise ValueError(f"unknown EPCI SIREN {', '.join(unknown)}")
    info = listed.drop(columns=["name", "main_department", "region"]).set_index("epci_siren")
    named = _ranked(e[e.epci_siren.isin(info.index)]).join(info, on="epci_siren")
    forced = e.set_index("epci_siren").loc[extra].reset_index().assign(designation="official")
    named = pd.concat([named, forced], ignore_index=True)
    target = official_count(region, regions) if count is None else count
    where = "France" if is_national(region) else f"region {regions[0]}"
    if target is None:
        if named.empty:
            raise ValueError(
                f"no priority zone of {where} is named in the bundled list and its count is not known; "
                "give one with --zones official:N"
            )
        target = len(named)
    if target < len(named):
        raise ValueError(f"--zones official:{target} is fewer than the {len(named)} named zones of {where}")
    if target == 0:
        raise ValueError(f"{where} has no priority zone (official count 0)")
    pool = _proxy_pool(e[e.region.isin(regions) & ~e.epci_siren.isin(named.epci_siren)], named)
    proxies = _proxies(pool, named, is_national(region), target - len(named))
    if len(named) + len(proxies) < target:
        raise ValueError(f"only {len(named) + len(proxies)} EPCI available in {where}")
    zones = pd.concat([named, proxies.assign(designation="proxy")], ignore_index=True)
    text = ("site_insee", "name_as_reported", "match_note", "source_url", "site_note", "confirmed_by")
    return zones.fillna({c: "" for c in text})


def forced_sites(zones: pd.DataFrame, include: tuple[tuple[str, str | None], ...]) -> dict[str, list[str]]:
    """Zone SIREN -> communes of its first sites: those the sources name, or the `include` one."""
    out = {z.epci_siren: z.site_insee.split(";") for z in zones.itertuples() if z.site_insee}
    out.update({siren: [insee] for siren, insee in include if insee})
    return out


def apl_text(apl: pd.Series) -> list[str]:
    """APL rounded to 3 decimals as CSV text, empty where DREES publishes none."""
    return ["" if np.isnan(v) else np.format_float_positional(round(v, 3), trim="-") for v in apl]


def zones_table(
    zones: pd.DataFrame,
    priority: Callable[[np.ndarray], np.ndarray],
    demand: Callable[[np.ndarray], np.ndarray],
) -> pd.DataFrame:
    """zones.csv with the `designation` column; zones without APL get MISSING_APL_PRIORITY."""
    apl = zones.apl.to_numpy(dtype=float)
    prio = np.where(np.isnan(apl), MISSING_APL_PRIORITY, priority(np.nan_to_num(apl, nan=0.0)))
    return pd.DataFrame(
        {
            "zone_id": zones.epci_siren,
            "name": zones.name,
            "department": zones.main_department,
            "population": zones.population,
            "priority": prio,
            "demand_days": demand(zones.population.to_numpy()),
            "designation": zones.designation,
            "apl_mg_2023": apl_text(zones.apl),
        }
    )
