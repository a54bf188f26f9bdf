"""Measures in their units, as people read them: '4,300 RUB', '10 s', '5%'.

The pieces :mod:`simulations.present.words` builds its sentences from: the
currency sign, a mean in its unit (:func:`value`), a magnitude with its unit,
and the nouns and words ("more waiting", "fewer customers lost") of each
measure. Numbers are rounded by :func:`simulations.present.format.supported`.
"""

from __future__ import annotations

import math
from typing import Any

from ..results import KPIS
from ..vocabulary import MONTH_DAYS
from .format import DEFAULT_CURRENCY, NBSP, currency_symbol, supported

SECONDS_BELOW = 2.0
"""Minutes under which a time difference reads better in seconds."""

# Measure -> (noun after "more"/"less", word for less, word for more). A measure
# missing here reads "<label> lower by <size>".
NOUNS: dict[str, tuple[str, str, str]] = {
    "mean_wait": ("waiting", "less", "more"),
    "profit": ("profit", "less", "more"),
    "profit_per_month": ("profit a month", "less", "more"),
    "profit_pv": ("profit in today's money", "less", "more"),
    "value_created": ("value created", "less", "more"),
    "customer_equity": ("customer equity", "less", "more"),
    "revenue": ("revenue", "less", "more"),
    "gross_margin": ("gross margin", "less", "more"),
    "margin_per_customer": ("margin per customer", "less", "more"),
    "active_customers": ("active customers at the end", "fewer", "more"),
    "new_customers": ("customers gained", "fewer", "more"),
    "lost_customers": ("customers lost", "fewer", "more"),
    "won_back": ("customers won back", "fewer", "more"),
    "deterred": ("prospects put off", "fewer", "more"),
    "customers_loyal": ("loyal customers at the end", "fewer", "more"),
    "customers_advocate": ("advocates at the end", "fewer", "more"),
    "complaints": ("complaints", "fewer", "more"),
    "silent_dissatisfied": ("low visits without a complaint", "fewer", "more"),
    "visits": ("visits", "fewer", "more"),
}

FLOWS = (
    "new_customers",
    "lost_customers",
    "won_back",
    "deterred",
    "complaints",
    "silent_dissatisfied",
    "visits",
)
"""Counts over the measured period that can be put per month (money too)."""

JUDGEMENT: dict[str, str] = {
    "better": "clearly better",
    "worse": "clearly worse",
    "unclear": "no clear difference",
    "higher": "clearly higher",
    "lower": "clearly lower",
}
"""The words of each verdict kind, as a learner reads them."""


def currency(scenario: Any = None) -> str:
    """How money is written after an amount: the scenario's currency (roubles by
    default), as the language in use writes it.

    Examples
    --------
    >>> currency()
    'RUB'
    """
    economics = getattr(scenario, "economics", None)
    code = getattr(economics, "currency", None) or DEFAULT_CURRENCY
    return currency_symbol(str(code))


def months_measured(scenario: Any) -> float:
    """Months in the measured period of a scenario."""
    business = scenario.business
    return (business.days - business.warmup_days) / MONTH_DAYS


def unit_of(kpi: str) -> str:
    info = KPIS.get(kpi)
    return info.unit if info else ""


def magnitude(
    kpi: str, x: float, half_width: float | None, sign: str, seconds: bool
) -> tuple[str, str]:
    """A magnitude and its unit: ('4,300', 'RUB') or ('10', 's').

    ``seconds`` writes a time in seconds (for small differences).
    """
    unit = unit_of(kpi)
    if unit == "min":
        if seconds:
            return supported(
                60 * x, None if half_width is None else 60 * half_width
            ), "s"
        return supported(x, half_width), "min"
    if unit == "share":
        hw = None if half_width is None else 100 * half_width
        return supported(100 * x, hw), "percentage points"
    text = supported(x, half_width)
    if unit == "money":
        return text, sign
    if unit in ("points", "customers", "people") and kpi not in NOUNS:
        return text, unit
    return text, ""


def joined(number: str, unit: str) -> str:
    """A number and its unit, never split across lines."""
    if not number.strip("0.,-"):
        return "0"  # a bound that rounds to nothing needs no unit
    return f"{number}{NBSP}{unit}" if unit else number


def upper_first(text: str) -> str:
    """A sentence's first letter in upper case: 'churn a month' -> 'Churn a month'."""
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Churn a month' -> 'churn a month'; 'WOW' stays.

    Examples
    --------
    >>> lower_first("Churn a month"), lower_first("WOW visits")
    ('churn a month', 'WOW visits')
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def value(kpi: str, x: float, half_width: float | None = None, sign: str = "") -> str:
    """One mean in its unit, rounded to what its interval supports.

    Examples
    --------
    >>> value("mean_wait", 4.234, 0.31), value("profit", 123456.0, 2100.0, "RUB")
    ('4.2\xa0min', '123,000\xa0RUB')
    >>> value("mean_wait", 0.35, 0.05)
    '21\xa0s'
    >>> value("churn_rate", 0.04567, 0.004), value("nps", 21.37, 2.4)
    ('4.6%', '21\xa0points')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    unit = unit_of(kpi)
    if unit == "share":
        hw = None if half_width is None else 100 * half_width
        return f"{supported(100 * x, hw)}%"  # as format.percent writes it in English
    if unit == "min":
        if abs(x) < 1:
            hw = None if half_width is None else 60 * half_width
            return joined(supported(60 * x, hw), "s")
        return joined(supported(x, half_width), "min")
    text = supported(x, half_width)
    if unit == "money":
        return joined(text, sign or currency())
    if unit in ("points", "customers", "people"):
        return joined(text, unit)
    if unit == "per min":
        return joined(text, "a minute")
    return text
