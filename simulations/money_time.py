"""Two KPIs that need time: profit's present value and monthly churn.

Both read the daily books as plain arrays; ``results.py`` calls them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .vocabulary import MONTH_DAYS, YEAR_DAYS


def discounted(daily_profit: np.ndarray, discount_rate: float) -> float:
    """Present value of a series of daily amounts, at the start of day 0.

    Examples
    --------
    >>> round(discounted(np.full(360, 1.0), 0.0), 6)
    360.0
    """
    days = np.arange(1, len(daily_profit) + 1) / YEAR_DAYS
    return float(np.sum(daily_profit / (1.0 + discount_rate) ** days))


def monthly_churn(daily: pd.DataFrame, start: int = 0) -> float:
    """Monthly churn: the share of customers active at a month's start who leave in it.

    The measured days (from ``start``) are cut into months of
    :data:`~simulations.vocabulary.MONTH_DAYS` days. For each month, the
    customers lost in it are divided by those active at its start (at the end
    of the day before; for day 0, the end of day 0 less its newcomers and
    won-back customers plus its losses). Customers who join and leave within
    the same month count as lost too, so a month's share is capped at 1.
    The shares are averaged over the full months; a run shorter than a month
    gives the share of its one partial month, not extrapolated to a month.

    Parameters
    ----------
    daily
        The daily books of a run (``active_customers``, ``lost``,
        ``new_customers``, ``won_back``).
    start
        First measured day (the warm-up is left out).

    Returns
    -------
    float
        A share in [0, 1]; NaN when no month starts with an active customer
        (nothing to count).

    Examples
    --------
    >>> books = pd.DataFrame({"active_customers": [100, 90, 81],
    ...                       "lost": [0, 10, 9], "new_customers": [0, 0, 0],
    ...                       "won_back": [0, 0, 0]})
    >>> monthly_churn(books)  # 19 of 100 over three days: not scaled up
    0.19
    """
    active = daily["active_customers"].to_numpy(float)
    lost = daily["lost"].to_numpy(float)
    gained = daily["new_customers"].to_numpy(float) + daily["won_back"].to_numpy(float)
    days = len(active)
    full, partial = [], []
    for first in range(start, days, MONTH_DAYS):
        last = min(first + MONTH_DAYS, days)
        before = active[first - 1] if first > 0 else active[0] - gained[0] + lost[0]
        if before <= 0:
            continue
        share = min(1.0, float(lost[first:last].sum()) / before)
        (full if last - first == MONTH_DAYS else partial).append(share)
    shares = full or partial
    return float(np.mean(shares)) if shares else math.nan
