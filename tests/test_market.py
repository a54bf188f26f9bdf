"""The seminar game's shared town: symmetry, competition, switching, separate markets.

A town holds several businesses (:class:`simulations.model.town.Town`). The
statistical tests state their confidence level (99%) and pair replications
on common random numbers: replication ``r`` of two towns draws the same
numbers wherever the towns do the same.
"""

from __future__ import annotations

import heapq
import math

import pytest
from scipy import stats

from simulations import Scenario
from simulations.model import Model
from simulations.model.town import Town, pick
from simulations.parameters import ParameterError, TownRules
from simulations.results import summarise

DAYS = 60
REPLICATIONS = 30  # for a 99% interval of a paired difference


def small(**changes) -> Scenario:
    """The product-centric business, smaller: a town runs in a fraction of a second."""
    return Scenario.preset("product_centric").copy(
        **{
            "customers.initial_customers": 300,
            "business.warmup_days": 20,
            "business.days": DAYS,
        }
        | changes
    )


def profits(scenarios: list[Scenario], replication: int) -> list[float]:
    """Each business's profit over the measured days of one town."""
    town = Town(scenarios, replication, TownRules())
    town.advance(DAYS)
    return [summarise(b.records()).kpis["profit"] for b in town.businesses]


def interval(values: list[float], confidence: float = 0.99) -> tuple[float, float]:
    """Student-t interval of the mean of ``values``."""
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = stats.t.ppf((1 + confidence) / 2, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def test_separate_markets_run_each_business_as_alone():
    a, b = small(), small(**{"business.staff": 4})
    town = Town([a, b], 1, rules=None)
    town.advance(DAYS)
    for scenario, business in zip((a, b), town.businesses, strict=True):
        alone = Model(scenario, 1, record_visits=False, continuing=True)
        alone.advance(DAYS)
        assert summarise(business.records()).kpis == summarise(alone.records()).kpis


@pytest.mark.slow
def test_identical_teams_get_equal_expected_results():
    """Two identical businesses and a different third: their paired profit
    difference over 30 replications has a 99% interval that covers 0."""
    same, other = small(), small(**{"business.staff": 4})
    gaps = []
    for r in range(REPLICATIONS):
        first, second, _ = profits([same, same, other], r)
        gaps.append(first - second)
    low, high = interval(gaps)
    assert low <= 0.0 <= high, (low, high)
    assert any(g != 0.0 for g in gaps)  # they did meet different people


@pytest.mark.slow
def test_swapping_two_teams_gives_the_same_results_in_distribution():
    """A team's profit does not depend on its place in the list (99% interval)."""
    x, y = small(**{"service.training_level": 0.6}), small(**{"business.staff": 4})
    z = small()
    gaps = []
    for r in range(REPLICATIONS):
        first = profits([x, y, z], r)[0]
        swapped = profits([y, x, z], r)[1]
        gaps.append(first - swapped)
    low, high = interval(gaps)
    assert low <= 0.0 <= high, (low, high)


def test_one_teams_advertising_takes_share_from_the_others():
    """Team 1 advertises five times as much: the others get fewer of the
    people who choose by themselves (99% interval of the paired difference
    below 0), and team 1 gets more."""
    base = small()
    five_times = 5 * base.attraction.acquisition_budget
    loud = small(**{"attraction.acquisition_budget": five_times})
    others, mine = [], []
    for r in range(10):
        towns = []
        for first in (base, loud):
            town = Town([first, base, base], r, TownRules())
            town.advance(DAYS)
            towns.append(town)
        quiet, noisy = towns
        others.append(
            sum(noisy.came[t]["chose"] - quiet.came[t]["chose"] for t in (1, 2))
        )
        mine.append(noisy.came[0]["chose"] - quiet.came[0]["chose"])
    assert interval(others)[1] < 0.0
    assert interval(mine)[0] > 0.0


def test_better_service_earns_reputation_and_pull():
    good = small(**{"business.staff": 5, "service.training_level": 1.0})
    poor = small(**{"business.staff": 2, "service.training_level": 0.0})
    town = Town([good, poor], 0, TownRules())
    town.advance(DAYS)
    stars = [town.stars(b) for b in town.businesses]
    assert 1.0 <= stars[1] < stars[0] <= 5.0
    chances = town.chances()
    assert chances[0] > chances[1] and sum(chances) == pytest.approx(1.0)


def test_a_customer_who_leaves_tries_another_business():
    town = Town([small(), small()], 0, TownRules())
    town.advance(DAYS)
    left = sum(c["left"] for c in town.came)
    moved = sum(c["switched_in"] for c in town.came) + len(town.switchers)
    # Each leaver tries another business with chance 1/2: binomial, 99.9%.
    assert abs(moved - left / 2) < 3.3 * math.sqrt(left / 4)
    # A switcher never comes back to the business they left, whatever their
    # uniform number: one from business 0 with u = 0 lands at business 1.
    town.switchers = []
    before = [c["switched_in"] for c in town.came]
    now = town.days_run * town.minutes
    traits = (1.0, 40.0, 7.0, 1.0, 1.0)
    heapq.heappush(town.switchers, (now, -1, 0, 0.0, traits))
    town.morning()
    assert [c["switched_in"] for c in town.came] == [before[0], before[1] + 1]
    town.advance(1)  # and is welcomed there as a customer who switched
    assert town.businesses[1].numbers["switched"] == before[1] + 1


def test_pick_and_the_rules_are_checked():
    assert [pick([0.2, 0.0, 0.8], u) for u in (0.0, 0.19, 0.2, 0.99)] == [0, 0, 2, 2]
    with pytest.raises(ParameterError, match=r"town\.switch_chance = 2"):
        TownRules.from_dict({"switch_chance": 2})
    with pytest.raises(ParameterError, match=r"unknown parameter 'town\.ad_wieght'"):
        TownRules.from_dict({"ad_wieght": 0.1})
