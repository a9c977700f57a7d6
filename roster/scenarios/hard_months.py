"""Hard months: generator options under which home-practice continuity binds.

A month generated with the defaults has roomy practices and plenty of locums: rule 4
rarely binds and the LP relaxation of the contract is integral. A real month can be
much tighter. `HardMonth` rewrites a generated month, after `generate`, so that:

* tight practices: every practice keeps all its volunteers but at most one
  (`min_present = other_doctors + volunteers - 1`), and a share of them (half by
  default) keeps all of them (`min_present = other_doctors + volunteers`);
* scarce locums: each locum works `locum_days` days at most (1-3 by default);
* high demand: every zone's `demand_days` is multiplied by `demand_factor`;
* capacity: every site receives at most `site_capacity` volunteers a day;
* fine priorities: `priority = round(1 + 4 * clip((4.0 - APL) / 3.0, 0, 1), d)` with
  `d = priority_decimals` (the usual recipe rounds to 1 decimal).

The draws use their own random stream (seeded from the month's seed), so the
default generator output is untouched and the same options give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.scenarios.generator import GeneratedScenario
from roster.scenarios.readme_parts import with_rebuild_options

HARD_SEED_SALT = 0x4A12D  # separates this random stream from the generator's


@dataclass(frozen=True)
class HardMonth:
    """How to tighten a generated month; the defaults change nothing."""

    tight_practices: bool = False
    keep_all_share: float = 0.5  # share of tight practices that keep all their volunteers
    locum_days: tuple[int, int] | None = None  # (low, high) max_days of every locum
    demand_factor: int = 1
    site_capacity: int | None = None
    priority_decimals: int | None = None

    @classmethod
    def preset(cls) -> HardMonth:
        """`--hard`: the month of issue 11 (tight practices, locums 1-3 days, demand x4,
        capacity 1, priorities with four decimals)."""
        return cls(True, 0.5, (1, 3), 4, 1, 4)

    @property
    def active(self) -> bool:
        return self != HardMonth()

    def options(self) -> list[str]:
        """The `roster generate` options that give this month."""
        if self == HardMonth.preset():
            return ["--hard"]
        out = []
        if self.tight_practices:
            out.append("--tight-practices")
            if self.keep_all_share != 0.5:
                out.append(f"--keep-all-share {self.keep_all_share:g}")
        if self.locum_days is not None:
            out.append(f"--locum-days {self.locum_days[0]}-{self.locum_days[1]}")
        if self.demand_factor != 1:
            out.append(f"--demand-factor {self.demand_factor}")
        if self.site_capacity is not None:
            out.append(f"--site-capacity {self.site_capacity}")
        if self.priority_decimals is not None:
            out.append(f"--priority-decimals {self.priority_decimals}")
        return out


def parse_locum_days(text: str) -> tuple[int, int]:
    """`2` or `1-3`: the range of every locum's max_days."""
    low, _, high = text.partition("-")
    try:
        bounds = (int(low), int(high or low))
    except ValueError:
        raise ValueError(f"--locum-days must look like 1-3 or 2, got {text!r}") from None
    if bounds[0] < 0 or bounds[1] < bounds[0]:
        raise ValueError(f"--locum-days must be a range low-high with 0 <= low <= high, got {text!r}")
    return bounds


def harden(scenario: GeneratedScenario, hard: HardMonth, seed: int) -> GeneratedScenario:
    """Apply `hard` to a generated month in place and return it."""
    if not hard.active:
        return scenario
    if not 0.0 <= hard.keep_all_share <= 1.0:
        raise ValueError("--keep-all-share must be between 0 and 1")
    if hard.demand_factor < 1:
        raise ValueError("--demand-factor must be at least 1")
    if hard.site_capacity is not None and hard.site_capacity < 1:
        raise ValueError("--site-capacity must be at least 1")
    if hard.priority_decimals is not None and not 0 <= hard.priority_decimals <= 6:
        raise ValueError("--priority-decimals must be between 0 and 6")
    rng = np.random.default_rng([seed, HARD_SEED_SALT])
    tables = scenario.tables
    if hard.tight_practices:
        tables["practices.csv"] = _tight_practices(rng, tables, hard.keep_all_share)
    if hard.locum_days is not None:
        locums = tables["replacements.csv"].copy()
        low, high = hard.locum_days
        locums["max_days"] = rng.integers(low, high + 1, size=len(locums))
        tables["replacements.csv"] = locums
    zones = tables["zones.csv"].copy()
    if hard.priority_decimals is not None:
        apl = zones.apl_mg_2023.to_numpy(dtype=float)
        zones["priority"] = np.round(1 + 4 * np.clip((4.0 - apl) / 3.0, 0.0, 1.0), hard.priority_decimals)
    zones["demand_days"] = zones.demand_days * hard.demand_factor
    tables["zones.csv"] = zones
    if hard.site_capacity is not None:
        sites = tables["sites.csv"].copy()
        sites["capacity"] = np.minimum(sites.capacity, hard.site_capacity)
        tables["sites.csv"] = sites
    scenario.readme = with_rebuild_options(scenario.readme, hard.options())
    return scenario


def _tight_practices(rng: np.random.Generator, tables: dict, keep_all_share: float):
    practices = tables["practices.csv"].copy()
    doctors = tables["doctors.csv"]
    volunteers = doctors[doctors.practice_id != ""].groupby("practice_id").size()
    count = practices.practice_id.map(volunteers).fillna(0).astype(int).to_numpy()
    keep_all = rng.random(len(practices)) < keep_all_share
    total = practices.other_doctors.to_numpy() + count
    practices["min_present"] = np.maximum(1, total - np.where(keep_all, 0, 1))
    return practices


def hard_month(
    preset: bool,
    tight_practices: bool = False,
    keep_all_share: float = 0.5,
    locum_days: str = "",
    demand_factor: int = 1,
    site_capacity: int | None = None,
    priority_decimals: int | None = None,
) -> HardMonth:
    """The `HardMonth` of `roster generate`'s options (`--hard` gives the preset)."""
    if preset:
        return HardMonth.preset()
    days = parse_locum_days(locum_days) if locum_days else None
    return HardMonth(tight_practices, keep_all_share, days, demand_factor, site_capacity, priority_decimals)
