"""The JSON API under /api: what the pages use and scripts can call (OpenAPI: /api/openapi.json)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

import roster.web.services as sv
from roster.web.guard import BodyTooLarge
from roster.web.store import UnknownId, check_id
from roster.web.uploads import import_signups_upload, ingest_upload
from roster.web.workbook import planning_workbook

router = APIRouter(prefix="/api", tags=["roster"])


class Created(BaseModel):
    id: str


class ErrorItem(BaseModel):
    file: str = Field(description="the file (inside the upload) or the request field at fault")
    line: int | None = Field(description="its line (1: the header row), when one is at fault")
    message: str


class ErrorBody(BaseModel):
    detail: str
    errors: list[ErrorItem]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such scenario, planning, job or file"},
    413: {"model": ErrorBody, "description": "larger than --max-upload-mb"},
    422: {"model": ErrorBody, "description": "refused: `errors` lists file, line and message"},
}


class SolveRequest(BaseModel):
    time_limit: float | None = Field(default=None, gt=0, description="seconds (default: the server's)")
    max_days_per_doctor: int | None = Field(default=None, ge=0, le=31, description="monthly cap override")
    day_trip_max_km: float | None = Field(default=None, ge=0, le=2000, description="day-trip limit override")


class ReplanRequest(BaseModel):
    cancel: list[str] = Field(description="cancelled missions, DOCTOR@YYYY-MM-DD")
    time_limit: float | None = Field(default=None, gt=0)


class AnswerItem(BaseModel):
    doctor_id: str
    answer: str = Field(description="oui/non (also yes/no, 1/0)")
    date: str | None = Field(
        default=None, description="YYYY-MM-DD; none: every proposed mission of the doctor"
    )
    comment: str = ""


class AnswersRequest(BaseModel):
    answers: list[AnswerItem]
    by: str = Field(default="web", max_length=100, description="who records them")


class JobAccepted(BaseModel):
    job: str
    position: int | None = None


class JobView(BaseModel):
    job: str
    kind: str
    scenario: str
    state: str = Field(description="queued, running, done or failed")
    status: str | None
    coverage_score: float | None
    best_bound: float | None
    gap: float | None
    phase: str | None
    km: float | None
    elapsed_s: float | None
    planning: str | None = Field(description="the planning id, once done")
    message: str
    stop_requested: bool
    position: int | None = Field(description="place in the queue (1: next), while queued")
    created: str
    url: str | None = Field(description="the page showing the result, once done")


def services(request: Request) -> sv.Services:
    return request.app.state.services


async def read_upload(request: Request, file: UploadFile) -> tuple[bytes, str | None]:
    """The uploaded bytes, at most --max-upload-mb (413 beyond)."""
    config = services(request).config
    data = await file.read(config.max_upload_bytes + 1)
    if len(data) > config.max_upload_bytes:
        raise BodyTooLarge(config.max_upload_mb)
    return data, file.filename


@router.post("/scenarios", status_code=201, response_model=Created, responses=ERRORS)
async def upload_scenario(
    request: Request, file: Annotated[UploadFile, File(description=".zip or .xlsx")]
) -> Any:
    """Upload a scenario: a .zip of a scenario folder or a .xlsx workbook."""
    data, name = await read_upload(request, file)
    s = services(request)
    sid = await asyncio.to_thread(ingest_upload, data, name, s.store, s.config)
    return {"id": sid}


@router.get("/scenarios")
def list_scenarios(request: Request) -> list[dict[str, Any]]:
    return services(request).store.list_scenarios()


@router.get("/scenarios/{id}")
def get_scenario(request: Request, id: str) -> dict[str, Any]:
    s = services(request)
    return {**s.store.scenario_meta(id), "plannings": [p["id"] for p in s.store.list_plannings(id)]}


@router.post("/scenarios/{id}/signups", status_code=201, response_model=Created, responses=ERRORS)
async def import_signups(request: Request, id: str, file: Annotated[UploadFile, File()]) -> Any:
    """Apply a sign-up form export to a copy of the scenario; returns the new scenario's id."""
    s = services(request)
    s.store.scenario_dir(id)
    data, name = await read_upload(request, file)
    return {"id": await asyncio.to_thread(import_signups_upload, data, name, id, s.store)}


@router.post("/scenarios/{id}/solve", status_code=202, response_model=JobAccepted, responses=ERRORS)
def solve(request: Request, id: str, body: SolveRequest | None = None) -> Any:
    """Queue a solve of the scenario (one at a time per scenario)."""
    s = services(request)
    s.store.scenario_dir(id)
    body = body or SolveRequest()
    limit, overrides = sv.checked_overrides(
        s.config, body.time_limit, body.max_days_per_doctor, body.day_trip_max_km
    )
    job = sv.start_solve(s, id, limit, overrides)
    return {"job": job.id, "position": s.jobs.position(job)}


def find_job(request: Request, job_id: str):
    job = services(request).jobs.get(check_id(job_id, "j"))
    if job is None:
        raise UnknownId(job_id)
    return job


@router.get("/jobs", response_model=list[JobView])
def list_jobs(request: Request) -> Any:
    s = services(request)
    return [sv.job_view(s, j) for j in s.jobs.all()]


@router.get("/jobs/{job}", response_model=JobView)
def get_job(request: Request, job: str) -> Any:
    return sv.job_view(services(request), find_job(request, job))


@router.post("/jobs/{job}/stop", status_code=202, response_model=JobView)
def stop_job(request: Request, job: str) -> Any:
    """Stop a solve: a running one writes the best planning found so far."""
    s = services(request)
    return sv.job_view(s, s.jobs.stop(find_job(request, job).id))


@router.get("/jobs/{job}/events", response_class=StreamingResponse)
async def job_events(request: Request, job: str) -> StreamingResponse:
    """Server-sent events: one `job` event (the JobView as JSON) per change, until the job ends."""
    found = find_job(request, job)
    s = services(request)
    stopping = request.app.state.stopping

    async def stream():
        seen, quiet = -1, 0.0
        yield "retry: 2000\n\n"
        while True:
            if found.version != seen:
                seen = found.version
                yield f"event: job\ndata: {json.dumps(sv.job_view(s, found))}\n\n"
                if found.finished:
                    return
                quiet = 0.0
            elif quiet > 15:
                yield ": keep-alive\n\n"
                quiet = 0.0
            if stopping.is_set() or await request.is_disconnected():
                return
            await asyncio.sleep(0.25)
            quiet += 0.25

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


@router.get("/plannings")
def list_plannings(request: Request) -> list[dict[str, Any]]:
    return services(request).store.list_plannings()


@router.get("/plannings/{planning}")
def get_planning(request: Request, planning: str) -> dict[str, Any]:
    return services(request).store.planning_meta(planning)


@router.get("/plannings/{planning}/files/{name}", response_class=FileResponse)
def planning_file(request: Request, planning: str, name: str) -> Response:
    """assignments.csv, replacements.csv, coverage.csv, summary.json, report.html, calendars.zip,
    changes.csv (re-plans) or planning.xlsx."""
    s = services(request)
    folder = s.store.planning_dir(planning)
    if name not in sv.DOWNLOADS:
        raise UnknownId(name)
    if name == "planning.xlsx":
        content = planning_workbook(folder)
        return Response(content, media_type=MEDIA["xlsx"], headers=_attachment(planning, name))
    path = folder / name
    if not path.is_file():
        raise UnknownId(name)
    kind = name.rsplit(".", 1)[1]
    headers = {} if kind == "html" else _attachment(planning, name)
    return FileResponse(path, media_type=MEDIA[kind], headers=headers)


MEDIA = {
    "csv": "text/csv; charset=utf-8", "json": "application/json", "html": "text/html; charset=utf-8",
    "zip": "application/zip", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}  # fmt: skip


def _attachment(planning: str, name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{planning}-{name}"'}


@router.get("/plannings/{planning}/verify")
def verify(request: Request, planning: str) -> dict[str, Any]:
    """The independent verifier: every hard rule and the reported figures."""
    return sv.verify(services(request), planning)


class ExplainRequest(BaseModel):
    zone: str | None = Field(default=None, description="a zone_id; default: every zone short of days")
    time_limit: float | None = Field(default=None, gt=0, description="seconds per check solve")


@router.post("/plannings/{planning}/explain", status_code=202, response_model=JobAccepted, responses=ERRORS)
def start_explain(request: Request, planning: str, body: ExplainRequest | None = None) -> Any:
    """Explain why zones (or one zone) fell short; single changes are checked by solving again."""
    s = services(request)
    body = body or ExplainRequest()
    limit, _ = sv.checked_overrides(s.config, body.time_limit or 20.0, None, None)
    job = sv.start_explain(s, planning, body.zone, limit)
    return {"job": job.id, "position": s.jobs.position(job)}


@router.get("/plannings/{planning}/explain")
def explain(request: Request, planning: str, zone: str | None = Query(default=None)) -> dict[str, Any]:
    """The explanation as Markdown, once computed (POST first); 404 before."""
    text = sv.explanation(services(request), planning, zone)
    if text is None:
        raise UnknownId("not explained yet: POST /api/plannings/{id}/explain first")
    return {"zone": zone, "markdown": text}


@router.post("/plannings/{planning}/replan", status_code=202, response_model=JobAccepted, responses=ERRORS)
def replan(request: Request, planning: str, body: ReplanRequest) -> Any:
    """Re-plan after cancellations, changing as few missions as possible; on a planning with
    answers (states.csv), the confirmation round (declines removed, confirmations pinned)."""
    s = services(request)
    limit, _ = sv.checked_overrides(s.config, body.time_limit, None, None)
    job = sv.start_replan(s, planning, body.cancel, limit)
    return {"job": job.id, "position": s.jobs.position(job)}


@router.post("/plannings/{planning}/answers", responses=ERRORS)
def answers(request: Request, planning: str, body: AnswersRequest) -> dict[str, Any]:
    """Doctors' answers to the planning's missions, kept in its states.csv (`roster answers`)."""
    done = sv.record_answers(services(request), planning, [a.model_dump() for a in body.answers], body.by)
    return {"answered": done.answered, "states": done.states}


@router.get("/compare")
def compare(request: Request, a: str, b: str) -> dict[str, Any]:
    """KPIs of two plannings, with the difference b - a."""
    return sv.compare(services(request), a, b)


__all__ = ["find_job", "read_upload", "router", "services"]
