"""What pages and API share: starting solves, job views, verify, explain and compare."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from roster.app.answers import AnswersRecorded, record_given_answers
from roster.app.compare import kpi_comparison
from roster.app.errors import AppError, BadInput, NotPlanned, UnknownZone
from roster.app.explain import zone_index
from roster.app.loading import open_scenario
from roster.app.replan import require_planned
from roster.models import Scenario, SolveSummary
from roster.outputs.planning_folder import load_planning
from roster.rounds.planning_states import planning_states
from roster.rounds.states_file import MissionStates
from roster.scenarios import ScenarioError
from roster.scenarios.errors import Issue
from roster.verify import verify_planning
from roster.web.config import ServeConfig
from roster.web.jobs import Job, JobManager, ReplanBusy
from roster.web.store import DataStore, check_id, now_iso
from roster.web.uploads import Problem, UploadRejected

DOWNLOADS = (
    "assignments.csv", "replacements.csv", "coverage.csv", "summary.json", "report.html",
    "calendars.zip", "changes.csv", "planning.xlsx",
)  # fmt: skip


@dataclass
class Services:
    config: ServeConfig
    store: DataStore
    jobs: JobManager


def no_planning_found(summary: dict[str, Any]) -> bool:
    """A solve stopped or ended before any mission: no planning found, whatever the rules say
    (an empty month solved to OPTIMAL, with nobody to send, is a planning)."""
    empty = not summary.get("doctor_days") and not summary.get("locum_days")
    return empty and (bool(summary.get("interrupted")) or summary.get("status") != "OPTIMAL")


class ReplanConflict(Exception):
    """A re-plan of a planning that another re-plan, still unfinished, starts from (HTTP 409)."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(
            f"this planning is already being re-planned (job {job_id}); wait for it and re-plan "
            "its result, or each new planning would keep the mission the other cancelled"
        )


def rejected(issues: Sequence[Issue]) -> UploadRejected:
    """File problems (`file:line: message`) as a 422."""
    return UploadRejected([Problem(i.path, i.line, i.message) for i in issues])


def bad_request(message: str, field: str = "request") -> UploadRejected:
    return UploadRejected([Problem(field, None, message)])


def checked_overrides(
    config: ServeConfig,
    time_limit: float | None,
    max_days_per_doctor: int | None,
    day_trip_max_km: float | None,
) -> tuple[float, dict[str, Any]]:
    """The time limit and the settings overrides of a solve request, within bounds."""
    limit = config.default_time_limit_s if time_limit is None else float(time_limit)
    if not 0 < limit <= config.max_time_limit_s:
        raise bad_request(f"time_limit must be between 0 and {config.max_time_limit_s:g} s", "time_limit")
    overrides: dict[str, Any] = {}
    if max_days_per_doctor is not None:
        if not 0 <= int(max_days_per_doctor) <= 31:
            raise bad_request("max_days_per_doctor must be between 0 and 31", "max_days_per_doctor")
        overrides["max_days_per_doctor"] = int(max_days_per_doctor)
    if day_trip_max_km is not None:
        if not 0 <= float(day_trip_max_km) <= 2000:
            raise bad_request("day_trip_max_km must be between 0 and 2000 km", "day_trip_max_km")
        overrides["day_trip_max_km"] = float(day_trip_max_km)
    return limit, overrides


def start_solve(s: Services, sid: str, time_limit: float, overrides: dict[str, Any]) -> Job:
    source = s.store.scenario_source(sid)
    return _submit(s, "solve", sid, source, time_limit, overrides, {})


def start_replan(s: Services, pid: str, cancel: list[str], time_limit: float) -> Job:
    """Re-plan planning `pid` without the cancelled missions (`DOCTOR@YYYY-MM-DD`)."""
    folder = s.store.planning_dir(pid)
    meta = s.store.planning_meta(pid)
    scenario = load_planning_scenario(folder)
    doctors = {d.doctor_id for d in scenario.doctors}
    pairs: list[list[str]] = []
    for item in cancel:
        person, _, text = str(item).partition("@")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise bad_request(f"{item!r}: expected DOCTOR@YYYY-MM-DD", "cancel") from None
        if person not in doctors:
            raise bad_request(f"{item!r}: unknown doctor", "cancel")
        if day.isoformat()[:7] != scenario.settings.month:
            raise bad_request(f"{item!r}: outside the month {scenario.settings.month}", "cancel")
        pairs.append([person, day.isoformat()])
    if not pairs and not (folder / "states.csv").is_file():  # with answers, a round needs none
        raise bad_request("nothing to re-plan: pick at least one cancelled mission", "cancel")
    try:
        require_planned(load_planning(folder), [(p, dt.date.fromisoformat(d)) for p, d in pairs], folder)
    except NotPlanned as exc:
        message = f"{', '.join(exc.missing)}: no such mission in this planning; nothing to cancel"
        raise bad_request(message, "cancel") from None
    extra = {"previous": str(folder), "cancel": pairs}
    return _submit(
        s, "replan", meta.get("scenario", ""), folder / "scenario", time_limit, {}, extra, pid, replans=pid
    )


def _submit(
    s: Services, kind: str, sid: str, source: Path, time_limit: float, overrides: dict[str, Any],
    extra: dict[str, Any], parent: str | None = None, planning_id: str | None = None,
    replans: str | None = None,
) -> Job:  # fmt: skip
    def make_spec(job_id: str, planning_id: str) -> dict[str, Any]:
        meta = {
            "id": planning_id, "scenario": sid, "job": job_id, "kind": kind, "created": now_iso(),
            "time_limit": time_limit, "overrides": overrides, "parent": parent,
            "cancel": extra.get("cancel", []),
        }  # fmt: skip
        return {"kind": kind, "source": str(source), "time_limit": time_limit, "overrides": overrides,
                "workers": s.config.solver_workers, "target": str(s.store.plannings / planning_id),
                "meta": meta, **extra}  # fmt: skip

    try:
        job = s.jobs.submit(kind, sid or "-", make_spec, planning_id, replans=replans)
    except ReplanBusy as exc:
        raise ReplanConflict(exc.job_id) from None
    except RuntimeError as exc:
        raise bad_request(str(exc)) from None
    job.url = f"/plannings/{job.planning_id}" + (extra.get("page", "") if kind == "explain" else "")
    return job


def job_view(s: Services, job: Job) -> dict[str, Any]:
    return {
        "job": job.id, "kind": job.kind, "scenario": job.scenario, "state": job.state,
        "status": job.status, "coverage_score": job.coverage_score, "best_bound": job.best_bound,
        "gap": job.gap, "phase": job.phase, "km": job.km, "elapsed_s": job.elapsed_s,
        "planning": job.planning, "message": job.message, "stop_requested": job.stop_requested,
        "position": s.jobs.position(job), "created": job.created,
        "url": job.url if job.state == "done" else None,
    }  # fmt: skip


def load_planning_scenario(folder: Path) -> Scenario:
    """The scenario a planning was solved from (its `scenario/` copy)."""
    try:
        return open_scenario(folder / "scenario").scenario
    except BadInput as exc:
        raise UploadRejected([Problem("scenario", i.line, i.message) for i in exc.issues[:20]]) from None


def stored_states(s: Services, pid: str) -> MissionStates:
    """The mission states of a stored planning (every mission proposed without states.csv)."""
    try:
        return planning_states(s.store.planning_dir(pid))[1]
    except ScenarioError as exc:
        raise rejected(exc.issues) from exc


def mission_states(s: Services, pid: str) -> dict[str, str]:
    """`DOCTOR@DATE` -> state of each mission of a stored planning, for its page."""
    states = stored_states(s, pid)
    return {
        f"{doctor}@{day.isoformat()}": states.rows[(doctor, day)].state for doctor, day in states.missions
    }


def record_answers(s: Services, pid: str, answers: list[dict[str, str]], by: str) -> AnswersRecorded:
    """Doctors' answers to a stored planning's missions (`roster answers`): each item names
    `doctor_id`, `answer` (oui/non) and `date`; without a date, every mission of the doctor
    still proposed ("confirm all of this doctor"). Bad items: 422 naming each."""
    proposed = stored_states(s, pid).of_state("proposed")
    rows: list[tuple[str, str, str, str]] = []
    for item in answers:
        doctor, day = str(item.get("doctor_id", "")), str(item.get("date") or "")
        answer, comment = str(item.get("answer", "")), str(item.get("comment") or "")
        if day:
            rows.append((doctor, day, answer, comment))
            continue
        days = [r.date.isoformat() for r in proposed if r.doctor_id == doctor]
        if not days:
            raise bad_request(f"{doctor!r}: no proposed mission of this doctor in the planning", "answers")
        rows += [(doctor, d, answer, comment) for d in days]
    try:
        return record_given_answers(s.store.planning_dir(pid), rows, by or "web", where="answers")
    except BadInput as exc:
        raise rejected(exc.issues) from exc
    except AppError as exc:
        raise bad_request(str(exc), "answers") from exc


def verify(s: Services, pid: str) -> dict[str, Any]:
    """The independent verifier on a stored planning."""
    folder = s.store.planning_dir(pid)
    verdict, problems = verify_planning(load_planning_scenario(folder), folder)
    return {
        "ok": not problems and not verdict.violations,
        "problems": problems,
        "violations": [str(v) for v in verdict.violations],
        "coverage_score": verdict.coverage_score,
        "total_km": verdict.total_km,
        "doctor_days": verdict.doctor_days,
        "locum_days": verdict.locum_days,
    }


def explain_key(s: Services, pid: str, zone: str | None) -> tuple[str, str]:
    """(file stem, page query) of an explanation: `all` or `zone-<index>` (never the id itself)."""
    if not zone:
        return "all", ""
    scenario = load_planning_scenario(s.store.planning_dir(pid))
    try:
        index = zone_index(scenario, zone)
    except UnknownZone:
        raise bad_request("no such zone in this scenario", "zone") from None
    return f"zone-{index}", f"?zone={quote(zone)}"


def start_explain(s: Services, pid: str, zone: str | None, time_limit: float) -> Job:
    """Explain why zones (or one zone) fell short, checking single changes by solving again."""
    folder = s.store.planning_dir(pid)
    key, page = explain_key(s, pid, zone)
    meta = s.store.planning_meta(pid)
    extra = {
        "explain_zone": zone or None,
        "explain_file": str(folder / "explain" / f"{key}.md"),
        "page": "/explain" + page,
    }
    return _submit(
        s, "explain", meta.get("scenario", ""), folder / "scenario", time_limit, {}, extra, pid, pid
    )


def explanation(s: Services, pid: str, zone: str | None) -> str | None:
    """The stored explanation (Markdown), or None if it was not asked for yet."""
    key, _ = explain_key(s, pid, zone)
    path = s.store.planning_dir(pid) / "explain" / f"{key}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def compare(s: Services, a: str, b: str) -> dict[str, Any]:
    """KPIs of two plannings side by side, with b - a and whether it is better."""
    a_summary, b_summary = (
        SolveSummary.model_validate_json((s.store.planning_dir(pid) / "summary.json").read_text("utf-8"))
        for pid in (a, b)
    )
    rows = kpi_comparison(a_summary, b_summary)
    labels = {}
    for pid in (a, b):
        meta = s.store.planning_meta(pid)
        settings = " ".join(f"{k}={v}" for k, v in (meta.get("overrides") or {}).items())
        labels[pid] = " · ".join(
            x for x in (meta["summary"].get("scenario", ""), meta.get("kind", ""), settings) if x
        )
    return {"a": a, "b": b, "labels": labels, "kpis": rows}


def check_planning_id(pid: str) -> str:
    return check_id(pid, "p")
