"""An inline SVG map: department and priority-zone outlines, zones filled by coverage, sites
labelled by name, volunteers' homes, one line per trip, and a zoomed inset where sites crowd."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from html import escape

from roster.i18n import ENGLISH, Lang
from roster.models import Planning, Scenario
from roster.report.coverage import GREEN, GREY, ORANGE, RED, assigned_days, coverage_color
from roster.report.labels import Box, place_labels, short_name
from roster.report.outlines import Ring, department_outlines, epci_outlines

WIDTH, MAX_HEIGHT, PAD = 900.0, 860.0, 40.0
INSET_WIDTH, INSET_MAX_HEIGHT = 900.0, 520.0
CROWD_RADIUS_PX, CROWD_MIN_SITES = 45.0, 5


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x = lon * cos(mean latitude), y = -lat, fitted into the drawing."""

    lon0: float
    lat1: float
    k: float
    scale: float
    height: float
    width: float = WIDTH
    pad: float = PAD

    @classmethod
    def fit(
        cls,
        points: list[tuple[float, float]],
        width: float = WIDTH,
        max_height: float = MAX_HEIGHT,
        pad: float = PAD,
    ) -> Projection:
        lats = [p[0] for p in points] or [46.5]
        lons = [p[1] for p in points] or [2.5]
        k = math.cos(math.radians(sum(lats) / len(lats)))
        dx = max((max(lons) - min(lons)) * k, 0.05)
        dy = max(max(lats) - min(lats), 0.05)
        scale = min((width - 2 * pad) / dx, (max_height - 2 * pad) / dy)
        # centre horizontally when the height is the binding dimension
        lon0 = min(lons) - ((width - 2 * pad) / scale - dx) / (2 * k)
        return cls(
            lon0=lon0, lat1=max(lats), k=k, scale=scale, height=dy * scale + 2 * pad, width=width, pad=pad
        )

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return self.pad + (lon - self.lon0) * self.k * self.scale, self.pad + (self.lat1 - lat) * self.scale

    def latlon(self, x: float, y: float) -> tuple[float, float]:
        return self.lat1 - (y - self.pad) / self.scale, self.lon0 + (x - self.pad) / (self.k * self.scale)


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _path(rings: tuple[Ring, ...], proj: Projection) -> str:
    parts = []
    for ring in rings:
        pts = [proj.xy(lat, lon) for lat, lon in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def _visible(rings: tuple[Ring, ...], proj: Projection, height: float) -> bool:
    xs, ys = zip(*(proj.xy(lat, lon) for ring in rings for lat, lon in ring), strict=True)
    return max(xs) >= 0 and min(xs) <= proj.width and max(ys) >= 0 and min(ys) <= height


def _extent(rings: tuple[Ring, ...]) -> list[tuple[float, float]]:
    lats = [lat for ring in rings for lat, _ in ring]
    lons = [lon for ring in rings for _, lon in ring]
    return [(min(lats), min(lons)), (max(lats), max(lons))]


def _metropolitan(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overseas points would shrink mainland France to a dot: fit the mainland when there is one."""
    mainland = [p for p in points if 41.0 <= p[0] <= 51.5 and -5.5 <= p[1] <= 10.0]
    return mainland or points


@dataclass(frozen=True)
class _Data:
    scenario: Scenario
    planning: Planning
    lang: Lang

    @property
    def zone_days(self) -> Counter[str]:
        return assigned_days(self.planning)


def _site_radius(capacity: int, inset: bool, n_sites: int) -> float:
    """Sized by capacity (capped: one huge site hides nothing), smaller when sites are many."""
    shrink = 1.0 if inset or n_sites <= 60 else max(0.45, math.sqrt(60 / n_sites))
    return ((6 if inset else 5) + 3 * math.sqrt(min(capacity, 30))) * shrink


def _zone_tip(d: _Data, zone_id: str) -> str:
    zones = {z.zone_id: z for z in d.scenario.zones}
    z = zones[zone_id]
    got = d.zone_days[zone_id]
    return d.lang.pick(
        f"{z.name} (dép. {z.department}) : {got} jour(s)-médecin sur {z.demand_days} demandés",
        f"{z.name} (dept {z.department}): {got} of {z.demand_days} doctor-days",
    )


def _svg(
    d: _Data,
    proj: Projection,
    height: float,
    inset: bool,
    frame: Box | None = None,
    only_sites: set[str] | None = None,
) -> str:
    """One map drawing: the main map (classes site/trip/home) or the inset (isite/itrip/ihome)."""
    lang, scenario, planning = d.lang, d.scenario, d.planning
    pre = "i" if inset else ""
    sites = {s.site_id: s for s in scenario.sites}
    doctors = {dd.doctor_id: dd for dd in scenario.doctors}
    zone_days = d.zone_days
    site_days = Counter(a.site_id for a in planning.assignments)
    on_mission = {a.doctor_id for a in planning.assignments}
    width = proj.width
    label = lang.pick("Carte des lieux de mission et des trajets", "Map of sites and trips")
    if inset:
        label = lang.pick("Zoom sur la zone la plus dense", "Zoom on the most crowded area")
    parts = [
        f'<svg class="{"map inset" if inset else "map"}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(label)}">',
        f'<rect class="sea" width="{width:.0f}" height="{height:.0f}"/>',
    ]
    departments = department_outlines()
    dept_paths, dept_anchors = [], []
    for code, rings in sorted(departments.items()):
        if rings and _visible(rings, proj, height):
            dept_paths.append(f'<path class="dept" data-dept="{escape(code)}" d="{_path(rings, proj)}"/>')
            largest = max(rings, key=len)
            cx = sum(proj.xy(lat, lon)[0] for lat, lon in largest) / len(largest)
            cy = sum(proj.xy(lat, lon)[1] for lat, lon in largest) / len(largest)
            dept_anchors.append((code, cx, cy))
    parts.append('<g class="depts">' + "".join(dept_paths) + "</g>")
    outlines = epci_outlines()
    zone_paths = []
    for z in sorted(scenario.zones, key=lambda z: z.zone_id):
        rings = outlines.get(z.zone_id)
        if not rings or not _visible(rings, proj, height):
            continue
        color = coverage_color(z.demand_days, zone_days[z.zone_id])
        zone_paths.append(
            f'<path class="zone" data-zone="{escape(z.zone_id)}" fill="{color}" stroke="{color}" '
            f'd="{_path(rings, proj)}">{_title(_zone_tip(d, z.zone_id))}</path>'
        )
    parts.append('<g class="zones">' + "".join(zone_paths) + "</g>")
    for a in sorted(planning.assignments, key=lambda a: (a.date, a.doctor_id)):
        doctor, site = doctors.get(a.doctor_id), sites.get(a.site_id)
        if doctor is None or site is None or (only_sites is not None and a.site_id not in only_sites):
            continue
        (x1, y1), (x2, y2) = (
            proj.xy(doctor.latitude, doctor.longitude),
            proj.xy(site.latitude, site.longitude),
        )
        tip = f"{lang.short_date(a.date)} : {doctor.name} -> {site.name} ({lang.number(a.km, 1)} km)"
        parts.append(
            f'<line class="{pre}trip" data-doctor="{escape(a.doctor_id)}" data-site="{escape(a.site_id)}" '
            f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">{_title(tip)}</line>'
        )
    for dd in sorted(scenario.doctors, key=lambda dd: dd.doctor_id):
        x, y = proj.xy(dd.latitude, dd.longitude)
        if inset and not (0 <= x <= width and 0 <= y <= height):
            continue
        busy = dd.doctor_id in on_mission
        tip = f"{dd.name} ({dd.doctor_id})" + ("" if busy else lang.pick(" - sans mission", " - no mission"))
        parts.append(
            f'<circle class="{pre}home {"busy" if busy else "idle"}" data-doctor="{escape(dd.doctor_id)}" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="3">{_title(tip)}</circle>'
        )
    drawn = []
    for s in sorted(scenario.sites, key=lambda s: (-s.capacity, s.site_id)):
        if only_sites is not None and s.site_id not in only_sites:
            continue
        x, y = proj.xy(s.latitude, s.longitude)
        if inset and not (0 <= x <= width and 0 <= y <= height):
            continue
        zone = next((z for z in scenario.zones if z.zone_id == s.zone_id), None)
        demand = zone.demand_days if zone else 0
        color = coverage_color(demand, zone_days[s.zone_id])
        radius = _site_radius(s.capacity, inset, len(scenario.sites))
        tip = lang.pick(
            f"{s.name} ({s.site_id}) - {zone.name if zone else s.zone_id} : capacité {s.capacity}, "
            f"{site_days[s.site_id]} jour(s)-médecin ici, zone {zone_days[s.zone_id]}/{demand}",
            f"{s.name} ({s.site_id}) - zone {zone.name if zone else s.zone_id}: capacity {s.capacity}, "
            f"{site_days[s.site_id]} doctor-day(s) here, zone {zone_days[s.zone_id]}/{demand}",
        )
        parts.append(
            f'<circle class="{pre}site" data-site="{escape(s.site_id)}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{radius:.1f}" fill="{color}">{_title(tip)}</circle>'
        )
        priority = zone.priority if zone else 0.0
        drawn.append((priority, s, x, y, radius))
    drawn.sort(key=lambda t: (-t[0], -t[1].capacity, t[1].site_id))
    obstacles = [frame] if frame is not None else []
    placed = place_labels(
        [(s.site_id, x, y, r, short_name(s.name)) for _, s, x, y, r in drawn],
        Box(2, 2, width - 2, height - 2),
        obstacles,
        font_px=13.0 if inset else 11.0,
    )
    for _, s, *_ in drawn:
        spot = placed.get(s.site_id)
        if spot is None:
            continue
        parts.append(
            f'<text class="{pre}site-label" data-site="{escape(s.site_id)}" '
            f'x="{spot.x:.1f}" y="{spot.y:.1f}" '
            f'text-anchor="{spot.anchor}">{escape(short_name(s.name))}</text>'
        )
    parts.append(_department_labels(dept_anchors, placed, drawn, frame, width, height))
    if frame is not None:
        parts.append(
            f'<rect class="inset-frame" x="{frame.x0:.1f}" y="{frame.y0:.1f}" '
            f'width="{frame.x1 - frame.x0:.1f}" height="{frame.y1 - frame.y0:.1f}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _department_labels(
    anchors: list[tuple[str, float, float]],
    placed: dict,
    drawn: list,
    frame: Box | None,
    width: float,
    height: float,
) -> str:
    """Department codes at their outline's centre, only where no site, site label or frame is."""
    taken = [p.box for p in placed.values()] + [Box(x - r, y - r, x + r, y + r) for _, _, x, y, r in drawn]
    if frame is not None:
        taken.append(frame)
    out = []
    for code, x, y in anchors:
        box = Box(x - 8, y - 6, x + 8, y + 5)
        if (
            box.x0 < 0
            or box.y0 < 0
            or box.x1 > width
            or box.y1 > height
            or any(box.overlaps(t) for t in taken)
        ):
            continue
        taken.append(box)
        out.append(
            f'<text class="dept-label" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(code)}</text>'
        )
    return "".join(out)


def _crowded(scenario: Scenario, proj: Projection) -> tuple[set[str], list[tuple[float, float]]] | None:
    """The densest cluster of sites on the main map (site ids and lat/lon to fit), if crowded."""
    pts = {s.site_id: proj.xy(s.latitude, s.longitude) for s in scenario.sites}
    best: tuple[int, str] | None = None
    for sid, (x, y) in sorted(pts.items()):
        n = sum(1 for ox, oy in pts.values() if math.hypot(ox - x, oy - y) <= CROWD_RADIUS_PX)
        if best is None or n > best[0]:
            best = (n, sid)
    if best is None or best[0] < CROWD_MIN_SITES:
        return None
    cx, cy = pts[best[1]]
    members = {sid for sid, (x, y) in pts.items() if math.hypot(x - cx, y - cy) <= 2 * CROWD_RADIUS_PX}
    coords = [(s.latitude, s.longitude) for s in scenario.sites if s.site_id in members]
    return members, coords


def map_svg(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    """The main map (and, where sites crowd, a zoomed inset) as <svg> elements (no external resource)."""
    d = _Data(scenario, planning, lang)
    points = [(s.latitude, s.longitude) for s in scenario.sites]
    points += [(dd.latitude, dd.longitude) for dd in scenario.doctors]
    outlines = epci_outlines()
    for z in scenario.zones:
        if outlines.get(z.zone_id):
            points += _extent(outlines[z.zone_id])
    proj = Projection.fit(_metropolitan(points))
    crowd = _crowded(scenario, proj)
    frame = None
    inset_svg = ""
    if crowd is not None:
        _, coords = crowd
        inset_proj = Projection.fit(coords, INSET_WIDTH, INSET_MAX_HEIGHT, pad=70.0)
        (lat_top, lon_left), (lat_bottom, lon_right) = (
            inset_proj.latlon(0, 0),
            inset_proj.latlon(INSET_WIDTH, inset_proj.height),
        )
        x0, y0 = proj.xy(lat_top, lon_left)
        x1, y1 = proj.xy(lat_bottom, lon_right)
        frame = Box(x0, y0, x1, y1)
        inset_svg = _svg(d, inset_proj, inset_proj.height, inset=True)
    main = _svg(d, proj, proj.height, inset=False, frame=frame)
    return main + inset_svg


def _swatch(shape: str) -> str:
    return f'<svg class="sw" viewBox="-8 -8 16 16" width="16" height="16" aria-hidden="true">{shape}</svg>'


def legend(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH, inset: bool = False) -> str:
    """Every mark of the map, with counts (volunteers with and without a mission included)."""
    on_mission = {a.doctor_id for a in planning.assignments}
    busy = sum(1 for dd in scenario.doctors if dd.doctor_id in on_mission)
    idle = len(scenario.doctors) - busy
    days = assigned_days(planning)
    colors = Counter(coverage_color(z.demand_days, days[z.zone_id]) for z in scenario.zones)
    p = lang.pick

    def box(color: str) -> str:
        return _swatch(
            f'<rect x="-7" y="-5" width="14" height="10" fill="{color}" fill-opacity=".35" stroke="{color}"/>'
        )

    items = [
        (box(GREEN),
         p(f"zone couverte ({colors[GREEN]})", f"zone covered ({colors[GREEN]})")),
        (box(ORANGE),
         p(f"zone en partie couverte ({colors[ORANGE]})", f"zone partly covered ({colors[ORANGE]})")),
        (box(RED),
         p(f"zone non atteinte ({colors[RED]})", f"zone not reached ({colors[RED]})")),
        (box(GREY),
         p(f"zone sans demande ({colors[GREY]})", f"zone without demand ({colors[GREY]})")),
        (_swatch('<rect x="-7" y="-5" width="14" height="10" class="dept"/>'),
         p("département", "department")),
        (_swatch(f'<circle r="6" fill="{GREEN}" class="site"/>'),
         p(f"lieu de mission, taille selon la capacité ({len(scenario.sites)})",
           f"site, sized by capacity ({len(scenario.sites)})")),
        (_swatch('<circle r="3" class="home busy"/>'),
         p(f"volontaire avec mission(s) ({busy})", f"volunteer with mission(s) ({busy})")),
        (_swatch('<circle r="3" class="home idle"/>'),
         p(f"volontaire sans mission ({idle})", f"volunteer with no mission ({idle})")),
        (_swatch('<line x1="-7" y1="0" x2="7" y2="0" class="trip"/>'),
         p(f"un trajet par jour de mission ({len(planning.assignments)})",
           f"one trip per mission day ({len(planning.assignments)})")),
    ]  # fmt: skip
    if inset:
        frame = _swatch('<rect x="-7" y="-5" width="14" height="10" class="inset-frame"/>')
        items.append((frame, p("cadre du zoom (carte suivante)", "frame of the zoom (next map)")))
    return (
        '<ul class="map-legend">'
        + "".join(f"<li>{mark}{escape(text)}</li>" for mark, text in items)
        + "</ul>"
    )


def map_section(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    note = lang.pick(
        "Contours approximatifs des départements et des zones prioritaires (EPCI), dérivés des centres "
        "des communes. Zones colorées selon leur couverture ; lieux nommés et dimensionnés selon leur "
        "capacité ; un trait relie le domicile d'un volontaire à un lieu pour chaque jour de mission.",
        "Approximate outlines of departments and priority zones (EPCI), derived from commune centres. "
        "Zones coloured by coverage; sites named and sized by capacity; a line joins a volunteer's home "
        "to a site for every mission day.",
    )
    maps = map_svg(scenario, planning, lang)
    return (
        f'<section id="map"><h2>{lang.pick("Carte", "Map")}</h2><p class="note">{escape(note)}</p>'
        + legend(scenario, planning, lang, inset='class="inset-frame"' in maps)
        + f'<div class="maps">{maps}</div></section>'
    )
