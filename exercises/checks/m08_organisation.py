"""Checks of module 08, organisation: tasks 8.1-8.5.

The tasks are in ``exercises/solutions/08_organisation.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulations import Scenario
from simulations.experiments import Comparison
from simulations.present import format as fmt

from ..feedback import Feedback
from .common import _choice, _free_text, _task
from .runs import profit_comparison, short_preset

SEVEN_S = (
    "strategy",
    "structure",
    "systems",
    "shared values",
    "skills",
    "staff",
    "style",
)


@_task("8.1", "7S: staff as messengers", "choice")
def check_8_1(task: str, answer: Any) -> Feedback:
    """Staff pass on information about customer satisfaction."""
    return _choice(
        task,
        answer,
        "staff",
        SEVEN_S,
        why="In the 7S table the staff element is where employees take part in the "
        "communication with customers.",
        hint="Which element is about the people: how many, who, how they are hired "
        "and motivated?",
    )


@_task("8.2", "7S: front office and back office", "choice")
def check_8_2(task: str, answer: Any) -> Feedback:
    """Front and back office working in step is the structure element."""
    return _choice(
        task,
        answer,
        "structure",
        SEVEN_S,
        why="Structure: how departments work together and who answers for what.",
        hint="Which element describes departments and lines of responsibility?",
    )


@_task("8.3", "an obstacle to client-centricity", "choice")
def check_8_3(task: str, answer: Any) -> Feedback:
    """Short-term profit focus and an aggressive grab for market share."""
    return _choice(
        task,
        answer,
        "a",
        ("a", "b", "c"),
        why="Short-term profit and an aggressive share grab pull against long "
        "relationships; silos, culture change and cost are obstacles too.",
        hints={
            "b": "Loyal customers are the goal, not the obstacle.",
            "c": "A CRM system is a tool of client-centricity, not an obstacle.",
        },
    )


PEOPLE_OPTIONS = ("hire", "train", "neither")
"""Task 8.4: a fourth member of staff, training, or neither."""

TRAINING = 0.8
"""Task 8.4: the training level of the 'train' move (the client-centric one)."""


def people_moves() -> tuple[Scenario, Scenario, Scenario]:
    """Task 8.4: the product-centric business, with one more staff, and trained.

    All three over :data:`SHORT_RUN`; the moves are named after the options,
    so the comparison's rows read 'hire' and 'train'.
    """
    base = short_preset("product_centric")
    hire = base.copy("hire", **{"business.staff": base.business.staff + 1})
    train = base.copy("train", **{"service.training_level": TRAINING})
    return base, hire, train


def people_choice(cmp: Comparison) -> str:
    """Task 8.4's answer: the move that clearly raises profit most, else 'neither'.

    A move pays when the whole 95% interval of its profit difference is above
    zero; of the moves that pay, the one with the larger mean difference wins.
    """
    rows = {move: cmp.table.loc[(move, "profit")] for move in ("hire", "train")}
    paying = [move for move, row in rows.items() if row["ci_low"] > 0]
    if not paying:
        return "neither"
    return max(paying, key=lambda move: rows[move]["difference"])


def _span(row: pd.Series) -> str:
    return (
        f"{fmt.number(row['difference'])}, 95% interval "
        f"[{fmt.number(row['ci_low'])}, {fmt.number(row['ci_high'])}]"
    )


@_task("8.4", "hire or train?", "choice", PEOPLE_OPTIONS)
def check_8_4(task: str, answer: Any) -> Feedback:
    """Paired profit comparison of both moves against the product-centric business."""
    cmp = profit_comparison(*people_moves())
    expected = people_choice(cmp)
    rows = {move: cmp.table.loc[(move, "profit")] for move in ("hire", "train")}
    why = (
        f"Profit difference against today: hire {_span(rows['hire'])}; train "
        f"{_span(rows['train'])}."
    )
    if expected == "train":
        why += (
            " Training costs less than a salary and raises the quality of every "
            "visit: more WOW visits, fewer low ones, so customers stay and spend more. "
            "A fourth member of staff only shortens a queue that is already short."
        )
    elif expected == "neither":
        why += " Neither interval lies wholly above zero."
    method = (
        "A move pays only when the whole 95% interval of its profit difference is "
        "above zero; of the moves that pay, choose the larger gain."
    )
    hints = {move: f"Read the profit row of {move!r}. {method}" for move in rows}
    hints["neither"] = f"Read the profit rows of both moves. {method}"
    return _choice(
        task,
        answer,
        expected,
        PEOPLE_OPTIONS,
        why=why,
        hints=hints,
        hint=method,
    )


@_task("8.5", "the first unit you would set up", "text")
def check_8_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'Customer analytics first: we cannot give key customers special treatment "
        "before we know who they are. Two people, the CRM data, and a monthly list "
        "of the top 10% by margin for the customer team to call.'",
    )
