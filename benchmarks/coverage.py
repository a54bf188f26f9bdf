"""Do the lab's 95% intervals cover about 95%? A report, not a test.

The lab's default experiment (its baseline preset, its horizon, warm-up and
replications) is repeated many times with independent seeds. Each time the
95% interval of mean wait and of profit either covers the reference mean or
not; the reference is the mean of a separate, much larger set of runs. The
coverage should lie within 3 binomial standard errors of 95%.

    python benchmarks/coverage.py                   # 400 experiments (long)
    python benchmarks/coverage.py --experiments 60  # a quick look

Always exits 0; prints MISSED next to a goal it misses.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from simulations import Scenario
from simulations.experiments import multiple_replications, t_interval
from simulations.lab.state import DEFAULT_REPLICATIONS, LAB_DAYS, LAB_WARMUP_DAYS

KPIS = ("mean_wait", "profit")


def lab_case(seed: int) -> Scenario:
    """The lab's default baseline on the lab's horizon, with a seed."""
    s = Scenario.preset("product_centric").copy(
        **{"business.days": LAB_DAYS, "business.warmup_days": LAB_WARMUP_DAYS}
    )
    s.seed = seed
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=400)
    parser.add_argument("--reference", type=int, default=1000)
    parser.add_argument("-w", "--workers", type=int, default=None)
    args = parser.parse_args()
    n = DEFAULT_REPLICATIONS
    started = time.perf_counter()
    # One big set of runs: the first `reference` give the reference mean, the
    # rest are cut into experiments of the lab's size.
    total = args.reference + args.experiments * n
    reps = multiple_replications(
        lab_case(1), total, workers=args.workers, progress=False
    )
    table = reps.kpis.sort_index()
    reference = table.iloc[: args.reference]
    trials = table.iloc[args.reference :]
    print(
        f"lab default case: product-centric, {LAB_DAYS} days, warm-up "
        f"{LAB_WARMUP_DAYS}, {n} replications per experiment, "
        f"{args.experiments} experiments, reference {args.reference} runs"
    )
    se = math.sqrt(0.95 * 0.05 / args.experiments)
    for kpi in KPIS:
        truth = float(reference[kpi].mean())
        covered = []
        for e in range(args.experiments):
            values = trials[kpi].to_numpy()[e * n : (e + 1) * n]
            mean, hw = t_interval(values, 0.95)
            covered.append(abs(mean - truth) <= hw)
        rate = float(np.mean(covered))
        ok = abs(rate - 0.95) <= 3 * se
        print(
            f"  {kpi:<10} coverage {rate:.3f} (goal 0.95 ± {3 * se:.3f})"
            f"{'' if ok else '  MISSED'}"
        )
    print(f"took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
