"""Screenshots of a report with headless Chromium: desktop (1400 px), phone (390 px), A4 PDF.

    python scripts/report_screenshots.py REPORT.html OUT_PREFIX

writes OUT_PREFIX-1400.png (top of the page), OUT_PREFIX-1400-map.png (the map),
OUT_PREFIX-1400-inset.png (the zoom, if any),
OUT_PREFIX-390.png (top of the page at phone width), OUT_PREFIX-390-map.png and
OUT_PREFIX.pdf (print to PDF, A4). Needs chromium and chromedriver (selenium)."""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--disable-dev-shm-usage",
)  # fmt: skip


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def set_width(driver: webdriver.Chrome, width: int, height: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def capture(driver: webdriver.Chrome, path: Path, clip: dict | None = None, scale: float = 1.0) -> None:
    args: dict = {"format": "png", "captureBeyondViewport": True}
    if clip:
        args["clip"] = {**clip, "scale": scale}
    data = driver.execute_cdp_cmd("Page.captureScreenshot", args)["data"]
    path.write_bytes(base64.b64decode(data))


def element_clip(driver: webdriver.Chrome, css: str, max_height: int) -> dict:
    rect = driver.execute_script(
        "const r=document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {x:r.left+window.scrollX,y:r.top+window.scrollY,width:r.width,height:r.height};",
        css,
    )
    return {"x": rect["x"], "y": rect["y"], "width": rect["width"], "height": min(rect["height"], max_height)}


def main(report: Path, prefix: Path) -> int:
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            for width, top in ((1400, 1800), (390, 2400)):
                set_width(driver, width, 900)
                driver.get(report.resolve().as_uri())
                driver.find_element(By.TAG_NAME, "body")
                capture(
                    driver, Path(f"{prefix}-{width}.png"), {"x": 0, "y": 0, "width": width, "height": top}
                )
                capture(
                    driver, Path(f"{prefix}-{width}-map.png"), element_clip(driver, "svg.map", 2600), 0.85
                )
                if width == 1400 and driver.execute_script(
                    "return !!document.querySelector('svg.map.inset')"
                ):
                    capture(
                        driver,
                        Path(f"{prefix}-{width}-inset.png"),
                        element_clip(driver, "svg.map.inset", 1200),
                        0.8,
                    )
            page = {
                "paperWidth": 8.27,
                "paperHeight": 11.69,
                "printBackground": True,
                "preferCSSPageSize": True,
            }
            pdf = driver.execute_cdp_cmd("Page.printToPDF", page)
            Path(f"{prefix}.pdf").write_bytes(base64.b64decode(pdf["data"]))
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
