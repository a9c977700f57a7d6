"""`roster serve` in headless Chromium (selenium + chromedriver): the real server in a subprocess,
drop the pilot, solve, see OPTIMAL and the map, download the calendars.

Set ROSTER_SCREENSHOTS=docs to refresh the screenshots committed under docs/."""

from __future__ import annotations

import base64
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from serve_helpers import folder_zip, pilot_zip

from roster.scenarios.bundled import default_scenario

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
WAIT_S = 180  # CI: 2 cores shared with other tests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "roster.cli", "serve", "--port", str(port), "--data", str(tmp_path / "data"),
         "--time-limit", "60"],
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/openapi.json", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"roster serve did not start: {(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
    yield base, process, tmp_path
    if process.poll() is None:
        process.kill()
        process.wait(10)
    log.close()


@pytest.fixture
def browser(tmp_path: Path):
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
                 "--window-size=1360,1000", "--lang=fr-FR"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def screenshot(driver, name: str, tmp_path: Path) -> None:
    target = tmp_path / name
    driver.save_screenshot(str(target))
    folder = os.environ.get("ROSTER_SCREENSHOTS")
    if folder:
        shutil.copyfile(target, Path(folder) / name)


def wait_for(predicate, what: str, timeout: float = WAIT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


DROP = """
const [name, data] = arguments;
const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
const transfer = new DataTransfer();
transfer.items.add(new File([bytes], name, {type: "application/zip"}));
const zone = document.getElementById("dropzone");
for (const type of ["dragenter", "dragover", "drop"]) {
  zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
}
"""


def test_drop_the_pilot_solve_see_optimal_and_the_map_download_calendars(server, browser) -> None:
    from selenium.webdriver.common.by import By

    base, process, tmp_path = server
    driver = browser

    # a scenario with a bad cell: the errors as a table (file, line, message), nothing stored
    zones = (default_scenario() / "zones.csv").read_text().splitlines()
    cells = zones[2].split(",")
    cells[4] = "très"
    zones[2] = ",".join(cells)
    bad = tmp_path / "pilote-erreur.zip"
    bad.write_bytes(folder_zip(default_scenario(), edit={"zones.csv": ("\n".join(zones) + "\n").encode()}))
    driver.get(base + "/")
    assert "Déposer un scénario" in driver.page_source
    driver.find_element(By.ID, "file-input").send_keys(str(bad))
    table = wait_for(lambda: driver.find_element(By.ID, "errors"), "the error table")
    assert "zones.csv" in table.text and "3" in table.text and "priority" in table.text
    screenshot(driver, "serve-errors.png", tmp_path)
    assert not any((tmp_path / "data" / "scenarios").iterdir())

    # drop the pilot on the drop zone (a real DragEvent carrying the file)
    driver.get(base + "/")
    driver.execute_script(DROP, "occitanie-pilot.zip", base64.b64encode(pilot_zip()).decode())
    wait_for(lambda: "/scenarios/" in driver.current_url, "the scenario page")
    assert "occitanie-pilot" in driver.page_source
    screenshot(driver, "serve-scenario.png", tmp_path)

    driver.find_element(By.ID, "solve-button").click()
    wait_for(lambda: "/jobs/" in driver.current_url, "the live solve page")
    screenshot(driver, "serve-solve.png", tmp_path)
    wait_for(lambda: "/plannings/" in driver.current_url, "the planning page")
    status = wait_for(lambda: driver.find_element(By.ID, "planning-status").text, "the status")
    assert status == "OPTIMAL"
    assert "Toutes les règles sont respectées" in driver.find_element(By.ID, "verify").text

    driver.switch_to.frame(driver.find_element(By.ID, "report"))
    svg = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "svg.map"), "the map in the report")
    assert len(svg.find_elements(By.CSS_SELECTOR, ".site")) >= 28
    driver.execute_script("arguments[0].scrollIntoView()", svg)
    driver.switch_to.default_content()
    driver.execute_script("window.scrollTo(0, 0)")
    screenshot(driver, "serve-planning.png", tmp_path)
    driver.execute_script("document.getElementById('report').scrollIntoView()")
    screenshot(driver, "serve-map.png", tmp_path)

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.find_element(By.ID, "dl-calendars-zip").click()
    done = wait_for(lambda: [p for p in downloads.glob("*.zip")], "the calendars download", timeout=60)
    wait_for(lambda: not list(downloads.glob("*.crdownload")), "the download to finish", timeout=60)
    names = zipfile.ZipFile(io.BytesIO(done[0].read_bytes())).namelist()
    assert any(n.startswith("ics/doctor/") for n in names)

    # a cancellation ticked in the calendar: a re-planned month with its changes
    first_planning = driver.current_url
    box = driver.find_element(By.CSS_SELECTOR, "#calendar input[name=cancel]")
    cancelled = box.get_attribute("value")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    driver.find_element(By.ID, "replan-button").click()
    wait_for(
        lambda: "/plannings/" in driver.current_url and driver.current_url != first_planning, "the re-plan"
    )
    wait_for(lambda: driver.find_element(By.ID, "planning-status").text, "the re-planned status")
    doctor, day = cancelled.split("@")
    removed = [r.text.split() for r in driver.find_elements(By.CSS_SELECTOR, "tr.change-removed")]
    assert ["removed", "mission", day, doctor] in [r[:4] for r in removed]
    screenshot(driver, "serve-replan.png", tmp_path)

    # Ctrl-C stops the server cleanly; the plannings stay on disk
    process.send_signal(signal.SIGINT)
    assert process.wait(60) == 0
    assert len(list((tmp_path / "data" / "plannings").glob("p*/summary.json"))) == 2
    assert "Traceback" not in (tmp_path / "server.log").read_text()


def test_ctrl_c_stops_a_running_solve_and_keeps_its_best_planning(server) -> None:
    """The real server (no browser): a solve is running, a client follows its events, Ctrl-C."""
    import json
    import threading

    import httpx

    from roster.scenarios import load_scenario
    from roster.scenarios.generator import GeneratorSpec, generate
    from roster.scenarios.writer import write_scenario
    from roster.verify import verify_planning

    base, process, tmp_path = server
    folder = tmp_path / "month"
    spec = GeneratorSpec(region="all", zones=151, doctors=3000, practices=1500, replacements=300, seed=3)
    write_scenario(folder, generate(spec))
    with httpx.Client(base_url=base, timeout=60) as client:
        sid = client.post("/api/scenarios", files={"file": ("m.zip", folder_zip(folder))}).json()["id"]
        job = client.post(f"/api/scenarios/{sid}/solve", json={"time_limit": 300}).json()["job"]
        wait_for(lambda: client.get(f"/api/jobs/{job}").json()["phase"] not in ("start", None), "the solve")
    events: list[dict] = []

    def follow() -> None:
        with httpx.stream("GET", f"{base}/api/jobs/{job}/events", timeout=120) as stream:
            for line in stream.iter_lines():
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    wait_for(lambda: events, "a first event")
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert process.wait(90) == 0
    reader.join(10)
    assert not reader.is_alive()  # the event stream ended with the server
    assert "Traceback" not in (tmp_path / "server.log").read_text()
    plannings = list((tmp_path / "data" / "plannings").glob("p*"))
    assert len(plannings) == 1, "the stopped solve wrote its best planning"
    summary = json.loads((plannings[0] / "summary.json").read_text())
    assert summary["interrupted"] or summary["status"] == "OPTIMAL"
    verdict, problems = verify_planning(load_scenario(plannings[0] / "scenario"), plannings[0])
    assert problems == [] and verdict.violations == []
    print(f"stopped in {time.monotonic() - started:.1f} s, status {summary['status']}")
