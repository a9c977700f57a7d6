"""Soak test: solve N random generated months and check each with `roster verify`.

    python scripts/soak.py --months 100 [--seed 0] [--time-limit 5] [--keep DIR]

Each month is drawn at random: a metropolitan region, a month of 2025-2026 (so
with and without public holidays), 2-12 zones, 10-120 volunteers, practices and
locums in proportion, sometimes a road-distance matrix. It is generated with the
real-geography generator, solved with `roster solve` semantics (1 worker, fixed
seed) and verified with the `roster verify` command. Any crash, verifier
violation or non-zero exit is a failure; the script exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from roster.cli import app
from roster.outputs.planning_folder import save_planning
from roster.scenarios import load_scenario
from roster.scenarios.generator import GeneratorSpec, generate
from roster.scenarios.geodata import METROPOLITAN_REGIONS
from roster.scenarios.writer import write_scenario
from roster.solvers import SolveOptions, solve


def random_spec(rng: random.Random, index: int) -> GeneratorSpec:
    doctors = rng.randint(10, 120)
    return GeneratorSpec(
        region=rng.choice(METROPOLITAN_REGIONS),
        zones=rng.randint(2, 12),
        doctors=doctors,
        practices=max(1, doctors // rng.randint(1, 3)),
        replacements=rng.randint(0, max(1, doctors // 5)),
        month=f"{rng.choice([2025, 2026])}-{rng.randint(1, 12):02d}",
        seed=rng.randrange(2**31),
        name=f"soak-{index}",
        distances=rng.random() < 0.3,
        max_days_per_doctor=rng.choice([1, 2, 2, 2, 4]),
        day_trip_max_km=rng.choice([60.0, 80.0, 100.0]),
    )


def soak(months: int, seed: int, time_limit: float, keep: Path | None) -> tuple[int, Counter[str], list[str]]:
    """Run the soak; returns (months done, statuses, failure messages)."""
    rng = random.Random(seed)
    runner = CliRunner()
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    work = keep or Path(tempfile.mkdtemp(prefix="roster-soak-"))
    for i in range(months):
        spec = random_spec(rng, i)
        folder, plan = work / f"month-{i:04d}", work / f"month-{i:04d}-planning"
        try:
            write_scenario(folder, generate(spec), force=True, keep_backup=False)
            scenario = load_scenario(folder)
            planning = solve(scenario, SolveOptions(time_limit_s=time_limit, workers=1, seed=0))
            save_planning(plan, planning, scenario, force=True)
            statuses[planning.summary.status] += 1
            check = runner.invoke(app, ["verify", str(folder), str(plan)])
            if check.exit_code != 0:
                failures.append(f"month {i} ({spec}): verify exit {check.exit_code}: {check.output.strip()}")
        except Exception as exc:  # a soak reports every crash instead of stopping
            failures.append(f"month {i} ({spec}): {type(exc).__name__}: {exc}")
    return months, statuses, failures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--months", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--keep", type=Path, default=None, help="keep scenarios and plannings in this folder")
    args = parser.parse_args()
    started = time.perf_counter()
    done, statuses, failures = soak(args.months, args.seed, args.time_limit, args.keep)
    elapsed = time.perf_counter() - started
    print(f"{done} months in {elapsed:.0f} s: {dict(statuses)}; {len(failures)} failure(s)")
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
