"""Checks of module 14, complaints and service recovery: tasks 14.1-14.7.

The tasks are in ``exercises/solutions/14_complaints_and_recovery.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulations import Scenario
from simulations.experiments import Comparison
from simulations.i18n import N_, NP_, _
from simulations.present.labels import setting
from simulations.present.words import Difference, lower_first, upper_first
from simulations.results import KPIS

from ..feedback import Feedback
from .common import COMPARE_RUN, REPLICATIONS, _choice, _free_text, _number, _task
from .options import PAYS, _pays_words
from .runs import judgement_table, profit_comparison

FAIRNESS = (
    NP_("option", "outcome"),
    NP_("option", "procedure"),
    NP_("option", "treatment"),
)
"""Options of tasks 14.1 and 14.2: the three kinds of fairness."""

SILENT = {"complaints": 9, "one_in": 12}
"""Task 14.3: complaints last month, and one unhappy customer in how many complains."""

BREAK_EVEN = {
    "success": 0.5,
    "leave_after_low": 0.15,
    "leave_after_standard": 0.03,
    "customer_value": 12_000.0,
}
"""Task 14.4: a recovery's chance of working, the chances of leaving after a low
and after a standard visit, and what a customer kept is worth (roubles)."""

POOR = {"service.recovery_success": 0.3}
"""Tasks 14.5-14.6: recovery by staff without training works 3 times in 10."""

SPEAK_UP = {"customers.complaint_chance": 0.5}
"""Tasks 14.5-14.6: half the unhappy customers speak up."""


@_task("14.1", "which kind of fairness failed: the burnt dish", "choice", FAIRNESS)
def check_14_1(task: str, answer: Any) -> Feedback:
    """The result was unfair: the burnt dish stayed on the bill."""
    return _choice(
        task,
        answer,
        "outcome",
        FAIRNESS,
        why=_(
            "A kind, quick apology is fair treatment and a fair procedure, but paying "
            "for a burnt dish is not a fair result for the trouble."
        ),
        hints={
            "procedure": _(
                "The waiter reacted at once and nobody was passed on: the way "
                "to the result was quick. Look at what the guest ended up paying for."
            ),
            "treatment": _(
                "The waiter apologised kindly at once: the guest was treated "
                "with courtesy. Look at the bill."
            ),
        },
    )


@_task("14.2", "which kind of fairness failed: the haircut", "choice", FAIRNESS)
def check_14_2(task: str, answer: Any) -> Feedback:
    """The fix was free and quick, but the customer was treated with contempt."""
    return _choice(
        task,
        answer,
        "treatment",
        FAIRNESS,
        why=_(
            "The haircut was redone for free the same day, a fair outcome by a quick "
            "procedure; the sigh and the remark are unfair treatment, and customers judge "
            "that too."
        ),
        hints={
            "outcome": _(
                "A free redo on the same day is a fair result. Listen to what "
                "the hairdresser said while doing it."
            ),
            "procedure": _(
                "Same day, no forms, no one else to see: the way to the fix was "
                "quick and simple. What else does a customer judge?"
            ),
        },
    )


@_task("14.3", "how many unhappy customers behind the complaints", "number")
def check_14_3(task: str, answer: Any) -> Feedback:
    """Complaints times one-in-how-many: the unhappy customers, silent ones included."""
    n, k = SILENT["complaints"], SILENT["one_in"]
    return _number(
        task,
        answer,
        float(n * k),
        rel=0.02,
        mistakes=[
            (
                float(n * (k - 1)),
                _("that counts only the silent ones; add those who spoke"),
            ),
            (
                n / k,
                _("multiply, do not divide: each complaint stands for a whole group"),
            ),
            (float(k), _("that is the size of one group; how many groups complained?")),
        ],
        hint=_(
            "If one unhappy customer in k complains, each complaint stands for k "
            "unhappy customers."
        ),
    )


def break_even_cost(
    success: float,
    leave_after_low: float,
    leave_after_standard: float,
    customer_value: float,
) -> float:
    """Task 14.4: the share of a customer one complaint handled keeps, in money."""
    return success * (leave_after_low - leave_after_standard) * customer_value


@_task("14.4", "break-even cost of handling one complaint", "number")
def check_14_4(task: str, answer: Any) -> Feedback:
    """Chance it works x the cut in the chance of leaving x a customer's value."""
    b = BREAK_EVEN
    expected = break_even_cost(**b)
    return _number(
        task,
        answer,
        expected,
        mistakes=[
            (
                b["success"] * b["leave_after_low"] * b["customer_value"],
                _(
                    "a customer who remembers a standard visit can still leave; count only "
                    "the cut in the chance of leaving"
                ),
            ),
            (
                (b["leave_after_low"] - b["leave_after_standard"])
                * b["customer_value"],
                _("the recovery does not always work; weigh by its chance"),
            ),
            (
                b["success"] * b["customer_value"],
                _(
                    "a recovery that works does not keep a whole customer, only the cut in "
                    "their chance of leaving"
                ),
            ),
        ],
        hint=_(
            "What does one complaint handled keep, on average? A share of a customer; "
            "put it in money."
        ),
    )


NO_RECOVERY = N_("no recovery")
POOR_RECOVERY = N_("recovery that works 3 times in 10")
"""Tasks 14.5-14.6: the two scenarios' names (keys; shown through _())."""


def poor_recovery_pair() -> tuple[Scenario, Scenario]:
    """Tasks 14.5-14.6: half speak up, without and with a poorly done recovery."""
    base = Scenario.preset("customer_oriented").copy(NO_RECOVERY, **COMPARE_RUN)
    base = base.copy(**SPEAK_UP)
    poor = base.copy(POOR_RECOVERY, **{"service.recovery": True}, **POOR)
    return base, poor


def poor_recovery() -> Comparison:
    """Tasks 14.5-14.6: the comparison to judge (kept for the session)."""
    return profit_comparison(*poor_recovery_pair())


def poor_recovery_table() -> pd.DataFrame:
    """Tasks 14.5-14.6: the table a learner judges (no verdicts)."""
    cmp = poor_recovery()
    table = judgement_table(
        cmp, ("churn_rate", "active_customers", "profit", "value_created")
    )
    return table.rename(
        index={POOR_RECOVERY: _(POOR_RECOVERY)}, columns={NO_RECOVERY: _(NO_RECOVERY)}
    )


def _pays(task: str, answer: Any, kpi: str, why: str) -> Feedback:
    """'yes', 'no' or 'unclear' from the interval of one money measure."""
    d = Difference.of(poor_recovery(), poor_recovery_pair()[1].name, kpi)
    expected = {"better": "yes", "worse": "no"}.get(d.kind, "unclear")
    cost = setting("service.recovery_cost", Scenario().service.recovery_cost)
    return _choice(
        task,
        answer,
        expected,
        PAYS,
        why=_(
            "{sentence}. Each complaint costs {cost}, whether the recovery works or "
            "not. {why}"
        ).format(sentence=upper_first(d.sentence), cost=cost, why=why),
        hint=_(
            "Read the interval of the {measure} row ({runs} runs of each): wholly "
            "above zero is {yes}, wholly below zero {no}, across zero {unclear}."
        ).format(
            measure=lower_first(KPIS[kpi].label), runs=REPLICATIONS, **_pays_words()
        ),
    )


@_task("14.5", "does a poorly done recovery pay, judged on profit?", "choice", PAYS)
def check_14_5(task: str, answer: Any) -> Feedback:
    """Read the profit row: the money of the months simulated."""
    return _pays(
        task,
        answer,
        "profit",
        _(
            "Profit counts only the money of the months simulated: the cost comes "
            "at once."
        ),
    )


@_task("14.6", "does it pay, judged on value created?", "choice", PAYS)
def check_14_6(task: str, answer: Any) -> Feedback:
    """Read the value created row: profit plus the value of the customers kept."""
    return _pays(
        task,
        answer,
        "value_created",
        _(
            "Value created also counts the customers still there at the end, valued "
            "at their expected future margin."
        ),
    )


@_task("14.7", "what you would say to the guest of task 14.1", "text")
def check_14_7(task: str, answer: Any) -> Feedback:
    """Free text; a model answer that meets all three kinds of fairness."""
    return _free_text(
        task,
        answer,
        _(
            "\"I'm so sorry, that should never have reached your table. Thank you "
            "for telling me. I'll take it off your bill right now, and the chef is "
            "making you a fresh one; it will be here in ten minutes. Is there "
            'anything else I can do?" Then I tell the kitchen why it happened, so '
            "that it does not happen again."
        ),
    )
