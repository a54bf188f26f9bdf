"""The policy lab as a web page: Voilà serves it, Debian's Chromium drives it.

The test starts ``scripts/app`` (Voilà) on a free loopback port, opens the page
in headless Chromium through Playwright, and checks what a manager sees: the
page loads with results and without errors or tracebacks, an impossible value
is refused with a message, a lever change and a click on *Run* change the
KPIs. A screenshot goes to a temporary folder, and to ``$CFL_SCREENSHOT_DIR``
when that is set. Voilà and its kernels are always stopped at the end.

Without ``/usr/bin/chromium`` the test is skipped, unless
``CFL_REQUIRE_BROWSER=1`` (as in CI), where it fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS, voila_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 180  # s for Voilà to answer
PAGE_TIMEOUT = 240_000  # ms for the page to run its notebook (kernel start included)
RUN_TIMEOUT = 180_000  # ms for a click on Run to show new numbers

PROFIT = ".cfl-kpis td[data-kpi='profit'][data-role='scenario']"
OCCUPANCY_DIFF = ".cfl-kpis td[data-kpi='occupancy'][data-role='difference']"


def _require(condition: bool, message: str) -> None:
    """Skip with ``message`` when ``condition`` fails, or fail in CI."""
    if condition:
        return
    if os.environ.get("CFL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (CFL_REQUIRE_BROWSER=1, so this is a failure)")
    pytest.skip(f"{message}; set CFL_REQUIRE_BROWSER=1 to fail instead of skipping")


def app_errors(messages: list[Any], base: str) -> list[str]:
    """Console errors that come from the app, not from the offline sandbox.

    Voilà's page asks a public CDN for an icon font; with no network that
    request fails, which says nothing about the app. Every other error counts.
    """
    errors = []
    for msg in messages:
        if msg.type != "error":
            continue
        url = (msg.location or {}).get("url", "")
        if "Failed to load resource" in msg.text and url and not url.startswith(base):
            continue
        errors.append(f"{msg.text} ({url})")
    return errors


def test_the_lab_page(tmp_path: Path) -> None:
    _require(
        Path(CHROMIUM).exists(), f"Debian's Chromium is not installed at {CHROMIUM}"
    )
    _require(shutil.which("voila") is not None, "Voilà is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "the Python package playwright is not installed")

    # Two workers a kernel: the page also exercises the lab's process pool.
    with (
        voila_server(tmp_path, START_TIMEOUT, CFL_LAB_WORKERS="2") as server,
        sync_playwright() as pw,
    ):
        url, log = server.url, server.log
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 2400})
            console: list[Any] = []
            crashes: list[str] = []
            page.on("console", lambda msg: console.append(msg))
            page.on("pageerror", lambda err: crashes.append(str(err)))

            # The page runs the notebook: the default comparison is on it.
            page.goto(url, timeout=PAGE_TIMEOUT)
            page.wait_for_selector(PROFIT, timeout=PAGE_TIMEOUT)
            before = page.inner_text(PROFIT)
            text = page.inner_text("body")
            assert "Policy lab" in text
            assert "Traceback" not in text
            assert "PolicyLab()" not in text  # sources are stripped
            assert page.locator(".cfl-error").is_hidden()
            assert (
                page.locator(".jp-OutputArea-output[data-mime-type*='stderr']").count()
                == 0
            )

            # An impossible value: a message on the page, no traceback.
            page.get_by_role("tab", name="Business").click()
            warmup = page.locator(".cfl-lever-business-warmup-days input")
            warmup.fill("400")
            warmup.press("Enter")
            error = page.locator(".cfl-error")
            error.wait_for(state="visible", timeout=RUN_TIMEOUT)
            assert "business.warmup_days = 400 is not allowed" in error.inner_text()
            warmup.fill("30")
            warmup.press("Enter")
            error.wait_for(state="hidden", timeout=RUN_TIMEOUT)

            # More staff, then Run: the scenario's numbers change.
            staff = page.locator(".cfl-lever-business-staff input")
            staff.fill("5")
            staff.press("Enter")
            page.wait_for_function(
                "() => document.querySelector('.cfl-changed') !== null",
                timeout=RUN_TIMEOUT,
            )
            page.locator("button.cfl-run").click()
            page.wait_for_function(
                "([sel, old]) => { const c = document.querySelector(sel);"
                " return c !== null && c.innerText !== old; }",
                arg=[PROFIT, before],
                timeout=RUN_TIMEOUT,
            )
            page.wait_for_function(
                "() => document.querySelector('.cfl-status').innerText"
                ".startsWith('done')",
                timeout=RUN_TIMEOUT,
            )
            assert page.locator("a.cfl-download").count() == 1
            after = page.inner_text(PROFIT)
            assert after != before
            assert page.inner_text(OCCUPANCY_DIFF).startswith("-")
            assert "Staff occupancy lower by" in page.inner_text(".cfl-summary")
            assert page.locator(".cfl-figures img").first.is_visible()
            assert page.locator(".cfl-error").is_hidden()
            assert "Traceback" not in page.inner_text("body")

            shot = tmp_path / "lab.png"
            page.locator(".cfl-lab").screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            target = os.environ.get("CFL_SCREENSHOT_DIR")
            if target:
                Path(target).mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, Path(target) / "lab.png")

            assert crashes == [], crashes
            assert app_errors(console, url) == []
            assert "Traceback" not in log.read_text(errors="replace")
        finally:
            browser.close()
