"""Benchmark roster against a greedy planner and the contract as a HiGHS MILP.

    python benchmarks/run.py [--sizes region,national,stress] [--milp-time-limit 900]

Scenarios come from `roster generate` (seeded, so every run measures the same
months). Every measurement runs in a fresh subprocess so that its peak RSS is its
own; all three planners of a size run in the same invocation, so ratios compare
like with like. Results are appended to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
SIZES = {  # zones, volunteers, practices, locums, roster time limit (s)
    "region": ("76", 28, 300, 150, 40, 10.0),
    "national": ("all", 151, 3000, 1500, 400, 20.0),
    "stress": ("all", 151, 10000, 4000, 1000, 60.0),
}
SEED = 2025

MEASURE = r"""
import json, sys, time, resource
started = time.perf_counter()
from roster.scenarios import load_scenario
scenario = load_scenario(sys.argv[1])
load_s = time.perf_counter() - started
which, limit = sys.argv[2], float(sys.argv[3])
first = []
if which == "roster":
    from roster.solvers import SolveOptions, solve
    def progress(p):
        if not first and p.coverage is not None:
            first.append(time.perf_counter() - started)
    planning = solve(scenario, SolveOptions(time_limit_s=limit, workers=2, seed=0), progress=progress)
elif which == "greedy":
    from roster.baselines.greedy import solve_greedy
    planning = solve_greedy(scenario)
else:
    from roster.baselines.milp import solve_milp
    planning = solve_milp(scenario, time_limit_s=limit, threads=2)
total = time.perf_counter() - started
s = planning.summary
from roster.outputs.planning_folder import save_planning
save_planning(sys.argv[4], planning, scenario, force=True)
build = next((p.get("wall_time_s") for p in s.phases if p.get("phase") == "build"), None)
print(json.dumps({
    "load_s": load_s, "build_s": build, "total_s": total, "first_feasible_s": first[0] if first else None,
    "status": s.status, "gap": s.gap, "coverage": s.coverage_score, "bound": s.best_bound,
    "km": s.total_km, "km_status": s.km_status, "doctor_days": s.doctor_days,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "variables": next((p.get("mission_variables") for p in s.phases if p.get("phase") == "build"), None),
}))
"""


def generate(size: str, work: Path) -> Path:
    region, zones, doctors, practices, locums, _ = SIZES[size]
    out = work / f"{size}-s{SEED}"
    if not (out / "scenario.toml").is_file():
        counts = {"--zones": zones, "--doctors": doctors, "--practices": practices, "--replacements": locums}
        options = [str(v) for pair in counts.items() for v in pair]
        command = [sys.executable, "-m", "roster.cli", "generate", str(out), "--region", region, *options]
        subprocess.run([*command, "--month", "2025-10", "--seed", str(SEED)], check=True)
    return out


def measure(scenario: Path, which: str, limit: float, work: Path) -> dict[str, object]:
    out = work / f"{scenario.name}-{which}"
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(scenario), which, str(limit), str(out)],
        capture_output=True,
        text=True,
        check=False,
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


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import highspy
    import ortools

    h = highspy.Highs()
    highs = f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"
    return (
        f"{cpu}, {os.cpu_count()} cores visible (roster and HiGHS given 2), {mem_gb:.0f} GiB RAM; "
        f"Python {platform.python_version()}, OR-Tools {ortools.__version__}, HiGHS {highs}"
    )


def fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(size: str, rows: dict[str, dict[str, object]]) -> list[str]:
    columns = [
        "planner",
        "load s",
        "build s",
        "first feasible s",
        "total s",
        "status",
        "gap",
        "coverage",
        "km",
        "peak RSS MB",
        "verified",
    ]
    lines = [f"### {size}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for name, r in rows.items():
        if "error" in r:
            lines.append(f"| {name} | error: {r['error']} |||||||||")
            continue
        gap = "-" if r.get("gap") is None else f"{100 * float(r['gap']):.3f}%"  # type: ignore[arg-type]
        cells = [
            name,
            fmt(r.get("load_s")),
            fmt(r.get("build_s")),
            fmt(r.get("first_feasible_s")),
            fmt(r.get("total_s")),
            str(r.get("status")),
            gap,
            fmt(r.get("coverage"), 4),
            fmt(r.get("km"), 1),
            fmt(r.get("peak_rss_mb"), 0),
            str(r.get("verified")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    roster, greedy, milp = rows.get("roster", {}), rows.get("greedy", {}), rows.get("highs-milp", {})
    notes = []
    if "total_s" in roster and "total_s" in milp:
        notes.append(f"HiGHS time / roster time = {float(milp['total_s']) / float(roster['total_s']):.1f}x")
    if "coverage" in roster and "coverage" in greedy:
        c_r, c_g = float(roster["coverage"]), float(greedy["coverage"])
        notes.append(f"greedy coverage = {100 * c_g / c_r:.1f}% of roster's ({c_r - c_g:+.3f} for roster)")
    if "coverage" in roster and "coverage" in milp:
        notes.append(
            f"roster coverage - HiGHS coverage = {float(roster['coverage']) - float(milp['coverage']):+.4f}"
        )
    return [*lines, "", *(f"- {n}" for n in notes), ""]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="region,national,stress")
    parser.add_argument("--milp-time-limit", type=float, default=900.0)
    parser.add_argument("--no-milp", action="store_true")
    parser.add_argument(
        "--results", type=Path, default=HERE / "RESULTS.md", help="Markdown file to append to"
    )
    parser.add_argument("--work", type=Path, default=WORK, help="folder for scenarios and plannings")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    report = [
        f"## Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"Machine: {machine()}",
        "",
    ]
    for size in args.sizes.split(","):
        scenario = generate(size, args.work)
        limit = SIZES[size][5]
        rows = {
            "roster": measure(scenario, "roster", limit, args.work),
            "greedy": measure(scenario, "greedy", limit, args.work),
        }
        if not args.no_milp:
            rows["highs-milp"] = measure(scenario, "milp", args.milp_time_limit, args.work)
        section = table(f"{size} (time limit {limit:g} s for roster)", rows)
        print("\n".join(section), flush=True)
        report += section
    results = args.results
    previous = results.read_text() if results.exists() else "# Benchmark results\n\n"
    results.write_text(previous.rstrip("\n") + "\n\n" + "\n".join(report) + "\n")


if __name__ == "__main__":
    main()
