"""The lab's "Watch a day": a day of the runs already made, baseline and scenario.

Without a browser: the panel replays the first replication of each side of the
last comparison (no new run), refuses a day it cannot show with a message, and
says so before any run. In the browser (``scripts/app``, Chromium with every
request off the machine refused): open the panel, press Play, see the clock
move and the counts change.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from simulations import lab as lab_module
from simulations.lab import CACHE, PolicyLab
from simulations.lab.shared import RESULTS
from tests.test_browser import (
    PAGE_TIMEOUT,
    PROFIT,
    RUN_TIMEOUT,
    browser,
    offline_page,
    status_starts,
    type_into,
)

__all__ = ["browser"]  # the fixture, from the lab's browser tests

FAST = {"days": 40, "warmup_days": 5, "replications": 2, "workers": 1}


@pytest.fixture(scope="module", autouse=True)
def _clean() -> Iterator[None]:
    CACHE.clear()
    RESULTS.clear()
    yield
    CACHE.clear()
    RESULTS.clear()
    lab_module.shutdown_pool()


def test_the_panel_replays_the_runs_already_made(tmp_path: Path) -> None:
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    assert lab.watch.show() is None
    assert "run the comparison first" in lab.error_text
    lab.set_lever("business.staff", 4)
    results = lab.run()
    assert results is not None
    cached = len(CACHE)
    replay = lab.watch.show()
    assert len(CACHE) == cached  # nothing ran again
    assert lab.error_text == ""
    base, alt = replay.panels
    assert (base.name, alt.name) == (results.baseline.name, results.scenario.name)
    assert (base.desks, alt.desks) == (3, 4)
    assert base.day == alt.day == FAST["days"] - 2  # the last finished day
    # The visits shown are the first replication's own records of that day.
    first = results.comparison.baseline.results[0]
    assert first.replication == 0
    day = first.visits[first.visits["day"] == base.day].sort_values("arrived")
    shown = base.visits[(base.visits["arrived"] >= 0) & (base.visits["arrived"] < 600)]
    pd.testing.assert_series_equal(
        shown["customer"].reset_index(drop=True),
        day["customer"].reset_index(drop=True),
    )
    assert "cfl-replay-frame" in lab.watch.view.value
    assert "srcdoc" in lab.watch.view.value

    lab.watch.day.value = "0"
    lab.watch.show()
    assert lab.error_text.startswith("Watch a day: day = '0' is not allowed")
    assert f"from 1 to {FAST['days'] - 1}" in lab.error_text
    assert lab.watch.replay is replay  # what was shown stays
    lab.watch.day.value = "7"
    assert lab.watch.show().panels[0].day == 6
    assert lab.error_text == ""


def wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_an_open_panel_follows_the_runs(tmp_path: Path) -> None:
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    first = lab.run()
    lab.watch.box.selected_index = 0  # the visitor opens the panel: it shows the run
    wait_for(lambda: lab.watch.shown_for is first)
    assert lab.watch.replay.panels[1].desks == 3
    lab.set_lever("business.staff", 5)
    second = lab.run()
    wait_for(lambda: lab.watch.shown_for is second)
    assert lab.watch.replay.panels[1].desks == 5


@pytest.mark.browser
@pytest.mark.slow
def test_watch_a_day_plays_in_the_lab(browser: tuple[Any, str, Path], tmp_path) -> None:
    chromium, url, log = browser
    blocked: list[str] = []
    page = offline_page(chromium, blocked, viewport={"width": 1280, "height": 2400})
    crashes: list[str] = []
    page.on("pageerror", lambda err: crashes.append(str(err)))
    page.goto(url, timeout=PAGE_TIMEOUT)
    page.wait_for_selector(PROFIT, timeout=PAGE_TIMEOUT)
    # A scenario with one member of staff fewer, so that lines form.
    page.get_by_role("tab", name="Business").click()
    type_into(page, ".cfl-lever-business-staff input", "2")
    before = page.inner_text(PROFIT)
    page.locator("button.cfl-run").click()
    page.wait_for_function(
        "([sel, old]) => { const c = document.querySelector(sel);"
        " return c !== null && c.innerText !== old; }",
        arg=[PROFIT, before],
        timeout=RUN_TIMEOUT,
    )
    status_starts(page, "done")

    page.get_by_text("Watch a day", exact=True).click()
    frame = page.frame_locator("iframe.cfl-replay-frame")
    frame.locator(".cfl-plot .main-svg").first.wait_for(timeout=60_000)
    assert "2 staff on duty" in frame.locator(".cfl-panel").nth(1).inner_text()
    clock = frame.locator(".cfl-clock")
    start = clock.inner_text()
    assert start.startswith("Time since opening 0:00")
    counts = frame.locator("[data-counter='served']")
    before = [counts.nth(i).inner_text() for i in range(2)]
    frame.locator(".cfl-speed").fill("0.1")
    frame.locator(".cfl-speed").dispatch_event("input")
    frame.locator(".cfl-play").click()
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe.cfl-replay-frame');"
        " return +f.contentDocument.querySelector('.cfl-replay').dataset.step >= 60; }",
        timeout=60_000,
    )
    frame.locator(".cfl-play").click()  # pause
    assert clock.inner_text() != start
    after = [counts.nth(i).inner_text() for i in range(2)]
    assert after[0] != before[0] and after[1] != before[1]
    shot = tmp_path / "lab_watch.png"
    page.locator(".cfl-watch-panel").screenshot(path=str(shot))
    target = os.environ.get("CFL_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / "lab_watch.png")
    assert blocked == [], blocked
    assert crashes == [], crashes
    assert "Traceback" not in log.read_text(errors="replace")
