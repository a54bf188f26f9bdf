"""The visitors' side of ``load.py``: browser sessions that use the lab together.

Each session opens the policy lab in a fresh headless Chromium context,
presses Run with the defaults, then changes Staff and runs its own policy;
:func:`drive` takes every session through each step at the same time and
reads the server's CPU before and after each step.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from load_server import MemoryWatch, own_cpu, tree_cpu, until_idle

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS

PROFIT = ".cfl-kpis td[data-kpi='profit'][data-role='scenario']"

STEPS = ("page", "default run", "own run")
"""The steps every session takes together, in this order."""


@dataclass
class Session:
    """What happened in one browser session."""

    index: int
    first: float | None = None  # s from opening the page to the KPI table
    kpis: float | None = None  # s from the click on Run to the new KPI table
    click: float | None = None  # s from the click on Run to the end of the run
    kpis_at: float | None = None  # monotonic time the new KPI table showed
    status: str = ""  # the lab's status line after the click
    retyped: bool = False  # the first Staff value never reached the server
    pressed: set[str] = field(default_factory=set)  # steps whose Run was clicked
    errors: list[str] = field(default_factory=list)
    context: Any = field(default=None, repr=False)  # kept open until the end
    page: Any = field(default=None, repr=False)
    console: list[str] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors and self.first is not None and self.click is not None


# ---------------------------------------------------------------- a session
def failed(result: Session, err: Exception) -> None:
    """Note a timeout or a crash (the page is kept as evidence at the end)."""
    result.errors.append(f"{type(err).__name__}: {str(err).splitlines()[0]}")


async def keep_evidence(result: Session, evidence: Path) -> None:
    """A screenshot and the text of a failed session's page."""
    page = result.page
    if page is None or not result.errors:
        return
    with contextlib.suppress(Exception):
        await page.screenshot(path=str(evidence / f"session-{result.index}.png"))
        text = await page.inner_text("body")
        (evidence / f"session-{result.index}.txt").write_text(
            text + "\n\n" + "\n".join(result.console), encoding="utf-8"
        )


async def check_page(result: Session) -> None:
    """An error line or a traceback on the page is a failure."""
    page = result.page
    if "Traceback" in await page.inner_text("body"):
        result.errors.append("a traceback is on the page")
    if await page.locator(".cfl-error").is_visible():
        result.errors.append(f"error shown: {await page.inner_text('.cfl-error')}")


async def open_page(browser: Any, url: str, result: Session, timeout_ms: int) -> None:
    """Step 1: open the page and wait for the default comparison's KPI table."""
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    result.context = context  # kept open (its session alive) until the end
    page = result.page = await context.new_page()
    page.on("console", lambda msg: result.console.append(f"{msg.type}: {msg.text}"))
    page.on(
        "console",
        lambda msg: (
            result.errors.append(f"console: {msg.text}")
            if msg.type == "error"
            and not (
                "Failed to load resource" in msg.text
                and not (msg.location or {}).get("url", "").startswith(url)
            )
            else None
        ),
    )
    page.on("pageerror", lambda err: result.errors.append(f"page error: {err}"))
    try:
        start = time.monotonic()
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_selector(PROFIT, timeout=timeout_ms)
        result.first = time.monotonic() - start
        await check_page(result)
    except Exception as err:
        failed(result, err)


async def default_run(result: Session, timeout_ms: int) -> None:
    """Step 2: Run with the defaults: the whole run comes from the shared results.

    The page may look the same before and after (the same numbers, the same
    status line), so there is nothing to wait for in the browser: the step
    ends when the server is idle again, and only its CPU is reported.
    """
    if result.errors or result.first is None:
        return
    try:
        await result.page.locator("button.cfl-run").click()
        result.pressed.add("default run")
    except Exception as err:
        failed(result, err)


async def own_run(result: Session, timeout_ms: int) -> None:
    """Step 3: Staff of its own (``4 + index``), Run, the verdicts, the end."""
    if result.errors or result.first is None:
        return
    page = result.page
    try:
        before = await page.inner_text(PROFIT)
        await page.get_by_role("tab", name="Business").click()
        staff = page.locator(".cfl-lever-business-staff input")
        changed = "() => document.querySelector('.cfl-changed') !== null"
        for attempt in (1, 2):
            await staff.fill(str(4 + result.index))
            await staff.press("Enter")
            try:  # the page marks the changed lever once the server has it
                wait = 30_000 if attempt == 1 else timeout_ms
                await page.wait_for_function(changed, timeout=wait)
                break
            except Exception:
                if attempt == 2:
                    raise
                # Rarely, under this load, a value typed just after the page
                # appeared is lost; a person types it again, so does the
                # session, and the report counts it.
                result.retyped = True
        start = time.monotonic()
        await page.locator("button.cfl-run").click()
        result.pressed.add("own run")
        await page.wait_for_function(
            "([sel, old]) => { const c = document.querySelector(sel);"
            " return c !== null && c.innerText !== old; }",
            arg=[PROFIT, before],
            timeout=timeout_ms,
        )
        result.kpis_at = time.monotonic()
        result.kpis = result.kpis_at - start
        await page.wait_for_function(
            "() => document.querySelector('.cfl-status').innerText.startsWith('done')",
            timeout=timeout_ms,
        )
        result.click = time.monotonic() - start
        result.status = (await page.inner_text(".cfl-status")).strip()
        await check_page(result)
    except Exception as err:
        failed(result, err)


@dataclass
class Steps:
    """Server CPU seconds of each step, and when the own runs were pressed."""

    cpu: dict[str, float] = field(default_factory=dict)
    main: dict[str, float] = field(default_factory=dict)  # the server process
    pressed: float = 0.0  # monotonic time the own runs started together


async def drive(
    url: str,
    sessions: int,
    timeout_ms: int,
    watch: MemoryWatch,
    evidence: Path,
    server_pid: int,
) -> tuple[list[Session], dict[str, tuple[int, int, int]], Steps]:
    from playwright.async_api import async_playwright

    steps = Steps()
    results = [Session(i) for i in range(sessions)]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for name in STEPS:
                before = await asyncio.to_thread(tree_cpu, server_pid)
                main = own_cpu(server_pid)
                if name == "page":
                    work = [open_page(browser, url, r, timeout_ms) for r in results]
                elif name == "default run":
                    work = [default_run(r, timeout_ms) for r in results]
                else:
                    steps.pressed = time.monotonic()
                    work = [own_run(r, timeout_ms) for r in results]
                await asyncio.gather(*work)
                # The step is over when the server is idle again (the last
                # figures sent, the last sessions' widgets updated).
                after = await asyncio.to_thread(until_idle, server_pid)
                steps.cpu[name] = after - before
                steps.main[name] = own_cpu(server_pid) - main
            # Every session open: measure memory now.
            at_end = await asyncio.to_thread(watch.sample, True)
            watch.record(at_end)
            for r in results:
                await keep_evidence(r, evidence)
                with contextlib.suppress(Exception):
                    await r.context.close()
        finally:
            await browser.close()
    return results, at_end, steps
