"""The mended mechanism: programme effects, customer equity, own streams,
heterogeneous customers, service feedback, and sensitivity analysis.

Statistical checks state their confidence level; deterministic ones compare
exact numbers (common random numbers make the runs share every draw).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulations import Scenario, single_run
from simulations.analytic import clv_first_payment_next
from simulations.experiments import sensitivity
from simulations.model.customers import member_leave_factor
from simulations.parameters import needs, outcome_key
from simulations.results import customer_equity

SHORT = {"business.days": 120, "business.warmup_days": 20}


def short(name: str = "client_centric", **changes: object) -> Scenario:
    """A preset on a short horizon."""
    return Scenario.preset(name).copy(**{**SHORT, **changes})


def test_a_programme_that_gives_nothing_changes_nothing() -> None:
    """No discount and no running benefit: every KPI as without a programme."""
    off = short(**{"retention.loyalty_programme": False})
    free = short(
        **{
            "retention.loyalty_programme": True,
            "retention.discount": 0.0,
            "retention.cost_per_member": 0.0,
        }
    )
    assert member_leave_factor(free) == 1.0
    a, b = single_run(off, record_visits=False), single_run(free, record_visits=False)
    assert a.kpis == b.kpis


def test_the_programme_effect_grows_with_what_it_gives_with_diminishing_returns():
    """The cut in leaving rises with the discount, each step adding less."""
    cuts = [
        1 - member_leave_factor(short(**{"retention.discount": d}))
        for d in (0.0, 0.05, 0.10, 0.15, 0.20)
    ]
    steps = np.diff(cuts)
    assert (steps > 0).all() and (np.diff(steps) < 0).all()
    assert cuts[-1] < Scenario().retention.leave_reduction  # never above the cap


def test_discount_rate_drives_customer_equity_not_profit() -> None:
    """A higher discount rate lowers customer equity and present values only."""
    low = single_run(short(**{"economics.discount_rate": 0.05}), record_visits=False)
    high = single_run(short(**{"economics.discount_rate": 0.30}), record_visits=False)
    assert low.kpis["profit"] == high.kpis["profit"]
    assert low.kpis["customer_equity"] > high.kpis["customer_equity"] > 0
    assert low.kpis["profit_pv"] > high.kpis["profit_pv"]


def test_customer_equity_is_the_course_clv_form_per_customer() -> None:
    """One customer's equity is m r / (1 + d - r) with the monthly rate."""
    d_year = 0.1
    d_month = (1 + d_year) ** (1 / 12) - 1
    equity = customer_equity(np.array([[30.0], [0.95]]), d_year)
    assert equity == pytest.approx(clv_first_payment_next(30.0, 0.95, d_month))


def test_value_created_is_profit_plus_the_change_in_equity() -> None:
    """value created = PV of profit + discounted end equity - start equity."""
    result = single_run(short(), record_visits=False)
    k = result.kpis
    years = (SHORT["business.days"] - SHORT["business.warmup_days"]) / 360
    start = k["value_created"] - k["profit_pv"] - k["customer_equity"] / 1.1**years
    assert start < 0  # the equity at the start, subtracted, is positive
    assert k["value_created"] != k["profit"]


def test_without_service_feedback_service_changes_nothing_for_the_customers():
    """Service feedback off: the same initial customers leave under 2 and
    under 6 staff, at the same visit (the day moves only by the waits), and
    nobody moves up the ladder."""
    runs = [
        single_run(
            short(
                "product_centric",
                **{"customers.service_feedback": False, "business.staff": n},
            ),
            record_visits=False,
        )
        for n in (2, 6)
    ]
    left = [
        r.customers.loc[r.customers["origin"] == "initial", "left_day"] for r in runs
    ]
    either = left[0].notna() | left[1].notna()
    both = left[0].notna() & left[1].notna()
    assert either.sum() > 50
    # Only a visit pushed past the horizon by a longer wait may differ.
    assert both.sum() >= 0.98 * either.sum()
    assert (left[0][both] - left[1][both]).abs().max() < 1.0
    for r in runs:
        assert set(r.customers["phase"]) <= {"new", "regular", "lost", "won_back"}
    assert runs[0].kpis["mean_wait"] > runs[1].kpis["mean_wait"]


def test_visit_rates_are_spread_as_declared() -> None:
    """Base visit rates: mean 1 and variance 1/shape, inside 99% intervals."""
    shape = 2.0
    result = single_run(
        short(**{"customers.visit_rate_shape": shape, "business.days": 30}),
        record_visits=False,
    )
    rates = result.customers["rate"].to_numpy()
    n = len(rates)
    assert n > 1000
    z = stats.norm.ppf(0.995)
    # The mean of n Gamma(shape, 1/shape) draws: sd sqrt(1/(shape n)).
    assert abs(rates.mean() - 1.0) < z * math.sqrt(1 / (shape * n))
    # The sample variance: Gamma's fourth moment gives its sd (6/shape^3 + 2/shape^2).
    var_sd = math.sqrt((6 / shape**3 + 2 / shape**2) / n)
    assert abs(rates.var(ddof=1) - 1 / shape) < z * var_sd


@pytest.mark.slow
def test_common_random_numbers_hold_as_policies_diverge() -> None:
    """Client-centric with 3 vs 4 staff, 30 pairs: the paired profit interval
    is at most 0.30 of what independent runs give."""
    base = short(**{"business.days": 180, "business.warmup_days": 30})
    alt = base.copy(**{"business.staff": 4})
    independent = alt.copy()
    independent.seed = base.seed + 1
    n = 30

    def profits(s: Scenario) -> np.ndarray:
        return np.array(
            [single_run(s, r, record_visits=False).kpis["profit"] for r in range(n)]
        )

    a, b, c = profits(base), profits(alt), profits(independent)
    paired = np.std(b - a, ddof=1)
    apart = math.sqrt(np.var(a, ddof=1) + np.var(c, ddof=1))
    assert paired / apart <= 0.30


def test_sensitivity_finds_a_parameter_that_cannot_matter() -> None:
    """More staff against fewer, mean wait: with no loyalty programme in
    either scenario, the programme's effect size cannot move the difference
    (exactly zero Morris effect), while wait sensitivity can."""
    base = short("product_centric", **{"business.days": 40, "business.warmup_days": 5})
    alt = base.copy(**{"business.staff": 5})
    found = sensitivity(
        base,
        alt,
        kpi="abandonment_rate",
        params=["retention.leave_reduction", "customers.wait_sensitivity"],
        replications=3,
        trajectories=4,
        workers=1,
    )
    morris = found.morris.set_index("parameter")
    assert morris.loc["retention.leave_reduction", "mu_star"] == 0.0
    assert morris.loc["customers.wait_sensitivity", "mu_star"] > 0.0
    assert morris.loc["customers.wait_sensitivity", "rank"] == 1
    tornado = found.tornado.set_index(["parameter", "end"])
    for end in ("low", "high"):
        assert tornado.loc[("retention.leave_reduction", end), "difference"] == (
            pytest.approx(found.difference, rel=1e-12)
        )
    assert found.sentence().startswith("Share who give up in the queue lower holds")


OTHER_VALUE = {
    "attraction.referral_reward": 90.0,
    "attraction.referral_boost": 3.0,
    "customers.first_visit_leaving": False,
    "retention.eligible_from": "new",
    "retention.discount": 0.25,
    "retention.leave_reduction": 0.05,
    "retention.benefit_halfway": 0.01,
    "retention.cost_per_member": 40.0,
    "winback.contact_after_days": 2.0,
    "winback.success_chance": 0.9,
    "winback.cost_per_contact": 70.0,
    "service.recovery_success": 0.9,
    "service.recovery_wow": 0.5,
    "service.recovery_cost": 900.0,
}


@pytest.mark.parametrize("name", sorted(needs()))
def test_a_parameter_changes_nothing_while_its_switch_is_off(name: str) -> None:
    """The promise ``needs`` makes, on which experiments skip runs: with its
    switch off, the same run whatever the parameter's value; with it on, not."""
    switch = needs()[name]
    on = short(
        "client_centric",
        **{"business.days": 60, "business.warmup_days": 10, switch: True},
    )
    off = on.copy(**{switch: False})
    changed = {name: OTHER_VALUE[name]}
    assert OTHER_VALUE[name] != on.get(name)
    same = single_run(off, 2, record_visits=False).kpis
    other = single_run(off.copy(**changed), 2, record_visits=False).kpis
    assert same == pytest.approx(other, rel=0, abs=0, nan_ok=True)
    assert outcome_key(off) == outcome_key(off.copy(**changed))
    assert outcome_key(on) != outcome_key(on.copy(**changed))


def test_every_switched_parameter_is_tested() -> None:
    assert set(OTHER_VALUE) == set(needs())


def test_a_tornado_without_screening_gives_the_same_tornado() -> None:
    """Trajectories 0: the tornado alone, the same as with a screening."""
    base = short("product_centric", **{"business.days": 30, "business.warmup_days": 5})
    alt = base.copy(**{"business.staff": 5})
    kwargs = dict(
        kpi="mean_wait",
        params=["customers.wait_sensitivity"],
        replications=2,
        workers=1,
    )
    alone = sensitivity(base, alt, trajectories=0, **kwargs)
    both = sensitivity(base, alt, trajectories=2, **kwargs)
    assert alone.morris.empty and not both.morris.empty
    pd.testing.assert_frame_equal(alone.tornado, both.tornado)


def test_the_lab_answers_how_sure_is_this() -> None:
    """The lab's panel runs the smaller check and shows its sentence."""
    from simulations.lab import PolicyLab

    lab = PolicyLab(workers=1, days=40, warmup_days=5)
    assert lab.set_lever("business.staff", 5)
    found = lab.how_sure.run()
    assert found is not None and not lab.error_text
    assert found.sentence() in lab.how_sure.answer.value
    assert len(found.morris) == 6  # the lab's smaller set of assumptions
    assert "<img" in lab.how_sure.figure.value


def test_the_lab_takes_todays_business_from_a_transactions_file() -> None:
    """Upload simulated purchases: the fitted business becomes the baseline;
    a file without the named column gets one clear line, and nothing changes."""
    from simulations.lab import PolicyLab

    sales = single_run(short("product_centric", **{"business.days": 90}))
    data = sales.transactions("2026-01-01").to_csv(index=False).encode()
    lab = PolicyLab(workers=1, days=40, warmup_days=5)
    before = lab.state.baseline
    panel = lab.calibration
    panel.amount.value = "no_such_column"
    assert panel.run(data) is None
    assert "no_such_column" in lab.error_text and lab.state.baseline is before
    panel.amount.value = "amount"
    fitted = panel.run(data)
    assert fitted is not None and not lab.error_text
    assert lab.state.baseline.customers.visit_rate_shape == pytest.approx(
        fitted.customers.visit_rate_shape
    )
    assert "Fitted" in panel.answer.value
