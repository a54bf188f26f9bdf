"""The capstone's business, a family bistro: its profile, its money, its policy test.

Module 13 (the capstone notebook) and the trainer's answer key
(``capstone_answer_key.md``, written by :mod:`exercises.seminar_kit.numbers`)
both read them, so the key states the numbers the notebook shows.

* :data:`PROFILE` - what the profile says about a regular and the margins;
* :func:`today` - the bistro in the simulator: the product-centric business
  with the bistro's gross margin;
* :func:`money` - the cost of a lost regular and customer lifetime value;
* :func:`scenarios`, :func:`policy_test` - a team's change against today, with
  intervals, and whether the profit verdict survives the assumption;
* :func:`key_texts` - the answer key's numbers and verdicts, written from them.
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
from simulations.present import format as fmt
from simulations.present.format import number
from simulations.present.labels import from_plain, label
from simulations.present.words import Difference

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


# ---------------------------------------------------------------- the answer key
def _rub(x: float) -> str:
    return fmt.money(x)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _money_texts(m: Money) -> dict[str, str]:
    """The key's table of money and the points to check, from :func:`money`."""
    p = PROFILE
    sales = " + ".join(number(s) for s in m.lost.yearly_sales)
    rows = [
        (
            f"Sales lost with one regular over {p['years']} years: {sales}",
            _rub(m.lost.sales_lost),
        ),
        (
            f"Profit lost with one regular at {_pct(p['net'])} net margin",
            _rub(m.lost.profit_lost),
        ),
        (
            f"CLV of a regular, m·r/(1+d−r), m = {_rub(p['sales'])} × "
            f"{_pct(p['gross'])} = {_rub(m.margin_a_year)}, r = {p['retention']:g}, "
            f"d = {p['discount']:.2f}",
            f"about {_rub(m.clv)}",
        ),
        (
            "CLV of a new customer, first payment today, m(1+d)/(1+d−r)",
            f"about {_rub(m.clv_new)}",
        ),
        (
            f"Regulars lost a year at last quarter's pace: {p['lost_a_quarter']} × 4",
            number(m.lost_a_year),
        ),
        (
            f"Customer value lost a year: {number(m.lost_a_year)} × {_rub(m.clv)}",
            f"about {_rub(m.value_lost_a_year)}",
        ),
        (
            f"Rise in a regular's CLV if retention goes from {_pct(p['retention'])} to "
            f"{_pct(p['retention'] + 0.05)}",
            f"about {m.uplift:+.0%}",
        ),
    ]
    table = "\n| measure | value |\n| --- | --- |\n" + "".join(
        f"| {what} | {value} |\n" for what, value in rows
    )
    ratio = m.value_lost_a_year / m.flyers_a_year
    if ratio >= 1:
        bucket = (
            f"{ratio:.0f} times the {_rub(m.flyers_a_year)} a year spent on flyers: the "
            "owner pays to refill a leaking bucket, and the leak is the larger sum."
        )
    else:
        bucket = (
            f"less than the {_rub(m.flyers_a_year)} a year spent on flyers: here the "
            "flyers cost more than the leak."
        )
    notes = (
        f"\n- The {_rub(m.lost.profit_lost)} is *net profit* on undiscounted sales, "
        f"assuming the regular stays all {p['years']} years; the {_rub(m.clv)} is "
        "*gross margin*, discounted, allowing for those who would leave anyway. Teams "
        "must say which is which.\n"
        f"- {_rub(m.value_lost_a_year)} a year of customer value lost is {bucket}\n"
        f"- The {m.uplift:+.0%} is the value of one customer, not the profit of the "
        'firm (module 03 on the "5% retention, 25–95% profit" claim).\n'
    )
    return {"capstone.money": table, "capstone.money-notes": notes}


def _test_text(result: Comparison, sure: Sensitivity) -> str:
    """The key's paragraph on the policy test of the notebook's default change."""
    base = result.baseline.scenario.business
    change = ", ".join(f"{name} {value}" for name, value in DEFAULT_CHANGE.items())
    lines = [
        f"\nA typical sound change uses three levers from the neglected directions, "
        f"for example {change} (the default in the notebook's live cell). In a run of "
        f"the notebook ({RUNS} pairs of {base.days}-day runs, the first "
        f"{base.warmup_days} left out) that change gave:\n"
    ]
    differences = {
        kpi: Difference.of(result, "with our change", kpi) for kpi in MEASURES
    }
    for d in differences.values():
        lines.append(f"- {d.sentence[0].upper()}{d.sentence[1:]}.")
    lines.append(
        f'\nThe "how sure" step on the {label(ASSUMPTION)}: '
        f'"{sure.sentence(name=label)}"'
    )
    profit = differences["profit"]
    if not profit.clear:
        lines.append(
            "\nProfit shows no clear difference here, so there is no profit verdict "
            "to test: a team that reports that honestly has read the table right."
        )
    weak = sure.tornado[sure.tornado["outcome"] != "holds"]
    if profit.clear and not weak.empty:
        lines.append(
            "\nThe profit verdict depends on that assumption: ask the team how they "
            "would find out where their business stands on it."
        )
    lines.append(
        "\nThe same seed gives the same numbers on any machine; after an update of the "
        "package, rerun the notebook (and `python -m exercises.seminar_kit.numbers`) "
        "before the day.\n"
    )
    return "\n".join(lines)


def key_texts() -> dict[str, str]:
    """Every computed text of the capstone's answer key, by key."""
    result, sure = policy_test(DEFAULT_CHANGE, workers=2)
    return {
        **_money_texts(money()),
        "capstone.test": _test_text(result, sure),
        "capstone.flyers": _rub(today().attraction.acquisition_budget),
        "capstone.lost-quarter": number(PROFILE["lost_a_quarter"]),
    }
