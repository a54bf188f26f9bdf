"""What the model reports about its customers at the end of a run, and their value.

``customers_table`` is the one-row-per-customer table of a finished run;
``outlooks`` is what customer equity is computed from (see ``results.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .customers import Customer, Rules


def customers_table(
    customers: Sequence[Customer], rules: Rules, day_minutes: float
) -> pd.DataFrame:
    """One row per customer of a finished run."""
    rows = customers
    return pd.DataFrame(
        {
            "customer": [c.ident for c in rows],
            "origin": [c.origin for c in rows],
            "number": [c.number for c in rows],
            "key": [c.key for c in rows],
            "value": [c.value for c in rows],
            "expectation": [c.expectation for c in rows],
            "rate": [c.rate for c in rows],
            "leave_scale": [c.leave_scale for c in rows],
            "phase": [c.phase for c in rows],
            "joined_day": [c.joined / day_minutes for c in rows],
            "left_day": [c.left / day_minutes for c in rows],
            "visits": [c.visits for c in rows],
            "low": [c.levels[0] for c in rows],
            "standard": [c.levels[1] for c in rows],
            "wow": [c.levels[2] for c in rows],
            "complaints": [c.complaints for c in rows],
            "won_back": [c.won_back for c in rows],
            "satisfaction": [c.satisfaction for c in rows],
            "recommend": [c.recommend(rules) for c in rows],
            "revenue": [c.revenue for c in rows],
            "margin": [c.margin for c in rows],
        }
    ).set_index("customer")


def outlooks(
    customers: Sequence[Customer], rules: Rules, levels: Sequence[int]
) -> np.ndarray:
    """Expected margin a month and monthly retention of each active customer.

    Two rows (margin, retention), one column per active customer, from the
    model's own rules: what customer equity is computed from. ``levels`` are
    the run's counts of low, standard and WOW visits so far: each customer's
    own mix is shrunk towards their shares.
    """
    total = sum(levels)
    shares = tuple(n / total for n in levels) if total else (0.0, 1.0, 0.0)
    rows = [c.outlook(rules, shares) for c in customers if c.phase != "lost"]
    return np.array(rows, dtype=float).reshape(-1, 2).T
