"""Plain labels for parameters, and their values as people say them.

The files and the command line name a parameter by its dotted key
(``service.greet_waiting``); a learner or a manager reads "greeting waiting
customers". :data:`LABELS` holds one label per parameter (a test keeps it
complete), and :func:`setting` writes a value with its unit: "48,000 RUB a
month", "30 s", "5%", "key customers first". :func:`lever_table` sets the levers
of some scenarios side by side in those words, and :func:`from_plain` reads a
change written in them back ("staff training": "50%").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..parameters import ParameterError, Scenario, levers
from .format import DEFAULT_CURRENCY, NBSP, currency_symbol, number
from .units import upper_first

LABELS: dict[str, str] = {
    "business.staff": "staff serving at once",
    "business.open_hours": "opening hours a day",
    "business.service_time": "mean service time, untrained staff",
    "business.service_time_cv": "spread of service times",
    "business.service_distribution": "shape of service times",
    "business.days": "days simulated",
    "business.warmup_days": "warm-up days left out",
    "attraction.prospects_per_day": "first visits a day without advertising",
    "attraction.acquisition_budget": "advertising budget",
    "attraction.cost_per_acquisition": "advertising cost of one extra first visit",
    "attraction.referral_programme": "referral programme",
    "attraction.referral_reward": "reward for each friend brought",
    "attraction.referral_boost": "extra referrals the programme brings",
    "service.target_wait": "service standard: wait before a customer is attended to",
    "service.greet_waiting": "greeting waiting customers",
    "service.training_level": "staff training (0 none, 1 full)",
    "service.script_flexibility": "freedom from scripts (0 none, 1 full)",
    "service.queue_discipline": "who is served first",
    "service.key_share": "share of customers who are key customers",
    "service.base_quality": "quality of a visit, untrained staff (0-10)",
    "service.quality_spread": "spread of visit quality",
    "service.training_effect": "quality points full training adds",
    "service.training_speedup": "service time full training saves",
    "service.flexibility_effect": "quality points full freedom from scripts adds",
    "service.recovery": "putting complaints right on the spot",
    "service.recovery_success": "chance a complaint is put right",
    "service.recovery_wow": "share of complaints put right that end in a WOW",
    "service.recovery_cost": "cost of handling one complaint",
    "retention.loyalty_programme": "loyalty programme",
    "retention.eligible_from": "who may join the programme",
    "retention.discount": "programme discount on each visit",
    "retention.leave_reduction": "largest cut in leaving a programme can give",
    "retention.benefit_halfway": "benefit that gives half that cut",
    "retention.cost_per_member": "running cost of the programme per member",
    "winback.campaign": "win-back campaign",
    "winback.contact_after_days": "days before a win-back contact",
    "winback.success_chance": "chance a contacted customer comes back",
    "winback.cost_per_contact": "cost of one win-back contact",
    "customers.loyalty_feedback": "customers remember, return and talk",
    "customers.service_feedback": "service moves customers on the ladder",
    "customers.first_visit_leaving": "customers may leave after their first visit",
    "customers.visit_rate_shape": "spread of visit rates between customers",
    "customers.leave_concentration": "spread of the chance of leaving",
    "customers.initial_customers": "customers on day one",
    "customers.spend_mean": "mean spend on a visit",
    "customers.spend_sigma": "skew of customer value",
    "customers.spend_distribution": "how customers' spend is spread",
    "customers.spend_visit_shape": "spread of spend from visit to visit",
    "customers.expectation": "quality a customer expects (0-10)",
    "customers.expectation_spread": "spread of expectations",
    "customers.tolerance": "zone of tolerance, each side of the expectation",
    "customers.expectation_rise": "share of a WOW surplus added to the expectation",
    "customers.wait_sensitivity": "quality points lost a minute of waiting",
    "customers.greeted_wait_weight": "weight of a minute of waiting once greeted",
    "customers.patience": "mean patience in the queue",
    "customers.memory": "weight of the latest visit in satisfaction",
    "customers.visits_new": "visits a month, new customer",
    "customers.visits_regular": "visits a month, regular customer",
    "customers.visits_loyal": "visits a month, loyal customer",
    "customers.visits_advocate": "visits a month, advocate",
    "customers.spend_loyal": "spend of a loyal customer against a regular",
    "customers.spend_advocate": "spend of an advocate against a regular",
    "customers.visits_to_step": "visits in a phase before moving up",
    "customers.loyal_satisfaction": "satisfaction needed to become loyal",
    "customers.advocate_satisfaction": "satisfaction needed to become an advocate",
    "customers.leave_after_low": "chance of leaving after a low visit",
    "customers.leave_after_standard": "chance of leaving after a standard visit",
    "customers.leave_after_wow": "chance of leaving after a WOW visit",
    "customers.loyal_forgiveness": "factor on leaving, loyal customers and advocates",
    "customers.recommend_base": "'would you recommend us?' after standard visits only",
    "customers.recommend_slope": "recommend points per unit of satisfaction",
    "customers.complaint_chance": "chance of a complaint after a low visit",
    "customers.referrals_per_advocate": "friends an advocate brings a month",
    "customers.market_size": "people in the market",
    "customers.people_told": "people an unhappy leaver tells",
    "customers.talk_days": "days an unhappy leaver keeps talking",
    "economics.margin": "gross margin on sales",
    "economics.staff_cost": "cost of one member of staff",
    "economics.training_cost": "cost of full training per member of staff",
    "economics.discount_rate": "yearly discount rate",
    "economics.currency": "currency",
}
"""Dotted parameter key -> the plain label a person reads."""

SHARES = frozenset(
    {
        "service.key_share",
        "service.training_speedup",
        "service.recovery_success",
        "service.recovery_wow",
        "retention.discount",
        "retention.leave_reduction",
        "retention.benefit_halfway",
        "winback.success_chance",
        "customers.expectation_rise",
        "customers.memory",
        "customers.leave_after_low",
        "customers.leave_after_standard",
        "customers.leave_after_wow",
        "customers.complaint_chance",
        "economics.margin",
        "economics.discount_rate",
    }
)
"""Parameters that are shares, written as percentages."""

WORDS: dict[Any, str] = {
    "fifo": "first come, first served",
    "priority": "key customers first",
    "new": "everyone",
    "regular": "regular customers and up",
    "loyal": "loyal customers and advocates",
    "advocate": "advocates only",
    True: "yes",
    False: "no",
}
"""Choices and switches in words."""


def label(dotted: str) -> str:
    """The plain label of a parameter (its key when it has none).

    Examples
    --------
    >>> label("service.greet_waiting")
    'greeting waiting customers'
    """
    return LABELS.get(dotted, dotted)


def _unit(dotted: str) -> str:
    group, name = dotted.split(".", 1)
    for row in Scenario.describe():
        if row["group"] == group and row["name"] == name:
            return row["unit"]
    return ""


def setting(dotted: str, value: Any, currency: str = DEFAULT_CURRENCY) -> str:
    """A parameter's value as people say it, with its unit.

    Examples
    --------
    >>> setting("attraction.acquisition_budget", 48000.0)
    '48,000\xa0RUB a month'
    >>> setting("service.target_wait", 0.5), setting("retention.discount", 0.05)
    ('30\xa0s', '5%')
    >>> setting("service.queue_discipline", "priority")
    'key customers first'
    >>> setting("service.greet_waiting", True), setting("business.staff", 3)
    ('yes', '3')
    """
    if isinstance(value, bool) or (isinstance(value, str) and value in WORDS):
        return WORDS[value]
    if isinstance(value, str):
        return value
    if dotted in SHARES:
        return f"{100 * value:.3g}%"
    if isinstance(value, float) and math.isinf(value):
        return "never"
    unit = _unit(dotted)
    if unit == "min" and value < 1:
        return f"{number(60 * value)}{NBSP}s"
    amount = number(value)
    money = {"money": "", "money per month": " a month", "money per day": " a day"}
    if unit in money:
        return f"{amount}{NBSP}{currency_symbol(currency)}{money[unit]}"
    if unit in ("min", "days", "h"):
        return f"{amount}{NBSP}{unit}"
    if unit.startswith("per "):
        return f"{amount} a {unit[4:]}"
    return amount


# ---------------------------------------------------------------- tables and changes
def lever_table(
    scenarios: Sequence[Scenario] | Mapping[str, Scenario],
    only_changed: bool = False,
) -> pd.DataFrame:
    """The levers of some scenarios side by side, in plain words.

    Parameters
    ----------
    scenarios
        The scenarios, as a list (columns named after each scenario) or a
        mapping column name -> scenario.
    only_changed
        Keep only the levers on which the scenarios differ.

    Examples
    --------
    >>> a = Scenario.preset("product_centric")
    >>> b = a.copy("trained", **{"service.greet_waiting": True})
    >>> lever_table([a, b], only_changed=True)
                               product-centric trained
    lever
    Greeting waiting customers              no     yes
    """
    named = (
        dict(scenarios)
        if isinstance(scenarios, Mapping)
        else {s.name: s for s in scenarios}
    )
    found = {name: levers(s) for name, s in named.items()}
    keys = list(next(iter(found.values())))
    if only_changed:
        keys = [k for k in keys if len({repr(f[k]) for f in found.values()}) > 1]
    return pd.DataFrame(
        {
            name: [setting(k, f[k], named[name].economics.currency) for k in keys]
            for name, f in found.items()
        },
        index=pd.Index([upper_first(label(k)) for k in keys], name="lever"),
    )


def _plain(text: str) -> str:
    """A label as people type it: lower case, no hint in brackets, single spaces."""
    return " ".join(str(text).lower().split("(")[0].split())


def _dotted(name: str) -> str:
    """The dotted key of a lever given by its label (or by its key)."""
    wanted = _plain(name)
    for dotted in levers(Scenario()):
        if wanted in (dotted, _plain(label(dotted))):
            return dotted
    known = ", ".join(f'"{_plain(label(k))}"' for k in levers(Scenario()))
    raise ParameterError(f'"{name}" is not a lever; the levers are {known}')


UNITS: tuple[tuple[str, float], ...] = (
    ("a month", 1.0),
    ("rub", 1.0),
    ("руб.", 1.0),
    ("руб", 1.0),
    ("₽", 1.0),
    ("days", 1.0),
    ("day", 1.0),
    ("minutes", 1.0),
    ("min", 1.0),
    ("seconds", 1 / 60),
    ("s", 1 / 60),
)
"""Units a value may be written with, and the factor to the model's unit
(times are in minutes). Taken off the end in this order."""


def _parsed(text: Any) -> Any:
    """A lever's value from plain words: on/off, 50%, 2,000 ₽, 30 s, 30 days."""
    if not isinstance(text, str):
        return text
    words = " ".join(text.lower().replace(NBSP, " ").split())
    if words in ("on", "yes", "true"):
        return True
    if words in ("off", "no", "false"):
        return False
    for raw, plain in WORDS.items():
        if isinstance(raw, str) and words in (raw, plain):
            return raw
    scale = 1.0
    for unit, factor in UNITS:  # in order: "a month" goes before the currency
        if words.endswith(unit):
            words, scale = words.removesuffix(unit).strip(), scale * factor
    digits = words.replace(",", "").replace(" ", "")
    if digits.endswith("%"):
        digits, scale = digits[:-1], 0.01
    try:
        return float(digits) * scale
    except ValueError:
        return text  # the parameter's own check names what is allowed


def from_plain(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Lever changes written in plain words, as dotted keys and model values.

    Keys are the labels of :func:`lever_table` (any case, the hint in brackets
    may be left out); values may be written as people write them. A value the
    model refuses is refused when the scenario is built, with the parameter's
    own message.

    Examples
    --------
    >>> from_plain({"Staff training": "50%", "greeting waiting customers": "on"})
    {'service.training_level': 0.5, 'service.greet_waiting': True}
    >>> from_plain({"who is served first": "key customers first"})
    {'service.queue_discipline': 'priority'}
    """
    out = {}
    for name, text in changes.items():
        dotted = _dotted(name)
        value = _parsed(text)
        if dotted == "business.staff" and isinstance(value, float):
            value = int(value) if value.is_integer() else value
        out[dotted] = value
    return out
