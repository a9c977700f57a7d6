"""`roster generate`: a contract-compliant month from public geography, at any scale."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from roster.app.errors import AppError
from roster.app.generate import check_month, generate_scenario, month_hardening, zone_choice
from roster.commands.terminal import err, fail_with
from roster.scenarios.generator import GeneratorSpec


def parse_include(values: list[str]) -> tuple[tuple[str, str | None], ...]:
    """`SIREN` or `SIREN:INSEE` (the commune of the zone's first site)."""
    out = []
    for value in values:
        siren, _, insee = value.partition(":")
        out.append((siren.strip(), insee.strip() or None))
    return tuple(out)


def generate(
    out_dir: Annotated[Path, typer.Argument(help="Scenario folder to write.")],
    region: Annotated[
        str, typer.Option(help="INSEE region code (76 Occitanie, 84 AuRA...) or 'all'.")
    ] = "76",
    zones: Annotated[
        str,
        typer.Option(
            help="Priority zones: N (the EPCI of lowest APL), 'official' (the zones named in public "
            "sources first, completed to the region's official count with lowest-APL proxies) or "
            "'official:N'."
        ),
    ] = "28",
    doctors: Annotated[int, typer.Option(min=0, help="Volunteers.")] = 300,
    practices: Annotated[int, typer.Option(min=0, help="Home practices.")] = 150,
    replacements: Annotated[int, typer.Option(min=0, help="Locums.")] = 40,
    month: Annotated[str, typer.Option(help="Month to plan, YYYY-MM.")] = "2025-10",
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same bytes).")] = 0,
    name: Annotated[str, typer.Option(help="Scenario name (default: derived from the options).")] = "",
    include: Annotated[
        list[str] | None,
        typer.Option(help="Force an EPCI in: SIREN or SIREN:INSEE of its first site (repeatable)."),
    ] = None,
    distances: Annotated[
        bool, typer.Option("--distances", help="Also write distances.csv (great-circle x detour factor).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing OUT (the old one is kept as OUT.prev).")
    ] = False,
    hard: Annotated[
        bool,
        typer.Option(
            "--hard",
            help="Hard month: tight practices, locums 1-3 days, demand x4, capacity 1, 4-decimal priorities.",
            rich_help_panel="Hard months",
        ),
    ] = False,
    tight_practices: Annotated[
        bool,
        typer.Option(
            "--tight-practices",
            help="Every practice keeps all its volunteers but at most one.",
            rich_help_panel="Hard months",
        ),
    ] = False,
    keep_all_share: Annotated[
        float, typer.Option(help="With tight practices: share keeping all.", rich_help_panel="Hard months")
    ] = 0.5,
    locum_days: Annotated[
        str, typer.Option(help="Every locum's max_days drawn in LOW-HIGH.", rich_help_panel="Hard months")
    ] = "",
    demand_factor: Annotated[
        int, typer.Option(help="Multiply every zone's demand_days.", rich_help_panel="Hard months")
    ] = 1,
    site_capacity: Annotated[
        int | None, typer.Option(help="Cap every site's capacity.", rich_help_panel="Hard months")
    ] = None,
    priority_decimals: Annotated[
        int | None, typer.Option(help="Decimals of the zone priorities.", rich_help_panel="Hard months")
    ] = None,
    wishes: Annotated[
        bool,
        typer.Option(
            "--wishes",
            help="Wishes as the sign-up form gives them: 0-3 per volunteer among the 8 nearest sites "
            "(site, zone, weekday, site and weekday; weights 1, 2, 5, a few -3), 5% only_wished.",
        ),
    ] = False,
) -> None:
    """Generate a month of sign-ups, sites and practices for a region (or all of France)."""
    try:
        check_month(month)
        official, count = zone_choice(zones)
        started = time.perf_counter()
        spec = GeneratorSpec(
            region=region, zones=count, official=official, doctors=doctors, practices=practices,
            replacements=replacements, month=month, seed=seed, name=name,
            include=parse_include(include or []), distances=distances,
        )  # fmt: skip
        hardening = month_hardening(
            hard, tight_practices=tight_practices, keep_all_share=keep_all_share, locum_days=locum_days,
            demand_factor=demand_factor, site_capacity=site_capacity, priority_decimals=priority_decimals,
        )  # fmt: skip
        scenario = generate_scenario(out_dir, spec, force, hardening, wishes)
    except AppError as exc:
        fail_with(exc)
    tables = scenario.tables
    zones_csv = tables["zones.csv"]
    named = ""
    if "designation" in zones_csv.columns:
        proxies = int((zones_csv.designation == "proxy").sum())
        named = f" ({len(zones_csv) - proxies} named, {proxies} proxies)"
    err.print(
        f"wrote {out_dir}: {len(zones_csv)} zones{named}, {len(tables['sites.csv'])} sites, "
        f"{len(tables['practices.csv'])} practices, {len(tables['doctors.csv'])} volunteers, "
        f"{len(tables['replacements.csv'])} locums in {time.perf_counter() - started:.2f} s",
        markup=False,
    )
