"""Helpers of the `roster serve` tests: zips of scenario folders and a stand-in solve worker."""

from __future__ import annotations

import io
import stat
import time
import zipfile
from pathlib import Path

from roster.scenarios.bundled import default_scenario


def folder_zip(folder: Path, prefix: str | None = None, edit: dict[str, bytes] | None = None) -> bytes:
    """A zip of a scenario folder under `prefix/` (default: the folder's name), files replaced by `edit`."""
    prefix = folder.name if prefix is None else prefix
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    files.update(edit or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{prefix}/{name}" if prefix else name, content)
    return buffer.getvalue()


def pilot_zip() -> bytes:
    return folder_zip(default_scenario())


def zip_with(entries: list[tuple[str, bytes]], symlink: str | None = None) -> bytes:
    """The pilot zip plus raw entries (names not checked) and optionally a symlink entry."""
    buffer = io.BytesIO(pilot_zip())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(zipfile.ZipInfo(name), content)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def fake_worker(spec: dict, events, stop) -> None:
    """Stands in for the solve worker: reports progress until stopped or 60 s, then 'done'
    without writing a planning (the queue, not the solver, is under test)."""
    job = spec["job"]
    started = time.monotonic()
    while not stop.wait(0.1) and time.monotonic() - started < 60:
        events.put({"job": job, "type": "progress", "phase": "coverage", "coverage_score": 1.0})
    events.put({"job": job, "type": "done", "status": "FEASIBLE", "interrupted": stop.is_set()})
    events.close()
    events.join_thread()


def dying_worker(spec: dict, events, stop) -> None:
    """A worker that dies without a word (killed, out of memory...)."""
    import os

    os._exit(3)
