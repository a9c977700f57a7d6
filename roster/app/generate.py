"""`generate`: a contract-compliant month from the bundled public geography, written as a scenario folder."""

from __future__ import annotations

import re
from pathlib import Path

from roster.app.errors import InvalidOption, OutputRefused
from roster.outputs.atomic_folder import OutputExistsError
from roster.scenarios.generator import GeneratedScenario, GeneratorSpec, generate
from roster.scenarios.hard_months import hard_month, harden
from roster.scenarios.writer import write_scenario
from roster.scenarios.zones_option import parse_zones

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def check_month(month: str) -> None:
    """`InvalidOption` unless `month` is YYYY-MM."""
    if not MONTH.fullmatch(month):
        raise InvalidOption(f"--month must look like YYYY-MM, got {month!r}")


def zone_choice(text: str) -> tuple[bool, int]:
    """(official, count) of `--zones`: N, `official` or `official:N`; `InvalidOption` otherwise."""
    try:
        return parse_zones(text)
    except ValueError as exc:
        raise InvalidOption(str(exc)) from exc


def generate_scenario(
    out_dir: Path,
    spec: GeneratorSpec,
    force: bool = False,
    *,
    hard: bool = False,
    tight_practices: bool = False,
    keep_all_share: float = 0.5,
    locum_days: str = "",
    demand_factor: int = 1,
    site_capacity: int | None = None,
    priority_decimals: int | None = None,
) -> GeneratedScenario:
    """Generate the month (hardened as asked) and write it to `out_dir`; `InvalidOption` for
    options that cannot apply, `OutputRefused` if the folder cannot be replaced."""
    try:
        scenario = harden(
            generate(spec),
            hard_month(
                hard, tight_practices, keep_all_share, locum_days, demand_factor, site_capacity,
                priority_decimals,
            ),
            spec.seed,
        )  # fmt: skip
        write_scenario(out_dir, scenario, force=force)
    except ValueError as exc:
        raise InvalidOption(str(exc)) from exc
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
    return scenario
