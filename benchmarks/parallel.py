"""Speed-up of parallel replications against serial ones, in one process.

Runs the same 20 replications of a scenario twice: one after another in this
process (``workers=1``) and spread over all cores (``workers=None``). Prints
both times, the speed-up, and whether the two gave identical numbers.

Run: ``python benchmarks/parallel.py`` (``--quick`` for 8 shorter runs).
Goal on a 2-core machine: a speed-up of 1.7 or better.
"""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

from simulations import Scenario
from simulations.experiments import multiple_replications

GOAL = 1.7


def timed(
    scenario: Scenario, replications: int, workers: int | None
) -> tuple[float, pd.DataFrame]:
    """Seconds taken by the replications, and their KPI table."""
    start = time.perf_counter()
    reps = multiple_replications(
        scenario, replications, workers=workers, progress=False
    )
    return time.perf_counter() - start, reps.kpis


def main() -> None:
    """Measure and print the speed-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 runs of 120 days")
    parser.add_argument("--preset", default="client_centric")
    args = parser.parse_args()
    scenario = Scenario.preset(args.preset)
    replications = 20
    if args.quick:
        replications = 8
        scenario.set(**{"business.days": 120, "business.warmup_days": 20})

    serial_time, serial = timed(scenario, replications, 1)
    parallel_time, parallel = timed(scenario, replications, None)
    speedup = serial_time / parallel_time
    same = serial.equals(parallel)
    print(f"{replications} replications of {scenario.name!r}, {os.cpu_count()} cores")
    print(f"  serial:    {serial_time:6.2f} s")
    print(f"  parallel:  {parallel_time:6.2f} s")
    verdict = "met" if speedup >= GOAL else "MISSED"
    print(f"  speed-up:  {speedup:6.2f}x   goal {GOAL}x  {verdict}")
    print(f"  identical results serial vs parallel: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
