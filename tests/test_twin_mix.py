"""Drop-out at the business's own service mix: the root search, and a busy queue.

On a busy queue the mix depends on the chances of leaving: fewer leaving
means a longer queue, more low visits and more visits given up. The mapping
finds the standard visit's chance by a root search on simulations of the
data's period (``simulations.calibration.search``). Statistical tests state
their confidence level (99%) and draw from fixed seeds.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.special import expit

from simulations import single_run
from simulations.calibration import calibrate, service_mix, to_scenario
from simulations.calibration.search import rising_root

TRUTH = {"r": 0.6, "alpha": 2.0, "a": 0.8, "b": 2.5, "p": 5.0, "q": 4.0, "v": 270.0}


def test_the_search_settles_on_a_function_of_fixed_random_numbers():
    """A share of fixed uniforms below expit(x): a step function, as a gap
    computed on common random numbers is. Brent's method ends on a step."""
    draws = np.random.default_rng(1).random(5000)
    calls = []

    def gap(x: float) -> float:
        calls.append(x)
        return float(np.mean(draws < expit(x))) - 0.3

    root = rising_root(gap, 3.0, close=1e-6, tolerance=1e-3)
    assert root in calls  # the answer is a point the search tried
    assert len(calls) == len(set(calls)) <= 25  # each point tried once
    below, above = gap(root - 5e-3), gap(root + 5e-3)
    assert below <= 0.0 <= above or abs(gap(root)) <= 1e-6
    assert expit(root) == pytest.approx(0.3, abs=0.02)


def test_the_search_stops_close_enough_and_steps_past_the_secant():
    """Positive feedback, as on a busy queue: the first step (from the hint)
    falls short, the next ones cross; it stops at the first point within
    ``close``."""

    def mean(x: float) -> float:
        chance = expit(x)
        return chance * (1.0 + 2.0 * (1.0 - chance))

    calls = []

    def gap(x: float) -> float:
        calls.append(x)
        return mean(x) - 0.35

    root = rising_root(gap, -1.0, close=0.0035, hint=(-0.6, mean(-0.6) - 0.35))
    assert abs(gap(root)) <= 0.0035
    assert len(calls) <= 8


def test_with_no_root_the_search_keeps_its_best_trial():
    tried = {}

    def gap(x: float) -> float:
        tried[x] = 1.0 + expit(x)  # never zero
        return tried[x]

    best = rising_root(gap, 0.0, close=1e-6, trials=6)
    assert len(tried) <= 6
    assert tried[best] == min(tried.values())


def busy_business():
    """Exercise 10's busy business: two staff, 16-minute visits, 12 prospects
    a day, service feedback on; 480 days."""
    busy = to_scenario(
        {k: TRUTH[k] for k in ("r", "alpha", "a", "b")},
        {k: TRUTH[k] for k in ("p", "q", "v")},
        "week",
        initial_customers=0,
        prospects_per_day=12.0,
    )
    busy.set(**{"business.staff": 2, "business.service_time": 16.0})
    busy.set(**{"business.days": 480, "business.warmup_days": 0})
    busy.set(**{"customers.first_visit_leaving": False})
    busy.seed = 7
    return busy


@pytest.mark.slow
def test_on_a_busy_queue_the_twin_loses_customers_as_fitted(monkeypatch):
    """The mapping settles in a few trials, and 10 fresh runs of the data's
    period at the chances found give the fitted mean chance of leaving per
    repeat purchase: 99% interval of the difference between their mean and
    the mapping's own four runs, ``t * sd * sqrt(1 / 10 + 1 / 4)``. The
    fixed-point rounds this search replaced ended at 0.26 against 0.35."""
    busy = busy_business()
    sales = single_run(busy).transactions()
    cal = calibrate(sales, until="2026-12-26")
    trials = []
    simulate = service_mix.service_mix

    def counted(scenario, days=service_mix.PILOT_DAYS, replications=4):
        trials.append(days)
        return simulate(scenario, days, replications)

    monkeypatch.setattr(service_mix, "service_mix", counted)
    twin = cal.scenario(base=busy)
    monkeypatch.undo()
    assert len(trials) <= 8
    period = cal.replay(twin)
    c = period.customers
    chances = np.array([c.leave_after_low, c.leave_after_standard, c.leave_after_wow])
    assert np.all(np.diff(chances) < 0) and chances[0] < 1.0
    means = []
    for replication in range(100, 110):
        probe = service_mix._MixProbe(period, replication)
        probe.run()
        means.append(float(probe.weights @ chances) / probe.own)
    half = stats.t.ppf(0.995, 9) * np.std(means, ddof=1) * math.sqrt(1 / 10 + 1 / 4)
    assert abs(np.mean(means) - cal.model.mean_drop) <= half, (means, half)
