"""Load test of the policy lab web page: many managers at once on one machine.

Starts ``scripts/app`` (Voilà) on a free port of 127.0.0.1, opens ``--sessions``
pages (20 by default) at the same time in one headless Chromium (one browser
context each, so each is its own visitor with its own kernel), and in each:

1. waits for the first result: the page runs the notebook, whose default
   comparison puts the KPI table on the page (kernel start included);
2. sets staff to 4, clicks *Run* and waits for the new KPI table, then for
   the end of the run (figures and report link); a click while the other
   sessions are busy too.

It prints the time to the first result and of the click for every session,
a summary, the resident memory (RSS) of Voilà with its kernels and their
worker processes, and of Chromium, at the peak and with every session open,
plus the proportional set size (PSS, shared pages split between processes),
and whether anything failed: a timeout, an error shown on the page, a
traceback, a browser console error from the app. It stops by itself: every
step has a timeout and the whole test a deadline (``--deadline``); Voilà, its
kernels and the browser are always stopped at the end. Only 127.0.0.1 is used.

``--workers`` sets ``CFL_LAB_WORKERS`` for the kernels: 1 (the default, as in
``scripts/app``) runs each kernel's replications in the kernel itself, 2 gives
each kernel a pool of two processes. The exit code is 1 when a session failed.

Run ``python benchmarks/load.py`` (a few minutes on two cores).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
# The web app helpers live with the tests, in the checkout, not in the package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS, voila_server  # noqa: E402

PROFIT = ".cfl-kpis td[data-kpi='profit'][data-role='scenario']"


@dataclass
class Session:
    """What happened in one browser session."""

    index: int
    first: float | None = None  # s from opening the page to the KPI table
    kpis: float | None = None  # s from the click on Run to the new KPI table
    click: float | None = None  # s from the click on Run to the end of the run
    status: str = ""  # the lab's status line after the click
    errors: list[str] = field(default_factory=list)
    context: Any = field(default=None, repr=False)  # kept open until the end
    console: list[str] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors and self.first is not None and self.click is not None


# ---------------------------------------------------------------- the server
# ---------------------------------------------------------------- memory
class MemoryWatch:
    """Samples the memory of two process trees in a background thread."""

    def __init__(self, server_pid: int, interval: float = 2.0) -> None:
        self.server_pid = server_pid
        self.interval = interval
        self.peak = {"server": 0, "browser": 0}
        self.peak_pss = {"server": 0, "browser": 0}
        self.peak_processes = {"server": 0, "browser": 0}
        self.seen: dict[int, float] = {}  # pid -> start time, of the server tree
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def trees(self) -> dict[str, list[psutil.Process]]:
        me = psutil.Process()
        try:
            server = psutil.Process(self.server_pid)
            server_tree = [server, *server.children(recursive=True)]
        except psutil.NoSuchProcess:
            server_tree = []
        server_pids = {p.pid for p in server_tree}
        for p in server_tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                self.seen.setdefault(p.pid, p.create_time())
        browser_tree = [
            p for p in me.children(recursive=True) if p.pid not in server_pids
        ]
        # Bash started Voilà with exec: the server is our child; leave it out.
        return {"server": server_tree, "browser": browser_tree}

    def sample(self, pss: bool = False) -> dict[str, tuple[int, int, int]]:
        """(RSS bytes, PSS bytes or 0, processes) of each tree, now."""
        out = {}
        for name, procs in self.trees().items():
            rss = pss_total = count = 0
            for p in procs:
                try:
                    if pss:
                        info = p.memory_full_info()
                        pss_total += info.pss
                        rss += info.rss
                    else:
                        rss += p.memory_info().rss
                    count += 1
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            out[name] = (rss, pss_total, count)
        return out

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.record(self.sample(pss=True))

    def record(self, sample: dict[str, tuple[int, int, int]]) -> None:
        for name, (rss, pss, count) in sample.items():
            self.peak[name] = max(self.peak[name], rss)
            self.peak_pss[name] = max(self.peak_pss[name], pss)
            self.peak_processes[name] = max(self.peak_processes[name], count)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


# ---------------------------------------------------------------- a session
async def one_session(
    browser: Any, url: str, index: int, timeout_ms: int, evidence: Path
) -> Session:
    result = Session(index)
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    page = await context.new_page()
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
        before = await page.inner_text(PROFIT)
        if await page.locator(".cfl-error").is_visible():
            result.errors.append(f"error shown: {await page.inner_text('.cfl-error')}")
        await page.get_by_role("tab", name="Business").click()
        staff = page.locator(".cfl-lever-business-staff input")
        await staff.fill("4")
        await staff.press("Enter")
        await page.wait_for_function(
            "() => document.querySelector('.cfl-changed') !== null",
            timeout=timeout_ms,
        )
        start = time.monotonic()
        await page.locator("button.cfl-run").click()
        await page.wait_for_function(
            "([sel, old]) => { const c = document.querySelector(sel);"
            " return c !== null && c.innerText !== old; }",
            arg=[PROFIT, before],
            timeout=timeout_ms,
        )
        result.kpis = time.monotonic() - start
        await page.wait_for_function(
            "() => document.querySelector('.cfl-status').innerText.startsWith('done')",
            timeout=timeout_ms,
        )
        result.click = time.monotonic() - start
        result.status = (await page.inner_text(".cfl-status")).strip()
        body = await page.inner_text("body")
        if "Traceback" in body:
            result.errors.append("a traceback is on the page")
        if await page.locator(".cfl-error").is_visible():
            result.errors.append(f"error shown: {await page.inner_text('.cfl-error')}")
    except Exception as err:  # a timeout or a crash: a failed session
        result.errors.append(f"{type(err).__name__}: {str(err).splitlines()[0]}")
        with contextlib.suppress(Exception):  # keep what the page showed
            await page.screenshot(path=str(evidence / f"session-{index}.png"))
            text = await page.inner_text("body")
            (evidence / f"session-{index}.txt").write_text(
                text + "\n\n" + "\n".join(result.console), encoding="utf-8"
            )
    # The page stays open (its kernel alive) until every session is done.
    result.context = context
    return result


async def drive(
    url: str, sessions: int, timeout_ms: int, watch: MemoryWatch, evidence: Path
) -> tuple[list[Session], dict[str, tuple[int, int, int]]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            results = await asyncio.gather(
                *(
                    one_session(browser, url, i, timeout_ms, evidence)
                    for i in range(sessions)
                )
            )
            # Every session open, every kernel alive: measure memory now.
            at_end = await asyncio.to_thread(watch.sample, True)
            watch.record(at_end)
            for r in results:
                with contextlib.suppress(Exception):
                    await r.context.close()
        finally:
            await browser.close()
    return list(results), at_end


# ---------------------------------------------------------------- report
def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def summary(values: list[float]) -> str:
    if not values:
        return "n/a"
    return (
        f"min {min(values):.1f} s, median {statistics.median(values):.1f} s, "
        f"max {max(values):.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument(
        "--workers", type=int, default=1, help="CFL_LAB_WORKERS of the kernels"
    )
    parser.add_argument(
        "--timeout", type=float, default=420, help="seconds allowed for each step"
    )
    parser.add_argument(
        "--deadline", type=float, default=900, help="seconds allowed for everything"
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Debian's Chromium is not installed at {CHROMIUM}", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="cfl-load-"))
    started = time.monotonic()
    results: list[Session] = []
    at_end: dict[str, tuple[int, int, int]] = {}
    problem = ""
    url, wall = "(not started)", 0.0
    watch: MemoryWatch | None = None
    try:
        with voila_server(workdir, 120, CFL_LAB_WORKERS=str(args.workers)) as server:
            url = server.url
            watch = MemoryWatch(server.process.pid)
            print(f"Voilà answers on {url} after {time.monotonic() - started:.1f} s")
            with watch:
                t0 = time.monotonic()
                results, at_end = asyncio.run(
                    asyncio.wait_for(
                        drive(
                            url, args.sessions, int(args.timeout * 1000), watch, workdir
                        ),
                        timeout=args.deadline,
                    )
                )
                wall = time.monotonic() - t0
    except TimeoutError:
        problem = f"the deadline of {args.deadline:.0f} s passed"
    except Exception as err:
        problem = f"{type(err).__name__}: {err}"
    log = (workdir / "voila.log").read_text(errors="replace")
    left = []
    seen = watch.seen if watch is not None else {}
    for pid, created in seen.items():
        with contextlib.suppress(psutil.NoSuchProcess):
            p = psutil.Process(pid)
            if p.create_time() == created and p.status() != psutil.STATUS_ZOMBIE:
                left.append(p)

    print(
        f"{args.sessions} sessions on {url}, CFL_LAB_WORKERS={args.workers}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    if problem or watch is None:
        print(f"FAILED: {problem}")
        return 1
    print(f"all sessions done in {wall:.1f} s")
    print(
        f"{'session':>7}  {'first result':>12}  {'Run: KPIs':>9}  {'Run: all':>8}  "
        "status / errors"
    )

    def seconds(x: float | None) -> str:
        return f"{x:.1f} s" if x is not None else "-"

    for r in results:
        note = "; ".join(r.errors) if r.errors else r.status
        print(
            f"{r.index:>7}  {seconds(r.first):>12}  {seconds(r.kpis):>9}  "
            f"{seconds(r.click):>8}  {note[:100]}"
        )
    print(f"time to first result:  {summary([r.first for r in results if r.first])}")
    print(f"Run, to the KPI table: {summary([r.kpis for r in results if r.kpis])}")
    print(f"Run, to the end:       {summary([r.click for r in results if r.click])}")
    for name, label in (
        ("server", "Voilà + kernels + workers"),
        ("browser", "Chromium"),
    ):
        rss, pss, count = at_end.get(name, (0, 0, 0))
        print(
            f"memory, {label}: {mib(rss)} RSS ({mib(pss)} PSS) in {count} processes "
            f"with every session open; peak {mib(watch.peak[name])} RSS "
            f"({mib(watch.peak_pss[name])} PSS), {watch.peak_processes[name]} "
            "processes"
        )
    total = sum(v[0] for v in at_end.values())
    total_pss = sum(v[1] for v in at_end.values())
    print(f"memory, total: {mib(total)} RSS, {mib(total_pss)} PSS")
    failed = [r for r in results if not r.ok]
    if "Traceback" in log:
        print("FAILED: a traceback is in Voilà's log")
        failed = failed or results[:1]
    if left:
        print(f"note: {len(left)} processes of Voilà's tree were still running; killed")
        for p in left:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
    print(
        "nothing failed"
        if not failed
        else f"FAILED: {len(failed)} of {len(results)} sessions; screenshots, page "
        f"text and Voilà's log are in {workdir}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
