"""Turning an upload into a stored scenario, refusing hostile files.

A `.zip` of a scenario folder is opened without trusting it: every entry name is
checked (no absolute path, no drive letter, no `..`, no link, no device), the
number of entries and their total uncompressed size are capped (sizes are counted
while extracting, not taken from the header), and only the folder holding
`scenario.toml` is kept. A `.xlsx` workbook is handed to `load_scenario`. Every
problem is an `UploadProblem` list (file, line, message) that the API returns as 422.
"""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from roster.app.errors import BadInput
from roster.app.signups import import_signup_export
from roster.scenarios import ScenarioError, load_scenario
from roster.web.config import ServeConfig
from roster.web.store import DataStore

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
XLSX_SUFFIXES = (".xlsx",)
CHUNK = 1 << 16


@dataclass(frozen=True)
class Problem:
    """One reason an upload was refused; `line` None when the whole file is at fault."""

    file: str
    line: int | None
    message: str

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "message": self.message}


class UploadRejected(Exception):
    """The upload is refused (HTTP 422) for these problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.file}:{p.line or ''}: {p.message}" for p in problems))


def safe_label(name: str | None, default: str = "upload") -> str:
    """A display name for the uploaded file: its base name, printable, at most 80 characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable())[:80]
    return cleaned or default


def shown_entry(name: str) -> str:
    """A zip entry name fit for a message: printable, at most 120 characters."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in name)
    return cleaned if len(cleaned) <= 120 else cleaned[:117] + "..."


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why this zip entry may not be extracted, or None."""
    name = info.filename
    if not name or "\x00" in name or any(not ch.isprintable() for ch in name):
        return "entry name with control characters"
    if len(name) > 255:
        return "entry name longer than 255 characters"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if "\\" in name:
        return "backslash in an entry name"
    if ".." in PurePosixPath(name).parts:
        return "'..' in the path"
    kind = stat.S_IFMT(info.external_attr >> 16)
    if info.create_system == 3 and kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "a link or special file (only plain files are accepted)"
    if info.flag_bits & 0x1:
        return "encrypted entry"
    return None


def _check_zip(archive: zipfile.ZipFile, label: str, config: ServeConfig) -> list[zipfile.ZipInfo]:
    """The file entries to extract; UploadRejected listing every bad entry."""
    infos = archive.infolist()
    problems: list[Problem] = []
    if len(infos) > config.max_zip_files:
        raise UploadRejected(
            [Problem(label, None, f"{len(infos)} entries: at most {config.max_zip_files} files are accepted")]
        )
    seen: set[str] = set()
    declared = 0
    for info in infos:
        reason = _entry_problem(info)
        if reason is not None:
            problems.append(Problem(f"{label}/{shown_entry(info.filename)}", None, f"refused: {reason}"))
            continue
        key = info.filename.rstrip("/").lower()
        if key in seen:
            problems.append(Problem(label, None, f"refused: duplicate entry {shown_entry(info.filename)!r}"))
        seen.add(key)
        declared += info.file_size
    if declared > config.max_unzipped_bytes:
        problems.append(
            Problem(
                label,
                None,
                f"refused: {declared / 1e6:,.0f} MB once unpacked (at most {config.max_unzipped_mb:,.0f} MB)",
            )
        )
    if problems:
        raise UploadRejected(problems)
    return [info for info in infos if not info.is_dir()]


def _scenario_root(names: list[str], label: str) -> str:
    """The folder inside the zip that holds scenario.toml: '' (top) or one folder deep."""
    roots = sorted(
        {str(PurePosixPath(n).parent) for n in names if PurePosixPath(n).name == "scenario.toml"},
        key=lambda r: (r.count("/"), r),
    )
    roots = [r for r in roots if r == "." or "/" not in r]
    if not roots:
        raise UploadRejected(
            [Problem(label, None, "no scenario.toml at the top of the zip or in one folder")]
        )
    if len(roots) > 1 and roots[0] != ".":
        raise UploadRejected(
            [Problem(label, None, "several scenario folders in one zip; upload one at a time")]
        )
    return "" if roots[0] == "." else roots[0]


def extract_scenario_zip(data: bytes, label: str, target: Path, config: ServeConfig) -> str:
    """Extract the scenario folder of a zip into `target` (an empty folder), safely; returns
    that folder's path inside the zip ('' for the top)."""
    if not data.startswith(ZIP_MAGIC):
        raise UploadRejected([Problem(label, None, "not a zip file")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise UploadRejected([Problem(label, None, f"unreadable zip: {exc}")]) from None
    with archive:
        files = _check_zip(archive, label, config)
        root = _scenario_root([i.filename for i in files], label)
        budget = config.max_unzipped_bytes
        for info in files:
            path = PurePosixPath(info.filename)
            if root and not str(path).startswith(root + "/"):
                continue  # outside the scenario folder (e.g. __MACOSX/)
            relative = path.relative_to(root) if root else path
            if len(relative.parts) != 1 or relative.name.startswith("."):
                continue  # the contract's files are at the folder's top
            destination = target / relative.name
            try:
                with archive.open(info) as source, destination.open("xb") as sink:
                    while chunk := source.read(CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise UploadRejected(
                                [
                                    Problem(
                                        label,
                                        None,
                                        f"refused: more than {config.max_unzipped_mb:,.0f} MB "
                                        "once unpacked (zip bomb?)",
                                    )
                                ]
                            )
                        sink.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                name = f"{label}/{shown_entry(info.filename)}"
                raise UploadRejected([Problem(name, None, f"unreadable entry: {exc}")]) from None
    return root


def scenario_problems(error: ScenarioError | BadInput, folder: Path, prefix: str) -> list[Problem]:
    """The loader's issues with server paths replaced by the names the planner uploaded."""
    problems = []
    for issue in error.issues:
        path = Path(issue.path)
        try:
            shown = path.relative_to(folder).as_posix()
        except ValueError:
            shown = path.name
        shown = prefix if shown in ("", ".") else f"{prefix}/{shown}" if prefix else shown
        problems.append(Problem(shown, issue.line, issue.message))
    return problems


def describe(scenario) -> dict[str, object]:
    """The metadata shown in lists: name, month and sizes."""
    return {
        "name": scenario.settings.name,
        "month": scenario.settings.month,
        "zones": len(scenario.zones),
        "sites": len(scenario.sites),
        "doctors": len(scenario.doctors),
        "replacements": len(scenario.replacements),
        "max_days_per_doctor": scenario.settings.max_days_per_doctor,
        "day_trip_max_km": scenario.settings.day_trip_max_km,
    }


def _load_checked(source: Path, root: Path, prefix: str, warnings: list[str] | None = None):
    warnings = [] if warnings is None else warnings
    try:
        return load_scenario(source, warnings)
    except ScenarioError as exc:
        raise UploadRejected(scenario_problems(exc, root, prefix)) from None
    except Exception as exc:  # a reader bug must not become a 500: say which upload it was
        raise UploadRejected([Problem(prefix, None, f"unreadable scenario ({type(exc).__name__})")]) from None


def ingest_upload(data: bytes, filename: str | None, store: DataStore, config: ServeConfig) -> str:
    """Check an uploaded scenario (.zip or .xlsx) and store it; returns the scenario id."""
    label = safe_label(filename)
    if not data:
        raise UploadRejected([Problem(label, None, "the file is empty")])
    suffix = PurePosixPath(label).suffix.lower()
    with store.scratch() as scratch:
        if suffix in XLSX_SUFFIXES or (suffix != ".zip" and data.startswith(b"PK") and b"xl/" in data[:4096]):
            return _ingest_workbook(data, label, scratch, store)
        if suffix != ".zip" and not data.startswith(ZIP_MAGIC):
            raise UploadRejected(
                [Problem(label, None, "expected a .zip of a scenario folder or a .xlsx workbook")]
            )
        folder = scratch / "scenario"
        folder.mkdir()
        root = extract_scenario_zip(data, label, folder, config)
        warnings: list[str] = []
        scenario = _load_checked(folder, folder, f"{label}/{root}" if root else label, warnings)
        shown = [w.replace(str(folder) + "/", "") for w in warnings[:50]]
        meta = {**describe(scenario), "label": label, "source": "zip", "warnings": shown}
        return store.add_scenario(meta, folder=folder)


def _ingest_workbook(data: bytes, label: str, scratch: Path, store: DataStore) -> str:
    workbook = scratch / "workbook.xlsx"
    workbook.write_bytes(data)
    try:
        scenario = load_scenario(workbook)
    except ScenarioError as exc:
        problems = scenario_problems(exc, scratch, label)
        if (
            len(exc.issues) == 1
            and Path(exc.issues[0].path) == workbook
            and "folder" in exc.issues[0].message
        ):
            problems = [
                Problem(
                    label,
                    None,
                    "this version of roster cannot read .xlsx workbooks yet; "
                    "upload a .zip of the scenario folder",
                )
            ]
        raise UploadRejected([Problem(p.file.replace("workbook.xlsx", label), p.line, p.message)
                              for p in problems]) from None  # fmt: skip
    except Exception as exc:  # a reader bug must not become a traceback page
        raise UploadRejected([Problem(label, None, f"unreadable workbook: {type(exc).__name__}")]) from None
    return store.add_scenario({**describe(scenario), "label": label, "source": "xlsx"}, workbook=workbook)


def import_signups_upload(data: bytes, filename: str | None, sid: str, store: DataStore) -> str:
    """Apply a sign-up form export onto a copy of scenario `sid`; returns the new scenario's id."""
    label = safe_label(filename, "signups")
    if not data:
        raise UploadRejected([Problem(label, None, "the file is empty")])
    source = store.scenario_source(sid)
    if not source.is_dir():
        raise UploadRejected(
            [Problem(label, None, "sign-ups can only be imported into a scenario folder (.zip)")]
        )
    with store.scratch() as scratch:
        folder = scratch / "scenario"
        shutil.copytree(source, folder, symlinks=False)
        suffix = PurePosixPath(label).suffix.lower() or ".csv"
        export = scratch / f"signups{suffix if suffix in ('.csv', '.xlsx') else '.csv'}"
        export.write_bytes(data)
        try:
            import_signup_export(export, folder, None)
        except BadInput as exc:
            raise UploadRejected(
                [
                    Problem(p.file.replace(export.name, label), p.line, p.message)
                    for p in scenario_problems(exc, scratch, "")
                ]
            ) from None
        except Exception as exc:  # the importer's own failures, shown cleanly
            raise UploadRejected([Problem(label, None, f"sign-up import failed: {exc}")]) from None
        scenario = _load_checked(folder, folder, "scenario")
        meta = {**describe(scenario), "label": label, "source": "signups", "parent": sid}
        return store.add_scenario(meta, folder=folder)
