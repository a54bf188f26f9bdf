"""Checks of module 01, customer focus models: tasks 1.1-1.5.

The tasks are in ``exercises/solutions/01_customer_focus_models.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

from simulations import Scenario, levers

from ..feedback import Feedback
from .common import _choice, _free_text, _task, _whole

MODELS = ("product-centric", "customer-oriented", "client-centric")


@_task("1.1", "the middle step", "choice")
def check_1_1(task: str, answer: Any) -> Feedback:
    """Front line puts the customer first, management still decides products."""
    return _choice(
        task,
        answer,
        "customer-oriented",
        MODELS,
        why="Front-line staff serve the customer first, but products are still "
        "decided at the top.",
        hints={
            "product-centric": "A product-centric firm sells what it makes; here "
            "the staff already put the customer first.",
            "client-centric": "In a client-centric firm the customer also shapes "
            "strategy and new products; here management still decides them.",
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
        why="Fader: special treatment for the most valuable customers, not "
        "necessarily for all.",
        hints={
            "a": "Treating everyone the same is the opposite of Fader's idea: "
            "customers differ in value.",
            "c": "Selling what the factory makes is the product-centric model.",
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
        why="Customer-oriented firms react to requests; client-centric ones act "
        "before the customer asks.",
        hints={
            "customer-oriented": "Customer-oriented firms answer well when the "
            "customer asks: they are reactive.",
            "product-centric": "A product-centric firm looks at its product, not "
            "at the customer's problems.",
        },
    )


def _levers_differing(a: str, b: str) -> tuple[int, int]:
    first, second = levers(Scenario.preset(a)), levers(Scenario.preset(b))
    differ = sum(first[k] != second[k] for k in first)
    return differ, len(first)


@_task("1.4", "levers that differ between two presets", "whole")
def check_1_4(task: str, answer: Any) -> Feedback:
    """Levers whose values differ between product_centric and client_centric."""
    differ, total = _levers_differing("product_centric", "client_centric")
    number = _whole(task, answer, "a whole number of levers")
    if isinstance(number, Feedback):
        return number
    if number == differ:
        return Feedback(
            task,
            "right",
            f"{differ} of the {total} levers differ; every other rule of the model "
            "is the same for both",
        )
    if number == total:
        return Feedback(
            task,
            "wrong",
            f"{total} is the number of all levers; count only those whose values "
            "differ",
        )
    side = "many" if number > differ else "few"
    return Feedback(
        task,
        "wrong",
        f"{number} is too {side}: compare levers(a) and levers(b) key by key and "
        "count the keys whose values differ",
    )


@_task("1.5", "where does your organisation stand", "text")
def check_1_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'We are customer-oriented: the counter staff are friendly and solve "
        "problems, but new services are decided at head office without asking "
        "customers, and nobody knows which customers bring the most profit.'",
    )
