"""`roster serve`: the planners' web app on their own machine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from roster.commands.terminal import err, fail
from roster.web.config import LOOPBACK_NAMES, ServeConfig, is_loopback


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8765,
    data: Annotated[
        Path, typer.Option("--data", help="Folder for scenarios and plannings (one folder each).")
    ] = Path("roster-data"),
    token: Annotated[
        str | None,
        typer.Option("--token", help="Access token every request must carry (required off loopback)."),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Solves running at once.")] = 1,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", min=0.001, help="Largest upload accepted (MB); 413 beyond.")
    ] = 50.0,
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.1, help="Default seconds for each solve.")
    ] = 60.0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="CP-SAT workers per solve.")] = 1,
) -> None:
    """Start the web app: upload a scenario, solve it live, read the report, re-plan, compare, download."""
    loopback = is_loopback(host)
    if not loopback and not token:
        fail(f"--host {host} is not a loopback address: add --token SECRET (every request must carry it).")
    if token is not None and not re.fullmatch(r"[A-Za-z0-9._~+/=-]{8,256}", token):
        fail("--token must be 8 to 256 characters among letters, digits and . _ ~ + / = -")
    if data.exists() and not data.is_dir():
        fail(f"--data {data} exists and is not a folder.")
    config = ServeConfig(
        data_dir=data, token=token, max_upload_mb=max_upload_mb, jobs=jobs,
        default_time_limit_s=time_limit, max_time_limit_s=max(3600.0, time_limit), solver_workers=workers,
        trusted_hosts=tuple(h.strip("[]") for h in LOOPBACK_NAMES) if loopback and token is None else None,
    )  # fmt: skip
    # the web stack (FastAPI, uvicorn, Jinja: 0.35 s of every command's start) loads for `serve` only
    from roster.web import server

    try:
        app = server.prepared(config, host, port)
    except OSError as exc:
        fail(f"--data {data}: {exc}")
    shown = f"[{host}]" if ":" in host else host
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    err.print(f"roster serve: {link}  (data in {data.absolute()}; Ctrl-C stops)", markup=False)
    server.run(app)
    err.print(f"roster serve stopped; scenarios and plannings are kept in {data}", markup=False)
