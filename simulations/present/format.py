"""One number formatter for the command line, the lab, the report and the course.

Every number a person reads goes through here, so that 204,322 is written the
same way everywhere, shares are percentages, money carries its currency
(``economics.currency``, roubles by default) and a missing value is "n/a".
Numbers follow the conventions of the language in use, through Babel's CLDR
data (the separators, the decimal mark, the percent sign's spacing).
"""

from __future__ import annotations

import math
import re
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent, get_currency_symbol

from ..i18n import N_, _, get_language
from ..results import KPIS

NBSP = "\u00a0"
"""No-break space: between a number and its unit, so a line never splits them."""

DEFAULT_CURRENCY = "RUB"
"""The currency of money when nothing else is said (``economics.currency``)."""


def _locale() -> str:
    """The locale numbers are written in: the language in use."""
    return get_language()


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def not_available() -> str:
    """What a missing number reads: "n/a"."""
    return _("n/a")


def number(x: float | None, digits: int = 3) -> str:
    """A number as people read it: thousands separated, else a few figures.

    Parameters
    ----------
    x
        The number; None and NaN read "n/a".
    digits
        Significant figures below 1,000.

    Examples
    --------
    >>> number(204321.7), number(0.03471), number(-1.5), number(409.0909, 4)
    ('204,322', '0.0347', '-1.5', '409.1')
    >>> number(140.4, 2), number(8.93, 2)
    ('140', '8.9')
    >>> number(float("nan")), number(float("inf")), number(-0.0)
    ('n/a', '∞', '0')
    """
    if _missing(x):
        return not_available()
    x = float(x) + 0.0  # -0.0 reads "0"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    locale = _locale()
    if abs(x) >= 1000:
        return format_decimal(x, format="#,##0", locale=locale)
    # No fewer figures than the whole part: 140 with 2 reads "140", not "1.4e+02".
    figures = max(digits, len(str(int(abs(x)))))
    text = f"{x:.{figures}g}"
    return text.replace(".", Locale.parse(locale).number_symbols["latn"]["decimal"])


def fixed(x: float, places: int = 1) -> str:
    """A number with a fixed number of decimals, in the language's style.

    Examples
    --------
    >>> fixed(2.0), fixed(1234.567, 2)
    ('2.0', '1,234.57')
    """
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(x, format=pattern, locale=_locale())


def percent(share: float | None, digits: int = 1) -> str:
    """A share as a percentage, in the language's style.

    Examples
    --------
    >>> percent(0.4567), percent(0.05, 0), percent(None)
    ('45.7%', '5%', 'n/a')
    """
    if _missing(share):
        return not_available()
    locale = _locale()
    pattern = Locale.parse(locale).percent_formats[None].pattern
    if digits > 0:  # the last 0 of the number gets the decimals
        pattern = re.sub(r"0(?=[^0]*$)", "0." + "0" * digits, pattern, count=1)
    return format_percent(float(share), format=pattern, locale=locale)


def currency_symbol(currency: str = DEFAULT_CURRENCY) -> str:
    """How a currency is written after an amount: ``RUB`` in English, ``₽`` in Russian.

    Examples
    --------
    >>> currency_symbol("RUB"), currency_symbol("EUR")
    ('RUB', '€')
    """
    return get_currency_symbol(currency, locale=_locale())


def money(x: float | None, currency: str = DEFAULT_CURRENCY, digits: int = 3) -> str:
    """An amount of money with its currency.

    Examples
    --------
    >>> money(204321.7), money(450.0, "EUR"), money(None)
    ('204,322\xa0RUB', '450\xa0€', 'n/a')
    """
    if _missing(x):
        return not_available()
    return f"{number(x, digits)}{NBSP}{currency_symbol(currency)}"


UNITS: dict[str, str] = {
    "money per day": N_("{money} a day"),
    "money per month": N_("{money} a month"),
    "share": "%",
    "min": N_("min"),
    "h": N_("h"),
    "days": N_("days"),
    "per min": N_("a minute"),
    "per day": N_("a day"),
    "per month": N_("a month"),
    "customers": N_("customers"),
    "people": N_("people"),
    "count": N_("count"),
    "points": N_("points"),
}
"""Every unit of a parameter or a KPI, as people read it (``money`` is the currency)."""


def unit_label(unit: str, currency: str = DEFAULT_CURRENCY) -> str:
    """A unit as people read it: money in its currency, a share as %.

    Examples
    --------
    >>> unit_label("money"), unit_label("money per month", "EUR"), unit_label("min")
    ('RUB', '€ a month', 'min')
    """
    symbol = currency_symbol(currency)
    if unit == "money":
        return symbol
    if unit not in UNITS:
        return unit
    return _(UNITS[unit]).format(money=symbol)


def with_interval(value: float, half_width: float | None = None) -> str:
    """A number with its interval half-width.

    Examples
    --------
    >>> with_interval(204321.7, 19612.0), with_interval(0.0347, float("nan"))
    ('204,322 ± 19,612', '0.0347')
    """
    text = number(value)
    if not _missing(half_width):
        text += f" ± {number(half_width)}"
    return text


def step(half_width: float | None) -> float | None:
    """The rounding step an interval supports: the half-width's first figure.

    Two figures when the first one is a 1 (so that 0.12 keeps 0.01, not 0.1).
    None when there is no interval (a single run, or no spread at all).

    Examples
    --------
    >>> step(830.0), step(11115.0), step(0.0595), step(float("nan")), step(0.0)
    (100.0, 1000.0, 0.01, None, None)
    """
    if _missing(half_width) or not math.isfinite(half_width) or half_width <= 0:
        return None
    first = math.floor(math.log10(half_width))
    if half_width / 10.0**first < 2:
        first -= 1
    return 10.0**first


def supported(x: float | None, half_width: float | None = None) -> str:
    """A number rounded to what its interval supports, thousands separated.

    Without an interval the number keeps two significant figures.

    Examples
    --------
    >>> supported(4312.0, 830.0), supported(9727.0, 11115.0), supported(9.6, 3.0)
    ('4,300', '10,000', '10')
    >>> supported(-1.49, 0.595), supported(0.123, None), supported(2345.0)
    ('-1.5', '0.12', '2,300')
    >>> supported(0.0843, 0.017), supported(0.0012, None)
    ('0.08', '0')
    """
    if _missing(x):
        return "n/a"
    size = step(half_width)
    if size is None:
        if x == 0 or not math.isfinite(x):
            return number(x)
        size = 10.0 ** (math.floor(math.log10(abs(x))) - 1)
    size = max(size, 0.01)  # two decimals at most: people do not read more
    value = round(x / size) * size + 0.0
    if value == 0:
        return "0"
    decimals = max(0, -math.floor(math.log10(size) + 1e-9))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale())


def is_share(kpi: str) -> bool:
    """Whether a KPI is a share (shown as a percentage)."""
    info = KPIS.get(kpi)
    return info is not None and info.unit == "share"


def is_money(kpi: str) -> bool:
    """Whether a KPI is an amount of money (shown with its currency)."""
    info = KPIS.get(kpi)
    return info is not None and info.unit == "money"


def kpi_unit(kpi: str, currency: str = DEFAULT_CURRENCY) -> str:
    """The unit of a KPI as a table's unit column shows it.

    Examples
    --------
    >>> kpi_unit("profit"), kpi_unit("churn_rate"), kpi_unit("mean_wait")
    ('RUB', '%', 'min')
    """
    info = KPIS.get(kpi)
    return unit_label(info.unit, currency) if info is not None else ""


def _with_currency(text: str, kpi: str, currency: str | None) -> str:
    """``text`` followed by the currency when the KPI is money and one is given."""
    if currency is None or text == not_available() or not is_money(kpi):
        return text
    return f"{text}{NBSP}{currency_symbol(currency)}"


def kpi_value(kpi: str, value: float | None, currency: str | None = None) -> str:
    """A KPI value: shares in %, other numbers through :func:`number`.

    Money gets its currency when one is given (a table with a unit column
    leaves it out).

    Examples
    --------
    >>> kpi_value("service_level", 0.4567), kpi_value("profit", 123456.7)
    ('45.7%', '123,457')
    >>> kpi_value("profit", 123456.7, "RUB")
    '123,457\xa0RUB'
    >>> kpi_value("nps", 12.34), kpi_value("nps", None)
    ('12.3', 'n/a')
    """
    if _missing(value):
        return not_available()
    if is_share(kpi):
        return percent(value)
    return _with_currency(number(float(value)), kpi, currency)


def points(share: float) -> str:
    """A difference of shares in percentage points.

    Examples
    --------
    >>> points(0.0123)
    '1.2\xa0pp'
    """
    amount = format_decimal(100 * share, format="#,##0.0", locale=_locale())
    return amount + NBSP + _("pp")


def kpi_half_width(
    kpi: str, half_width: float | None, currency: str | None = None
) -> str:
    """A half-width in the KPI's units (percentage points for shares).

    Examples
    --------
    >>> kpi_half_width("churn_rate", 0.0123), kpi_half_width("profit", 2500.0)
    ('1.2\xa0pp', '2,500')
    """
    if _missing(half_width):
        return not_available()
    if is_share(kpi):
        return points(half_width)
    return _with_currency(number(float(half_width)), kpi, currency)


def kpi_estimate(
    kpi: str, mean: float, half_width: float | None, currency: str | None = None
) -> str:
    """A KPI's mean with its half-width: ``45.7% ± 1.2 pp``, ``1,234 ± 56 RUB``.

    Examples
    --------
    >>> kpi_estimate("service_level", 0.4567, 0.012)
    '45.7% ± 1.2\xa0pp'
    >>> kpi_estimate("profit", 1234.0, 56.0, "RUB"), kpi_estimate("nps", 3.0, None)
    ('1,234 ± 56\xa0RUB', '3')
    """
    if is_share(kpi):
        text = percent(mean)
        return text if _missing(half_width) else f"{text} ± {points(half_width)}"
    return _with_currency(with_interval(mean, half_width), kpi, currency)


def kpi_interval(
    kpi: str, value: float, half_width: float | None, currency: str | None = None
) -> str:
    """``value ± half-width`` in the KPI's units, the unit written once at the end.

    Shares are in percentage points; money gets its currency when one is given.

    Examples
    --------
    >>> kpi_interval("profit", 204321.7, 19612.0, "RUB")
    '204,322 ± 19,612\xa0RUB'
    >>> kpi_interval("churn_rate", 0.0123, 0.003), kpi_interval("nps", 5.0, None)
    ('1.2 ± 0.3\xa0pp', '5')
    """
    if is_share(kpi):
        text = format_decimal(100 * value, format="#,##0.0", locale=_locale())
        if not _missing(half_width):
            text += " ± " + points(half_width)
        else:
            text += NBSP + _("pp")
        return text
    text = number(value)
    if not _missing(half_width):
        text += f" ± {number(half_width)}"
    return _with_currency(text, kpi, currency)


def kpi_difference(
    kpi: str, difference: float | None, currency: str | None = None
) -> str:
    """A signed difference in the KPI's units.

    Examples
    --------
    >>> kpi_difference("profit", 1500.0), kpi_difference("share_wow", -0.021)
    ('+1,500', '-2.1\xa0pp')
    """
    if _missing(difference):
        return not_available()
    sign = "+" if difference > 0 else "-" if difference < 0 else ""
    return sign + kpi_half_width(kpi, abs(difference), currency)


def parameter_value(value: Any) -> str:
    """A parameter value for a table, spelt as in a TOML file.

    Examples
    --------
    >>> parameter_value(True), parameter_value(0.25), parameter_value(4000.0)
    ('true', '0.25', '4000')
    >>> parameter_value("fifo"), parameter_value(float("inf"))
    ('fifo', 'inf')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:g}"
    return str(value)
