"""Check that a change leaves roster's outputs byte-identical (wall times aside).

    python scripts/same_outputs.py corpus DIR            # build the months once
    PYTHONPATH=OLD python scripts/same_outputs.py solve DIR OUT_OLD
    python scripts/same_outputs.py solve DIR OUT_NEW
    python scripts/same_outputs.py diff OUT_OLD OUT_NEW

`corpus` writes the golden and bundled scenarios and generated months covering the
solve's paths: easy and hard months, wishes (with `only_wished`), a budget, stays,
the cost objective, pins with zone minimums, conflicting pins, history and re-plans.
`solve` runs `roster solve` (and `roster replan`) on each with one CP-SAT worker, so
that the searches are deterministic, in a fresh process whose `roster` is the one on
`PYTHONPATH` (a checkout of the old code) or the installed one. `diff` compares every
file of the two output trees with the timings masked (`wall_time_s`, `solve time`)
and exits 1 on a difference. The phases listed in summary.json are compared too.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# (name, generate options): months of `roster generate`, October 2025
GENERATED = {
    "easy-region-1": ["--region", "76", "--seed", "1"],
    "easy-region-2": ["--region", "76", "--seed", "2", "--distances"],
    "easy-aura-3": ["--region", "84", "--zones", "17", "--doctors", "200", "--seed", "3"],
    "hard-region-1": ["--region", "76", "--hard", "--replacements", "11", "--seed", "1"],
    "hard-region-2": ["--region", "76", "--hard", "--replacements", "11", "--seed", "2"],
    "hard-region-3": ["--region", "76", "--hard", "--replacements", "11", "--seed", "3"],
    "small-5": ["--region", "76", "--zones", "12", "--doctors", "120", "--practices", "60", "--seed", "5"],
    "hard-small-6": ["--region", "76", "--zones", "12", "--doctors", "120", "--practices", "60",
                     "--replacements", "6", "--hard", "--seed", "6"],
    **{f"hard-national-{seed}": ["--region", "all", "--zones", "151", "--doctors", "3000", "--practices",
                                 "1500", "--replacements", "110", "--hard", "--seed", str(seed)]
       for seed in (1, 4, 5)},
}  # fmt: skip
# (case, base month, change): months derived from the generated ones
DERIVED = {
    "wishes-easy": ("easy-region-1", "wishes"),
    "wishes-hard": ("hard-small-6", "wishes"),
    "budget": ("small-5", "budget"),
    "stays": ("golden-occitanie-small", "stays"),
    "budget-stays": ("golden-occitanie-small", "budget-stays"),
    "cost": ("easy-aura-3", "cost"),
    "pins": ("easy-region-1", "pins"),
    "pins-conflict": ("easy-region-2", "pins-conflict"),
    "history": ("easy-region-2", "history"),
}
# (case, month, missions cancelled): re-plans of the month's own planning
REPLANS = {
    "replan-easy": ("easy-region-1", 3),
    "replan-hard": ("hard-small-6", 3),
    "replan-wishes": ("wishes-easy", 2),
}
TIME_LIMIT = "600"
MASKED = re.compile(r'("wall_time_s": )[0-9.eE+-]+|(Solve time[^\n]*?)[0-9.]+ s')


def roster(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run([sys.executable, "-m", "roster.cli", *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, header: list[str], body: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(body)


def set_settings(folder: Path, **values: object) -> None:
    text = (folder / "scenario.toml").read_text()
    lines = [line for line in text.splitlines() if line.split("=")[0].strip() not in values]
    lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    (folder / "scenario.toml").write_text("\n".join(lines) + "\n")


def add_wishes(folder: Path, seed: int) -> None:
    """0-3 wishes a volunteer among the 8 sites nearest their start (site, zone, weekday,
    site + weekday; weights 1, 2, 5 and -3); 5% of volunteers `only_wished`."""
    rng = np.random.default_rng(seed)
    sites, doctors = rows(folder / "sites.csv"), rows(folder / "doctors.csv")
    s_lat = np.array([float(s["latitude"]) for s in sites])
    s_lon = np.array([float(s["longitude"]) for s in sites])
    body, only = [], []
    for d in doctors:
        near = np.argsort((s_lat - float(d["latitude"])) ** 2 + (s_lon - float(d["longitude"])) ** 2)[:8]
        for _ in range(int(rng.integers(0, 4))):
            s = sites[int(rng.choice(near))]
            kind = int(rng.integers(0, 4))
            weekday = ["Mon", "Tue", "Wed", "Thu", "Fri"][int(rng.integers(0, 5))]
            weight = [1, 2, 5, -3][int(rng.integers(0, 4))]
            site_id = s["site_id"] if kind in (0, 3) else ""
            zone_id = s["zone_id"] if kind == 1 else ""
            day = weekday if kind >= 2 else ""
            body.append([d["doctor_id"], site_id, zone_id, day, "", weight])
        only.append("1" if rng.random() < 0.05 else "0")
    write_rows(folder / "wishes.csv", ["doctor_id", "site_id", "zone_id", "weekday", "date", "weight"], body)
    header = [*doctors[0].keys(), "only_wished"]
    write_rows(folder / "doctors.csv", header, [[*d.values(), o] for d, o in zip(doctors, only, strict=True)])


def planning_of(folder: Path, out: Path) -> Path:
    if not (out / "summary.json").is_file():
        roster("solve", str(folder), "--out", str(out), "--workers", "1", "--quiet")
    return out


def derive(corpus: Path, base: str, change: str, folder: Path) -> None:
    shutil.copytree(corpus / base, folder)
    plan = planning_of(corpus / base, corpus / f".plan-{base}")
    missions = rows(plan / "assignments.csv")
    if change == "wishes":
        add_wishes(folder, seed=len(base))
    elif change in ("budget", "budget-stays"):
        total = json.loads((plan / "summary.json").read_text())["total_eur"]
        set_settings(folder, budget_eur=round((0.8 if change == "budget" else 0.9) * total, 2))
    if change in ("stays", "budget-stays"):
        set_settings(folder, max_stay_days=5 if change == "stays" else 3)
    elif change == "cost":
        set_settings(folder, secondary="cost")
    elif change == "pins":
        write_rows(folder / "pins.csv", ["date", "doctor_id", "site_id"],
                   [[m["date"], m["doctor_id"], m["site_id"]] for m in missions[::40]])  # fmt: skip
        zones = rows(folder / "zones.csv")
        for z in zones[:2]:
            z["min_days"] = str(min(2, int(z["demand_days"])))
        for z in zones[2:]:
            z["min_days"] = "0"
        write_rows(folder / "zones.csv", list(zones[0].keys()), [list(z.values()) for z in zones])
    elif change == "pins-conflict":
        first, other = missions[0], next(m for m in missions if m["site_id"] != missions[0]["site_id"])
        write_rows(folder / "pins.csv", ["date", "doctor_id", "site_id"],
                   [[first["date"], first["doctor_id"], first["site_id"]],
                    [first["date"], first["doctor_id"], other["site_id"]]])  # fmt: skip
    elif change == "history":
        month = tomllib.loads((folder / "scenario.toml").read_text())["month"]
        previous = f"{month[:4]}-{int(month[5:]) - 1:02d}"
        write_rows(folder / "history.csv", ["date", "doctor_id", "site_id"],
                   [[f"{previous}-{m['date'][8:]}", m["doctor_id"], m["site_id"]] for m in missions
                    if int(m["date"][8:]) <= 30])  # fmt: skip


def corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for golden in sorted((ROOT / "tests" / "golden").iterdir()):
        if golden.is_dir() and not (folder / f"golden-{golden.name}").exists():
            shutil.copytree(
                golden, folder / f"golden-{golden.name}", ignore=shutil.ignore_patterns("expected*")
            )
    for bundled in ("occitanie-pilot", "auvergne-rhone-alpes", "france"):
        if not (folder / bundled).exists():
            shutil.copytree(ROOT / "scenarios" / bundled, folder / bundled)
    for name, options in GENERATED.items():
        if not (folder / name).exists():
            roster("generate", str(folder / name), "--month", "2025-10", *options)
    for name, (base, change) in DERIVED.items():
        if not (folder / name).exists():
            derive(folder, base, change, folder / name)


def solve(folder: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    cases = sorted(p.name for p in folder.iterdir() if (p / "scenario.toml").is_file())
    for case in cases:
        if not (out / case / "summary.json").is_file():
            print(case, flush=True)
            subprocess.run([sys.executable, "-m", "roster.cli", "solve", str(folder / case), "--out",
                            str(out / case), "--workers", "1", "--time-limit", TIME_LIMIT, "--quiet"],
                           env=env, check=False, stdout=subprocess.DEVNULL)  # fmt: skip
    for case, (month, count) in REPLANS.items():
        if (out / case / "summary.json").is_file():
            continue
        print(case, flush=True)
        missions = rows(out / month / "assignments.csv")
        cancel = [
            f"--cancel={m['doctor_id']}@{m['date']}" for m in missions[:: max(1, len(missions) // count)]
        ]
        subprocess.run([sys.executable, "-m", "roster.cli", "replan", str(folder / month), "--planning",
                        str(out / month), "--out", str(out / case), *cancel[:count], "--workers", "1",
                        "--time-limit", TIME_LIMIT, "--quiet"], env=env, check=False,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def masked(path: Path) -> str:
    return MASKED.sub(lambda m: (m.group(1) or m.group(2)) + "<time>", path.read_text(errors="replace"))


def phases(path: Path) -> list[str]:
    return [p["phase"] for p in json.loads(path.read_text()).get("phases", [])]


def diff(old: Path, new: Path) -> int:
    differences = 0
    files = sorted({p.relative_to(old) for p in old.rglob("*") if p.is_file()}
                   | {p.relative_to(new) for p in new.rglob("*") if p.is_file()})  # fmt: skip
    for name in files:
        a, b = old / name, new / name
        if not a.is_file() or not b.is_file():
            print(f"only in {'new' if b.is_file() else 'old'}: {name}")
            differences += 1
        elif masked(a) != masked(b):
            print(f"differs: {name}")
            if name.name == "summary.json" and phases(a) != phases(b):
                print(f"  phases: {phases(a)}\n       -> {phases(b)}")
            differences += 1
    cases = len({name.parts[0] for name in files})
    print(f"{len(files)} files in {cases} cases compared, {differences} differ")
    return 1 if differences else 0


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "corpus":
        corpus(Path(args[0]))
    elif command == "solve":
        solve(Path(args[0]), Path(args[1]))
    elif command == "diff":
        raise SystemExit(diff(Path(args[0]), Path(args[1])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
