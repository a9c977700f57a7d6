"""An inline SVG map: sites coloured by coverage, volunteers' homes and one line per trip."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from html import escape

from roster.models import Planning, Scenario
from roster.report.coverage import GREEN, GREY, ORANGE, RED, assigned_days, coverage_color

WIDTH, MAX_HEIGHT, PAD = 900.0, 760.0, 40.0


@dataclass(frozen=True)
class Projection:
    """Equirectangular: x = lon * cos(mean latitude), y = -lat, fitted into the drawing."""

    lon0: float
    lat1: float
    k: float
    scale: float
    height: float

    @classmethod
    def fit(cls, points: list[tuple[float, float]]) -> Projection:
        lats = [p[0] for p in points] or [46.5]
        lons = [p[1] for p in points] or [2.5]
        k = math.cos(math.radians(sum(lats) / len(lats)))
        dx = max((max(lons) - min(lons)) * k, 0.05)
        dy = max(max(lats) - min(lats), 0.05)
        scale = min((WIDTH - 2 * PAD) / dx, (MAX_HEIGHT - 2 * PAD) / dy)
        return cls(lon0=min(lons), lat1=max(lats), k=k, scale=scale, height=dy * scale + 2 * PAD)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return PAD + (lon - self.lon0) * self.k * self.scale, PAD + (self.lat1 - lat) * self.scale


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


LEGEND_HEIGHT = 34.0


def _legend(y: float) -> str:
    """A one-row legend in a band under the drawing."""
    swatches = [
        (f'<circle cx="6" cy="0" r="6" fill="{GREEN}"/>', "site: zone covered"),
        (f'<circle cx="6" cy="0" r="6" fill="{ORANGE}"/>', "partly covered"),
        (f'<circle cx="6" cy="0" r="6" fill="{RED}"/>', "not reached"),
        (f'<circle cx="6" cy="0" r="6" fill="{GREY}"/>', "no demand"),
        ('<circle class="home busy" cx="6" cy="0" r="3"/>', "volunteer home"),
        ('<line class="trip" x1="0" y1="0" x2="12" y2="0"/>', "one trip (mission day)"),
    ]
    parts = [f'<g class="legend" transform="translate({PAD:.0f} {y:.1f})">']
    x = 0
    for mark, label in swatches:
        parts.append(f'<g transform="translate({x} 0)">{mark}<text x="18" y="4">{escape(label)}</text></g>')
        x += 26 + 7 * len(label)
    parts.append("</g>")
    return "".join(parts)


def map_svg(scenario: Scenario, planning: Planning) -> str:
    """The whole map as one <svg> element (no external resource)."""
    points = [(s.latitude, s.longitude) for s in scenario.sites]
    points += [(d.latitude, d.longitude) for d in scenario.doctors]
    proj = Projection.fit(points)
    sites = {s.site_id: s for s in scenario.sites}
    doctors = {d.doctor_id: d for d in scenario.doctors}
    zones = {z.zone_id: z for z in scenario.zones}
    zone_days = assigned_days(planning)
    site_days = Counter(a.site_id for a in planning.assignments)
    on_mission = {a.doctor_id for a in planning.assignments}
    height = proj.height + LEGEND_HEIGHT
    parts = [
        f'<svg class="map" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" role="img" aria-label="Map of sites and trips">',
        f'<rect width="{WIDTH:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<rect width="{WIDTH:.0f}" height="{proj.height:.0f}" fill="#f4f7fa"/>',
    ]
    for a in sorted(planning.assignments, key=lambda a: (a.date, a.doctor_id)):
        doctor, site = doctors.get(a.doctor_id), sites.get(a.site_id)
        if doctor is None or site is None:
            continue
        (x1, y1), (x2, y2) = (
            proj.xy(doctor.latitude, doctor.longitude),
            proj.xy(site.latitude, site.longitude),
        )
        parts.append(
            f'<line class="trip" data-doctor="{escape(a.doctor_id)}" data-site="{escape(a.site_id)}" '
            f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            + _title(f"{a.date.isoformat()}: {a.doctor_id} -> {a.site_id} ({a.km:.1f} km)")
            + "</line>"
        )
    for d in sorted(scenario.doctors, key=lambda d: d.doctor_id):
        x, y = proj.xy(d.latitude, d.longitude)
        css = "home busy" if d.doctor_id in on_mission else "home idle"
        tip = _title(f"{d.doctor_id} {d.name}")
        parts.append(
            f'<circle class="{css}" data-doctor="{escape(d.doctor_id)}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
            f"{tip}</circle>"
        )
    for s in sorted(scenario.sites, key=lambda s: (-s.capacity, s.site_id)):
        x, y = proj.xy(s.latitude, s.longitude)
        zone = zones.get(s.zone_id)
        demand = zone.demand_days if zone else 0
        color = coverage_color(demand, zone_days[s.zone_id])
        radius = 5 + 3 * math.sqrt(min(s.capacity, 30))  # capped so one huge site does not hide the map
        tip = (
            f"{s.site_id} {s.name} - zone {zone.name if zone else s.zone_id}: capacity {s.capacity}, "
            f"{site_days[s.site_id]} doctor-day(s) here, zone {zone_days[s.zone_id]}/{demand}"
        )
        parts.append(
            f'<circle class="site" data-site="{escape(s.site_id)}" cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{radius:.1f}" fill="{color}">'
            f"{_title(tip)}</circle>"
            f'<text class="site-label" x="{x + radius + 2:.1f}" y="{y + 4:.1f}">{escape(s.site_id)}</text>'
        )
    parts.append(_legend(proj.height + LEGEND_HEIGHT / 2))
    parts.append("</svg>")
    return "".join(parts)


def map_section(scenario: Scenario, planning: Planning) -> str:
    return (
        '<section id="map"><h2>Map</h2><p class="note">Sites sized by capacity and coloured by the '
        "coverage of their zone; a line joins a volunteer's home to a site for every mission day.</p>"
        + map_svg(scenario, planning)
        + "</section>"
    )
