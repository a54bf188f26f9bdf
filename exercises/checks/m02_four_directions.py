"""Checks of module 02, Mann's four directions: tasks 2.1-2.5.

The tasks are in ``exercises/solutions/02_four_directions.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulations import Scenario
from simulations.present import format as fmt
from simulations.vocabulary import COST_ITEMS

from ..feedback import Feedback
from .common import COMPARE_RUN, _choice, _free_text, _task
from .runs import (
    _pays_word,
    _profit_row,
    _run,
    _verdict_word,
    profit_comparison,
    short_preset,
)


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


BREAKDOWN_LINES = ("gross_margin", "attraction", "service", "retention", "winback")
"""Task 2.3: the lines of a run's breakdown above profit."""


def profit_gap() -> pd.Series:
    """Task 2.3: client-centric minus product-centric breakdown, line by line.

    Replication 0 of both presets over :data:`SHORT_RUN`. Costs are negative
    in a breakdown, so a line where the client-centric business spends less
    is positive here: every positive line adds to its profit advantage.
    """
    client = _run("client_centric").breakdown
    product = _run("product_centric").breakdown
    return (client - product)[list(BREAKDOWN_LINES)]


@_task(
    "2.3", "where the client-centric profit gain comes from", "choice", BREAKDOWN_LINES
)
def check_2_3(task: str, answer: Any) -> Feedback:
    """The breakdown line that adds most to client-centric minus product-centric."""
    gap = profit_gap()
    expected = str(gap.idxmax())
    total = gap.sum()
    parts = ", ".join(f"{line} {fmt.number(gap[line])}" for line in BREAKDOWN_LINES)
    why = (
        f"Client-centric minus product-centric, line by line: {parts}; profit "
        f"{fmt.number(total)} in all."
    )
    if expected == "gross_margin":
        why += (
            " The client-centric business spends more on three of the four directions "
            "and still wins, because its customers bring more: more of them stay, they "
            "visit more often and spend more, and advocates bring friends. Customer "
            "focus pays here through what customers bring, not through cutting costs."
        )
    hints = {}
    for line in BREAKDOWN_LINES:
        if gap[line] < 0:
            hints[line] = (
                f"The client-centric business spends more on {line} than the "
                "product-centric one, so this line lowers its profit advantage. "
                "Subtract the two breakdowns line by line."
            )
        else:
            hints[line] = (
                "This line adds to the gain, but it is not the largest part. "
                "Subtract the two breakdowns line by line and compare the sizes."
            )
    return _choice(
        task,
        answer,
        expected,
        BREAKDOWN_LINES,
        why=why,
        hints=hints,
        hint="Subtract the product-centric breakdown from the client-centric one, line "
        "by line; costs are negative, so a saving shows as a positive difference.",
    )


CUT = {"retention.loyalty_programme": False, "winback.campaign": False}
"""Task 2.4: what the finance director wants to stop."""

CUT_OPTIONS = ("stop", "keep", "unclear")
"""Task 2.4: stop both, keep both, or the runs cannot tell."""


def retention_cut_pair() -> tuple[Scenario, Scenario]:
    """Task 2.4: the client-centric business as it is, and without CUT.

    Both over :data:`COMPARE_RUN` (180 days, 30 of warm-up), since customers
    kept or lost take months to show in profit.
    """
    base = short_preset("client_centric", COMPARE_RUN)
    return base, base.copy("without programme and campaign", **CUT)


@_task(
    "2.4",
    "stop the loyalty programme and the win-back campaign?",
    "choice",
    CUT_OPTIONS,
)
def check_2_4(task: str, answer: Any) -> Feedback:
    """Profit interval of (without - with): above zero 'stop', below 'keep'."""
    cmp = profit_comparison(*retention_cut_pair())
    expected = {"yes": "stop", "no": "keep", "unclear": "unclear"}[_pays_word(cmp)]
    row = _profit_row(cmp)
    sign = "+" if row["difference"] > 0 else ""
    span = (
        f"Profit without them minus profit with them: {sign}"
        f"{fmt.number(row['difference'])}, 95% interval [{fmt.number(row['ci_low'])}, "
        f"{fmt.number(row['ci_high'])}] over {int(row['pairs'])} paired replications."
    )
    churn = {
        "better": "the churn_rate row even shows fewer customers leaving without them",
        "worse": "more customers leave without them, but too few to pay for the "
        "discounts",
        "no clear difference": "churn shows no clear difference without them",
    }[_verdict_word(cmp, "churn_rate")]
    why = {
        "stop": " The whole interval is above zero: the business earns more without "
        "them. The discount goes to every loyal customer and advocate, most of whom "
        f"would stay anyway; {churn}. This holds for this model and its assumed "
        "costs and behaviours: a smaller discount, or one aimed at customers about "
        "to leave, could change it.",
        "keep": " The whole interval is below zero: stopping them costs more profit "
        "than it saves.",
        "unclear": " The interval includes zero: these runs cannot tell a gain from a "
        "loss. Test on part of the customers before deciding.",
    }[expected]
    order = (
        "The alternative is the business WITHOUT them, so the difference is "
        "(without − with)."
    )
    return _choice(
        task,
        answer,
        expected,
        CUT_OPTIONS,
        why=span + why,
        hints={
            "stop": "'stop' needs the whole 95% interval of the profit difference "
            f"above zero. Read ci_low and ci_high of the profit row. {order}",
            "keep": "'keep' needs the whole 95% interval of the profit difference "
            f"below zero. Read ci_low and ci_high of the profit row. {order}",
            "unclear": "'unclear' fits only when the 95% interval of the profit "
            "difference includes zero. Read ci_low and ci_high of the profit row.",
        },
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
