"""The bundled example scenarios, and the default one `roster solve` plans."""

from __future__ import annotations

import os
from pathlib import Path

from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.writer import write_scenario

DEFAULT_SCENARIO = "occitanie-pilot"


def pilot_spec() -> GeneratorSpec:
    """The recipe of `scenarios/occitanie-pilot`: the 21 Occitanie priority zones named in
    public sources (first sites at the communes they name) plus the 7 of lowest APL."""
    return GeneratorSpec(
        region="76", zones=0, official=True, doctors=200, practices=100, replacements=30,
        month="2025-10", seed=2025, name="occitanie-pilot",
    )  # fmt: skip


def aura_spec() -> GeneratorSpec:
    """The recipe of `scenarios/auvergne-rhone-alpes`: 10 named zones plus the 7 of lowest APL."""
    return GeneratorSpec(
        region="84", zones=0, official=True, doctors=120, practices=60, replacements=15,
        month="2025-11", seed=2025, name="auvergne-rhone-alpes",
    )  # fmt: skip


def france_spec() -> GeneratorSpec:
    """The recipe of `scenarios/france`: the 65 named zones plus 86 proxies, about 300
    volunteers as in December 2025."""
    return GeneratorSpec(
        region="all", zones=0, official=True, doctors=300, practices=150, replacements=40,
        month="2025-12", seed=2025, name="france",
    )  # fmt: skip


RECIPES = {"occitanie-pilot": pilot_spec, "auvergne-rhone-alpes": aura_spec, "france": france_spec}


def bundled_root() -> Path:
    """`scenarios/` of a source checkout (or editable install)."""
    return Path(__file__).resolve().parents[2] / "scenarios"


def default_scenario() -> Path:
    """The Occitanie pilot: from the checkout, else rebuilt (byte-identical) in a cache folder."""
    checkout = bundled_root() / DEFAULT_SCENARIO
    if (checkout / "scenario.toml").is_file():
        return checkout
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "roster" / DEFAULT_SCENARIO
    if not (cache / "scenario.toml").is_file():
        write_scenario(cache, generate(pilot_spec()), force=True, keep_backup=False)
    return cache
