"""Generate a contract-compliant month from public geography, at any scale.

The recipe (deterministic for a seed):

* zones: the EPCI of the region(s) with the lowest population-weighted DREES APL
  (2023), after any EPCI forced in with `include`; with `--zones official`, the priority
  zones named in public sources first, then lowest-APL proxies (`official_zones.py`);
* priority = round(1 + 4 * clip((4.0 - APL) / 3.0, 0, 1), 1): APL 1.0 or less gives
  5.0, APL 4.0 or more gives 1.0 (lower access, higher priority);
* demand_days = clip(round(population / 1000), 2, 20): about one doctor-day a month
  per thousand inhabitants;
* sites: 1 + (population >= 12,000) + (population >= 30,000) per zone, at the EPCI's
  most populated commune (or the forced one) then at other member communes drawn by
  population; capacity 1-3, realistic opening patterns, lodging at about a third;
* practices, volunteers and locums at communes of the region(s) drawn by
  population; volunteers leave from their practice's commune; availability on
  random working days; French public holidays of the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from roster.scenarios import geodata, official_zones
from roster.scenarios.holidays import holidays_in_month
from roster.scenarios.official_readme import official_readme
from roster.scenarios.readme_parts import REAL_AND_SYNTHETIC

MAX_KM_CHOICES = (40, 60, 80, 100, 150, 200)
MAX_KM_WEIGHTS = (0.15, 0.2, 0.25, 0.2, 0.12, 0.08)
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FIRST_NAMES = (
    "Marie", "Jean", "Camille", "Pierre", "Claire", "Nicolas", "Sophie", "Julien", "Anne", "Thomas",
    "Isabelle", "Laurent", "Céline", "François", "Émilie", "Philippe", "Nathalie", "Mathieu", "Aurélie",
    "Olivier", "Hélène", "Sébastien", "Julie", "Antoine", "Sandrine", "Guillaume", "Élodie", "Christophe",
    "Léa", "Benoît", "Chloé", "Vincent", "Manon", "Jérôme", "Pauline", "Damien", "Inès", "Yannick",
    "Amina", "Karim",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
    "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier",
    "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly",
    "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand",
)  # fmt: skip


@dataclass(frozen=True)
class GeneratorSpec:
    """What to generate; the same spec gives byte-identical files."""

    region: str = "76"  # INSEE region code, or "all" for metropolitan France
    zones: int = 28
    doctors: int = 300
    practices: int = 150
    replacements: int = 40
    month: str = "2025-10"
    seed: int = 0
    name: str = ""
    include: tuple[tuple[str, str | None], ...] = ()  # (EPCI SIREN, site commune INSEE or None)
    distances: bool = False
    max_days_per_doctor: int = 2
    road_factor: float = 1.3
    day_trip_max_km: float = 80.0
    description: str = ""
    # --zones official: the named priority zones first (official_zones.py); `zones` is then
    # N of --zones official:N, or 0 for the official count of the region
    official: bool = False


@dataclass
class GeneratedScenario:
    """The tables of a scenario folder, ready to be written."""

    settings: dict[str, object]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    readme: str = ""


def command_line(spec: GeneratorSpec, out: str) -> str:
    """The `roster generate` command that rebuilds this scenario byte for byte."""
    parts = [
        f"roster generate {out} --region {spec.region} --zones {zones_option(spec)} --doctors {spec.doctors}",
        f"--practices {spec.practices} --replacements {spec.replacements} --month {spec.month}",
        f"--seed {spec.seed}",
    ]
    if spec.name:
        parts.append(f"--name {spec.name}")
    parts += [f"--include {siren}" + (f":{insee}" if insee else "") for siren, insee in spec.include]
    if spec.distances:
        parts.append("--distances")
    return " \\\n    ".join(parts)


def zones_option(spec: GeneratorSpec) -> str:
    """The value of `--zones`: a count, `official`, or `official:N`."""
    if not spec.official:
        return str(spec.zones)
    return f"official:{spec.zones}" if spec.zones else "official"


def national_variant(spec: GeneratorSpec) -> GeneratorSpec:
    """The same month at the scale of the national benchmark: 3,000 sign-ups."""
    name = f"{spec.name}-3000" if spec.name else ""
    return replace(spec, doctors=3000, practices=1500, replacements=400, name=name)


def readme_text(spec: GeneratorSpec, name: str, zones: pd.DataFrame, sites: pd.DataFrame) -> str:
    """A README for the generated folder: what is real, what is synthetic, how to rebuild it."""
    forced = {siren for siren, _ in spec.include}
    lines = [
        f"# Scenario `{name}` ({spec.month})",
        "",
        "Generated by `roster generate` from public data; rebuild it byte for byte with:",
        "",
        "```",
        command_line(spec, "<folder>"),
        "```",
        "",
        *REAL_AND_SYNTHETIC,
        "- **Zones are a proxy for the official list.** The ministry's list of the 151 priority",
        '  EPCI ("zones rouges", June 2025) is not available in machine-readable form here:',
        "  the zones are the EPCI named with `--include` (from public communiqués) completed",
        "  with the region's EPCI of lowest APL. Replace `zones.csv` with the official list",
        "  when you have it.",
        "",
        "## Zones",
        "",
        "| zone_id | name | dept | APL 2023 | priority | demand | sites | named in communiqués |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for z in zones.itertuples():
        here = sites[sites.zone_id == z.zone_id]
        site_list = ", ".join(here.commune.tolist())
        lines.append(
            f"| {z.zone_id} | {z.name} | {z.department} | {z.apl_mg_2023:.3f} | {z.priority:g} | "
            f"{z.demand_days} | {site_list} | {'yes' if z.zone_id in forced else ''} |"
        )
    lines += ["", f"Data: {geodata.ATTRIBUTION}.", ""]
    return "\n".join(lines)


def region_codes(region: str) -> tuple[str, ...]:
    if region.lower() in ("all", "fr", "france", "metro"):
        return geodata.METROPOLITAN_REGIONS
    known = set(geodata.regions().region)
    code = region.zfill(2)
    if code not in known:
        codes = ", ".join(sorted(known))
        raise ValueError(f"unknown region {region!r}; use an INSEE region code ({codes}) or 'all'")
    return (code,)


def working_days(month: str) -> list[dt.date]:
    """Monday-Saturday dates of the month that are not public holidays."""
    year, mon = int(month[:4]), int(month[5:7])
    first = dt.date(year, mon, 1)
    following = dt.date(year + mon // 12, mon % 12 + 1, 1)
    off = set(holidays_in_month(month))
    days = (first + dt.timedelta(days=i) for i in range((following - first).days))
    return [d for d in days if d.weekday() < 6 and d not in off]


def _pick_zones(spec: GeneratorSpec, regions: tuple[str, ...]) -> pd.DataFrame:
    e = geodata.epcis()
    forced = [siren for siren, _ in spec.include]
    unknown = [s for s in forced if s not in set(e.epci_siren)]
    if unknown:
        raise ValueError(f"unknown EPCI SIREN {', '.join(unknown)}")
    pool = e[e.region.isin(regions) & e.apl.notna() & (e.population > 0) & ~e.epci_siren.isin(forced)]
    wanted = max(0, spec.zones - len(forced))
    if wanted > len(pool):
        raise ValueError(f"only {len(pool) + len(forced)} EPCI available in region {spec.region}")
    chosen = pool.sort_values(["apl", "epci_siren"]).head(wanted)
    zones = pd.concat([e.set_index("epci_siren").loc[forced].reset_index(), chosen], ignore_index=True)
    return zones.head(spec.zones).reset_index(drop=True)


def zone_priority(apl: np.ndarray) -> np.ndarray:
    """round(1 + 4 * clip((4.0 - APL) / 3.0, 0, 1), 1)."""
    return np.round(1 + 4 * np.clip((4.0 - np.asarray(apl, dtype=float)) / 3.0, 0.0, 1.0), 1)


def zone_demand(population: np.ndarray) -> np.ndarray:
    """clip(round(population / 1000), 2, 20)."""
    return np.clip(np.round(np.asarray(population, dtype=float) / 1000), 2, 20).astype(np.int64)


def _zones_table(zones: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "zone_id": zones.epci_siren,
            "name": zones.name,
            "department": zones.main_department,
            "population": zones.population,
            "priority": zone_priority(zones.apl.to_numpy()),
            "demand_days": zone_demand(zones.population.to_numpy()),
            "apl_mg_2023": zones.apl.round(3),
        }
    )


def _zones_phrase(spec: GeneratorSpec, zones: pd.DataFrame) -> str:
    if not spec.official:
        return f"{spec.zones} lowest-APL zones"
    named = int((zones.designation != "proxy").sum())
    proxies = len(zones) - named
    return f"{len(zones)} priority zones ({named} named in public sources, {proxies} lowest-APL proxies)"


def _opening(rng: np.random.Generator, count: int, saturday: float) -> list[str]:
    out = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.4:
            days = [0, 1, 2, 3, 4]
        elif draw < 0.4 + saturday:
            days = [0, 1, 2, 3, 4, 5]
        else:
            days = sorted(rng.choice(5, size=int(rng.integers(2, 5)), replace=False).tolist())
        out.append(" ".join(WEEKDAY_NAMES[d] for d in days))
    return out


def _sites_table(rng: np.random.Generator, forced: dict[str, list[str]], zones: pd.DataFrame) -> pd.DataFrame:
    """Sites per zone: first at the `forced` communes (else the most populated), then drawn."""
    c = geodata.communes()
    rows = []
    for zone in zones.itertuples():
        members = c[c.epci_siren == zone.epci_siren]
        members = members.sort_values(["population", "insee_code"], ascending=[False, True])
        picked = forced.get(zone.epci_siren) or [members.insee_code.iloc[0]]
        wanted = 1 + int(zone.population >= 12000) + int(zone.population >= 30000)
        count = max(len(picked), min(len(members), wanted))
        others = members[~members.insee_code.isin(picked)]
        if count > len(picked) and len(others):
            weights = others.population.to_numpy(dtype=float) + 1.0
            size = min(count - len(picked), len(others))
            extra = rng.choice(len(others), size=size, replace=False, p=weights / weights.sum())
            picked = picked + others.insee_code.iloc[np.sort(extra)].tolist()
        for code in picked:
            commune = c[c.insee_code == code].iloc[0]
            rows.append((zone.epci_siren, commune))
    kinds = ("Maison de santé de", "Centre de santé de", "Cabinet médical de")
    n = len(rows)
    capacity = 1 + (rng.random(n) < 0.5).astype(int) + (rng.random(n) < 0.2).astype(int)
    lodging = (rng.random(n) < 0.35).astype(int)
    opening = _opening(rng, n, saturday=0.15)
    kind = rng.integers(0, len(kinds), size=n)
    return pd.DataFrame(
        {
            "site_id": [f"S{i + 1:04d}" for i in range(n)],
            "zone_id": [z for z, _ in rows],
            "name": [f"{kinds[k]} {commune['name']}" for k, (_, commune) in zip(kind, rows, strict=True)],
            "latitude": [commune.latitude for _, commune in rows],
            "longitude": [commune.longitude for _, commune in rows],
            "capacity": capacity,
            "open_weekdays": opening,
            "lodging": lodging,
            "commune": [commune["name"] for _, commune in rows],
            "insee_code": [commune.insee_code for _, commune in rows],
        }
    )


def _draw_communes(rng: np.random.Generator, pool: pd.DataFrame, count: int) -> pd.DataFrame:
    weights = pool.population.to_numpy(dtype=float)
    index = rng.choice(len(pool), size=count, replace=True, p=weights / weights.sum())
    return pool.iloc[index].reset_index(drop=True)


def _names(rng: np.random.Generator, count: int) -> list[str]:
    first = rng.integers(0, len(FIRST_NAMES), size=count)
    last = rng.integers(0, len(LAST_NAMES), size=count)
    return [f"{FIRST_NAMES[f]} {LAST_NAMES[g]}" for f, g in zip(first, last, strict=True)]


def _practices_table(rng: np.random.Generator, pool: pd.DataFrame, count: int) -> pd.DataFrame:
    where = _draw_communes(rng, pool, count)
    other = rng.choice([0, 1, 2, 3, 4], size=count, p=[0.2, 0.35, 0.25, 0.12, 0.08])
    min_present = 1 + (rng.random(count) < 0.3).astype(int)
    opening = np.where(rng.random(count) < 0.6, "Mon Tue Wed Thu Fri", "Mon Tue Wed Thu Fri Sat")
    return pd.DataFrame(
        {
            "practice_id": [f"P{i + 1:04d}" for i in range(count)],
            "name": [f"Cabinet médical de {n}" for n in where.name],
            "latitude": where.latitude,
            "longitude": where.longitude,
            "open_weekdays": opening,
            "min_present": min_present,
            "other_doctors": other,
            "commune": where.name,
        }
    )


def _doctors_table(
    rng: np.random.Generator, pool: pd.DataFrame, practices: pd.DataFrame, count: int
) -> pd.DataFrame:
    n_p = len(practices)
    with_practice = rng.random(count) < 0.85 if n_p else np.zeros(count, dtype=bool)
    practice_of = np.full(count, -1)
    holders = np.flatnonzero(with_practice)
    if len(holders):
        first = rng.permutation(n_p)[: len(holders)]
        practice_of[holders[: len(first)]] = first
        rest = holders[len(first) :]
        practice_of[rest] = rng.integers(0, n_p, size=len(rest))
    home = _draw_communes(rng, pool, count)
    lat = np.where(practice_of >= 0, practices.latitude.to_numpy()[practice_of], home.latitude)
    lon = np.where(practice_of >= 0, practices.longitude.to_numpy()[practice_of], home.longitude)
    commune = np.where(practice_of >= 0, practices.commune.to_numpy()[practice_of], home.name)
    return pd.DataFrame(
        {
            "doctor_id": [f"D{i + 1:05d}" for i in range(count)],
            "name": [f"Dr {n}" for n in _names(rng, count)],
            "practice_id": [practices.practice_id.iloc[p] if p >= 0 else "" for p in practice_of],
            "latitude": lat,
            "longitude": lon,
            "max_days": rng.choice([1, 2, 3, 4], size=count, p=[0.15, 0.7, 0.1, 0.05]),
            "max_km": rng.choice(MAX_KM_CHOICES, size=count, p=MAX_KM_WEIGHTS),
            "commune": commune,
        }
    )


def _locums_table(rng: np.random.Generator, pool: pd.DataFrame, count: int) -> pd.DataFrame:
    where = _draw_communes(rng, pool, count)
    return pd.DataFrame(
        {
            "replacement_id": [f"R{i + 1:04d}" for i in range(count)],
            "name": [f"Dr {n} (remplaçant·e)" for n in _names(rng, count)],
            "latitude": where.latitude,
            "longitude": where.longitude,
            "max_days": rng.integers(2, 13, size=count),
            "max_km": rng.choice([30, 50, 80], size=count, p=[0.3, 0.45, 0.25]),
            "commune": where.name,
        }
    )


def _availability_table(
    rng: np.random.Generator, doctors: pd.DataFrame, locums: pd.DataFrame, month: str
) -> pd.DataFrame:
    days = working_days(month)
    person, date = [], []
    for ids, low, high in ((doctors.doctor_id, 3, 11), (locums.replacement_id, 6, 19)):
        counts = rng.integers(low, high, size=len(ids))
        for pid, k in zip(ids, counts, strict=True):
            chosen = np.sort(rng.choice(len(days), size=min(int(k), len(days)), replace=False))
            person += [pid] * len(chosen)
            date += [days[i].isoformat() for i in chosen]
    return pd.DataFrame({"person_id": person, "date": date})


def _great_circle(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dl = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _distances_table(rng: np.random.Generator, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Road km = great-circle x a per-pair detour factor in [1.15, 1.5], for reachable pairs."""
    frames = []
    for people, id_col, places, place_col in (
        (tables["doctors.csv"], "doctor_id", tables["sites.csv"], "site_id"),
        (tables["replacements.csv"], "replacement_id", tables["practices.csv"], "practice_id"),
    ):
        gc = _great_circle(
            people.latitude.to_numpy(), people.longitude.to_numpy(),
            places.latitude.to_numpy(), places.longitude.to_numpy(),
        )  # fmt: skip
        km = gc * rng.uniform(1.15, 1.5, size=gc.shape)
        i, j = np.nonzero(gc * 1.15 <= people.max_km.to_numpy()[:, None])
        frames.append(
            pd.DataFrame(
                {
                    "from_id": people[id_col].to_numpy()[i],
                    "to_id": places[place_col].to_numpy()[j],
                    "km": np.round(km[i, j], 1),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _select_zones(
    spec: GeneratorSpec, regions: tuple[str, ...]
) -> tuple[tuple[str, ...], pd.DataFrame, pd.DataFrame, dict[str, list[str]]]:
    """(regions of the people, picked EPCI, zones.csv, zone -> communes of its first sites)."""
    if not spec.official:
        forced = {siren: [insee] for siren, insee in spec.include if insee}
        zones = _pick_zones(spec, regions)
        return regions, zones, _zones_table(zones), forced
    regions = official_zones.zone_regions(spec.region, regions)
    zones = official_zones.pick_official_zones(spec.region, regions, spec.zones or None, spec.include)
    zones_csv = official_zones.zones_table(zones, zone_priority, zone_demand)
    return regions, zones, zones_csv, official_zones.forced_sites(zones, spec.include)


def generate(spec: GeneratorSpec) -> GeneratedScenario:
    """Build every table of the scenario described by `spec`."""
    if spec.zones < (0 if spec.official else 1):
        raise ValueError("--zones must be at least 1")
    regions = region_codes(spec.region)
    rng = np.random.default_rng(spec.seed)
    regions, zones, zones_csv, forced = _select_zones(spec, regions)
    c = geodata.communes()
    pool = c[c.region.isin(regions) & (c.population > 0)]
    tables: dict[str, pd.DataFrame] = {"zones.csv": zones_csv}
    tables["sites.csv"] = _sites_table(rng, forced, zones)
    tables["practices.csv"] = _practices_table(rng, pool, spec.practices)
    tables["doctors.csv"] = _doctors_table(rng, pool, tables["practices.csv"], spec.doctors)
    tables["replacements.csv"] = _locums_table(rng, pool, spec.replacements)
    tables["availability.csv"] = _availability_table(
        rng, tables["doctors.csv"], tables["replacements.csv"], spec.month
    )
    if spec.distances:
        tables["distances.csv"] = _distances_table(rng, tables)
    zones_tag = f"official-z{len(zones)}" if spec.official else f"z{spec.zones}"
    name = spec.name or f"{spec.region}-{spec.month}-{zones_tag}-d{spec.doctors}-s{spec.seed}"
    settings: dict[str, object] = {
        "name": name,
        "month": spec.month,
        "max_days_per_doctor": spec.max_days_per_doctor,
        "holidays": [d.isoformat() for d in holidays_in_month(spec.month)],
        "road_factor": spec.road_factor,
        "day_trip_max_km": spec.day_trip_max_km,
        "daily_indemnity_eur": 200,
        "km_rate_eur": 0.35,
        "description": spec.description
        or f"Generated by roster: region {spec.region}, {_zones_phrase(spec, zones)}, seed {spec.seed}",
        "source": geodata.ATTRIBUTION,
        "seed": spec.seed,
    }
    if spec.official:
        national = official_zones.is_national(spec.region)
        readme = official_readme(
            command_line(spec, "<folder>"), name, spec.month, spec.region, regions, zones, tables,
            spec.road_factor, variant=command_line(national_variant(spec), "<folder>") if national else "",
        )  # fmt: skip
    else:
        readme = readme_text(spec, name, tables["zones.csv"], tables["sites.csv"])
    return GeneratedScenario(settings, tables, readme)
