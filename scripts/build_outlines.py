"""Build roster/data/outlines.json.gz: department and EPCI outlines from commune centres.

No boundary file is bundled (the commune data has centres only), so the outlines are
derived: a Voronoi cell around each commune centre, clipped to the land around the
centres (a union of discs), then dissolved by EPCI and by department and simplified as a
coverage (shared edges stay shared). Coordinates are stored as integer thousandths of a
degree, delta-encoded. Run once after the commune data changes:

    python scripts/build_outlines.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Polygon

DATA = Path(__file__).resolve().parents[1] / "roster" / "data"
LAND_RADIUS = 0.075  # degrees (x scaled): ~7 km around each commune centre
TOLERANCE = 0.012  # simplification, same units (~1 km)
QUANTUM = 1000  # thousandths of a degree


def communes() -> list[dict[str, str]]:
    with gzip.open(DATA / "communes.csv.gz", "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def cells(rows: list[dict[str, str]], k: float) -> tuple[list[Polygon], Polygon | MultiPolygon]:
    """Voronoi cells of the commune centres (x = lon * k), clipped to the land around them."""
    points = [(float(r["longitude"]) * k, float(r["latitude"])) for r in rows]
    multi = MultiPoint(points)
    land = shapely.union_all(shapely.buffer(shapely.points(points), LAND_RADIUS, quad_segs=4))
    land = land.buffer(0.04).buffer(-0.04)  # close narrow gaps between discs
    voronoi = shapely.voronoi_polygons(multi, extend_to=land.envelope.buffer(1), ordered=True)
    parts = list(shapely.get_parts(voronoi))
    assert len(parts) == len(points)
    return [shapely.intersection(p, land) for p in parts], land


def dissolve(rows: list[dict[str, str]], clipped: list[Polygon], key: str) -> dict[str, object]:
    groups: dict[str, list[Polygon]] = defaultdict(list)
    for row, cell in zip(rows, clipped, strict=True):
        if row[key]:
            groups[row[key]].append(cell)
    return {name: shapely.union_all(parts) for name, parts in sorted(groups.items())}


def encode(geometry: object, k: float) -> list[list[int]]:
    """Rings (exteriors and holes) as delta-encoded integer lon/lat thousandths."""
    rings: list[list[int]] = []
    for polygon in shapely.get_parts(geometry):
        if polygon.is_empty or polygon.area < (TOLERANCE**2):
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            flat: list[int] = []
            last = (0, 0)
            for x, y in ring.coords[:-1]:
                q = (round(x / k * QUANTUM), round(y * QUANTUM))
                if q == last and flat:
                    continue
                flat += [q[0] - last[0], q[1] - last[1]]
                last = q
            if len(flat) >= 6:
                rings.append(flat)
    return rings


def build_area(rows: list[dict[str, str]]) -> tuple[dict[str, list], dict[str, list]]:
    k = math.cos(math.radians(sum(float(r["latitude"]) for r in rows) / len(rows)))
    clipped, _ = cells(rows, k)
    depts = dissolve(rows, clipped, "department")
    epcis = dissolve(rows, clipped, "epci_siren")
    names = list(depts) + list(epcis)
    simplified = shapely.coverage_simplify(list(depts.values()) + list(epcis.values()), TOLERANCE)
    geoms = dict(zip(names[: len(depts)], simplified[: len(depts)], strict=True))
    epci_geoms = dict(zip(names[len(depts) :], simplified[len(depts) :], strict=True))
    return (
        {d: encode(g, k) for d, g in geoms.items()},
        {e: encode(g, k) for e, g in epci_geoms.items()},
    )


def main() -> int:
    started = time.perf_counter()
    rows = communes()
    areas: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        areas[r["department"] if r["department"].startswith("97") else "metro"].append(r)
    departments: dict[str, list] = {}
    epcis: dict[str, list] = {}
    for area, members in sorted(areas.items()):
        d, e = build_area(members)
        departments.update(d)
        for siren, rings in e.items():
            epcis.setdefault(siren, []).extend(rings)
        print(f"{area}: {len(members)} communes, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    payload = {
        "about": "derived from commune centres (Voronoi, dissolved); see scripts/build_outlines.py",
        "quantum": QUANTUM,
        "departments": departments,
        "epci": epcis,
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    (DATA / "outlines.json.gz").write_bytes(buffer.getvalue())
    print(f"{len(buffer.getvalue()) / 1024:.0f} KiB written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
