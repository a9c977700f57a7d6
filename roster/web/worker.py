"""What runs in a solve's own process: load, solve (stoppable), write the planning folder.

The parent talks to it through two objects: `events` (a multiprocessing queue the child
puts progress and its final message on) and `stop` (an event the parent sets to stop the
search; the child then writes the best planning found so far). The child ignores Ctrl-C
(the terminal sends it to the whole process group; the server decides), and stops by
itself if the server process disappears.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from roster.app.calendars import calendars_zip
from roster.app.errors import BadInput
from roster.app.explain import Explanation, Section
from roster.app.loading import open_scenario
from roster.app.replan import changes_file, with_availability
from roster.app.round import open_states, prepare_round, round_files, scenario_before
from roster.app.snapshot import source_snapshot
from roster.app.solve import solve_month, with_settings
from roster.i18n import FRENCH
from roster.outputs.planning_folder import load_planning, save_planning
from roster.outputs.safe_file import write_output_file
from roster.report import render_report
from roster.rounds.planning_states import now_stamp
from roster.solvers import Progress, SolveControl, SolveOptions

PROGRESS_EVERY_S = 0.2


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
    job = spec["job"]
    source = Path(spec["source"])
    try:
        scenario = with_settings(open_scenario(source).scenario, spec.get("overrides") or {})
    except BadInput as exc:
        return {"job": job, "type": "failed", "message": "; ".join(str(i) for i in exc.issues[:5])}
    if spec["kind"] == "explain":
        return _explain(spec, scenario, events, stop)
    previous = ground = None
    rebuilt = False
    if spec.get("previous"):
        previous = load_planning(spec["previous"])
        cancel = [(person, dt.date.fromisoformat(day)) for person, day in spec.get("cancel", [])]
        states = open_states(Path(spec["previous"]), previous)
        if states is None:
            scenario = with_availability(scenario, cancel, [])
        else:  # the confirmation round (`roster replan` on a planning with states.csv)
            ground = prepare_round(scenario, previous, states, cancel, (), "web", now_stamp())
            scenario = ground.scenario
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
    extra = source_snapshot(source, scenario, spec.get("overrides") or {}, rebuilt)
    extra["web.json"] = json.dumps(spec["meta"], indent=2, ensure_ascii=False).encode("utf-8")
    if ground is not None:
        _, _, files = round_files(ground, planning, scenario_before(Path(spec["previous"])), 1)
        extra.update({k: v for k, v in files.items() if k in ("changes.csv", "states.csv")})
    elif previous is not None:
        extra["changes.csv"] = changes_file(previous, planning)
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
    job = spec["job"]
    planning = load_planning(spec["target"])
    explanation = Explanation(scenario, planning, spec.get("explain_zone") or None)
    options = SolveOptions(
        time_limit_s=float(spec.get("time_limit", 20.0)), workers=int(spec.get("workers", 1)), seed=0
    )
    baseline = solve_month(scenario, options) if explanation.needs_reference() else None
    sections: list[Section] = []
    for n, z in enumerate(explanation.zones, start=1):
        if stop.is_set():
            return {"job": job, "type": "failed", "message": "stopped before every zone was explained"}
        facts = explanation.facts(z)
        if facts is None:
            continue
        events.put({"job": job, "type": "progress", "phase": f"explain {n}/{len(explanation.zones)}"})
        sections.append((facts, explanation.single_changes(facts, options, baseline)))
    text = explanation.markdown(sections, FRENCH, wishes=False)
    write_output_file(Path(spec["explain_file"]), text, force=True)
    s = planning.summary
    return {"job": job, "type": "done", "status": s.status, "coverage_score": s.coverage_score,
            "best_bound": s.best_bound, "gap": s.gap}  # fmt: skip
