"""Service recovery: complaints put right on the spot (``model/recovery.py``).

Deterministic checks compare exact numbers: recovery draws from numbers of its
own, so a run with it on shares every other draw with the run without it.
Statistical checks state their confidence level and are sized for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

from simulations import KPIS, Scenario, single_run
from simulations.model import Model
from simulations.model.customers import SCORE, Customer, Rules
from simulations.model.ledger import Ledger
from simulations.model.recovery import Recovery
from simulations.vocabulary import LOW, STANDARD, WOW

SHORT = {"business.days": 120, "business.warmup_days": 20}
ON = {"service.recovery": True}


def short(name: str = "customer_oriented", **changes: object) -> Scenario:
    """A preset on a short horizon."""
    return Scenario.preset(name).copy(**{**SHORT, **changes})


def measured(run, column: str) -> float:
    """Sum of a daily column over the measured days."""
    return float(run.daily[column].iloc[SHORT["business.warmup_days"] :].sum())


def test_a_recovery_that_never_works_costs_its_price_and_changes_nothing_else():
    off = short()
    never = off.copy(**ON, **{"service.recovery_success": 0.0})
    a, b = single_run(off, record_visits=False), single_run(never, record_visits=False)
    money = {k for k, info in KPIS.items() if info.unit == "money"}
    for kpi in KPIS:
        if kpi not in money:
            assert a.kpis[kpi] == b.kpis[kpi] or (
                math.isnan(a.kpis[kpi]) and math.isnan(b.kpis[kpi])
            ), kpi
    cost = never.service.recovery_cost
    complaints = measured(b, "complaints")
    assert complaints > 0
    assert measured(b, "recovery") == pytest.approx(cost * complaints)
    assert a.kpis["profit"] - b.kpis["profit"] == pytest.approx(cost * complaints)
    assert measured(b, "recovered") == 0


def test_the_books_and_the_customers_add_up():
    """Each recovery moves one visit, in the customer's memory, from low to
    standard or WOW; the books keep the visit as low and count the recovery."""
    s = short(**ON, **{"customers.complaint_chance": 0.5, "service.recovery_wow": 0.3})
    run = single_run(s, record_visits=False)
    daily, people = run.daily, run.customers
    recovered = int(daily["recovered"].sum())
    assert recovered > 100
    assert people["low"].sum() == daily["low"].sum() - recovered
    to_standard = people["standard"].sum() - daily["standard"].sum()
    to_wow = people["wow"].sum() - daily["wow"].sum()
    assert to_standard + to_wow == recovered and to_wow > 0
    assert people["complaints"].sum() == daily["complaints"].sum()
    assert daily["recovery"].sum() == pytest.approx(
        s.service.recovery_cost * daily["complaints"].sum()
    )


def test_recoveries_follow_their_chances():
    """Recovered complaints and WOW recoveries are binomial with the set chances.

    Two-sided exact binomial tests at the 99.9% level (each fails wrongly once
    in a thousand runs of this test)."""
    s = short(
        **ON,
        **{
            "customers.complaint_chance": 1.0,
            "service.recovery_success": 0.6,
            "service.recovery_wow": 0.25,
        },
    )
    complaints = recovered = to_wow = 0
    for replication in range(2):
        run = single_run(s, replication, record_visits=False)
        complaints += int(run.daily["complaints"].sum())
        recovered += int(run.daily["recovered"].sum())
        to_wow += int(run.customers["wow"].sum() - run.daily["wow"].sum())
    assert complaints > 2000
    assert stats.binomtest(recovered, complaints, 0.6).pvalue > 0.001
    assert stats.binomtest(to_wow, recovered, 0.25).pvalue > 0.001


def test_recovery_lowers_churn_at_its_price():
    """Paired runs (common random numbers): with half the unhappy customers
    speaking up, putting complaints right lowers churn and the number lost.

    The 99% t-interval of the paired difference over 6 pairs lies below zero."""
    base = short(**{"customers.complaint_chance": 0.5})
    alt = base.copy(**ON)
    pairs = {"churn_rate": [], "lost_customers": [], "cost": []}
    for replication in range(6):
        a = single_run(base, replication, record_visits=False)
        b = single_run(alt, replication, record_visits=False)
        for kpi in ("churn_rate", "lost_customers"):
            pairs[kpi].append(b.kpis[kpi] - a.kpis[kpi])
        pairs["cost"].append(measured(b, "recovery"))
    for kpi in ("churn_rate", "lost_customers"):
        d = np.asarray(pairs[kpi])
        high = d.mean() + stats.t.ppf(0.995, len(d) - 1) * d.std(ddof=1) / np.sqrt(
            len(d)
        )
        assert high < 0, f"{kpi}: the 99% interval reaches {high}"
    assert min(pairs["cost"]) > 0


@dataclass(frozen=True)
class Fixed(Recovery):
    """A recovery whose complaints all meet the same luck."""

    luck: float = 0.5

    def chance(self, customer: Customer) -> float:
        return self.luck


def test_a_complaint_put_right_is_remembered_as_the_level_it_became():
    """Satisfaction after a recovery is what judging the visit at that level
    would have given, from the same satisfaction before the visit."""
    s = Scenario().copy(**ON)
    rules = Rules.from_scenario(s)
    ledger = Ledger(1, 600.0)
    for level, u in ((STANDARD, 0.5), (WOW, 0.01)):
        c = Customer(0, 450.0, 7.0, "initial", 0.0, False, number=3)
        c.satisfaction = 0.4
        c.judge(0.0, 0.0, True, rules)  # quality 0: a low visit
        c.complaints += 1

        fixed = Fixed(0.6, 0.06, 100.0, rules.memory, {}, luck=u)
        assert fixed.put_right(c, ledger, 0) == level
        expected = 0.4 + rules.memory * (SCORE[level] - 0.4)
        assert c.satisfaction == pytest.approx(expected)
        assert (c.low, c.standard, c.wow) == (0, level == STANDARD, level == WOW)
    assert ledger.money["recovery"][0] == 200.0
    assert ledger.counts["recovered"][0] == 2
    assert LOW == 0


def test_recovery_can_start_and_stop_between_rounds():
    s = short()
    model = Model(s, continuing=True, record_visits=False)
    model.advance(40)
    model.set_levers({"service.recovery": True})
    model.advance(40)
    model.set_levers({"service.recovery": False})
    model.advance(40)
    cost = model.ledger.money["recovery"]
    assert sum(cost[:40]) == 0 and sum(cost[40:80]) > 0 and sum(cost[80:]) == 0
