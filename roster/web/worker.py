"""What runs in a solve's own process: load, solve (stoppable), write the planning folder.

The parent talks to it through two objects: `events` (a multiprocessing queue the child
puts progress and its final message on) and `stop` (an event the parent sets to stop the
search; the child then writes the best planning found so far). The child ignores Ctrl-C
(the terminal sends it to the whole process group; the server decides), and stops by
itself if the server process disappears.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import threading
import time
import tomllib
import zipfile
from pathlib import Path
from typing import Any

PROGRESS_EVERY_S = 0.2


def _settings_overridden(scenario, overrides: dict[str, Any]):
    if not overrides:
        return scenario
    from roster.models import Settings

    settings = Settings.model_validate({**scenario.settings.model_dump(), **overrides})
    return scenario.model_copy(update={"settings": settings})


def _scenario_snapshot(source: Path, scenario, overrides: dict[str, Any], rebuilt: bool) -> dict[str, bytes]:
    """The scenario as solved, as files under `scenario/` of the planning folder.

    A scenario folder is copied as it is (scenario.toml rewritten with the overrides),
    so optional files and settings survive; a workbook or a changed availability is
    written from the model."""
    from roster.scenarios.scenario_files import scenario_files
    from roster.scenarios.writer import settings_toml

    files: dict[str, bytes] = {}
    if source.is_dir() and not rebuilt:
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.is_symlink():
                files[path.name] = path.read_bytes()
        if overrides:
            try:
                settings = tomllib.loads(files["scenario.toml"].decode("utf-8"))
                settings.update(overrides)
                files["scenario.toml"] = settings_toml(settings).encode("utf-8")
            except (KeyError, ValueError, TypeError):
                files = scenario_files(scenario)
    else:
        files = scenario_files(scenario)
    return {f"scenario/{name}": content for name, content in files.items()}


def calendars_zip(scenario, planning) -> bytes:
    """Every calendar format per doctor, site and zone, in one zip (deterministic)."""
    from roster.export import FORMATS, GROUPS, render_calendars
    from roster.i18n import FRENCH

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for fmt in FORMATS:
            for group in GROUPS:
                calendars = render_calendars(scenario, planning, fmt, group, lang=FRENCH)
                for name, content in sorted(calendars.items()):
                    info = zipfile.ZipInfo(f"{fmt}/{group}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, content)
    return buffer.getvalue()


def _watch_stop(stop, control, parent: int, done: threading.Event) -> None:
    while not done.is_set():
        if stop.wait(0.5) or os.getppid() != parent:
            control.stop()
            return


def run_job(spec: dict[str, Any], events, stop) -> None:
    """Entry point of the child process (see module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    job = spec["job"]
    try:
        message = _run(spec, events, stop)
    except BaseException as exc:  # reported to the parent, never a traceback to the planner
        message = {"job": job, "type": "failed", "message": f"{type(exc).__name__}: {exc}"}
    events.put(message)
    events.close()
    events.join_thread()


def _run(spec: dict[str, Any], events, stop) -> dict[str, Any]:
    from roster.i18n import FRENCH
    from roster.outputs.planning_diff import changes_csv, planning_changes
    from roster.outputs.planning_folder import load_planning, save_planning
    from roster.report import render_report
    from roster.scenarios import ScenarioError, load_scenario
    from roster.solvers import Progress, SolveControl, SolveOptions
    from roster.solvers import solve as solve_month

    job = spec["job"]
    source = Path(spec["source"])
    try:
        scenario = _settings_overridden(load_scenario(source), spec.get("overrides") or {})
    except ScenarioError as exc:
        return {"job": job, "type": "failed", "message": "; ".join(str(i) for i in exc.issues[:5])}
    if spec["kind"] == "explain":
        return _explain(spec, scenario, events, stop)
    previous = None
    rebuilt = False
    if spec.get("previous"):
        from roster.commands.replan import with_availability

        previous = load_planning(spec["previous"])
        cancel = [(person, dt.date.fromisoformat(day)) for person, day in spec.get("cancel", [])]
        scenario = with_availability(scenario, cancel, [])
        rebuilt = True

    control = SolveControl()
    done = threading.Event()
    threading.Thread(
        target=_watch_stop, args=(stop, control, os.getppid(), done), name="roster-stop", daemon=True
    ).start()
    last = [0.0, ""]

    def progress(p: Progress) -> None:
        now = time.monotonic()
        if p.phase == last[1] and now - last[0] < PROGRESS_EVERY_S:
            return
        last[0], last[1] = now, p.phase
        events.put({
            "job": job, "type": "progress", "phase": p.phase, "elapsed_s": round(p.elapsed_s, 2),
            "coverage_score": p.coverage, "best_bound": p.bound, "gap": p.gap, "km": p.km,
        })  # fmt: skip

    options = SolveOptions(
        time_limit_s=float(spec.get("time_limit", 60.0)), workers=int(spec.get("workers", 1)), seed=0
    )
    planning = solve_month(scenario, options, progress, control, previous=previous)
    done.set()
    extra = _scenario_snapshot(source, scenario, spec.get("overrides") or {}, rebuilt)
    extra["web.json"] = json.dumps(spec["meta"], indent=2, ensure_ascii=False).encode("utf-8")
    if previous is not None:
        extra["changes.csv"] = changes_csv(planning_changes(previous, planning))
    extra["report.html"] = render_report(scenario, planning, lang=FRENCH).encode("utf-8")
    extra["calendars.zip"] = calendars_zip(scenario, planning)
    save_planning(Path(spec["target"]), planning, scenario, extra=extra)
    s = planning.summary
    return {
        "job": job, "type": "done", "status": s.status, "coverage_score": s.coverage_score,
        "best_bound": s.best_bound, "gap": s.gap, "km": s.total_km, "interrupted": s.interrupted,
    }  # fmt: skip


def _explain(spec: dict[str, Any], scenario, events, stop) -> dict[str, Any]:
    """What `roster explain` writes, for one zone or every zone short of days, into
    `explain/<key>.md` of the planning folder (single changes checked by solving again)."""
    from roster.commands.calendars import write_text_atomically
    from roster.explain.changes import check
    from roster.explain.reasons import Explainer
    from roster.explain.report import explain_markdown
    from roster.i18n import FRENCH
    from roster.outputs.planning_folder import load_planning
    from roster.solvers import SolveOptions
    from roster.solvers import solve as solve_month

    job = spec["job"]
    planning = load_planning(spec["target"])
    explainer = Explainer(scenario, planning)
    known = {z.zone_id: i for i, z in enumerate(scenario.zones)}
    zone = spec.get("explain_zone")
    zones = [known[zone]] if zone else explainer.shortfall_zones()
    options = SolveOptions(
        time_limit_s=float(spec.get("time_limit", 20.0)), workers=int(spec.get("workers", 1)), seed=0
    )
    baseline = solve_month(scenario, options) if zones and planning.summary.status != "OPTIMAL" else None
    sections = []
    for n, z in enumerate(zones, start=1):
        if stop.is_set():
            return {"job": job, "type": "failed", "message": "stopped before every zone was explained"}
        facts = explainer.facts(z)
        if facts.shortfall == 0 and zone is None:
            continue
        events.put({"job": job, "type": "progress", "phase": f"explain {n}/{len(zones)}"})
        sections.append(
            (facts, check(explainer, facts, planning, options, baseline) if facts.shortfall else [])
        )
    title = f"{scenario.settings.name} {FRENCH.month_year(scenario.settings.first_day)}"
    write_text_atomically(Path(spec["explain_file"]), explain_markdown(explainer, sections, title, FRENCH))
    s = planning.summary
    return {"job": job, "type": "done", "status": s.status, "coverage_score": s.coverage_score,
            "best_bound": s.best_bound, "gap": s.gap}  # fmt: skip
