"""The HTML pages (server-side templates; a little JS adds drag-and-drop and the live line)."""

from __future__ import annotations

import asyncio
import calendar
import csv
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markdown_it import MarkdownIt

import roster.web.services as sv
from roster.i18n import ENGLISH, FRENCH
from roster.web.api import find_job, read_upload, services
from roster.web.i18n import phase_names, translator
from roster.web.languages import page_lang
from roster.web.uploads import import_signups_upload, ingest_upload

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    lang = page_lang(request)
    s = services(request)
    base = {
        "t": translator(lang), "lang": lang, "other_lang": "fr" if lang == "en" else "en",
        "num": (ENGLISH if lang == "en" else FRENCH).number,  # 12 512,7 / 12,512.7
        "phases": phase_names(lang),
        "running": [sv.job_view(s, j) for j in s.jobs.running()],
        "queued": [sv.job_view(s, j) for j in s.jobs.queued()],
        "no_planning": sv.no_planning_found,
    }  # fmt: skip
    return request.app.state.templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    s = services(request)
    return render(
        request, "index.html", scenarios=s.store.list_scenarios(), plannings=s.store.list_plannings()
    )


@router.post("/upload")
async def upload(request: Request, file: Annotated[UploadFile, File()]) -> Response:
    data, name = await read_upload(request, file)
    s = services(request)
    sid = await asyncio.to_thread(ingest_upload, data, name, s.store, s.config)
    return see_other(f"/scenarios/{sid}")


@router.get("/scenarios/{sid}", response_class=HTMLResponse)
def scenario_page(request: Request, sid: str) -> Response:
    s = services(request)
    meta = s.store.scenario_meta(sid)
    settings = {key: meta.get(key) for key in ("max_days_per_doctor", "day_trip_max_km")}
    return render(
        request, "scenario.html", meta=meta, settings=settings, plannings=s.store.list_plannings(sid),
        default_time_limit=s.config.default_time_limit_s,
    )  # fmt: skip


def _number(text: str | None, kind: type, field: str) -> Any:
    if text is None or not str(text).strip():
        return None
    try:
        return kind(str(text).strip().replace(",", "."))
    except ValueError:
        raise sv.bad_request(f"{field}: not a number: {str(text)[:20]!r}", field) from None


@router.post("/scenarios/{sid}/solve")
def solve_form(
    request: Request,
    sid: str,
    time_limit: str | None = Form(default=None),
    max_days_per_doctor: str | None = Form(default=None),
    day_trip_max_km: str | None = Form(default=None),
) -> Response:
    s = services(request)
    meta = s.store.scenario_meta(sid)
    limit, overrides = sv.checked_overrides(
        s.config,
        _number(time_limit, float, "time_limit"),
        _number(max_days_per_doctor, int, "max_days_per_doctor"),
        _number(day_trip_max_km, float, "day_trip_max_km"),
    )
    overrides = {k: v for k, v in overrides.items() if meta.get(k) != v}  # only what the form changed
    return see_other(f"/jobs/{sv.start_solve(s, sid, limit, overrides).id}")


@router.post("/scenarios/{sid}/signups")
async def signups_form(request: Request, sid: str, file: Annotated[UploadFile, File()]) -> Response:
    s = services(request)
    s.store.scenario_dir(sid)
    data, name = await read_upload(request, file)
    new = await asyncio.to_thread(import_signups_upload, data, name, sid, s.store)
    return see_other(f"/scenarios/{new}")


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> Response:
    job = find_job(request, job_id)
    return render(request, "job.html", job=sv.job_view(services(request), job))


@router.post("/jobs/{job_id}/stop")
def stop_form(request: Request, job_id: str) -> Response:
    services(request).jobs.stop(find_job(request, job_id).id)
    return see_other(f"/jobs/{job_id}")


def _rows(path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def month_weeks(month: str, missions: dict[str, list[dict[str, str]]]) -> list[list[dict[str, Any]]]:
    """The month as weeks (Monday first) of days with their missions; None outside the month."""
    year, number = (int(x) for x in month.split("-"))
    weeks = []
    for week in calendar.Calendar(0).monthdatescalendar(year, number):
        weeks.append([
            {"day": d.day, "date": d.isoformat(), "missions": missions.get(d.isoformat(), [])}
            if d.month == number else None
            for d in week
        ])  # fmt: skip
    return weeks


@router.get("/plannings/{pid}", response_class=HTMLResponse)
def planning_page(request: Request, pid: str) -> Response:
    s = services(request)
    folder = s.store.planning_dir(pid)
    meta = s.store.planning_meta(pid)
    scenario = sv.load_planning_scenario(folder)
    names = {d.doctor_id: d.name for d in scenario.doctors}
    sites = {x.site_id: x.name for x in scenario.sites}
    zones = {z.zone_id: z.name for z in scenario.zones}
    missions: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(folder / "assignments.csv"):
        missions[row["date"]].append({
            "doctor_id": row["doctor_id"], "doctor": names.get(row["doctor_id"], row["doctor_id"]),
            "site": sites.get(row["site_id"], row["site_id"]), "key": f"{row['doctor_id']}@{row['date']}",
        })  # fmt: skip
    coverage = [
        {**row, "name": zones.get(row["zone_id"], row["zone_id"])} for row in _rows(folder / "coverage.csv")
    ]
    downloads = [n for n in sv.DOWNLOADS if n == "planning.xlsx" or (folder / n).is_file()]
    others = [p for p in s.store.list_plannings() if p["id"] != pid]
    replaced_by = [p for p in others if p.get("parent") == pid and p.get("kind") == "replan"]
    return render(
        request, "planning.html", meta=meta, summary=meta["summary"], verdict=sv.verify(s, pid),
        weeks=month_weeks(scenario.settings.month, missions), coverage=coverage, downloads=downloads,
        others=others, changes=_rows(folder / "changes.csv"), month=scenario.settings.month,
        states=sv.mission_states(s, pid), replaced_by=replaced_by,
        weekdays=_weekday_names(page_lang(request)), default_time_limit=s.config.default_time_limit_s,
    )  # fmt: skip


def _weekday_names(lang: str) -> list[str]:
    if lang == "en":
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


@router.get("/plannings/{pid}/explain", response_class=HTMLResponse)
def explain_page(request: Request, pid: str, zone: str | None = None) -> Response:
    s = services(request)
    text = sv.explanation(s, pid, zone or None)
    html = None if text is None else MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return render(request, "explain.html", pid=pid, zone=zone or "", html=html,
                  default_time_limit=20)  # fmt: skip


@router.post("/plannings/{pid}/explain")
def explain_form(
    request: Request, pid: str, zone: Annotated[str | None, Form()] = None,
    time_limit: Annotated[str | None, Form()] = None,
) -> Response:  # fmt: skip
    s = services(request)
    limit, _ = sv.checked_overrides(s.config, _number(time_limit, float, "time_limit") or 20.0, None, None)
    return see_other(f"/jobs/{sv.start_explain(s, pid, zone or None, limit).id}")


@router.post("/plannings/{pid}/replan")
def replan_form(
    request: Request,
    pid: str,
    cancel: Annotated[list[str] | None, Form()] = None,
    time_limit: str | None = Form(default=None),
) -> Response:
    s = services(request)
    limit, _ = sv.checked_overrides(s.config, _number(time_limit, float, "time_limit"), None, None)
    return see_other(f"/jobs/{sv.start_replan(s, pid, cancel or [], limit).id}")


@router.post("/plannings/{pid}/answers")
def answers_form(request: Request, pid: str, answer: Annotated[str, Form()]) -> Response:
    """One button of the answers table: `DOCTOR@DATE:oui|non`, or `DOCTOR:oui` for every
    proposed mission of the doctor."""
    key, _, word = answer.rpartition(":")
    doctor, at, day = key.rpartition("@")
    item = {"doctor_id": doctor, "date": day, "answer": word} if at else {"doctor_id": key, "answer": word}
    sv.record_answers(services(request), pid, [item], "web")
    return see_other(f"/plannings/{pid}#answers")


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: str, b: str) -> Response:
    return render(request, "compare.html", result=sv.compare(services(request), a, b))


__all__ = ["router"]
