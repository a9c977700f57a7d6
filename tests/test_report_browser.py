"""The report in a real browser (headless Chromium): the map's outlines and site names are in
the rendered SVG, and nothing overflows a 390 px phone screen. Skipped without chromium."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import NEEDS_CHROMIUM, OVERFLOWING, headless_chrome
from browser_helpers import open_at as _open

from roster.i18n import FRENCH
from roster.report import render_report
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve

GOLDEN = Path(__file__).parent / "golden"
pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def report_file() -> Iterator[Path]:
    scenario = load_scenario(GOLDEN / "aura-distances")
    planning = solve(scenario, SolveOptions(time_limit_s=10, workers=1))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(render_report(scenario, planning, lang=FRENCH), encoding="utf-8")
        yield path


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with headless_chrome() as browser:
        yield browser


def test_the_rendered_map_has_zone_outlines_and_site_names(driver, report_file: Path) -> None:
    scenario = load_scenario(GOLDEN / "aura-distances")
    _open(driver, report_file, 1400)
    zones = driver.execute_script(
        "return [...document.querySelectorAll('svg.map path.zone')].map(p => "
        "[p.dataset.zone, p.getBBox().width, p.getBBox().height])"
    )
    assert {z for z, _, _ in zones} == {z.zone_id for z in scenario.zones}
    assert all(w > 1 and h > 1 for _, w, h in zones), "every outline has an area on screen"
    labels = driver.execute_script(
        "return [...document.querySelectorAll('svg.map text.site-label')].map(t => t.textContent)"
    )
    names = " ".join(s.name for s in scenario.sites)
    assert labels and all(label.rstrip("…") in names for label in labels)
    assert driver.execute_script("return document.querySelectorAll('svg.map path.dept').length") >= 1


@pytest.mark.parametrize("width", [390, 1400])
def test_nothing_overflows_the_screen(driver, report_file: Path, width: int) -> None:
    _open(driver, report_file, width)
    result = driver.execute_script(OVERFLOWING)
    assert result["bad"] == [], result
    assert result["scrollWidth"] <= width, result


def test_the_overflow_check_catches_a_wide_element(driver, report_file: Path, tmp_path: Path) -> None:
    wide = tmp_path / "wide.html"
    wide.write_text(
        report_file.read_text(encoding="utf-8").replace("<main>", '<main><div style="width:600px">x</div>'),
        encoding="utf-8",
    )
    _open(driver, wide, 390)
    assert driver.execute_script(OVERFLOWING)["bad"]


def test_the_sort_buttons_reorder_the_mission_list(driver, report_file: Path) -> None:
    _open(driver, report_file, 1400)
    first = "return document.querySelector('.mlist').children.length"
    assert driver.execute_script(first) > 2
    order = (
        "return [...document.querySelectorAll('.mlist .mrow:not(.head)')]"
        ".sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)"
        ".map(r => r.querySelector('[data-label]:nth-child(6)').textContent)"
    )
    driver.execute_script("document.querySelector('label[for=sort-km]').click()")
    kms = [float(x.replace("\u202f", "").replace(",", ".")) for x in driver.execute_script(order)]
    assert kms == sorted(kms, reverse=True), "km: longest first"


def test_the_print_stylesheet_fits_a4_and_hides_the_screen_only_parts(driver, report_file: Path) -> None:
    import base64

    _open(driver, report_file, 794)  # A4 width at 96 dpi
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = driver.execute_script(
            "return ['nav.toc', '.sort-buttons']"
            ".map(s => getComputedStyle(document.querySelector(s)).display)"
        )
        assert hidden == ["none", "none"]
        assert driver.execute_script(OVERFLOWING)["bad"] == []
        columns = driver.execute_script(
            "return getComputedStyle(document.querySelector('.mrow:not(.head)'))"
            ".gridTemplateColumns.split(' ').length"
        )
        assert columns == 7, "printing keeps the table layout of the mission list (not the phone cards)"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(
        driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})[
            "data"
        ]
    )
    assert pdf.startswith(b"%PDF")
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes), boxes
