"""What one visitor's page costs the machine: the lab against a near-empty page.

Starts ``scripts/app`` on a free port of 127.0.0.1 and opens pages one at a
time, each in a fresh browser context (a new visitor, with an empty cache):

* the policy lab (``/``), until its KPI table shows;
* the seminar game's join page (``/game/``), a Solara page of three inputs
  and a button: the cost of Solara's own front end, whatever the page holds;
* a blank page of one line (no server): what a fresh browser context costs
  before any page is loaded.

For each it prints the median, over ``--pages`` pages, of the wall time until
the page is ready and of the CPU seconds taken by the browser's processes and
by the server's processes; then the lab's costs as ratios to the join page's.
The first lab page, which computes the default comparison for the server, is
left out.

The last line is what the CPU alone allows for ``--sessions`` visitors who
open the page at the same moment, with the browsers on the same cores as the
server (as in ``benchmarks/load.py``): CPU seconds of all their pages divided
by the cores. No server work can bring page-ready times below that line.

Run ``python benchmarks/page_cost.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the web app helpers live with the tests
    sys.path.insert(0, str(ROOT))

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS, app_server  # noqa: E402

LAB_READY = ".cfl-kpis td[data-kpi='profit'][data-role='scenario']"
JOIN_READY = "button:has-text('Join')"


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """User and system CPU seconds of ``processes`` (and their ended children)."""
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def tree(pid: int) -> list[psutil.Process]:
    """A process and all its descendants."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def measure(browser, url: str, ready: str, server_pid: int) -> tuple[float, ...]:
    """Open ``url`` in a fresh context; (wall s, browser CPU s, server CPU s).

    ``url`` None shows a blank page of one line instead.
    """
    me = os.getpid()
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    server_pids = {p.pid for p in tree(server_pid)}
    browsers = [p for p in tree(me)[1:] if p.pid not in server_pids]
    b0, s0 = cpu_seconds(browsers), cpu_seconds(tree(server_pid))
    start = time.monotonic()
    if url is None:
        page.set_content(f"<p>{ready}</p>")
    else:
        page.goto(url)
    page.wait_for_selector(f"text={ready}" if url is None else ready, timeout=180_000)
    wall = time.monotonic() - start
    time.sleep(0.5)  # the last frames of the page are drawn
    browsers = [p for p in tree(me)[1:] if p.pid not in server_pids]
    b1, s1 = cpu_seconds(browsers), cpu_seconds(tree(server_pid))
    context.close()
    return wall, b1 - b0, s1 - s0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5, help="pages of each kind")
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Debian's Chromium is not installed at {CHROMIUM}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    cores = os.cpu_count() or 1
    with (
        tempfile.TemporaryDirectory() as folder,
        app_server(Path(folder)) as server,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        pid = server.process.pid
        measure(browser, server.url, LAB_READY, pid)  # the default comparison
        rows: dict[str, list[tuple[float, ...]]] = {"lab": [], "join": [], "blank": []}
        for _ in range(args.pages):  # in turns, so that all see the same load
            rows["lab"].append(measure(browser, server.url, LAB_READY, pid))
            rows["join"].append(measure(browser, server.url + "game/", JOIN_READY, pid))
            rows["blank"].append(measure(browser, None, "A blank page", pid))
        browser.close()
    median = {
        name: [statistics.median(column) for column in zip(*values, strict=True)]
        for name, values in rows.items()
    }
    print(
        f"One page at a time, each in a fresh browser context; medians of "
        f"{args.pages} pages; {cores} cores, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<34} {'ready s':>8} {'browser CPU s':>14} {'server CPU s':>13}")
    labels = {
        "lab": "policy lab (/)",
        "join": "game join page (/game/): Solara",
        "blank": "blank page, no server",
    }
    for name, (wall, browser_cpu, server_cpu) in median.items():
        print(
            f"{labels[name]:<34} {wall:>8.2f} {browser_cpu:>14.2f} {server_cpu:>13.2f}"
        )
    lab, join, blank = median["lab"], median["join"], median["blank"]
    both = (lab[1] + lab[2]) / (join[1] + join[2])
    print(
        f"lab / join page: browser CPU {lab[1] / join[1]:.2f}x, server CPU "
        f"{lab[2] / join[2]:.2f}x, all CPU {both:.2f}x"
    )
    n = args.sessions
    print(
        f"{n} visitors at once, browsers on these {cores} cores: the CPU alone "
        f"takes {n * (lab[1] + lab[2]) / cores:.1f} s for {n} lab pages, and "
        f"{n * (join[1] + join[2]) / cores:.1f} s for {n} near-empty Solara pages"
    )
    print(
        f"Of a near-empty Solara page's browser CPU, {blank[1]:.2f} s is a fresh "
        f"browser context itself and {join[1] - blank[1]:.2f} s Solara's front end"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
