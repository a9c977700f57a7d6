"""The data folder: one folder per scenario and per planning, under server-made ids.

Layout (`--data`, default `./roster-data`):

    scenarios/<sid>/meta.json            what was uploaded, when, name and month
    scenarios/<sid>/scenario/            the scenario folder (from a .zip or a sign-up import)
    scenarios/<sid>/workbook.xlsx        or the uploaded workbook
    plannings/<pid>/                     a planning folder of the contract, plus
        scenario/                        the scenario exactly as solved (settings applied)
        web.json                         which scenario and job made it
        report.html, calendars.zip       the report and every calendar
    .tmp/                                uploads being checked (removed afterwards)

Ids are made here (`s`, `p` or `j` + 12 hex digits); an id from a request is matched
against that pattern before it is joined to a path, so no request names a file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from roster.outputs.atomic_folder import atomic_folder

ID_PATTERN = re.compile(r"^[spj][0-9a-f]{12}$")


class UnknownId(LookupError):
    """No scenario, planning or job with this id."""


def new_id(kind: str) -> str:
    assert kind in ("s", "p", "j")
    return kind + secrets.token_hex(6)


def check_id(value: str, kind: str) -> str:
    """`value` if it is a well-formed id of this kind, else UnknownId (never a path)."""
    if not ID_PATTERN.match(value or "") or value[0] != kind:
        raise UnknownId(value)
    return value


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class DataStore:
    """Paths and metadata of the scenarios and plannings kept under one data folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self.scenarios = self.root / "scenarios"
        self.plannings = self.root / "plannings"
        self.tmp = self.root / ".tmp"
        for folder in (self.scenarios, self.plannings, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        # uploads and folder writes interrupted by a crash (atomic_folder's `.<name>.tmp-*`)
        leftovers = [*self.tmp.iterdir(), *self.scenarios.glob(".*.tmp-*"), *self.plannings.glob(".*.tmp-*")]
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True)

    # --- scratch space for uploads -------------------------------------------------
    @contextmanager
    def scratch(self) -> Iterator[Path]:
        """A temporary folder under the data folder, removed on exit."""
        folder = Path(tempfile.mkdtemp(prefix="upload-", dir=self.tmp))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # --- scenarios ------------------------------------------------------------------
    def scenario_dir(self, sid: str) -> Path:
        folder = self.scenarios / check_id(sid, "s")
        if not (folder / "meta.json").is_file():
            raise UnknownId(sid)
        return folder

    def scenario_meta(self, sid: str) -> dict:
        return json.loads((self.scenario_dir(sid) / "meta.json").read_text(encoding="utf-8"))

    def scenario_source(self, sid: str) -> Path:
        """What `load_scenario` reads for this scenario: its folder or its workbook."""
        folder = self.scenario_dir(sid)
        workbook = folder / "workbook.xlsx"
        return workbook if workbook.is_file() else folder / "scenario"

    def add_scenario(self, meta: dict, folder: Path | None = None, workbook: Path | None = None) -> str:
        """Store a checked scenario (a folder or a workbook) atomically; returns its id."""
        sid = new_id("s")
        meta = {**meta, "id": sid, "created": now_iso()}
        with atomic_folder(self.scenarios / sid, replaceable=False) as temp:
            if folder is not None:
                shutil.copytree(folder, temp / "scenario", symlinks=False)
            if workbook is not None:
                shutil.copyfile(workbook, temp / "workbook.xlsx")
            (temp / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        return sid

    def list_scenarios(self) -> list[dict]:
        metas = []
        for folder in self.scenarios.iterdir():
            if ID_PATTERN.match(folder.name) and (folder / "meta.json").is_file():
                try:
                    metas.append(json.loads((folder / "meta.json").read_text(encoding="utf-8")))
                except (OSError, ValueError):
                    continue
        return sorted(metas, key=lambda m: m.get("created", ""), reverse=True)

    # --- plannings ------------------------------------------------------------------
    def planning_dir(self, pid: str) -> Path:
        folder = self.plannings / check_id(pid, "p")
        if not (folder / "summary.json").is_file():
            raise UnknownId(pid)
        return folder

    def planning_meta(self, pid: str) -> dict:
        path = self.planning_dir(pid) / "web.json"
        meta = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        summary = json.loads((self.planning_dir(pid) / "summary.json").read_text(encoding="utf-8"))
        return {**meta, "id": pid, "summary": summary}

    def list_plannings(self, sid: str | None = None) -> list[dict]:
        metas = []
        for folder in self.plannings.iterdir():
            if not ID_PATTERN.match(folder.name) or not (folder / "summary.json").is_file():
                continue
            try:
                meta = self.planning_meta(folder.name)
            except (OSError, ValueError, UnknownId):
                continue
            if sid is None or meta.get("scenario") == sid:
                metas.append(meta)
        return sorted(metas, key=lambda m: m.get("created", ""), reverse=True)
