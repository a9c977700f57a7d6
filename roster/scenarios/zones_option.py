"""`roster generate --zones`: a count of lowest-APL zones, `official` or `official:N`."""

from __future__ import annotations

import re


def parse_zones(text: str) -> tuple[bool, int]:
    """(official?, count); count 0 with `official` means the official count of the region."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+", value) and int(value) >= 1:
        return False, int(value)
    if value == "official":
        return True, 0
    found = re.fullmatch(r"official:(\d+)", value)
    if found and int(found.group(1)) >= 1:
        return True, int(found.group(1))
    raise ValueError(f"--zones must be a count >= 1, 'official' or 'official:N', got {text!r}")
