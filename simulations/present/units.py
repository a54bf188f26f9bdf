"""Measures in their units, as people read them: '4,300 RUB', '10 s', '5%'.

The pieces :mod:`simulations.present.words` builds its sentences from: the
currency sign, a mean in its unit (:func:`value`), a magnitude with its unit,
and the nouns and words ("more waiting", "fewer customers lost") of each
measure. Numbers are rounded by :func:`simulations.present.format.supported`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from babel import Locale

from ..i18n import N_, _, get_language, ngettext
from ..results import KPIS
from ..vocabulary import MONTH_DAYS
from .format import DEFAULT_CURRENCY, NBSP, currency_symbol, not_available, supported

SECONDS_BELOW = 2.0
"""Minutes under which a time difference reads better in seconds."""

# Measure -> (noun after "more"/"less", word for less, word for more), read
# through _() where shown. A measure missing here reads "<label> lower by <size>".
NOUNS: dict[str, tuple[str, str, str]] = {
    "mean_wait": (N_("waiting"), N_("less"), N_("more")),
    "profit": (N_("profit"), N_("less"), N_("more")),
    "profit_per_month": (N_("profit a month"), N_("less"), N_("more")),
    "profit_pv": (N_("profit in today's money"), N_("less"), N_("more")),
    "value_created": (N_("value created"), N_("less"), N_("more")),
    "customer_equity": (N_("customer equity"), N_("less"), N_("more")),
    "revenue": (N_("revenue"), N_("less"), N_("more")),
    "gross_margin": (N_("gross margin"), N_("less"), N_("more")),
    "margin_per_customer": (N_("margin per customer"), N_("less"), N_("more")),
    "active_customers": (N_("active customers at the end"), N_("fewer"), N_("more")),
    "new_customers": (N_("customers gained"), N_("fewer"), N_("more")),
    "lost_customers": (N_("customers lost"), N_("fewer"), N_("more")),
    "won_back": (N_("customers won back"), N_("fewer"), N_("more")),
    "deterred": (N_("prospects put off"), N_("fewer"), N_("more")),
    "customers_loyal": (N_("loyal customers at the end"), N_("fewer"), N_("more")),
    "customers_advocate": (N_("advocates at the end"), N_("fewer"), N_("more")),
    "complaints": (N_("complaints"), N_("fewer"), N_("more")),
    "silent_dissatisfied": (
        N_("low visits without a complaint"),
        N_("fewer"),
        N_("more"),
    ),
    "visits": (N_("visits"), N_("fewer"), N_("more")),
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
    "better": N_("clearly better"),
    "worse": N_("clearly worse"),
    "unclear": N_("no clear difference"),
    "higher": N_("clearly higher"),
    "lower": N_("clearly lower"),
}
"""The words of each verdict kind, as a learner reads them (through ``_()``)."""


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
            ), _("s")
        return supported(x, half_width), _("min")
    if unit == "share":
        hw = None if half_width is None else 100 * half_width
        text = supported(100 * x, hw)
        return text, counted(text, "share")
    text = supported(x, half_width)
    if unit == "money":
        return text, sign
    if unit in COUNTED and kpi not in NOUNS:
        return text, counted(text, unit)
    return text, ""


COUNTED = ("share", "points", "customers", "people")
"""Units that agree with their number (Russian has three forms)."""


def counted(number: str, unit: str) -> str:
    """The unit's word in the form its written number takes: '1 point', '2.5 points'."""
    digits = number.replace(NBSP, "").replace("\u202f", "").replace(" ", "")
    decimal = Locale.parse(get_language()).number_symbols["latn"]["decimal"]
    whole = digits.lstrip("-").replace(",", "").replace(".", "")
    # A fraction takes the form of 2 (both "2.5 points" and "2,5 балла").
    n = 2 if decimal in digits or not whole.isdigit() else int(whole)
    if unit == "share":  # of a difference
        return ngettext("percentage point", "percentage points", n)
    if unit == "points":
        return ngettext("point", "points", n)
    if unit == "customers":
        return ngettext("customer", "customers", n)
    return ngettext("person", "people", n)


def percent_text(number: str) -> str:
    """A written number as a percentage in the language's style: '12.3%', '12,3 %'."""
    pattern = Locale.parse(get_language()).percent_formats[None].pattern
    return re.sub(r"[#0,.]+", lambda _m: number, pattern, count=1)


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
        return not_available()
    unit = unit_of(kpi)
    if unit == "share":
        hw = None if half_width is None else 100 * half_width
        return percent_text(supported(100 * x, hw))
    if unit == "min":
        if abs(x) < 1:
            hw = None if half_width is None else 60 * half_width
            return joined(supported(60 * x, hw), _("s"))
        return joined(supported(x, half_width), _("min"))
    text = supported(x, half_width)
    if unit == "money":
        return joined(text, sign or currency())
    if unit in COUNTED:
        return joined(text, counted(text, unit))
    if unit == "per min":
        return joined(text, _("a minute"))
    return text
