"""Where the bundled example scenarios live (a source checkout or an installed wheel)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SCENARIO = "occitanie-pilot"


def bundled_root() -> Path:
    """The folder holding the example scenarios."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parent / "scenarios", package / "bundled_scenarios"):
        if (candidate / DEFAULT_SCENARIO / "scenario.toml").is_file():
            return candidate
    return package.parent / "scenarios"


def default_scenario() -> Path:
    return bundled_root() / DEFAULT_SCENARIO
