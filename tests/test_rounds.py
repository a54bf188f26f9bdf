"""A run that continues in rounds: same numbers as one run, levers between rounds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simulations import Scenario, single_run
from simulations.model import Model
from simulations.parameters import ParameterError
from simulations.results import summarise


def small(preset: str) -> Scenario:
    """A preset, smaller and shorter, so that the tests stay quick."""
    return Scenario.preset(preset).copy(
        **{
            "customers.initial_customers": 400,
            "business.days": 120,
            "business.warmup_days": 20,
        }
    )


def same_kpis(a: dict[str, float], b: dict[str, float]) -> None:
    assert a.keys() == b.keys()
    for key, value in a.items():
        other = b[key]
        assert (math.isnan(value) and math.isnan(other)) or value == other, key


@pytest.mark.parametrize("preset", ["product_centric", "client_centric"])
def test_one_run_equals_rounds(preset):
    s = small(preset)
    whole = Model(s, 1, record_visits=False, continuing=True)
    whole.advance(120)
    rounds = Model(s, 1, record_visits=False, continuing=True)
    for _ in range(4):
        rounds.advance(30)
    a, b = summarise(whole.records()), summarise(rounds.records())
    same_kpis(a.kpis, b.kpis)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    # ... and the same numbers as an ordinary run.
    same_kpis(single_run(s, 1, record_visits=False).kpis, a.kpis)


def test_levers_set_to_their_values_change_nothing():
    s = small("customer_oriented")
    plain = Model(s, continuing=True)
    plain.advance(60)
    plain.advance(60)
    touched = Model(s, continuing=True)
    touched.advance(60)
    touched.set_levers({"business.staff": s.business.staff})
    touched.advance(60)
    same_kpis(summarise(plain.records()).kpis, summarise(touched.records()).kpis)


def test_lever_changes_take_effect():
    s = small("product_centric")
    m = Model(s, record_visits=False, continuing=True)
    m.advance(40)
    m.set_levers(
        {
            "business.staff": 6,
            "attraction.acquisition_budget": 0.0,
            "service.queue_discipline": "priority",
        }
    )
    assert m.desk.staff.capacity == 6 and m.desk.priority
    paid_before = m.numbers["paid"]
    m.advance(40)
    daily = m.ledger.table()
    assert (daily["staff"].iloc[40:] == 6 * s.economics.staff_cost).all()
    assert (daily["acquisition"].iloc[40:] == 0.0).all()
    assert m.numbers["paid"] <= paid_before + 1  # at most the one already drawn
    m.set_levers({"attraction.acquisition_budget": 36000.0, "business.staff": 2})
    m.advance(40)
    assert m.numbers["paid"] > paid_before + 10  # advertising started again
    assert m.desk.staff.capacity == 2
    assert m.desk.staff.busy <= 2
    kpis = summarise(m.records()).kpis
    assert 0.0 < kpis["occupancy"] < 1.0


def test_bad_levers_are_refused_and_change_nothing():
    s = small("product_centric")
    m = Model(s, record_visits=False, continuing=True)
    m.advance(10)
    with pytest.raises(ParameterError, match=r"business\.staff"):
        m.set_levers({"service.training_level": 0.9, "business.staff": 0})
    with pytest.raises(ParameterError, match="cannot change mid-run"):
        m.set_levers({"customers.patience": 1.0})
    assert m.scenario.service.training_level == s.service.training_level
    plain = Model(s, record_visits=False)
    with pytest.raises(ParameterError, match="continuing"):
        plain.set_levers({"service.queue_discipline": "priority"})
    with pytest.raises(ValueError, match="days"):
        m.advance(0)
