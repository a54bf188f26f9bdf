"""Benchmark 3 of ``engine.py``: the peak memory of a large run, in a fresh process.

100,000 initial customers over three years (``--steady``: a base held near
100,000), run in a child process whose peak resident memory is read.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from engine_rows import Row, load_note, verdict

from simulations import Scenario, single_run

MEMORY_GOAL_MIB = 1024.0  # peak resident memory, at most
OCCUPANCY_LIMIT = 0.95  # sanity check of the memory run's load

# A steady customer base (``--steady``): new customers a day per customer held.
# Customers differ in their chance of leaving, so the base loses its quick
# leavers first and churn falls over time; this inflow held a base of 10,000
# between 92% and 104% of its start over three years (0.0008: 84-100%;
# 0.0014: 97-123%).
STEADY_INFLOW = 0.0011


# ---------------------------------------------------------------- 3: memory
def memory_scenario(
    customers: int, days: int, occupancy: float, steady: bool = False
) -> Scenario:
    """The default scenario scaled to ``customers`` initial customers.

    Staff is sized from the visit frequencies so that occupancy stays at most
    ``occupancy`` even if every customer visited as often as an advocate.
    With the default inflow of 5 prospects a day the base shrinks (to about a
    tenth in three years); ``steady`` adds enough prospects to hold it.

    Parameters
    ----------
    customers
        Initial (regular) customers.
    days
        Days to simulate.
    occupancy
        Planned worst-case occupancy of the staff.
    steady
        Hold the customer base near ``customers``: ``STEADY_INFLOW`` new
        customers a day per customer, and a market large enough that word of
        mouth does not turn every prospect away.

    Returns
    -------
    Scenario
        The scenario to run.
    """
    s = Scenario(name=f"{customers:,} customers")
    b, c = s.business, s.customers
    service_mean = b.service_time * (
        1.0 - s.service.training_speedup * s.service.training_level
    )
    busiest = max(c.visits_regular, c.visits_loyal, c.visits_advocate) / 30
    minutes_of_work = customers * busiest * service_mean
    b.staff = max(
        1, min(500, math.ceil(minutes_of_work / (b.open_hours * 60) / occupancy))
    )
    b.days = days
    b.warmup_days = min(b.warmup_days, days - 1)
    c.initial_customers = customers
    if steady:
        s.attraction.prospects_per_day = STEADY_INFLOW * customers
        c.market_size = max(c.market_size, 1000 * customers)
    return s.validate()


def maxrss_mib() -> float:
    """Peak resident memory of this process so far (``ru_maxrss``), MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # B / KiB


def hwm_mib() -> float:
    """Peak resident memory of this process image (Linux ``VmHWM``), MiB.

    Unlike ``ru_maxrss``, ``VmHWM`` starts afresh at ``exec``: it cannot carry
    the parent's peak into a child. NaN where ``/proc`` is missing.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10
    except OSError:
        pass
    return math.nan


def memory_child(
    customers: int, days: int, occupancy: float, steady: bool = False
) -> dict[str, Any]:
    """Run the memory benchmark; meant for a fresh child process.

    Parameters
    ----------
    customers, days, occupancy, steady
        As for :func:`memory_scenario`.

    Returns
    -------
    dict
        Peak memory before and after the run (MiB), wall and CPU time,
        visits, staff and a few KPIs.
    """
    scenario = memory_scenario(customers, days, occupancy, steady)
    before = maxrss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    result = single_run(scenario)  # record_visits=True, as a user would
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    assert result.visits is not None
    svc = scenario.service
    service_mean = scenario.business.service_time * (
        1.0 - svc.training_speedup * svc.training_level
    )
    kpis = result.kpis
    return {
        "before_mib": before,
        "peak_mib": maxrss_mib(),
        "hwm_mib": hwm_mib(),
        "seconds": wall,
        "cpu": cpu,
        "visits": len(result.visits),
        "staff": scenario.business.staff,
        "occupancy": kpis["occupancy"],
        "offered_load": kpis["arrival_rate"] * service_mean / scenario.business.staff,
        "first_day_visits": int(result.daily["arrivals"].iloc[0]),
        "last_day_visits": int(result.daily["arrivals"].iloc[-1]),
        "active_end": int(kpis["active_customers"]),
        "customers_ever": len(result.customers),
        "visits_bytes": int(result.visits.memory_usage(deep=True).sum()),
    }


def memory(customers: int, days: int, quick: bool, steady: bool = False) -> list[Row]:
    """Benchmark 3: peak memory of a large run, in a fresh child process.

    Run it before the other benchmarks: on Linux a child's ``ru_maxrss``
    starts from the parent's resident size when it was started, so the parent
    should still be small.

    Parameters
    ----------
    customers
        Initial customers.
    days
        Days to simulate.
    quick
        A reduced load: printed, but the goal is not judged.
    steady
        Hold the customer base near ``customers`` (see :func:`memory_scenario`).

    Returns
    -------
    list of Row
        Rows for the final table.
    """
    base = "steady base" if steady else "base shrinking as customers leave"
    print(
        f"\n3. Memory: {customers:,} initial customers ({base}), {days} days, visits "
        "recorded (record_visits=True), one run in a fresh child process "
        f"(started first, while this process is small: {maxrss_mib():,.0f} MiB)..."
    )
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        m = pool.submit(memory_child, customers, days, 0.75, steady).result()
    print(
        f"   staff {m['staff']}, visits/day {m['first_day_visits']:,} on day 1, "
        f"{m['last_day_visits']:,} on the last day; "
        f"{m['active_end']:,} active customers at the end "
        f"({m['customers_ever']:,} ever).\n"
        f"   {m['visits']:,} visits recorded, visit table "
        f"{m['visits_bytes'] / 2**20:,.0f} MiB.\n"
        f"   Occupancy KPI {m['occupancy']:.3f}; offered load "
        f"(arrival rate x mean service / staff) {m['offered_load']:.3f}.\n"
        f"   Peak memory (ru_maxrss) {m['peak_mib']:,.0f} MiB; VmHWM "
        f"{m['hwm_mib']:,.0f} MiB; before the run {m['before_mib']:,.0f} MiB.\n"
        f"   Wall time {m['seconds']:.1f} s, CPU {m['cpu']:.1f} s ({load_note()})."
    )
    judged = "n/a (quick load)" if quick else None
    size = f"{customers // 1000}k {'steady' if steady else 'customers'}, {days} d"
    return [
        Row(
            f"3  peak memory, {size}, {m['visits']:,} visits",
            f"{m['peak_mib']:,.0f} MiB",
            f"< {MEMORY_GOAL_MIB:,.0f} MiB",
            judged or verdict(m["peak_mib"] < MEMORY_GOAL_MIB),
        ),
        Row(
            f"3  wall time, {size} (CPU {m['cpu']:.0f} s)",
            f"{m['seconds']:.1f} s",
            "-",
            "-",
        ),
        Row(
            f"3  occupancy KPI, {size} (sanity check)",
            f"{m['occupancy']:.3f}",
            f"< {OCCUPANCY_LIMIT}",
            verdict(m["occupancy"] < OCCUPANCY_LIMIT),
        ),
    ]
