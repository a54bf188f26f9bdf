"""Directions the mechanism must produce, each shown by a paired comparison.

Every comparison runs both arms with the same seed and the same replication
indices (common random numbers), takes the per-replication difference
``arm - baseline`` and asks that its 95% Student-t confidence interval lies
entirely on the stated side of zero. Nothing here is written into the model
as a rule: more staff, a loyalty programme, key-customer priority and a
win-back campaign act only through queues, service levels and the loyalty
ladder.

The baseline is the default business made busy: two staff instead of three,
so that waiting matters (about a minute on average, several per cent of
visitors giving up). Horizon 180 days, 30 of them warm-up.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import replicate, t_interval

from simulations import RunResult, Scenario

CONFIDENCE = 0.95
REPLICATIONS = 10

BASELINE = Scenario(name="busy baseline").set(
    **{"business.staff": 2, "business.days": 180, "business.warmup_days": 30}
)

ARMS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "four staff": {"business.staff": 4},
    "loyalty programme": {
        "retention.loyalty_programme": True,
        "retention.eligible_from": "regular",
    },
    "priority": {"service.queue_discipline": "priority"},
    "win-back": {"winback.campaign": True},
}


def measure(result: RunResult) -> dict[str, float]:
    """KPIs plus the mean wait of key and other customers after warm-up."""
    out = dict(result.kpis)
    visits = result.visits
    if visits is None:
        return out
    measured = visits[visits["day"] >= result.warmup_days]
    out["key_wait"] = float(measured.loc[measured["key"], "wait"].mean())
    out["other_wait"] = float(measured.loc[~measured["key"], "wait"].mean())
    out["key_visits"] = float(measured["key"].sum())
    return out


_RUNS: dict[str, list[dict[str, float]]] = {}


def runs(arm: str) -> list[dict[str, float]]:
    """Measures of the replications of an arm, run once per session."""
    if arm not in _RUNS:
        scenario = BASELINE.copy(arm, **ARMS[arm])
        _RUNS[arm] = replicate(
            scenario,
            REPLICATIONS,
            record_visits=arm in ("baseline", "priority"),
            measure=measure,
        )
    return _RUNS[arm]


def paired(arm: str, kpi: str) -> tuple[float, float, float, str]:
    """95% interval of ``arm - baseline`` for ``kpi``, and a line to print."""
    base = np.array([r[kpi] for r in runs("baseline")])
    other = np.array([r[kpi] for r in runs(arm)])
    mean, low, high = t_interval(other - base, CONFIDENCE)
    line = (
        f"{arm} - baseline, {kpi}: mean difference {mean:.5g}, "
        f"{CONFIDENCE:.0%} paired t interval [{low:.5g}, {high:.5g}] over "
        f"{len(base)} replications (baseline mean {base.mean():.5g})"
    )
    print(line)
    return mean, low, high, line


def assert_lower(arm: str, kpi: str) -> None:
    """The arm's KPI is lower: the whole 95% interval is below zero."""
    _, _, high, line = paired(arm, kpi)
    assert high < 0, f"expected lower {kpi}; 95% interval not below 0: {line}"


def assert_higher(arm: str, kpi: str) -> None:
    """The arm's KPI is higher: the whole 95% interval is above zero."""
    _, low, _, line = paired(arm, kpi)
    assert low > 0, f"expected higher {kpi}; 95% interval not above 0: {line}"


def test_baseline_is_busy_enough_for_waiting_to_matter() -> None:
    """The baseline queues: people wait and some give up."""
    base = runs("baseline")
    assert np.mean([r["mean_wait"] for r in base]) > 0.5
    assert np.mean([r["abandonment_rate"] for r in base]) > 0.02


# ---------------------------------------------------------------- (a) staff


@pytest.mark.slow
def test_more_staff_shortens_the_wait() -> None:
    assert_lower("four staff", "mean_wait")


@pytest.mark.slow
def test_more_staff_gives_more_wow_visits() -> None:
    assert_higher("four staff", "share_wow")


@pytest.mark.slow
def test_more_staff_lowers_churn() -> None:
    assert_lower("four staff", "churn_rate")


# ---------------------------------------------------------------- (b) retention


@pytest.mark.slow
def test_loyalty_programme_lowers_churn() -> None:
    assert_lower("loyalty programme", "churn_rate")


@pytest.mark.slow
def test_loyalty_programme_costs_discounts() -> None:
    """The programme is not free: discounts lower revenue per visit."""
    base = np.array([r["revenue"] / r["visits"] for r in runs("baseline")])
    other = np.array([r["revenue"] / r["visits"] for r in runs("loyalty programme")])
    _, _, high = t_interval(other - base, CONFIDENCE)
    assert high < 0, f"revenue per visit not lower with discounts: {high}"


# ---------------------------------------------------------------- (c) priority


@pytest.mark.slow
def test_priority_shortens_key_customers_wait() -> None:
    assert min(r["key_visits"] for r in runs("priority")) > 1000
    assert_lower("priority", "key_wait")


@pytest.mark.slow
def test_priority_makes_the_others_wait_longer() -> None:
    """The price of priority: customers who are not key wait longer."""
    assert_higher("priority", "other_wait")


# ---------------------------------------------------------------- (d) win-back


@pytest.mark.slow
def test_winback_campaign_wins_customers_back() -> None:
    assert all(r["won_back"] == 0 for r in runs("baseline"))
    assert all(r["won_back"] > 0 for r in runs("win-back"))
    assert_higher("win-back", "won_back")


@pytest.mark.slow
def test_winback_campaign_leaves_more_active_customers() -> None:
    assert_higher("win-back", "active_customers")
