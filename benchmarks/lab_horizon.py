"""How short may the lab's default run be? CPU against the width of its intervals.

A visitor's own run in the room simulates the scenario's replications (the
baseline's come from the shared cache), so its server CPU grows with the
days simulated and the replications. This report runs a few typical policies
against the lab's baseline (the product-centric preset) with common random
numbers, on several horizons, ``--pairs`` paired replications each, and
prints for each horizon:

* the CPU seconds of one replication (this process, one core);
* for each KPI the verdicts rest on, the half-width of the paired
  difference's 95% interval that ``--replications`` pairs give (Student t
  with the standard deviation of the differences measured over all pairs),
  as a share of the effect measured over all pairs: under 1 the verdict is
  expected to be clear (the interval misses zero), above 1 "no clear
  difference" is expected;
* how many of these (policy, KPI) verdicts are expected clear;
* how many came out clear, on average, when the pairs are cut into
  experiments of ``--replications`` pairs each, as the lab runs them (the
  share of experiments whose interval misses zero, summed over the verdicts);
  with ``--pairs`` a multiple of ``--replications`` this counts every pair.

Shorter horizons cost less and widen the intervals; an interval stays honest
(it covers the true difference 95% of the time, see ``coverage.py``) whatever
its width. The machine may be shared: CPU seconds are reported, not wall
time.

    python benchmarks/lab_horizon.py                  # about 2 min of CPU
    python benchmarks/lab_horizon.py --pairs 10 --horizons 180/30 90/30

``--settle DAYS`` instead prints how each preset's business settles from its
first day (no warm-up): 10-day means, over ``--pairs`` runs, of the share of
low visits, the share of loyal customers and advocates among the active ones,
and the active customers; a warm-up should leave out what is still settling.

    python benchmarks/lab_horizon.py --settle 180 --pairs 20

A report, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd
from scipy import stats

from simulations import PRESETS, Scenario
from simulations.experiments import t_interval
from simulations.experiments.compare import judge
from simulations.model import single_run

POLICIES: dict[str, dict[str, object]] = {
    "one more staff": {"business.staff": 4},
    "greet the waiting": {"service.greet_waiting": True},
    "loyalty programme": {"retention.loyalty_programme": True},
    "win-back campaign": {"winback.campaign": True},
    "more advertising": {"attraction.acquisition_budget": 96000.0},
}
"""Typical first tries of a manager, each one lever away from the baseline."""

KPIS = ("profit_per_month", "value_created", "active_customers", "mean_wait", "nps")
"""KPIs whose verdicts a manager reads first (profit per month: comparable
across horizons; value created: profit plus the change in the customer
base's worth)."""


def horizon(text: str) -> tuple[int, int]:
    """``"90/30"`` -> (90 days, 30 of warm-up)."""
    days, _, warmup = text.partition("/")
    return int(days), int(warmup or 0)


def runs(scenario: Scenario, pairs: int) -> tuple[list[dict[str, float]], float]:
    """KPIs of ``pairs`` replications, and the CPU seconds of one."""
    start = time.process_time()
    kpis = [single_run(scenario, i, record_visits=False).kpis for i in range(pairs)]
    return kpis, (time.process_time() - start) / pairs


def clear_share(diff: np.ndarray, n: int) -> float:
    """Share of experiments of ``n`` pairs whose 95% interval misses zero."""
    groups = [diff[i : i + n] for i in range(0, len(diff) - n + 1, n)]
    return float(
        np.mean([judge("", *t_interval(g, 0.95)) != "unclear" for g in groups])
    )


def settle(days: int, runs_: int) -> None:
    """10-day means of a few daily series of each preset, from day 0."""
    for preset in PRESETS:
        s = Scenario.preset(preset).copy(
            **{"business.days": days, "business.warmup_days": 0}
        )
        daily = [single_run(s, i, record_visits=False).daily for i in range(runs_)]
        m = sum(d.astype(float) for d in daily) / runs_
        series = pd.DataFrame(
            {
                "share low": m["low"] / m["arrivals"],
                "loyal+advocate": (m["customers_loyal"] + m["customers_advocate"])
                / m["active_customers"],
                "active": m["active_customers"],
            }
        )
        tens = series.groupby(np.arange(days) // 10).mean()
        tens.index = [f"days {10 * i}-{10 * i + 9}" for i in tens.index]
        print(f"{preset}, {runs_} runs, 10-day means from day 0")
        print(tens.round(3).to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=12, help="paired replications")
    parser.add_argument("--replications", type=int, default=5, help="of the lab")
    parser.add_argument(
        "--horizons", nargs="+", default=["180/30", "120/30", "90/30", "90/20"]
    )
    parser.add_argument("--settle", type=int, default=0, help="days; see above")
    args = parser.parse_args()
    if args.settle:
        settle(args.settle, args.pairs)
        return
    n = args.replications
    t = stats.t.ppf(0.975, n - 1)
    print(
        f"{len(POLICIES)} policies against product-centric, {args.pairs} paired "
        f"replications each; half-widths for {n} pairs as a share of the effect "
        f"(< 1: a clear verdict expected); {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f} (CPU seconds count, not wall time)"
    )
    print(f"{'horizon':<10}{'CPU/rep':>9}  " + "".join(f"{k[:16]:>17}" for k in KPIS))
    effects: dict[str, dict[tuple[str, str], tuple[float, float]]] = {}
    for text in args.horizons:
        days, warmup = horizon(text)
        base = Scenario.preset("product_centric").copy(
            "baseline", **{"business.days": days, "business.warmup_days": warmup}
        )
        base_kpis, cpu = runs(base, args.pairs)
        cpus, ratios, clear, seen = [cpu], {k: [] for k in KPIS}, 0, 0.0
        effects[text] = {}
        for name, change in POLICIES.items():
            policy = base.copy(name, **change)
            kpis, cpu = runs(policy, args.pairs)
            cpus.append(cpu)
            for k in KPIS:
                diff = np.array(
                    [a[k] - b[k] for a, b in zip(kpis, base_kpis, strict=True)]
                )
                effect = abs(diff.mean())
                half = t * diff.std(ddof=1) / np.sqrt(n)
                ratio = half / effect if effect > 0 else float("inf")
                effects[text][name, k] = (diff.mean(), clear_share(diff, n))
                ratios[k].append(ratio)
                clear += ratio < 1
                seen += clear_share(diff, n)
        cells = "".join(
            f"{statistics.median(ratios[k]):>11.2f} ({sum(r < 1 for r in ratios[k])}"
            f"/{len(POLICIES)})"
            for k in KPIS
        )
        print(f"{text:<10}{statistics.mean(cpus):>8.3f}s  {cells}")
        print(
            f"{'':<10}{'':>9}  clear verdicts expected: {clear} of "
            f"{len(POLICIES) * len(KPIS)}; seen in experiments of {n} pairs: "
            f"{seen:.1f}"
        )
    print(
        "each cell: the median over the policies of half-width / effect, and "
        "in brackets the policies whose verdict on that KPI is expected clear"
    )
    print_effects(effects)


def print_effects(
    effects: dict[str, dict[tuple[str, str], tuple[float, float]]],
) -> None:
    """Mean effect (policy minus baseline) on profit a month and value created,
    by horizon, and the share of experiments whose verdict was clear: does a
    short window keep the sign a long one shows?"""
    print(
        "mean effect over all pairs, RUB (share of experiments with a clear "
        "verdict): profit a month / value created"
    )
    print(f"{'policy':<20}" + "".join(f"{text:>38}" for text in effects))
    for name in POLICIES:
        cells = "".join(
            f"{cell(e[name, 'profit_per_month']):>19}/{cell(e[name, 'value_created'])}"
            for e in effects.values()
        )
        print(f"{name:<20}{cells}")


def cell(effect: tuple[float, float]) -> str:
    """``-12,345 (0.8)``: a mean effect and its share of clear verdicts."""
    return f"{effect[0]:>11,.0f} ({effect[1]:.1f})"


if __name__ == "__main__":
    main()
