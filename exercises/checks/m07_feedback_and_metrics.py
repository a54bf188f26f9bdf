"""Checks of module 07, feedback and metrics: tasks 7.1-7.5.

The tasks are in ``exercises/solutions/07_feedback_and_metrics.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulations import Scenario
from simulations.i18n import _
from simulations.present import format as fmt
from simulations.present.format import number, percent
from simulations.results import KPIS, nps

from ..feedback import Feedback
from .common import _choice, _key, _number, _task
from .runs import _run_cached, short_preset

SURVEY: tuple[int, ...] = (
    10,
    9,
    8,
    7,
    6,
    10,
    3,
    9,
    8,
    7,
    10,
    5,
    9,
    9,
    8,
    6,
    10,
    2,
    7,
    9,
)
"""Task 7.1: answers to 'would you recommend us?' (0-10)."""

CHURN = {"average_active": 1_200, "months": 3, "lost": 90}
"""Task 7.2: customers lost over a quarter."""


@_task("7.1", "NPS from a survey", "number")
def check_7_1(task: str, answer: Any) -> Feedback:
    """% promoters (9-10) minus % detractors (0-6)."""
    scores = np.array(SURVEY)
    share = lambda mask: 100.0 * float(np.mean(mask))  # noqa: E731
    return _number(
        task,
        answer,
        nps(scores),
        abs_tol=0.01,
        mistakes=[
            (
                share(scores >= 7) - share(scores <= 6),
                _("promoters answer 9 or 10; 7 and 8 are passives"),
            ),
            (
                share(scores >= 9) - share(scores <= 7),
                _("detractors answer 0 to 6; 7 is a passive"),
            ),
            (
                share(scores >= 9),
                _("that is the promoters alone; subtract the detractors"),
            ),
            (
                float(scores.mean()),
                _("that is the mean score; NPS counts promoters and detractors"),
            ),
        ],
        hint=_("NPS = % answering 9-10 − % answering 0-6, in points from −100 to 100."),
    )


@_task("7.2", "monthly churn rate", "number")
def check_7_2(task: str, answer: Any) -> Feedback:
    """Lost / (average active x months)."""
    c = CHURN
    expected = c["lost"] / (c["average_active"] * c["months"])
    return _number(
        task,
        answer,
        expected,
        abs_tol=0.0005,
        mistakes=[
            (
                c["lost"] / c["average_active"],
                _(
                    "that is the churn over {months} months; the task asks for a month"
                ).format(months=c["months"]),
            ),
            (
                c["lost"] / c["months"],
                _("that is customers lost a month; divide by the active customers"),
            ),
        ],
        hint=_("Churn a month = customers lost / (average active customers × months)."),
    )


COMPLAINT_PRESET = "product_centric"
"""Task 7.3: the business whose complaints are counted."""

TODAY = Scenario.preset(COMPLAINT_PRESET).customers.complaint_chance
COMPLAINT_CHANCES = (TODAY, min(1.0, 3 * TODAY))
"""Task 7.3: today's chance that an unhappy customer complains, and three times it."""

HEARING_OPTIONS = ("a", "b", "c")
"""Task 7.3: (a) only what the business hears changes; (b) fewer customers leave;
(c) more visits go badly."""


def _complaint_kpis(chance: float) -> dict[str, float]:
    scenario = short_preset(COMPLAINT_PRESET).copy(
        **{"customers.complaint_chance": chance}
    )
    return _run_cached(_key(scenario)).kpis


def complaint_counts() -> pd.DataFrame:
    """Task 7.3: what the business hears and what happens, at both chances."""
    rows = {}
    for chance in COMPLAINT_CHANCES:
        k = _complaint_kpis(chance)
        row = _("chance of complaining {chance}").format(chance=percent(chance, 0))
        # The model's own labels of its measures, in the language in use.
        rows[row] = {
            KPIS[kpi].label: number(k[kpi])
            for kpi in ("complaints", "silent_dissatisfied", "lost_customers")
        }
    return pd.DataFrame(rows).T


def hearing_more() -> str:
    """Task 7.3's answer, read off the two runs: what tripling complaints changed."""
    quiet, loud = (_complaint_kpis(c) for c in COMPLAINT_CHANCES)
    low = lambda k: k["complaints"] + k["silent_dissatisfied"]  # noqa: E731
    if low(loud) == low(quiet) and loud["lost_customers"] == quiet["lost_customers"]:
        return "a"
    if loud["lost_customers"] < quiet["lost_customers"]:
        return "b"
    return "c"


@_task("7.3", "what hearing more complaints changes", "choice")
def check_7_3(task: str, answer: Any) -> Feedback:
    """Complaints are only a signal in the model: nothing else moves."""
    return _choice(
        task,
        answer,
        hearing_more(),
        HEARING_OPTIONS,
        why=_(
            "The same visits went badly and the same customers left: a complaint "
            "nobody acts on is only a signal. Recovery (acting on it) is what would help."
        ),
        hints={
            "a": _(
                "Compare the low visits (complaints + silent) and the customers lost "
                "of the two runs once more."
            ),
            "b": _("Compare the customers lost in the two runs: did that number move?"),
            "c": _(
                "The low visits are the complaints plus the low visits without a "
                "complaint: add them up in both runs and compare."
            ),
        },
    )


@_task("7.4", "a month without complaints", "choice")
def check_7_4(task: str, answer: Any) -> Feedback:
    """No complaints is an alarm: the dissatisfied mostly leave silently."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "Most dissatisfied customers leave without a word; look at churn, low "
            "visits and surveys."
        ),
        hints={
            "a": _(
                "Silence is not satisfaction: in the simulator about {share} of low "
                "visits end without a complaint."
            ).format(share=fmt.percent(1 - TODAY, 0)),
            "c": _("Feedback is how you hear the silent ones; asking more, not less."),
        },
    )


@_task("7.5", "who answers the survey", "choice")
def check_7_5(task: str, answer: Any) -> Feedback:
    """A survey of current customers misses those who left."""
    return _choice(
        task,
        answer,
        "a",
        ("a", "b", "c"),
        why=_(
            "Those who left, often detractors, are not asked: the score looks "
            "better than the experience was."
        ),
        hints={
            "b": _("Who is missing from the survey? Are they mostly happy or unhappy?"),
            "c": _("Leaving out a group of customers changes the score."),
        },
    )
