"""Department and EPCI outlines for the report map (roster/data/outlines.json.gz).

The outlines are derived from the bundled commune centres by scripts/build_outlines.py
(Voronoi cells dissolved by EPCI and department): approximate, offline, 135 KiB."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

from roster.scenarios.geodata import _read, regions

Ring = list[tuple[float, float]]  # (latitude, longitude) points


def _decode(flat: list[int], quantum: int) -> Ring:
    ring: Ring = []
    x = y = 0
    for i in range(0, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        ring.append((y / quantum, x / quantum))
    return ring


@cache
def _payload() -> dict:
    with resources.files("roster.data").joinpath("outlines.json.gz").open("rb") as handle:
        return json.loads(gzip.decompress(handle.read()))


@cache
def department_outlines() -> dict[str, tuple[Ring, ...]]:
    """Department code -> rings (exteriors and holes)."""
    data = _payload()
    return {
        code: tuple(_decode(r, data["quantum"]) for r in rings) for code, rings in data["departments"].items()
    }


@cache
def epci_outlines() -> dict[str, tuple[Ring, ...]]:
    """EPCI SIREN -> rings (exteriors and holes)."""
    data = _payload()
    return {code: tuple(_decode(r, data["quantum"]) for r in rings) for code, rings in data["epci"].items()}


@cache
def department_names() -> dict[str, tuple[str, str]]:
    """Department code -> (name, region name)."""
    region_names = dict(zip(regions()["region"], regions()["name"], strict=True))
    frame = _read("departements.csv.gz")
    return {
        code: (name, region_names.get(region, region))
        for code, name, region in zip(frame["department"], frame["name"], frame["region"], strict=True)
    }
