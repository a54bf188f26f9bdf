"""The capstone's business, a family bistro: its profile, its money, its policy test.

Module 13 (the capstone notebook) and the trainer's answer key
(``capstone_answer_key.md``, written by :mod:`exercises.seminar_kit.numbers`)
both read them, so the key states the numbers the notebook shows.

* :data:`PROFILE` - what the profile says about a regular and the margins;
* :func:`today` - the bistro in the simulator: the product-centric business
  with the bistro's gross margin;
* :func:`money` - the cost of a lost regular and customer lifetime value;
* :func:`scenarios`, :func:`policy_test` - a team's change against today, with
  intervals, and whether the profit verdict survives the assumption.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulations import Scenario, levers
from simulations.analytic import (
    LostCustomerCost,
    clv_first_payment_next,
    clv_first_payment_now,
    cost_of_lost_customer,
    retention_uplift,
)
from simulations.experiments import Comparison, Sensitivity, compare, sensitivity
from simulations.parameters import ParameterError
from simulations.present.labels import from_plain

PROFILE: dict[str, float] = {
    "years_open": 8,
    "visits_a_week": 2,
    "sales": 45_000.0,  # roubles a regular spends in a year
    "growth": 4_500.0,  # roubles more each following year
    "years": 5,  # horizon of the cost of a lost customer
    "net": 0.10,
    "gross": 0.70,  # food and drink cost about 30% of the menu price
    "retention": 0.65,  # regulars still coming a year later
    "discount": 0.10,
    "lost_a_quarter": 15,
}
"""The bistro's profile. Invented, with plausible numbers: a business lunch of about
450 roubles twice a week; the gross margin of a mid-range restaurant (food cost
25-35%, see the references page)."""

HORIZON: dict[str, int] = {"business.days": 120, "business.warmup_days": 30}
"""Days simulated, and the first days left out while the business settles."""

RUNS = 5
"""Paired runs of each business in the policy test."""

MAX_LEVERS = 3
"""Levers a team may change."""

DEFAULT_CHANGE: dict[str, str] = {
    "staff training": "50%",
    "greeting waiting customers": "on",
    "win-back campaign": "on",
}
"""The change in the notebook's live cell before a team edits it."""

MEASURES: tuple[str, ...] = (
    "profit",
    "value_created",
    "churn_rate",
    "nps",
    "share_wow",
    "mean_wait",
)
"""What the policy test shows, in this order."""

ASSUMPTION = "customers.leave_after_low"
"""The assumption whose plausible range the "how sure?" step walks."""


def today() -> Scenario:
    """The bistro today: the product-centric business with the bistro's margin.

    Examples
    --------
    >>> today().economics.margin, today().business.staff
    (0.7, 3)
    """
    return Scenario.preset("product_centric").copy(
        "the bistro today", **HORIZON, **{"economics.margin": PROFILE["gross"]}
    )


@dataclass(frozen=True)
class Money:
    """What losing regulars costs the bistro (see :func:`money`)."""

    lost: LostCustomerCost
    margin_a_year: float
    clv: float
    clv_new: float
    lost_a_year: float
    value_lost_a_year: float
    uplift: float
    flyers_a_year: float


def money(profile: Mapping[str, float] = PROFILE) -> Money:
    """The cost of a lost regular and customer lifetime value, from the profile.

    CLV is the course's form, first payment a year from now, m r / (1 + d - r)
    (Fader & Hardie, note 024), with m the gross margin a regular brings a year.

    Examples
    --------
    >>> m = money()
    >>> m.lost.sales_lost, m.lost.profit_lost, round(m.clv)
    (270000.0, 27000.0, 45500)
    """
    lost = cost_of_lost_customer(
        profile["sales"], profile["growth"], int(profile["years"]), profile["net"]
    )
    m = profile["sales"] * profile["gross"]
    r, d = profile["retention"], profile["discount"]
    clv = clv_first_payment_next(m, r, d)
    lost_a_year = 4 * profile["lost_a_quarter"]
    return Money(
        lost=lost,
        margin_a_year=m,
        clv=clv,
        clv_new=clv_first_payment_now(m, r, d),
        lost_a_year=lost_a_year,
        value_lost_a_year=lost_a_year * clv,
        uplift=retention_uplift(m, r, r + 0.05, d),
        flyers_a_year=12 * today().attraction.acquisition_budget,
    )


def scenarios(change: Mapping[str, Any]) -> tuple[Scenario, Scenario]:
    """The bistro today and with a team's change (levers in plain words).

    Raises
    ------
    ParameterError
        One line naming what is wrong: a name that is no lever, a value the
        model refuses, or more than :data:`MAX_LEVERS` levers changed.
    """
    base = today()
    ours = base.copy("with our change", **from_plain(change))
    before, after = levers(base), levers(ours)
    changed = [k for k in before if before[k] != after[k]]
    if len(changed) > MAX_LEVERS:
        raise ParameterError(
            f"{len(changed)} levers changed; the rules allow {MAX_LEVERS}"
        )
    return base, ours


def policy_test(
    change: Mapping[str, Any], workers: int = 1
) -> tuple[Comparison, Sensitivity]:
    """A team's change against today, and how sure the profit verdict is.

    The comparison pairs :data:`RUNS` runs of each business (common random
    numbers); the check of :data:`ASSUMPTION` reruns the pair at both ends of
    its plausible range with as many runs.
    """
    base, ours = scenarios(change)
    result = compare(
        base, ours, RUNS, kpis=list(MEASURES), workers=workers, progress=False
    )
    sure = sensitivity(
        base,
        ours,
        kpi="profit",
        params=[ASSUMPTION],
        replications=RUNS,
        trajectories=0,
        workers=workers,
        progress=False,
    )
    return result, sure
