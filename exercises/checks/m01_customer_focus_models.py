"""Checks of module 01, customer focus models: tasks 1.1-1.5.

The tasks are in ``exercises/solutions/01_customer_focus_models.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

import functools
from typing import Any

from simulations.experiments import Comparison, compare
from simulations.i18n import NP_, _

from ..feedback import Feedback
from .common import REPLICATIONS, _choice, _free_text, _task
from .options import VERDICTS
from .runs import _verdict_word, short_preset

MODELS = (
    NP_("option", "product-centric"),
    NP_("option", "customer-oriented"),
    NP_("option", "client-centric"),
)


@_task("1.1", "the middle step", "choice")
def check_1_1(task: str, answer: Any) -> Feedback:
    """Front line puts the customer first, management still decides products."""
    return _choice(
        task,
        answer,
        "customer-oriented",
        MODELS,
        why=_(
            "Front-line staff serve the customer first, but products are still "
            "decided at the top."
        ),
        hints={
            "product-centric": _(
                "A product-centric firm sells what it makes; here "
                "the staff already put the customer first."
            ),
            "client-centric": _(
                "In a client-centric firm the customer also shapes "
                "strategy and new products; here management still decides them."
            ),
        },
    )


@_task("1.2", "Fader's definition", "choice")
def check_1_2(task: str, answer: Any) -> Feedback:
    """Peter Fader: special treatment for the most valuable customers."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "Fader: special treatment for the most valuable customers, not "
            "necessarily for all."
        ),
        hints={
            "a": _(
                "Treating everyone the same is the opposite of Fader's idea: "
                "customers differ in value."
            ),
            "c": _("Selling what the factory makes is the product-centric model."),
        },
    )


@_task("1.3", "reactive or proactive", "choice")
def check_1_3(task: str, answer: Any) -> Feedback:
    """Which model anticipates the customer's problems (proactive)?"""
    return _choice(
        task,
        answer,
        "client-centric",
        MODELS,
        why=_(
            "Customer-oriented firms react to requests; client-centric ones act "
            "before the customer asks."
        ),
        hints={
            "customer-oriented": _(
                "Customer-oriented firms answer well when the "
                "customer asks: they are reactive."
            ),
            "product-centric": _(
                "A product-centric firm looks at its product, not "
                "at the customer's problems."
            ),
        },
    )


def wait_comparison() -> Comparison:
    """Task 1.4: client-centric against product-centric, as the task runs it.

    Paired replications with common random numbers over
    :data:`~exercises.checks.common.SHORT_RUN`; kept for the session.
    """
    return _wait_comparison_cached(REPLICATIONS)


@functools.lru_cache(maxsize=1)
def _wait_comparison_cached(replications: int) -> Comparison:
    return compare(
        short_preset("product_centric"),
        [short_preset("client_centric")],
        replications,
        kpis=list(WAIT_KPIS),
        workers=1,
        progress=False,
    )


WAIT_KPIS = ("mean_wait", "churn_rate", "profit")
"""Task 1.4: the KPIs the task's table shows."""


@_task("1.4", "read a paired comparison: the mean wait", "choice", VERDICTS)
def check_1_4(task: str, answer: Any) -> Feedback:
    """Client-centric against product-centric: verdict on the mean wait."""
    expected = _verdict_word(wait_comparison(), "mean_wait")
    return _choice(
        task,
        answer,
        expected,
        VERDICTS,
        why=_(
            "The whole interval (95%) of the paired difference lies on one side of "
            "zero, and for a wait a higher value is worse: client-centric is not "
            "better on everything. Its customers come more often to the same staff, "
            "and key customers go first."
        ),
        hints={
            "better": _(
                "For a wait, higher is worse. Is the difference above or below zero?"
            ),
            "worse": _("Look again at where the interval lies: does it include zero?"),
            "no clear difference": _(
                "Look at the interval of the difference, not "
                "at the two means: does it include zero?"
            ),
        },
    )


@_task("1.5", "where does your organisation stand", "text")
def check_1_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        _(
            "'We are customer-oriented: the counter staff are friendly and solve "
            "problems, but new services are decided at head office without asking "
            "customers, and nobody knows which customers bring the most profit.'"
        ),
    )
