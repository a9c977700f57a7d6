"""The HTML report: self-contained, KPIs, coverage bars, SVG map and site calendars."""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roster.cli import app
from roster.i18n import FRENCH
from roster.models import Planning, Scenario
from roster.outputs.planning_folder import save_planning
from roster.report import render_report
from roster.report.coverage import GREEN, RED
from roster.report.geo_map import Projection
from roster.report.kpis import kpi_items
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


@cache
def solved(name: str) -> tuple[Scenario, Planning]:
    scenario = load_scenario(GOLDEN / name)
    return scenario, solve(scenario, SolveOptions(time_limit_s=10, workers=1))


@cache
def page(name: str) -> str:
    return render_report(*solved(name))


def flat(text: str) -> str:
    return "".join(text.split())


def site_block(report: str, site_id: str) -> str:
    match = re.search(rf'<div class="site-cal" id="site-{site_id}">.*?</table></div>', report, re.S)
    assert match, f"no calendar for {site_id}"
    return match.group(0)


def day_cell(block: str, iso_date: str) -> str:
    match = re.search(rf'<td class="([^"]*)" data-date="{iso_date}">(.*?)</td>', block, re.S)
    assert match, f"no cell for {iso_date}"
    return match.group(0)


@pytest.mark.parametrize("name", ["november-holidays", "aura-distances"])
def test_report_is_one_self_contained_file(name: str) -> None:
    report = page(name)
    assert report.startswith("<!DOCTYPE html>") and report.rstrip().endswith("</html>")
    for forbidden in ("http:", "https:", "//cdn", "<script", "<link", "<img", "url(", "@import"):
        assert forbidden not in report.lower(), forbidden
    assert "<style>" in report and "<svg" in report


def test_report_is_deterministic() -> None:
    scenario, planning = solved("aura-distances")
    assert render_report(scenario, planning) == render_report(scenario, planning)


def test_report_shows_every_kpi_from_the_summary() -> None:
    planning = solved("november-holidays")[1]
    report = page("november-holidays")
    labels = [label for label, _ in kpi_items(planning.summary)]
    for required in ("Status", "Coverage score", "Best bound", "Gap", "Zones reached", "Doctor-days"):
        assert required in labels
    for required in ("Shortfall days", "Locum days", "Km (one-way)", "Indemnity EUR", "Travel EUR"):
        assert required in labels
    assert "Solve time" in labels
    for label, value in kpi_items(planning.summary):
        assert (
            f'<div class="label">{html.escape(label)}</div><div class="value">{html.escape(value)}</div>'
            in (report)
        )
    s = planning.summary
    assert f"{s.coverage_score:.4f}" in report and f"{s.travel_eur:,.2f}" in report


def test_coverage_rows_show_demand_assigned_and_shortfall_in_red() -> None:
    scenario, planning = solved("november-holidays")
    report = page("november-holidays")
    days = Counter(a.zone_id for a in planning.assignments)
    short = [z for z in scenario.zones if z.demand_days > days[z.zone_id]]
    assert short, "the golden scenario should leave some demand uncovered"
    assert report.count('<tr class="shortfall">') == len(short)
    assert report.count('<tr class="met">') == len(scenario.zones) - len(short)
    for z in scenario.zones:
        row = re.search(rf"<tr class=\"\w+\"><td>{re.escape(html.escape(z.name))}<.*?</tr>", report, re.S)
        assert row, z.name
        missing = z.demand_days - days[z.zone_id]
        assert (f'class="num red">{missing}<' in row.group(0)) == (missing > 0)
        assert ('class="seg short"' in row.group(0)) == (missing > 0)


def test_map_draws_every_site_sized_by_capacity_and_one_line_per_trip() -> None:
    scenario, planning = solved("aura-distances")
    report = page("aura-distances")
    trips = re.findall(r'<line class="trip" data-doctor="([^"]+)" data-site="([^"]+)"', report)
    assert Counter(trips) == Counter((a.doctor_id, a.site_id) for a in planning.assignments)
    circles = dict(re.findall(r'<circle class="site" data-site="([^"]+)"[^>]* r="([\d.]+)"', report))
    assert set(circles) == {s.site_id for s in scenario.sites}
    by_capacity = sorted(scenario.sites, key=lambda s: s.capacity)
    radii = [float(circles[s.site_id]) for s in by_capacity]
    assert radii == sorted(radii) and radii[0] < radii[-1]
    pattern = r'<circle class="home (\w+)" data-doctor="([^"]+)"'
    homes = {doctor: state for state, doctor in re.findall(pattern, report)}
    assert set(homes) == {d.doctor_id for d in scenario.doctors}
    busy = {d for d, state in homes.items() if state == "busy"}
    assert busy == {a.doctor_id for a in planning.assignments}


def test_map_colours_sites_by_the_coverage_of_their_zone() -> None:
    scenario, planning = solved("november-holidays")
    report = page("november-holidays")
    days = Counter(a.zone_id for a in planning.assignments)
    fills = dict(re.findall(r'<circle class="site" data-site="([^"]+)"[^>]* fill="([^"]+)"', report))
    demand = {z.zone_id: z.demand_days for z in scenario.zones}
    for s in scenario.sites:
        if demand[s.zone_id] and days[s.zone_id] == 0:
            assert fills[s.site_id] == RED, s.site_id
        if demand[s.zone_id] and days[s.zone_id] >= demand[s.zone_id]:
            assert fills[s.site_id] == GREEN, s.site_id
    assert RED in fills.values() and GREEN in fills.values()


def test_projection_scales_longitude_by_cosine_of_mean_latitude() -> None:
    points = [(45.0, 1.0), (45.0, 2.0), (46.0, 1.0)]
    proj = Projection.fit(points)
    (x0, y0), (x1, _), (_, y2) = (proj.xy(*p) for p in points)
    mean = math.radians(sum(p[0] for p in points) / 3)
    assert (x1 - x0) / (y0 - y2) == pytest.approx(math.cos(mean))
    assert y2 < y0, "north is up"


def test_site_calendars_list_doctors_and_grey_closed_days_and_mark_holidays() -> None:
    scenario, planning = solved("november-holidays")
    report = page("november-holidays")
    holidays = scenario.holidays_in_month()
    assert holidays
    for site in scenario.sites:
        block = site_block(report, site.site_id)
        assert block.count("data-date=") == len(scenario.settings.dates())
        for day in scenario.settings.dates():
            cell = day_cell(block, day.isoformat())
            if day in holidays:
                assert "holiday" in cell.split(">")[0] and ">holiday<" in cell
            elif day.weekday() not in site.open_weekdays:
                assert "closed" in cell.split(">")[0]
            else:
                assert "closed" not in cell and "holiday" not in cell
            expected = sorted(
                a.doctor_id for a in planning.assignments if a.site_id == site.site_id and a.date == day
            )
            assert re.findall(r'<div class="doc" data-doctor="([^"]+)">', cell) == expected


def test_report_of_a_planning_without_missions_still_renders() -> None:
    scenario, planning = solved("november-holidays")
    empty = planning.model_copy(update={"assignments": (), "locum_days": ()})
    report = render_report(scenario, empty)
    assert report.count('<tr class="shortfall">') == sum(1 for z in scenario.zones if z.demand_days)
    assert 'class="trip" data-doctor' not in report and '<div class="doc"' not in report


def test_report_escapes_every_text() -> None:
    scenario, planning = solved("november-holidays")
    evil = "<script>alert('x')</script> & Co"
    zones = tuple(z.model_copy(update={"name": evil}) for z in scenario.zones)
    sites = tuple(s.model_copy(update={"name": evil}) for s in scenario.sites)
    report = render_report(scenario.model_copy(update={"zones": zones, "sites": sites}), planning)
    assert "<script" not in report
    assert html.escape(evil) in report


def test_report_command_writes_the_html_atomically(tmp_path: Path) -> None:
    scenario, planning = solved("november-holidays")
    plan = tmp_path / "plan"
    save_planning(plan, planning, scenario)
    out = tmp_path / "out" / "report.html"
    args = ["report", str(plan), "--scenario", str(GOLDEN / "november-holidays"), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render_report(scenario, planning, lang=FRENCH)
    assert [p.name for p in out.parent.iterdir()] == ["report.html"], "no temporary file left behind"
    default = runner.invoke(app, ["report", str(plan), "--scenario", str(GOLDEN / "november-holidays")])
    assert default.exit_code == 0, default.output
    assert (plan / "report.html").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_report_command_with_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    args = ["report", str(tmp_path / "no-plan"), "--scenario", str(GOLDEN / "november-holidays")]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 2 and "summary.json" in flat(result.output)
    bad = tmp_path / "bad-scenario"
    shutil.copytree(GOLDEN / "november-holidays", bad)
    lines = (bad / "sites.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[lines[0].split(",").index("capacity")] = "-3"
    lines[1] = ",".join(cells)
    (bad / "sites.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scenario, planning = solved("november-holidays")
    save_planning(tmp_path / "plan", planning, scenario)
    result = runner.invoke(app, ["report", str(tmp_path / "plan"), "--scenario", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert flat(f"{bad / 'sites.csv'}:2:") in flat(result.output)
    assert not out.exists()


# --- the report as a browser renders it -----------------------------------------------------------


def chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=dict(os.environ))


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    binary = chromium()
    if binary is None:
        pytest.skip(
            "chromium not found (/usr/bin/chromium or on PATH): install it with apt-get install chromium"
        )
    scenario, planning = solved("november-holidays")
    report = tmp_path / "report.html"
    report.write_text(render_report(scenario, planning), encoding="utf-8")
    dom = run_chromium(binary, tmp_path / "profile-dom", "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom.stdout))
    for label in (
        "Key figures",
        "Coverage per zone",
        "Map",
        "Site calendars",
        "Coverage score",
        "Solve time",
    ):
        assert label in text, label
    assert planning.summary.status in text
    assert scenario.zones[0].name in text and scenario.sites[0].name in text
    shot = tmp_path / "report.png"
    result = run_chromium(
        binary, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1400,2000", report.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 2000)
    assert len(data) > 30_000, "a blank page would compress to a few kilobytes"
