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
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
# The web app helpers live with the tests, in the checkout, not in the package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from load_server import (  # noqa: E402
    MemoryWatch,
    interpreter,
    keep_apart,
    mib,
    server_env,
    until_idle,
)
from load_sessions import STEPS, Session, Steps, drive  # noqa: E402

from tests.support.webapp import CHROMIUM, app_server  # noqa: E402

GOAL_CPU = 1.2
"""Server CPU seconds per visitor for the page and one run (the goal)."""


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
