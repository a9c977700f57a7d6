"""Calendar file stems that are safe on every system and stable across exports.

- never a Windows device name (`con`, `nul`, `com1`...), whatever the extension;
- stems are compared case-insensitively (macOS and Windows disks); when several
  entities of the scenario share a stem (`ABC` and `abc`), every one of them gets a
  suffix derived from its own id, so a file name always holds the same person,
  whichever of them has missions this month.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable

WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


def _suffixed(stem: str, entity_id: str) -> str:
    return f"{stem}-{hashlib.sha1(entity_id.encode()).hexdigest()[:8]}"


def calendar_stems(
    entity_ids: Iterable[str], stem_of: Callable[[str], str], reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Entity id -> file stem, unique (case-insensitively) among all `entity_ids`."""
    ids = sorted(set(entity_ids))
    base = {entity_id: stem_of(entity_id) for entity_id in ids}
    counts = Counter(stem.lower() for stem in base.values())
    taken = {name.lower() for name in reserved}
    stems: dict[str, str] = {}
    for entity_id in ids:
        stem = base[entity_id]
        key = stem.lower()
        if counts[key] > 1 or key in taken or key.split(".")[0] in WINDOWS_DEVICES:
            stem = _suffixed(stem, entity_id)
        stems[entity_id] = stem
    return stems
