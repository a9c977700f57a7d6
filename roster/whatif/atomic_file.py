"""Write one file so that readers see the old content or the complete new one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roster.outputs.safe_file import write_output_file


def write_text_atomic(
    path: Path | str, text: str, previous: Callable[[Path], bool] | None = None, force: bool = True
) -> None:
    """Write `text` (UTF-8) atomically; with `force` False, only over a file `previous` recognises."""
    write_output_file(path, text, previous=previous, force=force)
