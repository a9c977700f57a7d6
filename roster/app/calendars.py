"""Calendar files of a planning: with a solve, for `export` (with cancellations), and as one zip."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from roster.app.errors import OutputRefused, UnreadableChanges
from roster.app.loading import open_planning
from roster.app.verification import CheckedPlanning
from roster.export import FORMATS, GROUPS, render_calendars
from roster.export.cancellations import Row, cancelled_rows, changes_removed, revision
from roster.i18n import FRENCH, Lang
from roster.models import Planning, Scenario
from roster.outputs.atomic_folder import OutputExistsError, atomic_folder, write_files


def solve_calendar_files(
    scenario: Scenario, planning: Planning, formats: Sequence[str], groups: Sequence[str]
) -> dict[str, bytes]:
    """`calendars/<format>/<group>/<file>` of a new planning (French), for `solve --export`."""
    files: dict[str, bytes] = {}
    for fmt in formats:
        for group in groups:
            for name, content in render_calendars(scenario, planning, fmt, group, lang=FRENCH).items():
                files[f"calendars/{fmt}/{group}/{name}"] = content
    return files


def calendars_zip(scenario: Scenario, planning: Planning) -> bytes:
    """Every calendar format per doctor, site and zone, in one zip (deterministic)."""
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


def is_calendar_folder(folder: Path) -> bool:
    """A folder `roster export` wrote: only format folders (ics, gcal-csv, outlook-csv)."""
    entries = list(folder.iterdir()) if folder.is_dir() else []
    return bool(entries) and all(p.is_dir() and p.name in FORMATS for p in entries)


def check_calendar_folder(out_dir: Path, force: bool) -> bool:
    """Whether `out_dir` is an empty folder; `OutputRefused` if it holds files (unless `force`)."""
    empty = out_dir.is_dir() and not any(out_dir.iterdir())
    if out_dir.exists() and not (force or empty):
        raise OutputRefused(
            f"{out_dir} exists and is not an empty folder; choose another --out or add --force."
        )
    return empty


def cancellations(
    planning_dir: Path, planning: Planning, previous: Path | None = None
) -> tuple[tuple[Row, ...], int]:
    """(rows to send as cancelled, SEQUENCE of the events): missions of `previous` gone from
    `planning`, else the removed rows of `planning_dir/changes.csv` after a re-plan.
    `UnreadableChanges` names a bad changes.csv; `BadInput` lists the problems of `previous`."""
    try:
        sequence = revision(planning_dir / "changes.csv")  # re-plans since the solve
        if previous is not None:
            return cancelled_rows(open_planning(previous), planning), max(sequence, 1)
        return changes_removed(planning_dir / "changes.csv", planning), sequence
    except ValueError as exc:
        raise UnreadableChanges(str(exc)) from exc


def calendar_files(
    checked: CheckedPlanning,
    formats: Sequence[str],
    groups: Sequence[str],
    lang: Lang,
    cancelled: tuple[Row, ...] = (),
    sequence: int | None = None,
) -> dict[str, bytes]:
    """`<format>/<group>/<file>` of a verified planning (marked NOT VERIFIED when it is not)."""
    return {
        f"{fmt}/{group}/{name}": content
        for fmt in formats
        for group in groups
        for name, content in render_calendars(
            checked.scenario,
            checked.planning,
            fmt,
            group,
            lang=lang,
            verified=checked.verified,
            cancelled=cancelled,
            sequence=sequence,
        ).items()
    }


def write_calendar_folder(out_dir: Path, files: dict[str, bytes], empty: bool) -> None:
    """Swap in a folder holding `files`; a previous one is kept as `<out>.prev` unless it was
    empty. `OutputRefused` if the folder is busy, not writable or not roster's."""
    try:
        owned = empty or is_calendar_folder(out_dir)
        with atomic_folder(out_dir, replaceable=True, keep_backup=not empty, owned=owned) as temp:
            write_files(temp, files)
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
