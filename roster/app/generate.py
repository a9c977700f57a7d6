"""`generate`: a contract-compliant month from the bundled public geography, written as a scenario folder."""

from __future__ import annotations

import re
from pathlib import Path

from roster.app.errors import InvalidOption, OutputRefused
from roster.outputs.atomic_folder import OutputExistsError
from roster.scenarios.generator import GeneratedScenario, GeneratorSpec, generate
from roster.scenarios.hard_months import HardMonth, hard_month, harden
from roster.scenarios.signup_wishes import add_wishes
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


def month_hardening(hard: bool = False, **options: object) -> HardMonth:
    """The `HardMonth` of `roster generate`'s hard-month options (`--hard`: the preset);
    `InvalidOption` for a value that cannot apply."""
    try:
        return hard_month(hard, **options)  # type: ignore[arg-type]
    except ValueError as exc:
        raise InvalidOption(str(exc)) from exc


def generate_scenario(
    out_dir: Path,
    spec: GeneratorSpec,
    force: bool = False,
    hardening: HardMonth | None = None,
    wishes: bool = False,
) -> GeneratedScenario:
    """Generate the month (hardened, with sign-up wishes, as asked) and write it to `out_dir`;
    `InvalidOption` for options that cannot apply, `OutputRefused` if the folder cannot be replaced."""
    try:
        scenario = harden(generate(spec), hardening or HardMonth(), spec.seed)
        if wishes:
            scenario = add_wishes(scenario, spec.seed)
        write_scenario(out_dir, scenario, force=force)
    except ValueError as exc:
        raise InvalidOption(str(exc)) from exc
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
    return scenario
