"""Replications, intervals, common random numbers, parallel runs, sweeps, warm-up."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulations import ParameterError, Scenario, single_run
from simulations.analytic import erlang_c
from simulations.experiments import (
    compare,
    mser5,
    multiple_replications,
    replications_needed,
    run_tasks,
    sweep,
    t_interval,
    verdict,
)


def short(scenario: Scenario, days: int = 90, warmup: int = 20) -> Scenario:
    """The same business over a shorter horizon, to keep tests quick."""
    return scenario.copy(**{"business.days": days, "business.warmup_days": warmup})


def fail_on_two(scenario: Scenario, replication: int, record_visits: bool):
    """A runner whose replication 2 breaks (module level: workers import it)."""
    if replication == 2:
        raise RuntimeError("broken on purpose")
    return single_run(scenario, replication, record_visits)


def interrupt_on_three(scenario: Scenario, replication: int, record_visits: bool):
    """A runner that behaves as if the user pressed Ctrl-C at replication 3."""
    if replication == 3:
        raise KeyboardInterrupt
    return single_run(scenario, replication, record_visits)


# ---------------------------------------------------------------- intervals
@pytest.mark.slow
def test_95_percent_intervals_cover_erlang_c_about_95_percent_of_the_time(plain_queue):
    """Coverage of the Student-t interval on the M/M/c case.

    200 independent experiments, each of 5 replications of an M/M/2 queue at
    60% occupancy, each giving a 95% interval for the probability of waiting.
    The share of intervals that contain the Erlang C value must be within
    three binomial standard errors of 0.95 (about 0.904 to 0.996).
    """
    experiments, reps = 200, 5
    scenario = plain_queue(2, 1.2, days=10, warmup_days=1)
    tasks = [(scenario, i) for i in range(experiments * reps)]
    batch = run_tasks(tasks, workers=2, progress=False)
    assert not batch.failures and all(r is not None for r in batch.results)
    p_wait = np.array([r.kpis["p_wait"] for r in batch.results]).reshape(
        experiments, reps
    )
    truth = erlang_c(1.2 / 8.0, 8.0, 2, 4.0).p_wait
    covered = 0
    for row in p_wait:
        mean, hw = t_interval(row, 0.95)
        covered += mean - hw <= truth <= mean + hw
    share = covered / experiments
    se = math.sqrt(0.95 * 0.05 / experiments)
    assert abs(share - 0.95) <= 3 * se, (
        f"95% intervals covered Erlang C's p_wait={truth:.4f} in {share:.1%} of "
        f"{experiments} experiments; expected 95% ± {3 * se:.1%}"
    )


def test_t_interval_matches_textbook_formula():
    values = [3.0, 5.0, 4.0, 6.0]
    mean, hw = t_interval(values, 0.95)
    expected = stats.t.ppf(0.975, 3) * np.std(values, ddof=1) / 2
    assert mean == 4.5
    assert hw == pytest.approx(expected)
    with pytest.raises(ParameterError, match="confidence"):
        t_interval(values, 1.5)


def test_summary_has_interval_around_the_mean():
    reps = multiple_replications(short(Scenario()), 4, workers=1, progress=False)
    row = reps.summary().loc["profit"]
    assert row["n"] == 4
    assert row["ci_low"] < row["mean"] < row["ci_high"]
    assert row["half_width"] == pytest.approx(row["mean"] - row["ci_low"])


# ---------------------------------------------------------------- parallel
def test_serial_and_parallel_give_identical_results():
    scenario = short(Scenario.preset("client_centric"))
    serial = multiple_replications(scenario, 4, workers=1, progress=False)
    parallel = multiple_replications(scenario, 4, workers=2, progress=False)
    pd.testing.assert_frame_equal(serial.kpis, parallel.kpis)
    with ThreadPoolExecutor(2) as pool:
        threaded = multiple_replications(scenario, 4, executor=pool, progress=False)
    pd.testing.assert_frame_equal(serial.kpis, threaded.kpis)


def test_replication_index_not_worker_sets_the_numbers():
    scenario = short(Scenario())
    later = multiple_replications(scenario, 2, first=2, workers=1, progress=False)
    alone = single_run(scenario, 3, record_visits=False)
    assert later.kpis.loc[3, "profit"] == alone.kpis["profit"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_replication_keeps_the_finished_ones(workers):
    scenario = short(Scenario(), days=40, warmup=5)
    reps = multiple_replications(
        scenario, 5, workers=workers, progress=False, runner=fail_on_two
    )
    assert sorted(reps.kpis.index) == [0, 1, 3, 4]
    assert len(reps.failures) == 1
    assert reps.failures[0].replication == 2
    assert "broken on purpose" in reps.failures[0].error
    assert not reps.complete


def test_an_interrupted_batch_keeps_the_finished_ones():
    scenario = short(Scenario(), days=40, warmup=5)
    reps = multiple_replications(
        scenario, 6, workers=1, progress=False, runner=interrupt_on_three
    )
    assert reps.interrupted
    assert sorted(reps.kpis.index) == [0, 1, 2]


def test_workers_and_replications_are_checked():
    with pytest.raises(ParameterError, match="workers = 0"):
        multiple_replications(Scenario(), 2, workers=0)
    with pytest.raises(ParameterError, match="replications = 0"):
        multiple_replications(Scenario(), 0)


# ---------------------------------------------------------------- compare
def test_common_random_numbers_narrow_a_staffing_difference(plain_queue):
    """Paired runs (same seed) against runs with independent seeds.

    The 95% interval of the difference in mean wait between 3 and 4 staff is
    narrower with common random numbers than with independent seeds.
    """
    base = plain_queue(3, 2.4, days=30, warmup_days=3, name="3 staff")
    more = base.copy("4 staff", **{"business.staff": 4})
    paired = compare(base, more, 10, kpis=["mean_wait"], workers=2, progress=False)
    row = paired.table.loc[("4 staff", "mean_wait")]
    independent = multiple_replications(
        more.copy(seed=base.seed + 1), 10, workers=2, progress=False
    )
    x = paired.baseline.kpis["mean_wait"].to_numpy()
    y = independent.kpis["mean_wait"].to_numpy()
    se = math.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y))
    independent_hw = stats.t.ppf(0.975, len(x) - 1) * se
    assert row["half_width"] < independent_hw, (row["half_width"], independent_hw)
    assert row["crn_narrowing"] > 0
    assert row["ci_high"] < 0, "4 staff must wait less than 3"
    assert "lower" in row["verdict"] and "better" in row["verdict"]


def test_compare_forces_the_baseline_seed_and_needs_distinct_names():
    base = short(Scenario(name="base", seed=11), days=40, warmup=5)
    alt = base.copy("alt").set(seed=99)
    cmp = compare(base, [alt], 2, kpis=["profit"], workers=1, progress=False)
    assert cmp.alternatives["alt"].scenario.seed == 11
    # Identical scenarios under CRN: the difference is exactly zero.
    assert cmp.table.loc[("alt", "profit"), "difference"] == 0
    assert cmp.table.loc[("alt", "profit"), "verdict"] == "no clear difference"
    with pytest.raises(ParameterError, match="names must differ"):
        compare(base, [base.copy()], 2)


def test_verdict_words():
    assert verdict("profit", 5000.0, 1000.0, 0.95).endswith("better")
    assert "lower" in verdict("profit", -5000.0, 1000.0, 0.95)
    assert verdict("churn_rate", -0.01, 0.002, 0.95).endswith("better")
    assert verdict("mean_wait", 1.0, 2.0, 0.95) == "no clear difference"


# ---------------------------------------------------------------- sweeps
def test_sweep_gives_one_row_per_scenario_and_replication():
    scenario = short(Scenario(), days=40, warmup=5)
    table = sweep(
        scenario,
        {"business.staff": [2, 3], "service.training_level": [0.0, 1.0]},
        2,
        workers=2,
        progress=False,
    )
    assert len(table) == 2 * 2 * 2
    assert {"business.staff", "service.training_level", "replication", "profit"} <= set(
        table.columns
    )
    assert (
        table.groupby(["business.staff", "service.training_level"]).size().eq(2).all()
    )
    with pytest.raises(ParameterError, match="one or two levers"):
        sweep(
            scenario,
            {
                "business.staff": [2],
                "service.training_level": [0.1],
                "retention.discount": [0.1],
            },
        )
    with pytest.raises(ParameterError, match=r"business\.staff"):
        sweep(scenario, {"business.staff": [0, 2]}, 1, workers=1, progress=False)


# ---------------------------------------------------------------- warm-up
def test_mser5_finds_a_known_transient():
    rng = np.random.default_rng(1)
    transient = np.linspace(50, 10, 40)
    steady = 10 + rng.normal(0, 1, 300)
    cut = mser5(np.r_[transient, steady])
    assert 25 <= cut <= 60, cut
    assert mser5(10 + rng.normal(0, 1, 300)) <= 30
    with pytest.raises(ParameterError, match="too short"):
        mser5([1.0] * 10)


def test_replications_needed_reaches_the_precision():
    scenario = short(Scenario(), days=60, warmup=10)
    # Revenue, not profit: with rouble wages the staff cost takes most of the
    # margin, so a 50-day profit is small against its noise (the procedure is
    # what is tested here).
    found = replications_needed(
        scenario,
        "revenue",
        0.10,
        initial=3,
        look_ahead=2,
        max_replications=20,
        workers=2,
        progress=False,
    )
    assert found.replications is not None, str(found)
    assert found.table.loc[found.replications, "relative"] <= 0.10
    assert "replications give" in str(found)
    with pytest.raises(ParameterError, match="kpi"):
        replications_needed(scenario, "profitt")


# ---------------------------------------------------------------- Dask
@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_numbers():
    distributed = pytest.importorskip("distributed")
    scenario = short(Scenario.preset("customer_oriented"), days=40, warmup=5)
    serial = multiple_replications(scenario, 3, workers=1, progress=False)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = multiple_replications(
            scenario, 3, executor=client.get_executor(), progress=False
        )
    pd.testing.assert_frame_equal(serial.kpis, on_dask.kpis)
