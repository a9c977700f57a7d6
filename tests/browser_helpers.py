"""Headless Chromium for the tests of HTML pages (the report, the publication): start it, open a
page at a screen width, and find what overflows the screen. Tests using it skip without chromium."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium and chromedriver are needed (apt-get install chromium chromium-driver)",
)

# Elements whose right edge passes the viewport, ignoring those inside a scrolling or
# clipping box (a wide table in an overflow-x:auto wrapper is fine on a phone).
OVERFLOWING = """
const width = document.documentElement.clientWidth;
function clipped(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (['auto', 'scroll', 'hidden'].includes(s.overflowX)) return true;
    if (p.namespaceURI === 'http://www.w3.org/2000/svg' && p.tagName === 'svg') return true;
  }
  return false;
}
const bad = [];
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if ((r.right > width + 1 || r.left < -1) && !clipped(el)) {
    const name = el.tagName + '.' + (el.getAttribute('class') || '');
    bad.push(name + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
}
return {scrollWidth: document.documentElement.scrollWidth, width: width, bad: bad.slice(0, 20)};
"""


@contextlib.contextmanager
def headless_chrome() -> Iterator[object]:
    """A selenium driver of headless Chromium with a throw-away profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        for flag in (
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}",
        ):  # fmt: skip
            options.add_argument(flag)
        browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        try:
            yield browser
        finally:
            browser.quit()


def open_at(driver, path: Path, width: int) -> None:
    """Open `path` on a screen `width` px wide (a phone below 600 px)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get(path.as_uri())
