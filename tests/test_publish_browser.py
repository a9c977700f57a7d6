"""The publication's pages in a real browser (headless Chromium): nothing overflows a 390 px
phone screen, and printing hides the navigation. Skipped without chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import NEEDS_CHROMIUM, OVERFLOWING, headless_chrome, open_at
from scenario_builder import Spec, doctor, site, zone

from roster.models.states import StateRow
from roster.outputs.atomic_folder import write_files
from roster.publish import publication, publication_files
from roster.scenarios import load_scenario

pytestmark = NEEDS_CHROMIUM
LONG = "Maisondesantépluriprofessionnelleintercommunaleduvaldeladouretdescoteaux"  # no break point


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication with long unbreakable names, two doctors a day and a site without days."""
    root = tmp_path_factory.mktemp("pub")
    spec = Spec(
        zones=[zone("Z")],
        sites=[
            {**site("S1", "Z", capacity=2), "name": LONG, "address": LONG + " 32400 " + LONG},
            {**site("S2", "Z"), "name": "Antenne", "commune": "Plaisance"},
        ],
        doctors=[
            {**doctor("D1"), "name": "Marie-Christine Delacroix-Montgolfier-Beauséjour"},
            {**doctor("D2"), "name": "Jean-Baptiste Larochefoucauld-Villeneuve"},
        ],
        available={"D1": [7, 8], "D2": [7, 8]},
    )
    scenario = load_scenario(spec.write(root / "scn"))
    rows = [
        StateRow(date=dt.date(2025, 10, day), doctor_id=d, site_id="S1", state=state)
        for day, state in ((7, "confirmed"), (8, "proposed"))
        for d in ("D1", "D2")
    ]
    write_files(root / "out", publication_files(publication(scenario, rows)))
    return root / "out"


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    with headless_chrome() as browser:
        yield browser


@pytest.mark.parametrize("page", ["index.html", "departements/32.html", "sites/s1-maisondesante"])
@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_overflows_the_screen(driver, folder: Path, page: str, width: int) -> None:
    (path,) = [p for p in folder.rglob("*.html") if str(p.relative_to(folder)).startswith(page)]
    open_at(driver, path, width)
    result = driver.execute_script(OVERFLOWING)
    assert result["bad"] == [], result
    assert result["scrollWidth"] <= width, result


def test_printing_hides_the_navigation_and_the_feed_link(driver, folder: Path) -> None:
    (path,) = folder.glob("sites/s1-*.html")
    open_at(driver, path, 794)  # A4 width at 96 dpi
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = driver.execute_script(
            "return ['nav.crumbs', '.feed'].map(s => getComputedStyle(document.querySelector(s)).display)"
        )
        assert hidden == ["none", "none"]
        assert driver.execute_script(OVERFLOWING)["bad"] == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
