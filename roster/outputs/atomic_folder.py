"""Write a whole folder so that readers see either the old one or the complete new one.

The folder is written under a hidden temporary name next to the target, every file
is fsynced, then it replaces the target in one step: `renameat2(RENAME_EXCHANGE)`
where Linux offers it, else two renames (the previous folder is kept as the
backup first, so it is never lost). The previous output is kept as `<name>.prev`
unless `keep_backup` is False.

Safety rules (docs/scenario-format.md, "Output safety"):
- roster never deletes what it did not write: an existing `<name>.prev` is replaced
  only if roster marked it (`.roster-backup` inside) when it made it from one of its
  own outputs; otherwise the write is refused before anything is written;
- a `.prev` is replaced by swapping, never deleted in place, so a kill at any moment
  leaves a whole `.prev`; leftovers of a killed run (hidden `.<name>.tmp-*` folders)
  are removed by the next write to the same target;
- writers to one parent folder take an advisory lock (`fcntl.flock` on the folder),
  so two runs writing the same `--out` follow each other; after `LOCK_WAIT_S` the
  second one gives up with "busy";
- a symbolic link given as the target is followed (the real folder is replaced, the
  link kept); a filesystem root is refused; folders get the umask's permissions.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
BACKUP_MARK = ".roster-backup"
LOCK_WAIT_S = 60.0


class OutputExistsError(Exception):
    """The output cannot be written there: it exists and roster may not replace it (the base
    of the other output errors, so that one `except` reports them all)."""


class OutputBusyError(OutputExistsError):
    """Another roster is writing next to the target."""


class OutputNotWritableError(OutputExistsError):
    """The target or its folder cannot be written (permissions, read-only, root)."""


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


def output_target(target: Path | str) -> Path:
    """The absolute path to write: a symbolic link is followed; a filesystem root is refused."""
    path = Path(target).absolute()
    if path.is_symlink():
        path = path.resolve()
    if path == Path(path.anchor) or path.name in ("", ".", ".."):
        raise OutputNotWritableError(f"{target}: roster does not write at a filesystem root; choose a folder")
    return path


def umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextlib.contextmanager
def folder_lock(folder: Path, wait_s: float | None = None) -> Iterator[None]:
    """An exclusive advisory lock on `folder` (the parent of an output); OutputBusyError after `wait_s`."""
    wait_s = LOCK_WAIT_S if wait_s is None else wait_s
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputNotWritableError(f"{folder}: cannot be opened ({exc.strerror})") from exc
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputBusyError(
                        f"{folder} is busy: another roster is writing there; try again when it is done"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _stale_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.tmp-[a-z0-9_]{{8}}")


def clean_stale_temporaries(target: Path) -> list[Path]:
    """Remove the hidden temporary folders a killed run left next to `target` (call under the lock)."""
    pattern = _stale_pattern(target)
    removed = []
    for path in target.parent.iterdir():
        if pattern.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _trash_name(target: Path) -> Path:
    """A fresh hidden name that `clean_stale_temporaries` recognises."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_"
    return target.with_name(f".{target.name}.tmp-{''.join(secrets.choice(alphabet) for _ in range(8))}")


def _check_backup(target: Path, keep_backup: bool) -> None:
    backup = backup_path(target)
    if keep_backup and target.exists() and backup.exists() and not (backup / BACKUP_MARK).is_file():
        raise OutputExistsError(
            f"{backup} exists and is not a backup roster made; move it away first "
            "(roster never deletes what it did not write)"
        )


def _swap_in(temp: Path, target: Path, keep_backup: bool, owned: bool) -> None:
    """Put `temp` at `target`; the previous target becomes the backup (marked if `owned`)."""
    backup = backup_path(target)
    if not target.exists():
        temp.rename(target)
        return
    if _exchange(temp, target):
        old = temp  # now holds the previous target
    else:
        old = _trash_name(target)
        target.rename(old)
        temp.rename(target)
    if not keep_backup:
        shutil.rmtree(old, ignore_errors=True)
        return
    if owned:
        (old / BACKUP_MARK).write_text("a previous output of roster, replaced by the next one\n")
    if not backup.exists():
        old.rename(backup)
    elif _exchange(old, backup):
        shutil.rmtree(old, ignore_errors=True)  # now holds the older backup, under a hidden name
    else:
        trash = _trash_name(target)
        backup.rename(trash)
        old.rename(backup)
        shutil.rmtree(trash, ignore_errors=True)


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (relative path -> bytes) under `folder`, making their sub-folders."""
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


def _decide(value: bool | Callable[[Path], bool], target: Path) -> bool:
    return value(target) if callable(value) else value


@contextlib.contextmanager
def atomic_folder(
    target: Path | str,
    replaceable: bool | Callable[[Path], bool] = True,
    keep_backup: bool = True,
    owned: bool | Callable[[Path], bool] = False,
) -> Iterator[Path]:
    """Yield a temporary folder; on normal exit it becomes `target` in one step.

    `replaceable` says whether an existing `target` may be replaced (the caller
    decides: e.g. it is a previous planning, or --force was given); `owned` whether it
    is roster's own output, so that its backup may be replaced by the next write. Both
    may be functions of the target, then decided under the lock (another writer may
    have changed it meanwhile). On error the temporary folder is removed and `target`
    is untouched.
    """
    target = output_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritableError(f"{target.parent}: cannot be created ({exc.strerror})") from exc
    with folder_lock(target.parent):
        if target.exists() and not _decide(replaceable, target):
            raise OutputExistsError(f"{target} exists; use --force to replace it")
        if target.exists() and not target.is_dir():
            raise OutputExistsError(f"{target} exists and is not a folder")
        owned = _decide(owned, target)
        _check_backup(target, keep_backup)
        clean_stale_temporaries(target)
        try:
            temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        except OSError as exc:
            reason = "not writable" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else exc.strerror
            raise OutputNotWritableError(f"{target.parent}: cannot write there ({reason})") from exc
        try:
            temp.chmod(0o777 & ~umask())
            yield temp
            _fsync_tree(temp)
            _swap_in(temp, target, keep_backup, owned)
            _fsync_dir(target.parent)
        finally:
            if temp.exists() and temp != target:
                shutil.rmtree(temp, ignore_errors=True)
