"""Draw the pilot's policy curves for docs/policies.md: budget, cap and stays sweeps.

    python scripts/policy_curves.py [--out docs/policies] [--time-limit 30]

Each sweep runs `roster sweep` on the bundled Occitanie pilot with the costs of
docs/policies.md (locum days 250 EUR, lodging nights 80 EUR, travel both ways),
verifies every variant, and copies sweep.csv, sweep.html and each chart (SVG) to
--out.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PILOT = ROOT / "scenarios" / "occitanie-pilot"
COSTS = "locum_daily_eur = 250\nlodging_night_eur = 80\nround_trip = true\n"
SWEEPS = {
    "budget": ["--set", "budget_eur=10000,20000,30000,40000,50000,60000,70000,80000"],
    "cap": ["--set", "max_days_per_doctor=1,2,4"],
    "stays": ["--set", "max_stay_days=1,3,5"],
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "policies")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "pilot"
        shutil.copytree(PILOT, scenario)
        with (scenario / "scenario.toml").open("a", encoding="utf-8") as handle:
            handle.write(COSTS)
        for name, options in SWEEPS.items():
            out = Path(tmp) / name
            command = [
                sys.executable,
                "-m",
                "roster.cli",
                "sweep",
                str(scenario),
                *options,
                "--out",
                str(out),
            ]
            subprocess.run(
                [*command, "--time-limit", str(args.time_limit), "--jobs", "1", "--quiet"], check=True
            )
            for variant in sorted(p for p in out.iterdir() if p.is_dir()):
                source = variant / "scenario" if (variant / "scenario").is_dir() else scenario
                verify = [sys.executable, "-m", "roster.cli", "verify", str(source), str(variant)]
                subprocess.run(verify, check=True, capture_output=True)
            shutil.copy(out / "sweep.csv", args.out / f"{name}.csv")
            html = (out / "sweep.html").read_text(encoding="utf-8")
            (args.out / f"{name}.html").write_text(html, encoding="utf-8")
            for i, svg in enumerate(re.findall(r"<svg.*?</svg>", html, flags=re.S)):
                (args.out / f"{name}-{i + 1}.svg").write_text(svg + "\n", encoding="utf-8")
            print(f"{name}: {args.out / (name + '.html')}")


if __name__ == "__main__":
    main()
