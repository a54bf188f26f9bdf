"""Do the lab's 95% intervals cover about 95%? A report, not a test.

The lab's default experiment (its baseline preset, its horizon, warm-up and
replications) is repeated many times with independent seeds. Each time the
95% interval of mean wait and of profit either covers the reference mean or
not; the reference is the mean of a separate, much larger set of runs. The
coverage should lie within 3 binomial standard errors of 95%.

With ``--policy`` it also checks what the lab's verdicts rest on: the paired
difference (policy minus baseline, common random numbers, as the lab runs
them) of profit and value created, against the mean difference of the
reference pairs. This doubles the runs.

    python benchmarks/coverage.py                   # 400 experiments (long)
    python benchmarks/coverage.py --experiments 60  # a quick look
    python benchmarks/coverage.py --days 90 --warmup 30 --policy "loyalty programme"

``--days`` counts the days simulated, warm-up included, as the lab does.

Always exits 0; prints MISSED next to a goal it misses.
"""

from __future__ import annotations

import argparse
import math
import os
import time

import numpy as np
import pandas as pd
from lab_horizon import POLICIES

from simulations import Scenario
from simulations.experiments import multiple_replications, t_interval
from simulations.lab.state import DEFAULT_REPLICATIONS, LAB_DAYS, LAB_WARMUP_DAYS

KPIS = ("mean_wait", "profit")
PAIRED_KPIS = ("profit", "value_created")


def lab_case(seed: int, days: int, warmup: int) -> Scenario:
    """The lab's default baseline on a horizon, with a seed."""
    s = Scenario.preset("product_centric").copy(
        **{"business.days": days, "business.warmup_days": warmup}
    )
    s.seed = seed
    return s


def coverage(
    values: np.ndarray, truth: float, experiments: int, n: int
) -> tuple[float, float]:
    """Share of experiments of ``n`` values whose 95% interval covers ``truth``,
    and the median half-width."""
    covered, widths = [], []
    for e in range(experiments):
        mean, hw = t_interval(values[e * n : (e + 1) * n], 0.95)
        covered.append(abs(mean - truth) <= hw)
        widths.append(hw)
    return float(np.mean(covered)), float(np.median(widths))


def report(label: str, rate: float, se: float, width: float, truth: float) -> None:
    """One line: coverage against the goal, and how wide the intervals are."""
    ok = abs(rate - 0.95) <= 3 * se
    print(
        f"  {label:<40} coverage {rate:.3f} (goal 0.95 ± {3 * se:.3f})"
        f"{'' if ok else '  MISSED'}; reference {truth:,.2f}, "
        f"median half-width {width:,.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=400)
    parser.add_argument("--reference", type=int, default=1000)
    parser.add_argument(
        "--days", type=int, default=LAB_DAYS, help="days simulated, warm-up included"
    )
    parser.add_argument("--warmup", type=int, default=LAB_WARMUP_DAYS)
    parser.add_argument(
        "--policy",
        choices=sorted(POLICIES),
        default=None,
        help="also check the paired difference against this policy",
    )
    parser.add_argument("-w", "--workers", type=int, default=None)
    args = parser.parse_args()
    n = DEFAULT_REPLICATIONS
    started, cpu = time.perf_counter(), time.process_time()
    # One big set of runs: the first `reference` give the reference mean, the
    # rest are cut into experiments of the lab's size.
    total = args.reference + args.experiments * n
    base = lab_case(1, args.days, args.warmup)
    cases = [base]
    if args.policy:
        cases.append(base.copy(args.policy, **POLICIES[args.policy]))
    tables = []
    for case in cases:
        reps = multiple_replications(case, total, workers=args.workers, progress=False)
        tables.append(reps.kpis.sort_index())
    print(
        f"lab default case: product-centric, {args.days} days simulated, the "
        f"first {args.warmup} left out (warm-up), {n} replications per experiment, "
        f"{args.experiments} experiments, reference {args.reference} runs; "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    se = math.sqrt(0.95 * 0.05 / args.experiments)
    table = tables[0]
    for kpi in KPIS:
        truth = float(table[kpi].iloc[: args.reference].mean())
        values = table[kpi].to_numpy()[args.reference :]
        rate, width = coverage(values, truth, args.experiments, n)
        report(kpi, rate, se, width, truth)
    if args.policy:
        # Same seed, same replication index: the pairs the lab's compare makes.
        diff: pd.DataFrame = tables[1][list(PAIRED_KPIS)] - table[list(PAIRED_KPIS)]
        for kpi in PAIRED_KPIS:
            truth = float(diff[kpi].iloc[: args.reference].mean())
            values = diff[kpi].to_numpy()[args.reference :]
            rate, width = coverage(values, truth, args.experiments, n)
            report(f"{kpi}, {args.policy} - base", rate, se, width, truth)
    print(
        f"took {time.perf_counter() - started:.0f} s "
        f"({time.process_time() - cpu:.0f} s of CPU in this process)"
    )


if __name__ == "__main__":
    main()
