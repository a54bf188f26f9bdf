"""How fast and how heavy a replay of a day is: "Watch a day" and ``cfl watch``.

Runs the customer-oriented preset (3 staff, 10 open hours) for a year once,
picks the finished day whose visits are closest to 150, and times building
its replay from the run's records to one HTML page: the frames, the figure,
the page with plotly.js inline. Also timed: two scenarios side by side (the
lab's baseline and scenario; here 3 staff against 4 on the same day).

Reference, in the same process: plotly's own ``Figure.to_html`` of an empty
figure with plotly.js inline, the least any self-contained plotly page costs.
Times are CPU seconds (``time.process_time``), the best of ``--repeats``: the
machine may be shared, and wall time depends on what else runs.

Goals: under 3 s and under 5 MB (5,000,000 bytes) as one file, for one day
and for two side by side. A report, not a test: it always exits 0 and prints
``MISSED`` next to a goal it misses. Run ``python benchmarks/replay.py``
(about 15 s, the year's runs included).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import plotly.graph_objects as go

from simulations import Scenario, single_run
from simulations.present.replay import embedded, watch

GOAL_SECONDS = 3.0
GOAL_BYTES = 5_000_000


def best_cpu(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Least CPU seconds of ``repeats`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    """Run the scenarios, time the replays, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    base = Scenario.preset("customer_oriented")
    alt = base.copy("4 staff", **{"business.staff": 4})
    start = time.perf_counter()
    run, other = single_run(base), single_run(alt)
    arrivals = run.daily["arrivals"].iloc[:-1]
    day = int((arrivals - 150).abs().idxmin())
    print(
        f"runs: {base.name} and {alt.name}, {base.business.days} days, "
        f"{time.perf_counter() - start:.1f} s; day {day + 1}: "
        f"{int(arrivals[day])} visits, {base.business.staff} staff, "
        f"{base.business.open_hours:g} open hours"
    )

    # The first replay of a process also sets up plotly (its validators) and
    # reads plotly.js: what the first visitor of a server waits for.
    start = time.process_time()
    embedded(watch([(run, base), (other, alt)], day).html, 2)
    first = time.process_time() - start
    print(
        f"first side-by-side replay of this process, in a page: {first:.3f} s CPU; "
        f"goal < {GOAL_SECONDS:g} s [{verdict(first < GOAL_SECONDS)}]"
    )

    def reference() -> str:
        return go.Figure().to_html(include_plotlyjs=True, full_html=True)

    ref_s, ref_page = best_cpu(reference, args.repeats)
    ref_bytes = len(ref_page.encode())
    print(f"reference, an empty plotly page: {ref_s:.3f} s, {ref_bytes:,} bytes")
    cases = {
        "one day": [(run, base)],
        "side by side": [(run, base), (other, alt)],
    }
    for label, runs in cases.items():
        seconds, replay = best_cpu(lambda runs=runs: watch(runs, day), args.repeats)
        size = len(replay.html.encode())
        print(
            f"{label}: {seconds:.3f} s CPU = {seconds / ref_s:.1f}x the reference; "
            f"goal < {GOAL_SECONDS:g} s [{verdict(seconds < GOAL_SECONDS)}]"
        )
        print(
            f"{label}: {size:,} bytes = {size / ref_bytes:.3f}x the reference "
            f"(+{(size - ref_bytes) / 1e3:.0f} kB); goal < {GOAL_BYTES / 1e6:g} MB "
            f"[{verdict(size < GOAL_BYTES)}]"
        )


if __name__ == "__main__":
    main()
