"""Checks of module 03, the economics of loyalty: task 3.10, a loyalty programme.

Does a programme pay? The comparison behind the task, run once a session.
:mod:`exercises.checks.m03_economics_of_loyalty` holds the module's other
tasks and shows these names with them.
"""

from __future__ import annotations

import functools
from typing import Any

from simulations import Scenario
from simulations.experiments import Comparison, compare
from simulations.i18n import _

from ..feedback import Feedback
from .common import COMPARE_RUN, REPLICATIONS, _choice, _task
from .options import PAYS
from .runs import short_preset

RETENTION_LEVERS = (
    "retention.loyalty_programme",
    "retention.eligible_from",
    "retention.discount",
)
"""The levers of a loyalty programme."""

PROGRAMME = {
    "retention.loyalty_programme": True,
    "retention.eligible_from": "regular",
    "retention.discount": 0.02,
}
"""Task 3.10: the programme the manager proposes."""

PROGRAMME_KPIS = ("profit", "value_created", "customer_equity", "churn_rate")
"""Task 3.10: the KPIs the task's comparison shows."""


def retention_base() -> Scenario:
    """Task 3.10: the product-centric business over :data:`COMPARE_RUN`."""
    return short_preset("product_centric", COMPARE_RUN)


def proposed_programme() -> Scenario:
    """Task 3.10: the product-centric business with the proposed programme.

    Named in the language in use: the name is shown, and the checks read it
    back from the comparison, never as a literal.
    """
    return retention_base().copy(
        _("loyalty programme, 2% to regular customers"), **PROGRAMME
    )


def programme_comparison(base: Scenario, alt: Scenario) -> Comparison:
    """Paired comparison of profit and value created, as task 3.10 judges it.

    :data:`~exercises.checks.common.REPLICATIONS` paired replications with
    common random numbers, one process; kept for the session.
    """
    return _programme_cached(base.to_toml(), alt.to_toml())


@functools.lru_cache(maxsize=4)
def _programme_cached(base: str, alt: str) -> Comparison:
    return compare(
        Scenario.from_toml_text(base),
        [Scenario.from_toml_text(alt)],
        REPLICATIONS,
        kpis=list(PROGRAMME_KPIS),
        workers=1,
        progress=False,
    )


def _pays_on(cmp: Comparison, kpi: str) -> str:
    """'yes', 'no' or 'unclear': is the whole interval of the KPI above zero?"""
    alt = next(iter(cmp.alternatives))
    row = cmp.table.loc[(alt, kpi)]
    if row["ci_low"] > 0:
        return "yes"
    if row["ci_high"] < 0:
        return "no"
    return "unclear"


@_task("3.10", "does a loyalty programme pay? (value created)", "choice", PAYS)
def check_3_10(task: str, answer: Any) -> Feedback:
    """Judge the proposed programme on value created, with its interval."""
    cmp = programme_comparison(retention_base(), proposed_programme())
    expected = _pays_on(cmp, "value_created")
    profit = _pays_on(cmp, "profit")
    why = {
        "yes": _(
            "The whole interval (95%) of the difference in value created is above zero."
        ),
        "no": _(
            "The whole interval (95%) of the difference in value created is below zero."
        ),
        "unclear": _(
            "The interval (95%) of the difference in value created includes zero: the "
            "runs cannot tell a gain from a loss. Measure how members respond (a test "
            "group) before deciding."
        ),
    }[expected]
    if profit != expected:
        why += " " + _(
            "Note that profit alone gives another verdict: the programme's benefit "
            "(members who stay) lies partly beyond the horizon."
        )
    return _choice(
        task,
        answer,
        expected,
        PAYS,
        why=why,
        hints={
            "yes": _(
                "'yes' needs the whole interval of the value created above zero. "
                "Look at both ends of its interval, not at the mean alone."
            ),
            "no": _(
                "'no' needs the whole interval of the value created below zero. "
                "Look at the value-created row, not the profit row."
            ),
            "unclear": _(
                "Look again at the interval of the value created: does it "
                "include zero, or does it lie wholly on one side?"
            ),
        },
    )
