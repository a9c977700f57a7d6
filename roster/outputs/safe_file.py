"""Write one output file atomically, without replacing a file roster did not write.

`write_output_file` writes a temporary file next to the target, fsyncs it and renames
it over the target. An existing target is replaced only when `previous` recognises it
as an earlier output of the same command (a report, a comparison CSV...) or with
`force`. A symbolic link is followed; permission problems become `OutputNotWritableError`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from roster.outputs.atomic_folder import OutputExistsError, OutputNotWritableError, output_target, umask

REPORT_GENERATOR = '<meta name="generator" content="roster report">'


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(size).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return ""


def is_roster_report(path: Path) -> bool:
    """An HTML report `roster report` wrote (it carries the generator meta tag)."""
    return REPORT_GENERATOR in _head(path)


def is_compare_csv(path: Path) -> bool:
    """A CSV `roster compare --csv` wrote."""
    return _head(path, 64).startswith("input,kind,")


def is_sweep_csv(path: Path) -> bool:
    """A sweep.csv `roster sweep` wrote."""
    return _head(path, 64).startswith("variant,")


def is_explain_md(path: Path) -> bool:
    """An explain.md `roster explain` wrote."""
    head = _head(path, 128)
    return head.startswith("# Why these zones fell short") or head.startswith(
        "# Pourquoi ces zones manquent de médecins"
    )


def write_output_file(
    path: Path | str,
    data: str | bytes,
    previous: Callable[[Path], bool] | None = None,
    force: bool = False,
    what: str = "output of this command",
) -> Path:
    """Write `data` (text as UTF-8) to `path` atomically; returns the path written."""
    target = output_target(path)
    if target.is_dir():
        raise OutputExistsError(f"{path} is a folder; give a file name")
    if target.exists() and not force and (previous is None or not previous(target)):
        raise OutputExistsError(
            f"{path} exists and is not a previous {what}; choose another file or add --force"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent)
    except OSError as exc:
        raise OutputNotWritableError(f"{path}: cannot write there ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~umask())
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise OutputNotWritableError(f"{path}: cannot be replaced ({exc.strerror})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    return target
