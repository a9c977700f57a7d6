"""Benchmark roster against a greedy planner and the contract as a HiGHS MILP: every family, one run.

    python benchmarks/run.py                                  # every family, HiGHS too (about 35 minutes)
    python benchmarks/run.py --families region,hard-national --no-milp
    python benchmarks/run.py --before /path/to/old/checkout  # the old code beside, for ratios in one run

Months come from `roster generate` (seeded: every run measures the same months); the
policy families add costs, a budget or stays to the national month. Every measurement
is a fresh subprocess (its own peak RSS); all planners of a family run in the same
invocation, so ratios compare like with like; every planning is checked with `roster
verify`. Writes benchmarks/RESULTS.md: one table, the machine and the date (earlier
runs and what was tried are in benchmarks/history/).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
SEED = 2025
COSTS = "locum_daily_eur = 250\nlodging_night_eur = 80\nround_trip = true\n"


@dataclass(frozen=True)
class Family:
    """A month of `roster generate` (and, for a policy family, the settings it adds)."""

    region: str
    zones: int
    doctors: int
    practices: int
    locums: int
    time_limit_s: float  # roster's cap, not a target
    hard: bool = False
    seeds: tuple[int, ...] = (SEED,)
    policy: str = ""  # "costs", "budget" (80% of the costs month's planning) or "stays"
    milp: bool = True  # the MILP baseline models the contract and wishes: none on policy months
    wishes: bool = False  # `roster generate --wishes`: the sign-up form's wishes


FAMILIES = {
    "region": Family("76", 28, 300, 150, 40, 10.0),
    "national": Family("all", 151, 3000, 1500, 400, 20.0),
    "stress": Family("all", 151, 10000, 4000, 1000, 60.0),
    # hard months (`roster generate --hard`): tight practices, locums 1-3 days, demand x4,
    # capacity 1, priorities with four decimals; about 110 locums per 3,000 volunteers.
    # Seeds 1 and 5: GLOP's coverage LP ends on a fractional vertex (seed 4 did before the slack basis)
    "hard-region": Family("76", 28, 300, 150, 11, 30.0, hard=True),
    "hard-national": Family("all", 151, 3000, 1500, 110, 180.0, hard=True, seeds=(1, 4, 5)),
    "hard-stress": Family("all", 151, 10000, 4000, 370, 300.0, hard=True),
    "costs": Family("all", 151, 3000, 1500, 400, 60.0, policy="costs", milp=False),
    "budget": Family("all", 151, 3000, 1500, 400, 60.0, policy="budget", milp=False),
    "stays": Family("all", 151, 3000, 1500, 400, 60.0, policy="stays", milp=False),
    # the real month (issue 26): hard months with the sign-up form's wishes
    "real-region": Family("76", 28, 300, 150, 11, 60.0, hard=True, wishes=True),
    "real-national": Family("all", 151, 3000, 1500, 110, 120.0, hard=True, seeds=(1, 2), wishes=True),
    "real-stress": Family("all", 151, 10000, 4000, 370, 300.0, hard=True, wishes=True),
    "real-costs": Family(
        "all", 151, 3000, 1500, 110, 60.0, hard=True, seeds=(1,), policy="costs", milp=False, wishes=True
    ),
    "real-budget": Family(
        "all", 151, 3000, 1500, 110, 60.0, hard=True, seeds=(1,), policy="budget", milp=False, wishes=True
    ),
    "real-stays": Family(
        "all", 151, 3000, 1500, 110, 60.0, hard=True, seeds=(1,), policy="stays", milp=False, wishes=True
    ),
}
BUDGET_SHARE = 0.8

MEASURE = r"""
import json, sys, time, resource
started = time.perf_counter()
from roster.scenarios import load_scenario
scenario = load_scenario(sys.argv[1])
load_s = time.perf_counter() - started
which, limit = sys.argv[2], float(sys.argv[3])
first, trace, proofs = [], [], {}
if which == "roster":
    from roster.solvers import SolveOptions, solve
    def progress(p):
        now = time.perf_counter() - started
        if not first and p.coverage:
            first.append(now)
        trace.append((now, p.coverage, p.bound))
        for objective in getattr(p, "proven", ()):
            proofs.setdefault(objective, now)
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
best = s.coverage_score
found = proven = None
if which == "roster":  # first snapshot at the final coverage; first one whose bound meets it
    close = lambda a, b: a is not None and b is not None and abs(a - b) <= 1e-8 * max(abs(b), 1.0)
    found = next((t for t, c, _ in trace if close(c, best)), None)
    proven = next((t for t, c, b in trace if close(c, best) and close(b, best)), None)
    if proven is None and s.status == "OPTIMAL":
        proven = total
    if proven is not None:
        proofs.setdefault("coverage", proven)
elif which == "milp":  # HiGHS: build, then its phases one after the other
    clock = load_s
    for p in s.phases:
        clock += float(p.get("wall_time_s") or 0)
        if p.get("phase") in ("coverage", "wish", "km") and p.get("status") == "Optimal":
            proofs[p["phase"]] = clock
    proven = found = proofs.get("coverage")
print(json.dumps({
    "coverage_found_s": found, "coverage_proven_s": proven, "proof": s.proof, "km_bound": s.km_bound,
    "wish_proven_s": proofs.get("wish"),
    "km_proven_s": proofs.get("km") if s.km_status == "OPTIMAL" else None,
    "wish": s.wish_score, "wish_bound": s.wish_bound, "optimal_s": total if s.status == "OPTIMAL" else None,
    "load_s": load_s, "total_s": total, "first_feasible_s": first[0] if first else None,
    "status": s.status, "gap": s.gap, "coverage": s.coverage_score, "bound": s.best_bound,
    "km": s.total_km, "km_status": s.km_status, "total_eur": getattr(s, "total_eur", None),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cpu_s": (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_SELF)),
}))
"""


def generate(name: str, work: Path, seed: int = SEED) -> Path:
    """The month of a family (generated once, then reused)."""
    f = FAMILIES[name]
    base = ("real-" if f.wishes else "") + ("hard-" if f.hard else "")
    out = work / f"{base}{f.region}-z{f.zones}-d{f.doctors}-s{seed}"
    if not (out / "scenario.toml").is_file():
        counts = {
            "--zones": f.zones,
            "--doctors": f.doctors,
            "--practices": f.practices,
            "--replacements": f.locums,
        }
        options = [str(v) for pair in counts.items() for v in pair] + (["--hard"] if f.hard else [])
        options += ["--wishes"] if f.wishes else []
        command = [sys.executable, "-m", "roster.cli", "generate", str(out), "--region", f.region, *options]
        subprocess.run([*command, "--month", "2025-10", "--seed", str(seed)], check=True, cwd=work)
    return out


def with_policy(base: Path, name: str, extra: str) -> Path:
    """A copy of `base` with settings added to its scenario.toml."""
    folder = base.parent / f"{base.name}-{name}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(base, folder)
    with (folder / "scenario.toml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return folder


def measure(scenario: Path, which: str, limit: float, out: Path, before: Path | None = None) -> dict:
    """One planner on one month, in a fresh process (`before`: the old code's checkout)."""
    env = dict(os.environ)
    if before is not None:
        env["PYTHONPATH"] = str(before)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(scenario), which, str(limit), str(out)],
        capture_output=True, text=True, check=False, env=env, cwd=out.parent,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else f"exit {done.returncode}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    check = subprocess.run([sys.executable, "-m", "roster.cli", "verify", str(scenario), str(out)],
                           capture_output=True, text=True, cwd=out.parent)  # fmt: skip
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


COLUMNS = ["family", "planner", "status", "coverage", "wish score", "km", "first planning s",
           "coverage proven s", "wish proven s", "km proven s", "total s", "CPU s", "peak RSS MB",
           "verified"]  # fmt: skip


def row(family: str, planner: str, r: dict) -> str:
    if "error" in r:
        return f"| {family} | {planner} | error: {r['error']} |" + " |" * (len(COLUMNS) - 3)
    km = fmt(r.get("km"), 1) + ("" if r.get("km_status") in (None, "OPTIMAL") else " (km not proven)")
    wish = r.get("wish")
    if wish is not None and r.get("wish_bound") not in (None, wish):
        wish = f"{wish} (bound {r['wish_bound']})"
    cells = [family, planner, str(r.get("status")), fmt(r.get("coverage"), 4), fmt(wish), km,
             fmt(r.get("first_feasible_s")), fmt(r.get("coverage_proven_s")), fmt(r.get("wish_proven_s")),
             fmt(r.get("km_proven_s")), fmt(r.get("total_s")), fmt(r.get("cpu_s"), 1),
             fmt(r.get("peak_rss_mb"), 0), str(r.get("verified"))]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def ratios(family: str, rows: dict[str, dict]) -> list[str]:
    """The ratios of one family, each measured within this run."""
    roster, greedy, milp = rows.get("roster", {}), rows.get("greedy", {}), rows.get("highs-milp", {})
    before = rows.get("roster (before)", {})
    notes = []
    if roster.get("coverage_proven_s") and milp.get("coverage_proven_s"):
        ratio = float(milp["coverage_proven_s"]) / float(roster["coverage_proven_s"])
        notes.append(f"coverage proven {ratio:.1f}x faster than HiGHS")
    if roster.get("wish_proven_s") and milp.get("wish_proven_s"):
        ratio = float(milp["wish_proven_s"]) / float(roster["wish_proven_s"])
        notes.append(f"wish score proven {ratio:.1f}x faster than HiGHS")
    if "total_s" in roster and "total_s" in milp:
        notes.append(f"HiGHS total / roster total {float(milp['total_s']) / float(roster['total_s']):.1f}x")
    if "coverage" in roster and "coverage" in milp and milp.get("coverage") is not None:
        notes.append(f"roster - HiGHS coverage {float(roster['coverage']) - float(milp['coverage']):+.4f}")
    if roster.get("coverage") and "coverage" in greedy:
        notes.append(
            f"greedy coverage {100 * float(greedy['coverage']) / float(roster['coverage']):.1f}% of roster's"
        )
    if "total_s" in roster and "total_s" in before:
        same = roster.get("coverage") == before.get("coverage") and roster.get("km") == before.get("km")
        notes.append(f"roster / before {float(roster['total_s']) / float(before['total_s']):.2f}x time"
                     + ("" if same else " (other optimum figures!)"))  # fmt: skip
    if roster.get("proof"):
        notes.append(f"proof {roster['proof']}")
    return [f"- {family}: " + "; ".join(notes)] if notes else []


def run_family(
    name: str, seed: int, args: argparse.Namespace, costs_total: dict[tuple[bool, int], float]
) -> dict[str, dict]:
    f = FAMILIES[name]
    month = generate(name, args.work, seed)
    if f.policy == "costs":
        month = with_policy(month, "costs", COSTS)
    elif f.policy == "budget":
        budget = round(BUDGET_SHARE * costs_total[(f.wishes, seed)], 2)
        month = with_policy(month, "budget", COSTS + f"budget_eur = {budget}\n")
    elif f.policy == "stays":
        month = with_policy(month, "stays", COSTS + "max_stay_days = 5\n")
    planners = [("roster", "roster", f.time_limit_s, None), ("greedy", "greedy", f.time_limit_s, None)]
    if args.before is not None:
        planners.append(("roster (before)", "roster", f.time_limit_s, args.before))
    if f.milp and not args.no_milp:
        planners.append(("highs-milp", "milp", args.milp_time_limit, None))
    rows = {}
    for label, which, limit, before in planners:
        out = args.work / f"{month.name}-{re.sub(r'[^a-z-]+', '', label.replace(' ', '-'))}"
        rows[label] = measure(month, which, limit, out, before)
        print(row(f"{name} s{seed}", label, rows[label]), flush=True)
    if f.policy == "costs" and rows["roster"].get("total_eur"):
        costs_total[(f.wishes, seed)] = float(rows["roster"]["total_eur"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--families", default=",".join(FAMILIES), help="comma-separated, among: " + ", ".join(FAMILIES)
    )
    parser.add_argument("--milp-time-limit", type=float, default=200.0)
    parser.add_argument("--no-milp", action="store_true")
    parser.add_argument(
        "--before", type=Path, default=None, help="a checkout of the old code, measured beside"
    )
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=WORK, help="folder for months and plannings")
    args = parser.parse_args()
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    names = args.families.split(",")
    for budget, costs in (("budget", "costs"), ("real-budget", "real-costs")):
        if budget in names and costs not in names:
            names.insert(names.index(budget), costs)  # the budget is a share of the costs month's total
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    table, notes, costs_total = [], [], {}
    for name in names:
        for seed in FAMILIES[name].seeds:
            rows = run_family(name, seed, args, costs_total)
            family = name if len(FAMILIES[name].seeds) == 1 else f"{name} s{seed}"
            table += [row(family, label, r) for label, r in rows.items()]
            notes += ratios(family, rows)
    text = "\n".join([
        "# Benchmark results",
        "",
        f"Run of {started}: `python benchmarks/run.py {' '.join(sys.argv[1:])}`.",
        f"Machine: {machine()}.",
        "",
        "The families are described in [README.md](README.md); earlier runs and what was tried",
        "are in [history/](history/). Times are wall seconds including loading the month;",
        "roster's time limit is a cap, not a target; HiGHS is capped at "
        f"{args.milp_time_limit:g} s (its coverage phase gets 70%).",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *table,
        "",
        *notes,
        "",
    ])  # fmt: skip
    args.results.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
