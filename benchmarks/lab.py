"""Speed of the policy lab: how long a click on *Run* takes, against a 3 s goal.

The lab's default run compares the baseline (the product-centric preset) with
a scenario over the lab's default days (``LAB_DAYS``, warm-up included), 5
replications each, on a process pool of ``min(2, cores)`` workers
(``--workers`` or ``CFL_LAB_WORKERS`` change it). Four runs are timed, in
this order, in one process, as a kernel would see them:

1. **first**: ``PolicyLab()`` and its first run, pool start included. The
   scenario is still a copy of the baseline, so its replications wait for the
   baseline's instead of running again (what the notebook and the web page do
   when they open).
2. **lever**: staff 3 -> 4, run again. The baseline comes from the cache; only
   the scenario runs. This is the usual click.
3. **cold**: both caches emptied (the replications', and the whole
   comparisons' that the visitors of a server share), the same scenario:
   baseline *and* scenario run, on a warm pool. This is the full default
   comparison.
4. **again**: the same click once more; everything comes from the cache.

For each: wall time to the KPI table and to the end (figures and report
included), the seconds of simulation, and the CPU seconds of this process and
of the pool's workers. On a busy machine (load average above the number of
cores) wall times grow with the load; the CPU-based estimate of the wall
time on an idle machine, ``main CPU + workers' CPU / workers``, is printed
beside them. The goal is judged on the wall time; ``MISSED`` marks a miss.

Run ``python benchmarks/lab.py`` (about half a minute). The script is a
report, not a test: it exits with 0 even when the goal is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psutil

GOAL_S = 3.0


@dataclass
class Timing:
    """One timed run."""

    label: str
    wall: float
    kpis: float
    simulate: float
    cpu_main: float
    cpu_workers: float
    cached: int
    workers: int

    @property
    def idle_estimate(self) -> float:
        """Wall time an idle machine would need, from the CPU seconds used."""
        return self.cpu_main + self.cpu_workers / max(1, self.workers)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of its live children (the pool)."""
    me = psutil.Process()
    own = me.cpu_times()
    children = 0.0
    for child in me.children(recursive=True):
        try:
            t = child.cpu_times()
            children += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return own.user + own.system, children


def timed(
    label: str, lab: Any, action: Callable[[], Any], workers: int
) -> tuple[Timing, Any]:
    """Time ``action()`` then ``lab.run()``; return the timing and the lab.

    ``action`` may return a new lab (the first run builds it).
    """
    main0, kids0 = cpu_seconds()
    start = time.perf_counter()
    lab = action() or lab
    results = lab.run()
    wall = time.perf_counter() - start
    main1, kids1 = cpu_seconds()
    if results is None:
        raise SystemExit(f"{label}: the lab refused to run: {lab.error_text}")
    offset = wall - results.seconds  # time spent before run(): construction
    if offset < 0:  # the whole comparison came from the shared store: its
        # timings are those of the run that computed it; nothing ran now
        kpis, simulate = wall, 0.0
    else:
        kpis = offset + results.timings["kpis"]
        simulate = offset + results.timings["simulate"]
    return Timing(
        label=label,
        wall=wall,
        kpis=kpis,
        simulate=simulate,
        cpu_main=main1 - main0,
        cpu_workers=kids1 - kids0,
        cached=results.cached,
        workers=workers,
    ), lab


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="pool workers")
    parser.add_argument(
        "--replications", type=int, default=None, help="replications per scenario"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    from simulations import lab as lab_module
    from simulations.lab import CACHE, DEFAULT_REPLICATIONS, LAB_DAYS, PolicyLab
    from simulations.lab.shared import RESULTS

    imported = time.perf_counter() - started
    workers = args.workers or lab_module.lab_workers()
    replications = args.replications or DEFAULT_REPLICATIONS
    folder = tempfile.mkdtemp(prefix="cfl-lab-bench-")

    def make() -> PolicyLab:
        return PolicyLab(replications=replications, workers=workers, save_dir=folder)

    runs = []
    first, lab = timed("first (pool start, copy)", None, make, workers)
    runs.append(first)

    def more_staff() -> None:
        lab.set_lever("business.staff", 4)

    lever, lab = timed("lever: staff 4", lab, more_staff, workers)
    runs.append(lever)

    def empty_caches() -> None:
        CACHE.clear()
        RESULTS.clear()

    cold, lab = timed("cold: caches emptied", lab, empty_caches, workers)
    runs.append(cold)
    again, lab = timed("again: all cached", lab, lambda: None, workers)
    runs.append(again)
    lab_module.shutdown_pool()

    load = os.getloadavg()
    cores = os.cpu_count() or 1
    print(
        f"policy lab: {LAB_DAYS} days, {replications} replications per scenario, "
        f"{workers} worker{'s' if workers > 1 else ''}; python "
        f"{platform.python_version()}, {cores} cores, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min)"
    )
    print(f"import simulations.lab: {imported:.2f} s (not counted below)")
    header = (
        f"{'run':<26}{'KPIs at':>9}{'total':>8}{'simulate':>10}{'CPU main':>10}"
        f"{'CPU pool':>10}{'idle est.':>11}{'cached':>8}  goal {GOAL_S:g} s"
    )
    print(header)
    print("-" * len(header))
    for t in runs:
        verdict = "ok" if t.wall <= GOAL_S else "MISSED"
        print(
            f"{t.label:<26}{t.kpis:>8.2f}s{t.wall:>7.2f}s{t.simulate:>9.2f}s"
            f"{t.cpu_main:>9.2f}s{t.cpu_workers:>9.2f}s{t.idle_estimate:>10.2f}s"
            f"{t.cached:>8}  {verdict}"
        )
    if load[0] > cores:
        print(
            f"note: the load average ({load[0]:.1f}) is above the number of cores "
            f"({cores}): other programs share the CPU, so wall times are longer "
            "than on an idle machine; see the 'idle est.' column."
        )


if __name__ == "__main__":
    main()
