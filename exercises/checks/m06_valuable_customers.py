"""Checks of module 06, the most valuable customers: tasks 6.1-6.4.

The tasks are in ``exercises/solutions/06_valuable_customers.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from simulations.experiments import multiple_replications
from simulations.i18n import N_, _
from simulations.results import top_share

from ..feedback import Feedback
from .common import REPLICATIONS, _choice, _number, _task
from .runs import _run, short_preset

PARETO_PRESET = "customer_oriented"
"""Tasks 6.1-6.2: the business whose customers are ranked."""


def _margins() -> np.ndarray:
    margin = _run(PARETO_PRESET).customers["margin"].to_numpy(float)
    return margin[margin > 0]


@_task("6.1", "share of margin from the top 20%", "number")
def check_6_1(task: str, answer: Any) -> Feedback:
    """Top-20% share of margin among customers with margin > 0."""
    customers = _run(PARETO_PRESET).customers
    return _number(
        task,
        answer,
        top_share(_margins(), 0.2),
        abs_tol=0.015,
        mistakes=[
            (
                top_share(customers["margin"].to_numpy(float), 0.2),
                _(
                    "count only customers who brought some margin in the measured period"
                ),
            ),
            (
                top_share(
                    customers.loc[customers["margin"] > 0, "revenue"].to_numpy(float),
                    0.2,
                ),
                _("rank and add the margin, not the revenue"),
            ),
            (0.8, _("the rule of thumb says 80%; read the simulated curve")),
        ],
        hint=_(
            "Sort the margins of the customers who brought some from the largest, "
            "add the first 20% and divide by the total (or read the curve at 20%)."
        ),
    )


@_task("6.2", "share of margin from the top 10%", "number")
def check_6_2(task: str, answer: Any) -> Feedback:
    """Top-10% share of margin among customers with margin > 0."""
    return _number(
        task,
        answer,
        top_share(_margins(), 0.1),
        abs_tol=0.01,
        mistakes=[
            (top_share(_margins(), 0.2), _("that is the top 20%; take the top 10%")),
            (
                top_share(_run(PARETO_PRESET).customers["margin"].to_numpy(float), 0.1),
                _(
                    "count only customers who brought some margin in the measured period"
                ),
            ),
        ],
        hint=_("Same as 6.1, with the first tenth (10%) of the sorted customers."),
    )


@_task("6.3", "sales shares against the 80/20 rule for profit", "choice")
def check_6_3(task: str, answer: Any) -> Feedback:
    """Measured 60-73% of sales does not refute 80% of profit."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "Kim, Singh & Winer (2017) and McCarthy & Winer (2019) measure sales. "
            "Profit is usually more concentrated than sales, because the costs of "
            "attracting and serving customers are spread more evenly than purchases."
        ),
        hints={
            "a": _(
                "The studies measure sales, the rule speaks of profit: one does not "
                "refute the other. What do small customers cost to attract and serve?"
            ),
            "c": _(
                "The measured shares are far above 20%: customers are far from equal."
            ),
        },
    )


PRIORITY_PRESET = "client_centric"
"""Task 6.4: a business that serves key customers first."""


VISIT_COLUMNS = (N_("run"), N_("key customer"), N_("wait (min)"))
"""Task 6.4: the columns of the visits table (shown through _())."""


def key_customer_visits() -> pd.DataFrame:
    """Task 6.4: the measured visits of the priority business, all its runs.

    :data:`~exercises.checks.common.REPLICATIONS` runs over
    :data:`~exercises.checks.common.SHORT_RUN`, kept for the session; one row
    per visit after the warm-up, with the run, whether the customer was a key
    customer (True or False, as a learner's code writes them), and the wait in
    minutes. The columns are named in the language in use (``run``, ``key
    customer``, ``wait (min)`` in English): a learner's code reads the names
    the table shows.
    """
    visits = _priority_visits(REPLICATIONS).copy()
    visits.columns = [_(column) for column in VISIT_COLUMNS]
    return visits


@functools.lru_cache(maxsize=1)
def _priority_visits(runs: int) -> pd.DataFrame:
    scenario = short_preset(PRIORITY_PRESET)
    reps = multiple_replications(
        scenario, runs, workers=1, progress=False, record_visits=True
    )
    frames = []
    for result in reps.results:
        v = result.visits
        measured = v[v["day"] >= result.warmup_days]
        frames.append(
            pd.DataFrame(
                {
                    "run": result.replication + 1,
                    "key customer": measured["key"].to_numpy(),
                    "wait (min)": measured["wait"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _waits() -> pd.Series:
    return _priority_visits(REPLICATIONS).groupby("key customer")["wait (min)"].mean()


@_task("6.4", "how much longer the others wait", "number")
def check_6_4(task: str, answer: Any) -> Feedback:
    """Mean wait of other customers / mean wait of key customers, all runs."""
    waits = _waits()
    expected = waits[False] / waits[True]
    return _number(
        task,
        answer,
        expected,
        rel=0.02,
        mistakes=[
            (
                1 / expected,
                _(
                    "that is key customers against the others; divide the others' "
                    "wait by the key customers' wait"
                ),
            ),
            (
                waits[False],
                _(
                    "that is the others' mean wait in minutes; divide it by "
                    "the key customers' wait"
                ),
            ),
            (waits[True], _("that is the key customers' mean wait in minutes")),
        ],
        hint=_(
            "Average the wait of the key customers' visits and of the other visits, "
            "over all runs, and divide the second by the first."
        ),
    )
