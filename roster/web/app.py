"""The FastAPI application: routes, error pages (never a traceback) and the job queue's life."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from roster.web.api import router as api_router
from roster.web.config import ServeConfig
from roster.web.guard import Guard
from roster.web.i18n import in_french, translator
from roster.web.jobs import JobManager
from roster.web.languages import message_lang, wants_json
from roster.web.pages import router as page_router
from roster.web.services import ReplanConflict, Services
from roster.web.store import DataStore, UnknownId
from roster.web.uploads import Problem, UploadRejected

HERE = Path(__file__).parent
log = logging.getLogger("roster.web")


def create_app(config: ServeConfig, job_target: Callable[..., None] | None = None) -> FastAPI:
    """The web app over `config.data_dir`; the job queue starts with it and stops with it.
    `job_target` replaces the solve worker (tests of the queue)."""
    store = DataStore(config.data_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.services = Services(config, store, JobManager(config.jobs, job_target))
        yield
        app.state.stopping.set()
        app.state.services.jobs.shutdown(config.stop_grace_s)

    app = FastAPI(
        title="roster",
        summary="Plan volunteer doctors' missions: upload a scenario, solve, download the planning.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the Swagger page loads from a CDN: not served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.stopping = threading.Event()
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api_router)
    app.include_router(page_router)
    _error_handlers(app)
    return Guard(app, config)  # type: ignore[return-value]


def error_page(request: Request, status: int, title: str, problems: list[Problem]) -> Response:
    """The error as JSON (API) or as a page with a table (file, line, message); never a traceback."""
    lang = message_lang(request)
    if lang == "fr":
        title = in_french(title)
        problems = [Problem(p.file, p.line, in_french(p.message)) for p in problems]
    if wants_json(request):
        body = {"detail": title, "errors": [p.as_json() for p in problems]}
        return JSONResponse(body, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"t": translator(lang), "lang": lang, "title": title, "problems": problems},
        status_code=status,
    )  # fmt: skip


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UploadRejected)
    async def rejected(request: Request, exc: UploadRejected) -> Response:
        t = translator(message_lang(request))
        return error_page(request, 422, t("errors_title"), exc.problems)

    @app.exception_handler(ReplanConflict)
    async def replan_busy(request: Request, exc: ReplanConflict) -> Response:
        return error_page(request, 409, str(exc), [Problem("cancel", None, str(exc))])

    @app.exception_handler(UnknownId)
    async def unknown(request: Request, exc: UnknownId) -> Response:
        t = translator(message_lang(request))
        return error_page(request, 404, t("not_found"), [Problem(request.url.path, None, t("not_found"))])

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        problem = Problem("request", None, str(exc.detail))
        response = error_page(request, exc.status_code, str(exc.detail), [problem])
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    app.add_exception_handler(StarletteHTTPException, http_error)  # 404 of unknown routes

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem(
                ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "request", None, e.get("msg", "")
            )
            for e in exc.errors()
        ]
        return error_page(request, 422, "invalid request", problems)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        message = f"internal error: {type(exc).__name__} (details in the server's log)"
        return error_page(request, 500, message, [Problem("server", None, message)])
