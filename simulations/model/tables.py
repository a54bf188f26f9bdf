"""What the model reports about its customers at the end of a run, and their value.

``customers_table`` is the one-row-per-customer table of a finished run;
``outlooks`` is what customer equity is computed from (see ``results.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np
import pandas as pd

from .customers import Customer
from .rules import Rules

_COLUMNS: tuple[tuple[str, str, type], ...] = (
    # (column, attribute of the customer, dtype)
    ("customer", "ident", np.int64),
    ("origin", "origin", object),
    ("number", "number", np.int64),
    ("key", "key", bool),
    ("value", "value", float),
    ("expectation", "expectation", float),
    ("rate", "rate", float),
    ("leave_scale", "leave_scale", float),
    ("phase", "phase", object),
    ("joined_day", "joined", float),
    ("left_day", "left", float),
    ("visits", "visits", np.int64),
    ("complaints", "complaints", np.int64),
    ("won_back", "won_back", np.int64),
    ("satisfaction", "satisfaction", float),
    ("revenue", "revenue", float),
    ("margin", "margin", float),
    ("low", "low", np.int64),
    ("standard", "standard", np.int64),
    ("wow", "wow", np.int64),
)
_ROW = np.dtype([(column, dtype) for column, _, dtype in _COLUMNS])
_ATTRIBUTES = attrgetter(*(attribute for _, attribute, _ in _COLUMNS))
_ORDER: tuple[str, ...] = (
    "customer",
    "origin",
    "number",
    "key",
    "value",
    "expectation",
    "rate",
    "leave_scale",
    "phase",
    "joined_day",
    "left_day",
    "visits",
    "low",
    "standard",
    "wow",
    "complaints",
    "won_back",
    "satisfaction",
    "recommend",
    "revenue",
    "margin",
)
"""The columns in the order of the table."""


def customers_table(
    customers: Sequence[Customer], rules: Rules, day_minutes: float
) -> pd.DataFrame:
    """One row per customer of a finished run."""
    # One structured array, filled straight from the attributes: a plain
    # queue leaves a customer per visit, hundreds of thousands of them, and
    # one attribute getter a customer costs half as much as one a column.
    rows = np.fromiter(map(_ATTRIBUTES, customers), _ROW, count=len(customers))
    columns = {column: rows[column] for column in _ROW.names}
    columns["joined_day"] = columns["joined_day"] / day_minutes
    columns["left_day"] = columns["left_day"] / day_minutes
    # Customer.recommend, for all at once: round half up, kept within 0-10.
    score = rules.recommend_base + rules.recommend_slope * columns["satisfaction"]
    columns["recommend"] = np.clip(np.floor(score + 0.5), 0, 10).astype(np.int64)
    return pd.DataFrame({name: columns[name] for name in _ORDER}).set_index("customer")


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
