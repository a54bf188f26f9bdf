"""Plain names of the parameters, for the people who read them.

A learner reads "greeting waiting customers", never ``service.greet_waiting``:
tables of levers, the assumptions of a "how sure is this?" check and the
sentences of the course name parameters through :func:`label`, and show their
values through :func:`value`. Every lever and every assumption with a
plausible range has a label here (a test checks it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..parameters import ParameterError, Scenario, levers
from .format import number
from .words import currency

LABELS: dict[str, str] = {
    # the business and Mann's four directions (levers)
    "business.staff": "staff on duty",
    "business.days": "days simulated",
    "business.warmup_days": "warm-up days left out",
    "attraction.acquisition_budget": "advertising budget",
    "attraction.referral_programme": "referral programme",
    "service.target_wait": "service standard (longest wait)",
    "service.greet_waiting": "greeting waiting customers",
    "service.training_level": "staff training",
    "service.script_flexibility": "freedom to leave the script",
    "service.queue_discipline": "who is served first",
    "retention.loyalty_programme": "loyalty programme",
    "retention.eligible_from": "loyalty programme open from",
    "retention.discount": "loyalty discount",
    "winback.campaign": "win-back campaign",
    "winback.contact_after_days": "win-back call after",
    # assumptions about the service
    "service.base_quality": "quality of a visit by untrained staff",
    "service.quality_spread": "spread of visit quality",
    "service.training_speedup": "service time saved by full training",
    "service.training_effect": "quality that training adds",
    "service.flexibility_effect": "quality that freedom from scripts adds",
    # assumptions about the loyalty programme
    "retention.leave_reduction": "how much the programme keeps members",
    "retention.benefit_halfway": "benefit at which the programme has half its effect",
    # assumptions about customers
    "customers.visit_rate_shape": "spread of visit rates between customers",
    "customers.leave_concentration": "spread of the chance of leaving",
    "customers.spend_sigma": "spread of customer value",
    "customers.expectation": "what customers expect",
    "customers.tolerance": "width of the zone of tolerance",
    "customers.expectation_rise": "how much WOW visits raise expectations",
    "customers.wait_sensitivity": "how much waiting annoys customers",
    "customers.greeted_wait_weight": "how much a greeted wait still counts",
    "customers.patience": "customers' patience in the queue",
    "customers.memory": "weight of the latest visit in satisfaction",
    "customers.visits_regular": "visits a month of a regular customer",
    "customers.visits_loyal": "visits a month of a loyal customer",
    "customers.loyal_satisfaction": "satisfaction needed to become loyal",
    "customers.spend_loyal": "extra spend of a loyal customer",
    "customers.leave_after_low": "chance of leaving after a low visit",
    "customers.leave_after_standard": "chance of leaving after a standard visit",
    "customers.leave_after_wow": "chance of leaving after a WOW visit",
    "customers.loyal_forgiveness": "how forgiving loyal customers are",
    "customers.recommend_base": "answer of a customer served only at standard",
    "customers.recommend_slope": "how strongly satisfaction moves the answer",
    "customers.complaint_chance": "chance of complaining after a low visit",
    "customers.referrals_per_advocate": "new customers an advocate brings a month",
    "customers.people_told": "people an unhappy lost customer tells",
    # economics
    "economics.margin": "gross margin on sales",
    "economics.training_cost": "cost a day of full training for one member of staff",
}
"""Dotted parameter name -> its name in plain words (lower case)."""

CHOICES: dict[str, str] = {
    "fifo": "first come, first served",
    "priority": "key customers first",
    "new": "new customers",
    "regular": "regular customers",
    "loyal": "loyal customers",
    "advocate": "advocates",
}
"""A text value of a parameter -> plain words."""

SHARES: frozenset[str] = frozenset(
    {
        "service.training_level",
        "service.script_flexibility",
        "retention.discount",
        "retention.leave_reduction",
        "customers.leave_after_low",
        "customers.leave_after_standard",
        "customers.leave_after_wow",
        "customers.complaint_chance",
        "economics.margin",
    }
)
"""Parameters whose value is a share, shown as a percentage."""


def label(dotted: str, capital: bool = False) -> str:
    """A parameter's name in plain words.

    Examples
    --------
    >>> label("service.greet_waiting"), label("business.staff", capital=True)
    ('greeting waiting customers', 'Staff on duty')
    """
    text = LABELS.get(dotted)
    if text is None:
        text = dotted.rsplit(".", 1)[-1].replace("_", " ")
    return text[0].upper() + text[1:] if capital else text


def value(dotted: str, x: Any, sign: str = "₽") -> str:
    """A parameter's value as people read it: on/off, a percentage, money...

    Examples
    --------
    >>> value("service.greet_waiting", True), value("service.training_level", 0.8)
    ('on', '80%')
    >>> value("attraction.acquisition_budget", 4000.0)
    '4,000 ₽ a month'
    >>> value("service.queue_discipline", "priority"), value("service.target_wait", 0.5)
    ('key customers first', '30 s')
    """
    if isinstance(x, bool):
        return "on" if x else "off"
    if isinstance(x, str):
        return CHOICES.get(x, x)
    if dotted in SHARES:
        return f"{100 * x:.0f}%" if round(100 * x) == 100 * x else f"{100 * x:.1f}%"
    if dotted == "attraction.acquisition_budget":
        return f"{number(x)} {sign} a month"
    if dotted == "service.target_wait":
        return f"{number(60 * x)} s" if x < 1 else f"{number(x)} min"
    if dotted == "customers.patience":
        return "never gives up" if math.isinf(x) else f"{number(x)} min on average"
    if dotted == "winback.contact_after_days":
        return f"{number(x)} days"
    return number(x)


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
    >>> b = a.copy("trained", **{"service.training_level": 0.8})
    >>> lever_table([a, b], only_changed=True)
                   product-centric trained
    lever
    Staff training             10%     80%
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
            name: [value(k, f[k], currency(named[name])) for k in keys]
            for name, f in found.items()
        },
        index=pd.Index([label(k, capital=True) for k in keys], name="lever"),
    )


UNITS: tuple[tuple[str, float], ...] = (
    ("₽ a month", 1.0),
    ("₽", 1.0),
    ("days", 1.0),
    ("day", 1.0),
    ("minutes", 1.0),
    ("min", 1.0),
    ("seconds", 1 / 60),
    ("s", 1 / 60),
)
"""Units a value may be written with, and the factor to the model's unit
(times are in minutes)."""


def _dotted(name: str) -> str:
    """The dotted name of a lever given by its plain label (or its dotted name)."""
    wanted = " ".join(str(name).lower().split())
    for dotted in levers(Scenario()):
        if wanted in (dotted, label(dotted).lower()):
            return dotted
    known = ", ".join(f'"{label(k)}"' for k in levers(Scenario()))
    raise ParameterError(f'"{name}" is not a lever; the levers are {known}')


def _parsed(text: Any) -> Any:
    """A lever's value from plain words: on/off, 50%, 2,000 ₽, 30 s, 30 days."""
    if not isinstance(text, str):
        return text
    words = " ".join(text.lower().split())
    if words in ("on", "yes", "true"):
        return True
    if words in ("off", "no", "false"):
        return False
    for raw, plain in CHOICES.items():
        if words in (raw, plain):
            return raw
    scale = 1.0
    for unit, factor in UNITS:
        if words.endswith(unit):
            words, scale = words.removesuffix(unit).strip(), factor
            break
    digits = words.replace(",", "").replace(" ", "")
    if digits.endswith("%"):
        digits, scale = digits[:-1], 0.01
    try:
        return float(digits) * scale
    except ValueError:
        return text  # the parameter's own check names what is allowed


def from_plain(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Lever changes written in plain words, as dotted names and model values.

    Keys are the labels of :func:`lever_table` (any case); values may be
    written as people write them. A value the model refuses is refused when
    the scenario is built, with the parameter's own message.

    Examples
    --------
    >>> from_plain({"Staff training": "50%", "greeting waiting customers": "on"})
    {'service.training_level': 0.5, 'service.greet_waiting': True}
    >>> from_plain({"who is served first": "key customers first", "staff on duty": 4})
    {'service.queue_discipline': 'priority', 'business.staff': 4}
    """
    out = {}
    for name, text in changes.items():
        dotted = _dotted(name)
        value = _parsed(text)
        if dotted == "business.staff" and isinstance(value, float):
            value = int(value) if value.is_integer() else value
        out[dotted] = value
    return out
