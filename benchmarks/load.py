"""Load test of the policy lab web page: many managers at once on one machine.

Starts ``scripts/app`` (one Solara server) on a free port of 127.0.0.1, opens
``--sessions`` pages at the same time in one headless Chromium (one browser
context each, so each is its own visitor), and in each:

1. waits until the page is ready: the lab with the default comparison's KPI
   table (computed once for the whole server and shared);
2. sets Staff to a value of its own (4, 5, 6, ...: no two sessions share a
   run, so no cache hits), clicks *Run* and waits for the new KPI table, then
   for the end of the run (figures and report link).

For each number of sessions (``--sessions 10 20 50`` runs three rounds, each
with a fresh server) it prints the page-ready and run times (median and
maximum), the failures (a timeout, an error or a traceback on the page, a
browser console error), the memory of the server's process tree (the server
and the pool's workers; RSS and PSS, peak and with every session open), and
the share of the CPU time that the browsers themselves took, as they run on
the same cores. Every step has a timeout and each round a deadline
(``--deadline``); the server and the browser are always stopped. Only
127.0.0.1 is used. The exit code is 1 when a session failed.

Run ``python benchmarks/load.py --sessions 10 20`` (minutes on two cores).
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

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS, app_server  # noqa: E402

PROFIT = ".cfl-kpis td[data-kpi='profit'][data-role='scenario']"


@dataclass
class Session:
    """What happened in one browser session."""

    index: int
    first: float | None = None  # s from opening the page to the KPI table
    kpis: float | None = None  # s from the click on Run to the new KPI table
    click: float | None = None  # s from the click on Run to the end of the run
    status: str = ""  # the lab's status line after the click
    retyped: bool = False  # the first Staff value never reached the server
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
        self.cpu: dict[str, dict[int, float]] = {"server": {}, "browser": {}}
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
        # Bash started the server with exec: the server is our child; leave it out.
        return {"server": server_tree, "browser": browser_tree}

    def sample(self, pss: bool = False) -> dict[str, tuple[int, int, int]]:
        """(RSS bytes, PSS bytes or 0, processes) of each tree, now."""
        out = {}
        for name, procs in self.trees().items():
            rss = pss_total = count = 0
            for p in procs:
                try:
                    times = p.cpu_times()
                    self.cpu[name][p.pid] = times.user + times.system
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
    """Open the page, wait for it, set Staff to ``4 + index`` and run."""
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
        changed = "() => document.querySelector('.cfl-changed') !== null"
        for attempt in (1, 2):
            await staff.fill(str(4 + index))
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
    # The page stays open (its session alive) until every session is done.
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
            # Every session open: measure memory now.
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


def one_round(sessions: int, args: argparse.Namespace) -> bool:
    """Serve ``sessions`` sessions from a fresh server; print; True if all were ok."""
    workdir = Path(tempfile.mkdtemp(prefix=f"cfl-load-{sessions}-"))
    started = time.monotonic()
    results: list[Session] = []
    at_end: dict[str, tuple[int, int, int]] = {}
    problem = ""
    url, wall = "(not started)", 0.0
    watch: MemoryWatch | None = None
    try:
        with app_server(workdir, 180) as server:
            url = server.url
            watch = MemoryWatch(server.process.pid)
            print(
                f"the server answers on {url} after {time.monotonic() - started:.1f} s"
            )
            with watch:
                t0 = time.monotonic()
                results, at_end = asyncio.run(
                    asyncio.wait_for(
                        drive(url, sessions, int(args.timeout * 1000), watch, workdir),
                        timeout=args.deadline,
                    )
                )
                wall = time.monotonic() - t0
    except TimeoutError:
        problem = f"the deadline of {args.deadline:.0f} s passed"
    except Exception as err:
        problem = f"{type(err).__name__}: {err}"
    log = (workdir / "app.log").read_text(errors="replace")
    left = []
    seen = watch.seen if watch is not None else {}
    for pid, created in seen.items():
        with contextlib.suppress(psutil.NoSuchProcess):
            p = psutil.Process(pid)
            if p.create_time() == created and p.status() != psutil.STATUS_ZOMBIE:
                left.append(p)

    print(
        f"\n=== {sessions} sessions on {url}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if problem or watch is None:
        print(f"FAILED: {problem}")
        return False
    print(f"all sessions done in {wall:.1f} s")
    if args.verbose:
        for r in results:
            note = "; ".join(r.errors) if r.errors else r.status
            print(
                f"  session {r.index:>3}: ready {r.first or 0:.1f} s, "
                f"run {r.click or 0:.1f} s  {note[:90]}"
            )

    def stats(values: list[float]) -> str:
        if not values:
            return "n/a"
        return f"median {statistics.median(values):.1f} s, max {max(values):.1f} s"

    print(f"page ready:          {stats([r.first for r in results if r.first])}")
    print(f"run, to the KPIs:    {stats([r.kpis for r in results if r.kpis])}")
    print(f"run, to the end:     {stats([r.click for r in results if r.click])}")
    rss, pss, count = at_end.get("server", (0, 0, 0))
    print(
        f"server tree memory:  {mib(rss)} RSS ({mib(pss)} PSS) in {count} processes "
        f"with every session open; peak {mib(watch.peak['server'])} RSS "
        f"({mib(watch.peak_pss['server'])} PSS)"
    )
    rss, pss, count = at_end.get("browser", (0, 0, 0))
    print(f"browsers' memory:    {mib(rss)} RSS ({mib(pss)} PSS) in {count} processes")
    cpu = {k: sum(v.values()) for k, v in watch.cpu.items()}
    total = sum(cpu.values()) or 1.0
    print(
        f"CPU time:            server tree {cpu['server']:.0f} s, browsers "
        f"{cpu['browser']:.0f} s: the browsers took {100 * cpu['browser'] / total:.0f}%"
        f" ({100 * cpu['browser'] / (wall * (os.cpu_count() or 1)):.0f}% of the "
        "machine's capacity while the round ran)"
    )
    retyped = sum(r.retyped for r in results)
    if retyped:
        print(f"typed twice:         {retyped} session(s) lost their first Staff value")
    failed = [r for r in results if not r.ok]
    for r in failed[:5]:
        print(f"  failed session {r.index}: {'; '.join(r.errors)[:200]}")
    if "Traceback" in log:
        print("FAILED: a traceback is in the server's log")
        failed = failed or results[:1]
    if left:
        print(f"note: {len(left)} processes of the server's tree were left; killed")
        for p in left:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.kill()
    print(
        f"failures: 0 of {len(results)}"
        if not failed
        else f"FAILED: {len(failed)} of {len(results)} sessions; screenshots, page "
        f"text and the server's log are in {workdir}"
    )
    return not failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20])
    parser.add_argument(
        "--timeout", type=float, default=420, help="seconds allowed for each step"
    )
    parser.add_argument(
        "--deadline", type=float, default=900, help="seconds allowed for each round"
    )
    parser.add_argument("--verbose", action="store_true", help="a line per session")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Debian's Chromium is not installed at {CHROMIUM}", file=sys.stderr)
        return 2
    ok = [one_round(n, args) for n in args.sessions]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
