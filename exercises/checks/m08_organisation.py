"""Checks of module 08, organisation: tasks 8.1-8.5.

The tasks are in ``exercises/solutions/08_organisation.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

from simulations import Scenario

from ..feedback import Feedback
from .common import SHORT_RUN, _choice, _free_text, _number, _task
from .runs import _run

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


def _service_cost_month(preset: str) -> float:
    result = _run(preset)
    months = (SHORT_RUN["business.days"] - SHORT_RUN["business.warmup_days"]) / 30
    return -result.breakdown["service"] / months


@_task("8.4", "extra service cost of the client-centric preset", "number")
def check_8_4(task: str, answer: Any) -> Feedback:
    """Monthly staff + training cost: client_centric minus product_centric."""
    client = _service_cost_month("client_centric")
    product = _service_cost_month("product_centric")
    expected = client - product
    staff = Scenario.preset("client_centric").business.staff
    return _number(
        task,
        answer,
        expected,
        mistakes=[
            (expected / 30, "that is a day; the task asks for a month of 30 days"),
            (
                expected / staff,
                f"that is one member of staff; the business has {staff}",
            ),
            (
                -expected,
                "the client-centric business spends more, so the "
                "difference is positive",
            ),
            (
                client,
                "that is the client-centric cost alone; subtract the "
                "product-centric one",
            ),
        ],
        hint="Service direction = staff + training; take breakdown['service'] of "
        "both runs, per month of 30 days.",
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
