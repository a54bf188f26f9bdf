"""What the model reports about its customers at the end of a run, and their value.

``customers_table`` is the one-row-per-customer table of a finished run;
``outlooks`` is what customer equity is computed from (see ``results.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np
import pandas as pd

from .customers import Customer, Rules

_FIELDS: tuple[str, ...] = (
    "ident",
    "origin",
    "number",
    "key",
    "value",
    "expectation",
    "rate",
    "leave_scale",
    "phase",
    "joined",
    "left",
    "visits",
    "levels",
    "complaints",
    "won_back",
    "satisfaction",
    "revenue",
    "margin",
)


def customers_table(
    customers: Sequence[Customer], rules: Rules, day_minutes: float
) -> pd.DataFrame:
    """One row per customer of a finished run."""
    # One C-level attribute fetch per customer, then whole columns at once:
    # a plain queue leaves a customer per visit, tens of thousands of them.
    rows = list(map(attrgetter(*_FIELDS), customers))
    values = zip(*rows, strict=True) if rows else [()] * len(_FIELDS)
    columns = dict(zip(_FIELDS, values, strict=True))
    levels = np.array(columns["levels"], dtype=np.int64).reshape(-1, 3)
    satisfaction = np.array(columns["satisfaction"], dtype=float)
    # Customer.recommend, for all at once: round half up, kept within 0-10.
    recommend = np.clip(
        np.floor(rules.recommend_base + rules.recommend_slope * satisfaction + 0.5),
        0,
        10,
    ).astype(np.int64)
    return pd.DataFrame(
        {
            "customer": np.array(columns["ident"], dtype=np.int64),
            "origin": np.array(columns["origin"], dtype=object),
            "number": np.array(columns["number"], dtype=np.int64),
            "key": np.array(columns["key"], dtype=bool),
            "value": np.array(columns["value"], dtype=float),
            "expectation": np.array(columns["expectation"], dtype=float),
            "rate": np.array(columns["rate"], dtype=float),
            "leave_scale": np.array(columns["leave_scale"], dtype=float),
            "phase": np.array(columns["phase"], dtype=object),
            "joined_day": np.array(columns["joined"], dtype=float) / day_minutes,
            "left_day": np.array(columns["left"], dtype=float) / day_minutes,
            "visits": np.array(columns["visits"], dtype=np.int64),
            "low": levels[:, 0],
            "standard": levels[:, 1],
            "wow": levels[:, 2],
            "complaints": np.array(columns["complaints"], dtype=np.int64),
            "won_back": np.array(columns["won_back"], dtype=np.int64),
            "satisfaction": satisfaction,
            "recommend": recommend,
            "revenue": np.array(columns["revenue"], dtype=float),
            "margin": np.array(columns["margin"], dtype=float),
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
