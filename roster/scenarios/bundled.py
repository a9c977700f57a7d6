"""The bundled example scenarios, and the default one `roster solve` plans."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SCENARIO = "occitanie-pilot"


def pilot_spec():  # -> GeneratorSpec (import kept lazy: pandas is slow to import)
    """The recipe of `scenarios/occitanie-pilot`: the six EPCI named in the Occitanie
    communiqués (with their first solidarity sites) plus the 22 of lowest APL."""
    from roster.scenarios.generator import GeneratorSpec

    return GeneratorSpec(
        region="76", zones=28, doctors=200, practices=100, replacements=30, month="2025-10",
        seed=2025, name="occitanie-pilot",
        include=(
            ("200035632", "32344"),  # CC Armagnac Adour - Riscle
            ("200070795", "65129"),  # CC du Pays de Trie et du Magnoac - Castelnau-Magnoac
            ("200040418", "82117"),  # CC du Pays de Serres en Quercy - Montaigu-de-Quercy
            ("200066553", "34293"),  # CC du Haut-Languedoc - La Salvetat-sur-Agout
            ("200042463", "11222"),  # CC de la Montagne Noire - Mas-Cabardès
            ("200072643", None),  # CC Coeur et Coteaux du Comminges - its main town
        ),
    )  # fmt: skip


def bundled_root() -> Path:
    """`scenarios/` of a source checkout (or editable install)."""
    return Path(__file__).resolve().parents[2] / "scenarios"


def default_scenario() -> Path:
    """The Occitanie pilot: from the checkout, else rebuilt (byte-identical) in a cache folder."""
    checkout = bundled_root() / DEFAULT_SCENARIO
    if (checkout / "scenario.toml").is_file():
        return checkout
    from roster.scenarios.generator import generate
    from roster.scenarios.writer import write_scenario

    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "roster" / DEFAULT_SCENARIO
    if not (cache / "scenario.toml").is_file():
        write_scenario(cache, generate(pilot_spec()), force=True, keep_backup=False)
    return cache
