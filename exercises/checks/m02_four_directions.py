"""Checks of module 02, Mann's four directions: tasks 2.1-2.5.

The tasks are in ``exercises/solutions/02_four_directions.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulations.vocabulary import COST_ITEMS

from ..feedback import Feedback
from .common import _choice, _free_text, _number, _task
from .runs import _run


@_task("2.1", "the neglected directions", "choice")
def check_2_1(task: str, answer: Any) -> Feedback:
    """Mann: most firms do attraction and work well, retention and return poorly."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="Most firms attract and serve well, but keep and win back poorly.",
        hints={
            "a": "Attraction and working with the client are what most firms do well.",
            "c": "Attraction is usually done well; look at the last two directions.",
        },
    )


@_task("2.2", "where discounts are booked", "choice")
def check_2_2(task: str, answer: Any) -> Feedback:
    """The direction whose cost items include the loyalty discounts."""
    expected = next(d for d, items in COST_ITEMS.items() if "discounts" in items)
    return _choice(
        task,
        answer,
        expected,
        tuple(COST_ITEMS),
        why="Loyalty discounts are the price of keeping customers.",
        hint="Look at simulations.vocabulary.COST_ITEMS: which direction lists "
        "'discounts'?",
    )


def _direction_share(preset: str, directions: Sequence[str]) -> float:
    breakdown = _run(preset).breakdown
    cost = -sum(breakdown[d] for d in directions)
    return cost / breakdown["gross_margin"]


def _revenue_share(preset: str, directions: Sequence[str]) -> float:
    result = _run(preset)
    cost = -sum(result.breakdown[d] for d in directions)
    return cost / result.kpis["revenue"]


@_task("2.3", "product-centric: share of margin spent on attraction", "number")
def check_2_3(task: str, answer: Any) -> Feedback:
    """Attraction cost / gross margin, product_centric, short run."""
    expected = _direction_share("product_centric", ["attraction"])
    return _number(
        task,
        answer,
        expected,
        abs_tol=0.005,
        mistakes=[
            (
                -expected,
                "costs are negative in the breakdown; give the share as a "
                "positive number",
            ),
            (
                _revenue_share("product_centric", ["attraction"]),
                "that is a share of revenue; divide by the gross margin",
            ),
        ],
        hint="Divide -breakdown['attraction'] by breakdown['gross_margin'] of the run.",
    )


@_task(
    "2.4", "client-centric: share of margin spent on retention and win-back", "number"
)
def check_2_4(task: str, answer: Any) -> Feedback:
    """(Retention + win-back cost) / gross margin, client_centric, short run."""
    both = ["retention", "winback"]
    expected = _direction_share("client_centric", both)
    return _number(
        task,
        answer,
        expected,
        abs_tol=0.005,
        mistakes=[
            (
                -expected,
                "costs are negative in the breakdown; give the share as a "
                "positive number",
            ),
            (
                _direction_share("client_centric", ["retention"]),
                "that is retention alone; add the win-back direction",
            ),
            (
                _direction_share("client_centric", ["winback"]),
                "that is win-back alone; add the retention direction",
            ),
            (
                _revenue_share("client_centric", both),
                "that is a share of revenue; divide by the gross margin",
            ),
        ],
        hint="Add the retention and winback entries of the breakdown, make the sum "
        "positive and divide by the gross margin.",
    )


@_task("2.5", "the direction you would start with", "text")
def check_2_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'Return: we never call customers who stopped coming. First step: a list "
        "of customers who have not visited for two months and a call to ask why.'",
    )
