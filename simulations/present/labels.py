"""Plain labels for parameters, and their values as people say them.

The files and the command line name a parameter by its dotted key
(``service.greet_waiting``); a learner or a manager reads "greeting waiting
customers". :data:`LABELS` holds one label per parameter (a test keeps it
complete), and :func:`setting` writes a value with its unit: "48,000 RUB a
month", "30 s", "5%", "key customers first". :func:`lever_table` sets the levers
of some scenarios side by side in those words, and :func:`from_plain` reads a
change written in them back ("staff training": "50%"). Labels and words are
English messages read in the language in use (a change may be written in
either language); :func:`scenario_label` does the same for the shipped
scenarios' names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..i18n import N_, Labels, _, ngettext
from ..parameters import ParameterError, Scenario, levers
from .format import DEFAULT_CURRENCY, NBSP, number, percent, unit_label
from .units import upper_first

LABELS: dict[str, str] = {
    "business.staff": N_("staff serving at once"),
    "business.open_hours": N_("opening hours a day"),
    "business.service_time": N_("mean service time, untrained staff"),
    "business.service_time_cv": N_("spread of service times"),
    "business.service_distribution": N_("shape of service times"),
    "business.days": N_("days simulated"),
    "business.warmup_days": N_("warm-up days left out"),
    "attraction.prospects_per_day": N_("first visits a day without advertising"),
    "attraction.acquisition_budget": N_("advertising budget"),
    "attraction.cost_per_acquisition": N_("advertising cost of one extra first visit"),
    "attraction.referral_programme": N_("referral programme"),
    "attraction.referral_reward": N_("reward for each friend brought"),
    "attraction.referral_boost": N_("extra referrals the programme brings"),
    "service.target_wait": N_(
        "service standard: wait before a customer is attended to"
    ),
    "service.greet_waiting": N_("greeting waiting customers"),
    "service.training_level": N_("staff training (0 none, 1 full)"),
    "service.script_flexibility": N_("freedom from scripts (0 none, 1 full)"),
    "service.queue_discipline": N_("who is served first"),
    "service.key_share": N_("share of customers who are key customers"),
    "service.base_quality": N_("quality of a visit, untrained staff (0-10)"),
    "service.quality_spread": N_("spread of visit quality"),
    "service.training_effect": N_("quality points full training adds"),
    "service.training_speedup": N_("service time full training saves"),
    "service.flexibility_effect": N_("quality points full freedom from scripts adds"),
    "service.recovery": N_("putting complaints right on the spot"),
    "service.recovery_success": N_("chance a complaint is put right"),
    "service.recovery_wow": N_("share of complaints put right that end in a WOW"),
    "service.recovery_cost": N_("cost of handling one complaint"),
    "retention.loyalty_programme": N_("loyalty programme"),
    "retention.eligible_from": N_("who may join the programme"),
    "retention.discount": N_("programme discount on each visit"),
    "retention.leave_reduction": N_("largest cut in leaving a programme can give"),
    "retention.benefit_halfway": N_("benefit that gives half that cut"),
    "retention.cost_per_member": N_("running cost of the programme per member"),
    "winback.campaign": N_("win-back campaign"),
    "winback.contact_after_days": N_("days before a win-back contact"),
    "winback.success_chance": N_("chance a contacted customer comes back"),
    "winback.cost_per_contact": N_("cost of one win-back contact"),
    "customers.loyalty_feedback": N_("customers remember, return and talk"),
    "customers.service_feedback": N_("service moves customers on the ladder"),
    "customers.first_visit_leaving": N_("customers may leave after their first visit"),
    "customers.visit_rate_shape": N_("spread of visit rates between customers"),
    "customers.leave_concentration": N_("spread of the chance of leaving"),
    "customers.initial_customers": N_("customers on day one"),
    "customers.spend_mean": N_("mean spend on a visit"),
    "customers.spend_sigma": N_("skew of customer value"),
    "customers.spend_distribution": N_("how customers' spend is spread"),
    "customers.spend_visit_shape": N_("spread of spend from visit to visit"),
    "customers.expectation": N_("quality a customer expects (0-10)"),
    "customers.expectation_spread": N_("spread of expectations"),
    "customers.tolerance": N_("zone of tolerance, each side of the expectation"),
    "customers.expectation_rise": N_("share of a WOW surplus added to the expectation"),
    "customers.wait_sensitivity": N_("quality points lost a minute of waiting"),
    "customers.greeted_wait_weight": N_("weight of a minute of waiting once greeted"),
    "customers.patience": N_("mean patience in the queue"),
    "customers.memory": N_("weight of the latest visit in satisfaction"),
    "customers.visits_new": N_("visits a month, new customer"),
    "customers.visits_regular": N_("visits a month, regular customer"),
    "customers.visits_loyal": N_("visits a month, loyal customer"),
    "customers.visits_advocate": N_("visits a month, advocate"),
    "customers.spend_loyal": N_("spend of a loyal customer against a regular"),
    "customers.spend_advocate": N_("spend of an advocate against a regular"),
    "customers.visits_to_step": N_("visits in a phase before moving up"),
    "customers.loyal_satisfaction": N_("satisfaction needed to become loyal"),
    "customers.advocate_satisfaction": N_("satisfaction needed to become an advocate"),
    "customers.leave_after_low": N_("chance of leaving after a low visit"),
    "customers.leave_after_standard": N_("chance of leaving after a standard visit"),
    "customers.leave_after_wow": N_("chance of leaving after a WOW visit"),
    "customers.loyal_forgiveness": N_(
        "factor on leaving, loyal customers and advocates"
    ),
    "customers.recommend_base": N_(
        "'would you recommend us?' after standard visits only"
    ),
    "customers.recommend_slope": N_("recommend points per unit of satisfaction"),
    "customers.complaint_chance": N_("chance of a complaint after a low visit"),
    "customers.referrals_per_advocate": N_("friends an advocate brings a month"),
    "customers.market_size": N_("people in the market"),
    "customers.people_told": N_("people an unhappy leaver tells"),
    "customers.talk_days": N_("days an unhappy leaver keeps talking"),
    "economics.margin": N_("gross margin on sales"),
    "economics.staff_cost": N_("cost of one member of staff"),
    "economics.training_cost": N_("cost of full training per member of staff"),
    "economics.discount_rate": N_("yearly discount rate"),
    "economics.currency": N_("currency"),
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
    "fifo": N_("first come, first served"),
    "priority": N_("key customers first"),
    "new": N_("everyone"),
    "regular": N_("regular customers and up"),
    "loyal": N_("loyal customers and advocates"),
    "advocate": N_("advocates only"),
    True: N_("yes"),
    False: N_("no"),
    "exponential": N_("exponential"),
    "lognormal": N_("lognormal"),
    "gamma_gamma": N_("Gamma-Gamma"),
}
"""Choices and switches in words."""


def label(dotted: str) -> str:
    """The plain label of a parameter (its key when it has none), in the language
    in use.

    Examples
    --------
    >>> label("service.greet_waiting")
    'greeting waiting customers'
    """
    return _(LABELS[dotted]) if dotted in LABELS else dotted


def word_for(value: Any) -> str:
    """A choice or a switch in words (``"priority"``: "key customers first").

    Examples
    --------
    >>> word_for(True), word_for("fifo"), word_for("RUB")
    ('yes', 'first come, first served', 'RUB')
    """
    if isinstance(value, bool | str) and value in WORDS:
        return _(WORDS[value])
    return str(value)


def value_text(value: Any) -> str:
    """A parameter's value in words for a table: yes or no, a choice, a number.

    Examples
    --------
    >>> value_text(True), value_text("fifo"), value_text(48000.0)
    ('yes', 'first come, first served', '48,000')
    >>> value_text(0.005), value_text(float("inf"))
    ('0.005', '∞')
    """
    if isinstance(value, bool | str):
        return word_for(value)
    return number(value, 6)


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
        return word_for(value)
    if isinstance(value, str):
        return value
    if dotted in SHARES:
        return percent(value, 0 if float(100 * value).is_integer() else 1)
    if isinstance(value, float) and math.isinf(value):
        return _("never")
    unit = _unit(dotted)
    if unit == "min" and value < 1:
        return number(60 * value) + NBSP + _("s")
    amount = number(value)
    if unit == "days":  # a word that agrees with its number ("30 дней", "1 день")
        count = int(value) if float(value).is_integer() else 2  # 2: a fraction's form
        words = ngettext("{n} day", "{n} days", count)
        return words.format(n=amount).replace(" ", NBSP)
    if unit in ("money", "money per month", "money per day", "min", "h"):
        return amount + NBSP + unit_label(unit, currency)
    if unit.startswith("per "):
        return f"{amount} {unit_label(unit)}"
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
        index=pd.Index([upper_first(label(k)) for k in keys], name=_("lever")),
    )


def _plain(text: str) -> str:
    """A label as people type it: lower case, no hint in brackets, single spaces."""
    return " ".join(str(text).lower().split("(")[0].split())


def _dotted(name: str) -> str:
    """The dotted key of a lever given by its label (or by its key).

    The label may be written in English or in the language in use.
    """
    wanted = _plain(name)
    for dotted in levers(Scenario()):
        if wanted in (dotted, _plain(label(dotted)), _plain(LABELS[dotted])):
            return dotted
    known = ", ".join(_plain(label(k)) for k in levers(Scenario()))
    raise ParameterError(
        _('"{name}" is not a lever; the levers are: {known}').format(
            name=name, known=known
        )
    )


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
        if isinstance(raw, str) and words in (raw, plain, _(plain).lower()):
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


PRESET_NAMES: Labels = Labels(
    {
        "product-centric": N_("product-centric"),
        "customer-oriented": N_("customer-oriented"),
        "client-centric": N_("client-centric"),
        "baseline": N_("baseline"),
        "plain queue": N_("plain queue"),
    }
)
"""The names of the shipped scenarios as people read them (a scenario keeps its
own name in its file and in tables' keys; only what is shown is translated)."""


def scenario_label(name: str) -> str:
    """A scenario's name as shown: a shipped scenario's in the language in use.

    Examples
    --------
    >>> scenario_label("client-centric"), scenario_label("my plan")
    ('client-centric', 'my plan')
    """
    return PRESET_NAMES.get(name, name)
