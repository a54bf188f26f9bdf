"""Calibration: the published CDNOW values, the round trip, the holdout check.

The CDNOW sample (2,357 customers of the online CD retailer CDNOW who first
bought in the first quarter of 1997, with their purchases to June 1998; Fader,
Hardie & Lee 2005) comes from the ``cdnow_file`` fixture (``conftest.py``).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import KNOWN, known_business

from simulations import Scenario, single_run
from simulations.calibration import calibrate, to_scenario

CDNOW_PUBLISHED = {
    "bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    "gamma_gamma": {"p": 6.25, "q": 3.74, "v": 15.44},
}
"""Fader, Hardie & Lee 2005 (BG/NBD, Marketing Science 24(2)) and Fader &
Hardie 2013 (Gamma-Gamma): calibration to 1997-09-30, in weeks."""


def test_cdnow_matches_the_published_values(cdnow):
    cal = cdnow
    assert cal.customers == 2357
    assert cal.bgnbd.well_determined and cal.gamma_gamma.well_determined
    found = cal.to_json()
    for model, published in CDNOW_PUBLISHED.items():
        for name, value in published.items():
            assert found[model][name] == pytest.approx(value, rel=0.01), name
    assert cal.bgnbd.loglik == pytest.approx(-9582.4, abs=0.1)  # as published
    errors = found["standard_errors"]
    assert errors["bgnbd"]["r"] == pytest.approx(0.0126, rel=0.05)
    assert set(errors["gamma_gamma"]) == {"p", "q", "v"}
    # Fit check: the expected repeat-purchase histogram is close to the data.
    histogram = cal.repeat_histogram()
    assert histogram["expected"].sum() == pytest.approx(2357)
    assert abs(histogram.loc["0", "expected"] - 1411) < 10
    # Holdout: 39 more weeks; BG/NBD's total forecast is within 15%.
    total = cal.holdout.loc["total"]
    assert total["actual"] == 1882
    assert total["predicted"] == pytest.approx(total["actual"], rel=0.15)


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    """Two years of a calibrated business without service feedback."""
    scenario = known_business(
        8.0,
        **{
            "customers.service_feedback": False,
            "customers.patience": math.inf,
            "business.staff": 6,
            "business.days": 720,
            "business.warmup_days": 0,
        },
    )
    scenario.seed = 11
    return single_run(scenario).transactions()


def test_round_trip_lands_in_the_99_percent_intervals(simulated):
    cal = calibrate(simulated, unit="week")
    assert cal.customers > 4000
    intervals = {
        "bgnbd": cal.bgnbd.interval(0.99),
        "gamma_gamma": cal.gamma_gamma.interval(0.99),
    }
    for model, params in KNOWN.items():
        for name, value in params.items():
            low, high = intervals[model][name]
            assert low <= value <= high, (model, name, low, value, high)


def test_holdout_forecast_of_the_simulated_business(simulated):
    cal = calibrate(
        simulated, until="2026-12-26", holdout_until="2027-12-21", unit="week"
    )
    table = cal.holdout
    total = table.loc["total"]
    assert total["predicted"] == pytest.approx(total["actual"], rel=0.08)
    # The frequent buyers of the calibration period are forecast well too.
    best = table.loc["7+"]
    assert best["predicted"] == pytest.approx(best["actual"], rel=0.15)


def test_scenario_mapping():
    cal_params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    s = to_scenario(
        cal_params,
        {"p": 6.25, "q": 3.74, "v": 15.44},
        "week",
        initial_customers=100,
        prospects_per_day=1.5,
    )
    c = s.customers
    assert c.visit_rate_shape == 0.243
    assert c.visits_regular == pytest.approx(0.243 / 4.414 / 7 * 30)
    assert c.visits_new == c.visits_loyal == c.visits_advocate == c.visits_regular
    assert c.leave_after_standard == pytest.approx(0.793 / (0.793 + 2.426))
    assert c.leave_concentration == pytest.approx(0.793 + 2.426)
    assert c.spend_mean == pytest.approx(6.25 * 15.44 / 2.74)
    assert math.exp(c.spend_sigma**2) - 1 == pytest.approx(1 / 1.74)
    assert c.spend_distribution == "gamma_gamma" and c.spend_visit_shape == 6.25
    assert Scenario.from_toml_text(s.to_toml()).to_dict() == s.to_dict()
