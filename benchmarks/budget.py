"""Benchmark the policy settings on the national month: a budget at 80% of the
unconstrained cost, and week-long stays.

    python benchmarks/budget.py [--time-limit 60] [--share 0.8]

The national month of `benchmarks/run.py` (seed 2025) gets costs (locum days 250 EUR,
lodging nights 80 EUR, travel both ways); it is solved without a budget, then with
`budget_eur` = share x that total cost, then with `max_stay_days = 5`. Each solve
is a fresh subprocess with 2 CP-SAT workers; every planning is checked with
`roster verify`. A section is appended to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from run import HERE, WORK, generate, machine

COSTS = "locum_daily_eur = 250\nlodging_night_eur = 80\nround_trip = true\n"

MEASURE = r"""
import json, sys, time, resource
started = time.perf_counter()
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve
from roster.outputs.planning_folder import save_planning
scenario = load_scenario(sys.argv[1])
planning = solve(scenario, SolveOptions(time_limit_s=float(sys.argv[2]), workers=2, seed=0))
total = time.perf_counter() - started
save_planning(sys.argv[3], planning, scenario, force=True)
s = planning.summary
lp = next((p for p in s.phases if p.get("phase") == "lp-coverage"), {})
print(json.dumps({
    "total_s": total, "status": s.status, "gap": s.gap, "coverage": s.coverage_score,
    "bound": s.best_bound, "km": s.total_km, "km_status": s.km_status, "total_eur": s.total_eur,
    "doctor_days": s.doctor_days, "locum_days": s.locum_days, "stays": s.stays,
    "lp_integral": lp.get("integral"), "lp_s": lp.get("wall_time_s"), "proof": s.proof,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "phases": [(p.get("phase"), p.get("wall_time_s")) for p in s.phases],
}))
"""


def variant(base: Path, name: str, extra: str) -> Path:
    folder = base.parent / f"{base.name}-{name}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(base, folder)
    with (folder / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return folder


def measure(scenario: Path, limit: float) -> dict[str, object]:
    out = scenario.parent / f"{scenario.name}-planning"
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(scenario), str(limit), str(out)], capture_output=True, text=True
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else f"exit {done.returncode}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    check = subprocess.run(
        [sys.executable, "-m", "roster.cli", "verify", str(scenario), str(out)],
        capture_output=True,
        text=True,
    )
    result["verified"] = check.returncode == 0
    return result


def row(name: str, r: dict[str, object]) -> str:
    if "error" in r:
        return f"| {name} | error: {r['error']} |||||||||"
    gap = "-" if r["gap"] is None else f"{100 * float(r['gap']):.4f}%"  # type: ignore[arg-type]
    cells = [
        name,
        f"{float(r['total_s']):.1f}",  # type: ignore[arg-type]
        str(r["status"]),
        gap,
        f"{float(r['coverage']):.4f}",  # type: ignore[arg-type]
        f"{float(r['km']):,.1f} ({r['km_status']})",  # type: ignore[arg-type]
        f"{float(r['total_eur']):,.2f}",  # type: ignore[arg-type]
        str(r["stays"]),
        f"{r['lp_integral']} ({r['lp_s']} s)",
        f"{float(r['peak_rss_mb']):.0f}",  # type: ignore[arg-type]
        str(r["verified"]),
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--share", type=float, default=0.8, help="budget as a share of the unconstrained cost"
    )
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=WORK)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    base = generate("national", args.work)
    costs = variant(base, "costs", COSTS)
    free = measure(costs, args.time_limit)
    rows = {"costs, no budget": free}
    if "total_eur" in free:
        budget = round(args.share * float(free["total_eur"]), 2)  # type: ignore[arg-type]
        capped = variant(base, "budget", COSTS + f"budget_eur = {budget}\n")
        rows[f"budget {budget:,.2f} EUR ({args.share:.0%})"] = measure(capped, args.time_limit)
    rows["max_stay_days = 5"] = measure(
        variant(base, "stays", COSTS + "max_stay_days = 5\n"), args.time_limit
    )
    columns = ["variant", "total s", "status", "gap", "coverage", "km", "total EUR", "stays",
               "LP integral (LP s)", "peak RSS MB", "verified"]  # fmt: skip
    lines = [
        f"## Policy run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (benchmarks/budget.py)",
        "",
        f"Machine: {machine()}",
        "",
        f"National month (seed 2025) with {COSTS.strip().replace(chr(10), ', ')}; "
        f"roster time limit {args.time_limit:g} s, 2 workers.",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *(row(name, r) for name, r in rows.items()),
        "",
        *(f"- {name}: phases {r.get('phases')}" for name, r in rows.items() if "phases" in r),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with args.results.open("a", encoding="utf-8") as handle:
        handle.write("\n" + text)


if __name__ == "__main__":
    main()
