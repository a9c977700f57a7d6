"""Write a whole folder so that readers see either the old one or the complete new one.

The folder is written under a hidden temporary name next to the target, every file
is fsynced, then it replaces the target in one step: `renameat2(RENAME_EXCHANGE)`
where Linux offers it, else two renames (the previous folder is kept as the
backup first, so it is never lost). The previous planning is kept as
`<name>.prev` unless `keep_backup` is False.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputExistsError(Exception):
    """The target exists and is not something roster may replace."""


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_path(target: Path) -> Path:
    return target.with_name(target.name + ".prev")


@contextlib.contextmanager
def atomic_folder(target: Path | str, replaceable: bool = True, keep_backup: bool = True) -> Iterator[Path]:
    """Yield a temporary folder; on normal exit it becomes `target` in one step.

    `replaceable` says whether an existing `target` may be replaced (the caller
    decides: e.g. it is a previous planning, or --force was given). On error the
    temporary folder is removed and `target` is untouched.
    """
    target = Path(target).absolute()
    if target.exists() and not replaceable:
        raise OutputExistsError(f"{target} exists; use --force to replace it")
    if target.exists() and not target.is_dir():
        raise OutputExistsError(f"{target} exists and is not a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield temp
        _fsync_tree(temp)
        if target.exists():
            backup = backup_path(target)
            if _exchange(temp, target):
                # temp now holds the previous folder
                if keep_backup:
                    if backup.exists():
                        shutil.rmtree(backup)
                    temp.rename(backup)
                else:
                    shutil.rmtree(temp)
            else:
                if backup.exists():
                    shutil.rmtree(backup)
                target.rename(backup)
                temp.rename(target)
                if not keep_backup:
                    shutil.rmtree(backup)
        else:
            temp.rename(target)
        _fsync_dir(target.parent)
    finally:
        if temp.exists() and temp != target:
            shutil.rmtree(temp, ignore_errors=True)
