"""Load test of the policy lab web page: many managers at once on one machine.

Starts ``scripts/app`` (one Solara server) on a free port of 127.0.0.1, waits
until the server has computed the default comparison (shared by everyone) and
is idle, then drives ``--sessions`` pages at the same time in one headless
Chromium (one browser context each, so each is its own visitor), in three
steps, each finished by every session before the next begins:

1. **page**: open the page and wait until it is ready: the lab with the
   default comparison's KPI table (computed once for the whole server);
2. **default run**: click *Run* without changing anything: the whole run
   comes from the server's shared results;
3. **own run**: set Staff to a value of its own (4, 5, 6, ...: no two
   sessions share a run, so only the baseline's replications come from the
   cache), click *Run*, wait for the new KPI table (the verdicts), then for
   the end of the run.

What counts for a room is what the *server* pays per visitor: here the
browsers run on the server's own cores, but in a room every visitor brings a
laptop or a phone. So for each step the script reads the CPU seconds of the
server's process tree (the server, the pool's workers, the fork server and
any process they started, ended ones included; psutil) when the step starts
and when the server is idle again after it, and divides by the sessions
(for a Run, by the sessions that pressed it).
CPU seconds, unlike wall times, do not depend much on what else the machine
runs (it is shared with other developers). The goal, ``GOAL_CPU`` s per
visitor, is judged twice: on the page plus a Run with the defaults (served
from the shared results) and on the page plus an own run (a changed lever:
the scenario's replications are simulated, at the lab's default horizon and
replications).

For each number of sessions (``--sessions 10 25 50`` runs three rounds, each
with a fresh server) it also prints the page-ready and run times (median and
maximum; the last verdict: from the moment all sessions pressed Run together
to the last new KPI table), the failures (a timeout, an error or a traceback
on the page, a browser console error), the memory of the server's process
tree (RSS and PSS, peak and with every session open), and the share of the
CPU time that the browsers took. Every step has a timeout and each round a
deadline (``--deadline``); the server and the browser are always stopped.
Only 127.0.0.1 is used. The exit code is 1 when a session failed.

With ``--apart`` the server's processes stay on the first core and the
browsers on the others (as if the visitors brought their own devices).

With ``--python VENV/bin/python`` the server runs on another interpreter (a
virtual environment's, with the course installed; the script itself and the
browsers stay on this one), for instance to compare a Python compiled with
profile-guided and link-time optimisation, as Linux distributions and
python.org ship it, with one built without (pyenv's default). The report
names the server's interpreter.

Run ``python benchmarks/load.py --sessions 10 25 50`` (about half an hour on a
busy 2-core machine).
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

GOAL_CPU = 1.2
"""Server CPU seconds per visitor for the page and one run (the goal)."""

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


# ---------------------------------------------------------------- server CPU
def tree_cpu(pid: int) -> float:
    """CPU seconds of a process tree: live processes and the children they reaped.

    A process that ended counts in its parent's ``children_*`` times once the
    parent has waited for it (the pool's workers and the fork server's
    children are waited for by their parents).
    """
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def own_cpu(pid: int) -> float:
    """CPU seconds of the server process alone (Solara, the pages, the lab)."""
    with contextlib.suppress(psutil.NoSuchProcess):
        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    return 0.0


def until_idle(
    pid: int, quiet: float = 0.05, seconds: int = 3, limit: float = 600.0
) -> float:
    """Wait until the server tree uses under ``quiet`` s of CPU a second for
    ``seconds`` seconds in a row (at most ``limit`` s); its CPU seconds then."""
    end = time.monotonic() + limit
    last, calm = tree_cpu(pid), 0
    while time.monotonic() < end:
        time.sleep(1.0)
        now = tree_cpu(pid)
        calm = calm + 1 if now - last < quiet else 0
        last = now
        if calm >= seconds:
            break
    return last


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


def keep_apart(server_pid: int, cores: list[int]) -> None:
    """The server's processes on the first core; this script and its browsers elsewhere.

    In a room the visitors' browsers run on their own devices. On one machine
    they share the server's cores, and each switch between a browser and the
    server costs the server cache misses: its CPU seconds grow by up to half.
    """
    tree = psutil.Process(server_pid)
    for p in [tree, *tree.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.cpu_affinity(cores[:1])
    os.sched_setaffinity(0, cores[1:])


def server_env(python: str | None) -> dict[str, str]:
    """The environment that makes ``scripts/app`` run on ``python`` (None: this one)."""
    if python is None:
        return {}
    folder = str(Path(python).parent)
    return {"PATH": folder + os.pathsep + os.environ.get("PATH", "")}


def interpreter(python: str | None) -> str:
    """The server's interpreter: its path and version."""
    import subprocess

    exe = python or sys.executable
    version = subprocess.run(
        [exe, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{exe} (Python {version})"


def one_round(sessions: int, args: argparse.Namespace) -> bool:
    """Serve ``sessions`` sessions from a fresh server; print; True if all were ok."""
    cores = sorted(os.sched_getaffinity(0)) if args.apart else []
    workdir = Path(tempfile.mkdtemp(prefix=f"cfl-load-{sessions}-"))
    started = time.monotonic()
    results: list[Session] = []
    at_end: dict[str, tuple[int, int, int]] = {}
    problem = ""
    url, wall, warm = "(not started)", 0.0, 0.0
    watch: MemoryWatch | None = None
    steps = Steps()
    try:
        with app_server(workdir, 180, **server_env(args.python)) as server:
            url = server.url
            watch = MemoryWatch(server.process.pid)
            print(
                f"the server answers on {url} after {time.monotonic() - started:.1f} s"
            )
            # The server computes the default comparison when it starts: wait
            # for it, so that the steps count the visitors' work alone.
            warm = until_idle(server.process.pid)
            print(f"the server is idle after {time.monotonic() - started:.1f} s")
            if args.apart:
                keep_apart(server.process.pid, cores)
            with watch:
                t0 = time.monotonic()
                results, at_end, steps = asyncio.run(
                    asyncio.wait_for(
                        drive(
                            url,
                            sessions,
                            int(args.timeout * 1000),
                            watch,
                            workdir,
                            server.process.pid,
                        ),
                        timeout=args.deadline,
                    )
                )
                wall = time.monotonic() - t0
    except TimeoutError:
        problem = f"the deadline of {args.deadline:.0f} s passed"
    except Exception as err:
        problem = f"{type(err).__name__}: {err}"
    if cores:
        os.sched_setaffinity(0, cores)
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
        f"load average {os.getloadavg()[0]:.1f}; "
        f"the server on {interpreter(args.python)}"
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
                f"own run {r.click or 0:.1f} s  {note[:80]}"
            )

    def stats(values: list[float]) -> str:
        if not values:
            return "n/a"
        return f"median {statistics.median(values):.1f} s, max {max(values):.1f} s"

    print(f"page ready:          {stats([r.first for r in results if r.first])}")
    print(f"own run, the KPIs:   {stats([r.kpis for r in results if r.kpis])}")
    print(f"own run, to the end: {stats([r.click for r in results if r.click])}")
    verdicts = [r.kpis_at for r in results if r.kpis_at]
    if verdicts:
        print(
            f"last verdict:        {max(verdicts) - steps.pressed:.1f} s after the "
            f"{sessions} sessions pressed Run together (wall time: the browsers "
            "share the cores)"
        )
    print(
        f"server CPU:          {warm:.1f} s from its start to idle (the default "
        "comparison, computed once, and the pool's start)"
    )
    # A run's CPU is shared among the sessions that pressed Run (a session
    # that failed before pressing cost the server nothing in that step).
    count = {name: sessions for name in STEPS}
    for name in STEPS[1:]:
        count[name] = sum(name in r.pressed for r in results)
    per = {name: cpu / max(1, count[name]) for name, cpu in steps.cpu.items()}
    for name in STEPS:
        if name in per:
            main = steps.main[name] / max(1, count[name])
            print(
                f"server CPU/visitor:  {name:<12} {per[name]:.2f} s "
                f"({steps.cpu[name]:.1f} s for {count[name]}; the server process "
                f"{main:.2f} s, the pool {per[name] - main:.2f} s)"
            )
    for run in ("default run", "own run"):
        if "page" not in per or run not in per:
            continue
        both = per["page"] + per[run]
        verdict = "ok" if both <= GOAL_CPU else "MISSED"
        print(
            f"server CPU/visitor:  page + {run} {both:.2f} s (goal {GOAL_CPU} s): "
            f"{verdict}; {sessions} visitors need {sessions * both:.0f} CPU s, "
            f"{sessions * both / (os.cpu_count() or 1):.0f} s on "
            f"{os.cpu_count()} idle cores"
        )
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
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument(
        "--timeout", type=float, default=420, help="seconds allowed for each step"
    )
    parser.add_argument(
        "--deadline", type=float, default=2400, help="seconds allowed for each round"
    )
    parser.add_argument("--verbose", action="store_true", help="a line per session")
    parser.add_argument(
        "--apart",
        action="store_true",
        help="the server on one core, the browsers on the other (as on own devices)",
    )
    parser.add_argument(
        "--python",
        help="the server's interpreter: a virtual environment's bin/python "
        "(default: this one)",
    )
    args = parser.parse_args()
    if args.python is not None and (
        Path(args.python).name != "python" or not os.access(args.python, os.X_OK)
    ):
        print(
            f"--python: {args.python!r} is not allowed; give the bin/python of a "
            "virtual environment with the course installed",
            file=sys.stderr,
        )
        return 2
    if not Path(CHROMIUM).exists():
        print(f"Debian's Chromium is not installed at {CHROMIUM}", file=sys.stderr)
        return 2
    ok = [one_round(n, args) for n in args.sessions]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
