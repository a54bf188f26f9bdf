"""One number formatter for the command line, the lab, the report and the course.

Every number a person reads goes through here, so that 204,322 is written the
same way everywhere, shares are percentages, and a missing value is "n/a".
"""

from __future__ import annotations

import math
from typing import Any

from ..results import KPIS


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


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
    >>> number(float("nan")), number(float("inf")), number(-0.0)
    ('n/a', '∞', '0')
    """
    if _missing(x):
        return "n/a"
    x = float(x) + 0.0  # -0.0 reads "0"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


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
    return f"{value:,.{decimals}f}"


def is_share(kpi: str) -> bool:
    """Whether a KPI is a share (shown as a percentage)."""
    info = KPIS.get(kpi)
    return info is not None and info.unit == "share"


def kpi_value(kpi: str, value: float | None) -> str:
    """A KPI value: shares in %, other numbers through :func:`number`.

    Examples
    --------
    >>> kpi_value("service_level", 0.4567), kpi_value("profit", 123456.7)
    ('45.7%', '123,457')
    >>> kpi_value("nps", 12.34), kpi_value("nps", None)
    ('12.3', 'n/a')
    """
    if _missing(value):
        return "n/a"
    if is_share(kpi):
        return f"{100 * value:.1f}%"
    return number(float(value))


def kpi_half_width(kpi: str, half_width: float | None) -> str:
    """A half-width in the KPI's units (percentage points for shares).

    Examples
    --------
    >>> kpi_half_width("churn_rate", 0.0123), kpi_half_width("profit", 2500.0)
    ('1.2 pp', '2,500')
    """
    if _missing(half_width):
        return "n/a"
    if is_share(kpi):
        return f"{100 * half_width:.1f} pp"
    return number(float(half_width))


def kpi_difference(kpi: str, difference: float | None) -> str:
    """A signed difference in the KPI's units.

    Examples
    --------
    >>> kpi_difference("profit", 1500.0), kpi_difference("share_wow", -0.021)
    ('+1,500', '-2.1 pp')
    """
    if _missing(difference):
        return "n/a"
    sign = "+" if difference > 0 else "-" if difference < 0 else ""
    return sign + kpi_half_width(kpi, abs(difference))


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
