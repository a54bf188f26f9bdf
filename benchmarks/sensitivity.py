"""How long does a tornado take? A report against the 60 s goal, not a test.

The case: product-centric against client-centric, 180 days (30 of warm-up),
5 paired replications at the defaults and at each end of 12 plausible
ranges (the first 12 that ``plausible_ranges()`` lists): 250 runs, on a pool
of 2 workers. Goal: under 60 s of wall time on 2 cores.

The reference, in the same process: one replication of each scenario, run
here without a pool. From it the script prints what the tornado would cost
run one after another, and the speed-up the pool gave.

    python benchmarks/sensitivity.py                   # the tornado (~1 min)
    python benchmarks/sensitivity.py --trajectories 10  # with a Morris screening

Always exits 0; prints MISSED next to a goal it misses.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from simulations import Scenario, single_run
from simulations.experiments import sensitivity
from simulations.parameters import plausible_ranges

GOAL_S = 60.0
DAYS, WARMUP, REPLICATIONS, PARAMETERS = 180, 30, 5, 12


def case(name: str) -> Scenario:
    """A preset on the benchmark's horizon."""
    return Scenario.preset(name).copy(
        **{"business.days": DAYS, "business.warmup_days": WARMUP}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-w", "--workers", type=int, default=2)
    parser.add_argument("--trajectories", type=int, default=0)
    args = parser.parse_args()
    base, alternative = case("product_centric"), case("client_centric")
    params = list(plausible_ranges())[:PARAMETERS]
    runs = 2 * REPLICATIONS * (1 + 2 * len(params))
    runs += 2 * args.trajectories * (len(params) + 1)

    # The reference: one run of each scenario in this process (after one
    # untimed run, which loads what a first run loads).
    single_run(base, 0, record_visits=False)
    started = time.perf_counter()
    for scenario in (base, alternative):
        single_run(scenario, 0, record_visits=False)
    pair = time.perf_counter() - started
    serial = pair * runs / 2

    load = os.getloadavg()[0]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    found = sensitivity(
        base,
        alternative,
        params=params,
        replications=REPLICATIONS,
        trajectories=args.trajectories,
        workers=args.workers,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime + after.ru_stime) - (
        children.ru_utime + children.ru_stime
    )
    met = "yes" if wall < GOAL_S else "MISSED"
    screening = ""
    if args.trajectories:
        screening = f", Morris {args.trajectories} trajectories"
    print(
        f"tornado: product- vs client-centric, {DAYS} days (warm-up {WARMUP}), "
        f"{REPLICATIONS} replications, {len(params)} parameters{screening}: "
        f"{runs} runs on {args.workers} workers "
        f"(load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    print(f"  one pair of runs here (reference): {pair:.2f} s")
    print(f"  the same runs one after another (estimate): {serial:.0f} s")
    print(f"  with the pool: {wall:.1f} s, speed-up {serial / wall:.2f}x")
    print(f"  CPU time of the workers: {workers_cpu:.0f} s")
    print(f"  goal < {GOAL_S:.0f} s: {met}")
    print(f"  verdict: {found.sentence()}")


if __name__ == "__main__":
    main()
