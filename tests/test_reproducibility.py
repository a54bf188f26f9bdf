"""Random numbers: reproducible runs and common random numbers.

The same seed and replication index must give the same numbers, whatever
ran before and in whichever process; another seed or index must give other
numbers. Two scenarios that differ only in a lever see the same arrivals and
use the same draws for the same visits (common random numbers), which is what
makes paired comparisons sharp.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from conftest import SERVICE_TIME, plain_queue, replicate, run_many

from simulations import KPIS, PRESETS, RunResult, Scenario, single_run
from simulations.model.streams import ACTIVITIES, Streams


def rich_scenario(seed: int = 2026) -> Scenario:
    """Every mechanism switched on (client-centric preset), a short horizon."""
    return Scenario.preset("client_centric").copy(
        **{"seed": seed, "business.days": 60, "business.warmup_days": 20}
    )


def same_kpis(a: dict[str, float], b: dict[str, float]) -> bool:
    """Equal KPI dictionaries, NaN equal to NaN, no tolerance."""
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])) for k in a
    )


def assert_same_run(a: RunResult, b: RunResult) -> None:
    """Bit-identical KPIs and tables."""
    assert same_kpis(a.kpis, b.kpis), {
        k: (a.kpis[k], b.kpis[k]) for k in a.kpis if a.kpis[k] != b.kpis[k]
    }
    assert a.visits is not None and b.visits is not None
    pd.testing.assert_frame_equal(a.visits, b.visits, check_exact=True)
    pd.testing.assert_frame_equal(a.customers, b.customers, check_exact=True)
    pd.testing.assert_frame_equal(a.daily, b.daily, check_exact=True)


# ---------------------------------------------------------------- same seed


def test_same_seed_gives_identical_kpis_and_tables() -> None:
    """Two runs of the same seed and replication are identical, bit for bit.

    Another run in between (another replication) must not disturb them.
    """
    first = single_run(rich_scenario(), replication=0)
    single_run(rich_scenario(), replication=1)
    again = single_run(rich_scenario(), replication=0)
    assert len(first.visits) > 1000
    assert_same_run(first, again)


def test_same_numbers_in_a_worker_process() -> None:
    """A replication gives the same KPIs in a worker process as in this one."""
    scenario = rich_scenario()
    here = [single_run(scenario, i, record_visits=False).kpis for i in (0, 3)]
    there = replicate(scenario, [0, 3])
    for a, b in zip(here, there, strict=True):
        assert same_kpis(a, b)


def test_different_seed_gives_different_numbers() -> None:
    """Another seed changes the visits and the KPIs."""
    a = single_run(rich_scenario(2026), replication=0)
    b = single_run(rich_scenario(2027), replication=0)
    assert not same_kpis(a.kpis, b.kpis)
    assert a.kpis["profit"] != b.kpis["profit"]
    assert not a.visits["arrived"].equals(b.visits["arrived"])


def test_replications_differ() -> None:
    """Replications 0 and 1 of the same seed use independent streams."""
    a = single_run(rich_scenario(), replication=0)
    b = single_run(rich_scenario(), replication=1)
    assert a.kpis["profit"] != b.kpis["profit"]
    assert a.kpis["mean_wait"] != b.kpis["mean_wait"]
    n = min(len(a.visits), len(b.visits))
    assert not np.array_equal(a.visits["arrived"][:n], b.visits["arrived"][:n])


def test_streams_are_distinct_per_activity_and_replication() -> None:
    """No two activities, and no two replications, share a stream."""
    firsts = set()
    for replication in (0, 1):
        streams = Streams(2026, replication)
        for name in ACTIVITIES:
            firsts.add(getattr(streams, name).uniform())
    assert len(firsts) == 2 * len(ACTIVITIES)


# ---------------------------------------------------------------- common random numbers


PLAIN_DAYS = 40


def plain(staff: int) -> Scenario:
    """A busy plain queue (load 1.5 erlangs) with ``staff`` servers."""
    return plain_queue(staff, 1.5, days=PLAIN_DAYS, warmup_days=2, seed=99)


def test_staff_levels_see_the_same_arrivals() -> None:
    """Two staff levels of a plain queue: same arrival times, same customers."""
    two = single_run(plain(2), replication=4)
    three = single_run(plain(3), replication=4)

    # Arrival times: equal as sets; the visits table lists only finished
    # visits, so compare those that arrived before the last day.
    cutoff = (PLAIN_DAYS - 1) * 600.0
    arrived = [
        np.sort(r.visits.loc[r.visits["arrived"] < cutoff, "arrived"].to_numpy())
        for r in (two, three)
    ]
    assert arrived[0].size > 4000
    np.testing.assert_array_equal(arrived[0], arrived[1])

    # The same visit is the same customer (same value draw, same key flag).
    by_time = [
        r.visits.set_index("arrived").loc[arrived[0], ["customer", "key"]]
        for r in (two, three)
    ]
    pd.testing.assert_frame_equal(by_time[0], by_time[1])

    # The waits do differ: the staff level mattered.
    waits = [
        r.visits.set_index("arrived").loc[arrived[0], "wait"].to_numpy()
        for r in (two, three)
    ]
    assert waits[0].mean() > waits[1].mean()


def test_the_kth_newcomer_is_the_same_person_under_two_policies() -> None:
    """Full model, two staff levels: the k-th customer of each origin has the
    same traits (value, visit rate, base chance of leaving, key flag)."""
    base = Scenario.preset("client_centric").copy(
        **{"business.days": 90, "business.warmup_days": 10}
    )
    runs = [single_run(base.copy(**{"business.staff": n})) for n in (3, 4)]
    traits = ["value", "rate", "leave_scale", "key"]  # expectation is state
    tables = [r.customers.set_index(["origin", "number"])[traits] for r in runs]
    common = tables[0].index.intersection(tables[1].index)
    assert len(common) > 1500
    pd.testing.assert_frame_equal(tables[0].loc[common], tables[1].loc[common])


def test_single_server_service_times_come_from_the_service_stream() -> None:
    """A one-server FIFO queue's service times, read off the visits table, are
    the exponential draws of the shared ``visits`` stream in arrival order
    (patience is endless here, so it draws nothing).

    In M/M/1 FIFO, when visit k+1 waits, it starts when visit k ends, so
    ``S_k = (A_{k+1} + W_{k+1}) - (A_k + W_k)``.
    """
    scenario = plain_queue(1, 0.8, days=10, warmup_days=1, seed=5)
    visits = single_run(scenario, replication=2).visits.sort_values("arrived")
    start = (visits["arrived"] + visits["wait"]).to_numpy()
    waited_next = visits["wait"].to_numpy()[1:] > 0
    observed = np.diff(start)[waited_next]

    stream = Streams(scenario.seed, 2).visits
    # The first visit's first draw is its complaint chance (a uniform): the
    # stream's blocks come from one generator in the order they are first used.
    stream.uniform()
    drawn = np.array([stream.exponential(SERVICE_TIME) for _ in range(len(visits))])
    expected = drawn[:-1][waited_next]
    assert observed.size > 200
    np.testing.assert_allclose(observed, expected, rtol=1e-9, atol=1e-9)


def test_lever_change_keeps_the_first_visits_of_initial_customers() -> None:
    """With feedback on, an initial customer's first visit does not depend on
    staff: it is the first draw of that customer's own stream."""
    base = Scenario().copy(**{"business.days": 5, "business.warmup_days": 1})
    day = base.business.open_hours * 60
    regular_gap = 30 * day / base.customers.visits_regular
    streams = Streams(base.seed, 0)
    for staff in (2, 4):
        run = single_run(base.copy(**{"business.staff": staff}))
        visits, customers = run.visits, run.customers
        first = visits[visits["customer"] < 1500].groupby("customer")["arrived"].min()
        first = first[first < 4 * day]
        assert len(first) > 200
        drawn = [
            streams.customer("initial", customers.loc[c, "number"]).exponential(
                regular_gap / customers.loc[c, "rate"]
            )
            for c in first.index
        ]
        np.testing.assert_allclose(first.to_numpy(), drawn, rtol=1e-12)


# ---------------------------------------------------------------- presets


def test_presets_run_with_finite_kpis() -> None:
    """Each shipped preset runs its full horizon; every KPI is finite."""
    presets = [Scenario.preset(name) for name in PRESETS]
    results = run_many([(s, 0) for s in presets], measure=kpis_and_days)
    for name, scenario, (kpis, days) in zip(PRESETS, presets, results, strict=True):
        assert set(kpis) == set(KPIS), name
        bad = {k: v for k, v in kpis.items() if not math.isfinite(v)}
        assert not bad, f"{name}: KPIs not finite: {bad}"
        assert kpis["visits"] > 0, name
        assert days == scenario.business.days, name


def kpis_and_days(result: RunResult) -> tuple[dict[str, float], int]:
    """KPIs of a run and the number of days in its books."""
    return result.kpis, len(result.daily)


def test_customer_streams_same_numbers_however_made() -> None:
    """A customer's stream gives the same numbers whether it was made alone,
    in a batch of newcomers, or among the initial customers prepared at once,
    past the first block and into later ones (300 numbers)."""
    seed, origin = 11, "organic"

    def numbers(stream) -> list[float]:
        return [stream.uniform() for _ in range(300)]

    in_order = Streams(seed, 2)  # newcomers 0, 1, 2...: made in batches
    batched = [numbers(in_order.customer(origin, n)) for n in range(130)]
    alone = Streams(seed, 2)  # out of order: each made alone
    for n in (129, 5, 64, 63, 0):
        assert numbers(alone.customer(origin, n)) == batched[n], n
    prepared = Streams(seed, 2)
    prepared.prepare(origin, 100)
    for n in (0, 57, 99):
        assert numbers(prepared.customer(origin, n)) == batched[n], n
    assert batched[0] != batched[1]  # each customer has numbers of their own
